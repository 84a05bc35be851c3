"""The writer's loop: a save in ``chapbook serve`` until the page's new text is served.

    python benchmarks/loop.py [--sizes 250 1250] [--serve-option=--cold]

For each size, a generated blog (``generate.py``) is served by ``chapbook serve``
(the worktree's Chapbook, the site's own ``conf.py``); once the first build is
served, three saves of each kind are made, one at a time: a sentence added to a
post's body, a post's title changed, a new post. Each is timed from the file
saved to the page's new text served over HTTP, as a writer sees it: the page
open at the post's address (a new post's: its 404 page) is told to reload by
the server, then fetched again (with ``--cold``, sphinx-autobuild's server, the
page is polled every 10 ms instead), the median of three shown. Each save is
made 5 s (``--pause``) after the server's last build ended (its ``Serving on``
line), as a writer reads before saving again.

Then the same rebuilds are run once more as a ``sphinx-build`` process of the
serve command's arguments, instrumented (``--probe``: Sphinx events, the
environment's unpickling timed) to give each phase's share: interpreter
start-up, imports, Sphinx's set-up, the environment's load, reading the
changed posts, the environment's save (pickling), writing the pages and
finishing (search index, feeds, static files), the process's exit.  What the
served time holds beyond the probe's process is the server's part: noticing
the save, starting the build, the reload signal and the poll.

The machine's load (``uptime``) is printed with each figure: on a shared
machine the shares are steadier than the seconds.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

#: How often each save is made; the median is reported.
ATTEMPTS = 3
#: Seconds between a build's end and the next save: a writer reads before saving again,
#: and the warm server sets up the next build meanwhile (``--pause``).
PAUSE = [5.0]
#: The line the server prints once a build is over (sphinx-autobuild's and Chapbook's).
SERVED = "Serving on"


def load() -> str:
    """The machine's load averages, as ``uptime`` prints them."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


#: The Chapbook measured: the worktree's unless ``--ext`` names another copy's ``_ext``.
EXT = [ROOT / "_ext"]


def environ() -> dict[str, str]:
    """That Chapbook first, whatever the venv's editable install points to."""
    path = os.pathsep.join(filter(None, [str(EXT[0]), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path}


def url_of(docs: Path, post: Path, port: int) -> str:
    name = post.relative_to(docs).with_suffix("")
    slug = name.parent if name.name == "index" else name
    return f"http://127.0.0.1:{port}/{slug.as_posix()}/"


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.read().decode("utf-8")
    except (OSError, http.client.HTTPException):  # not there yet, or being rewritten
        return ""


class Server:
    """``chapbook serve`` on a blog, its output in a log file."""

    def __init__(self, docs: Path, build: Path, port: int, options: list[str]) -> None:
        self.log = build.parent / "serve.log"
        self.port = port
        line = [sys.executable, "-m", "chapbook.cli", "serve", "--docs", str(docs),
                "--build", str(build), "--port", str(port), *options]  # fmt: skip
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                line,
                cwd=ROOT,
                env=environ(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its builds and server stop with it
            )

    def builds(self) -> int:
        return self.log.read_text(errors="replace").count(SERVED)

    def wait_built(self, count: int, timeout: float = 900) -> None:
        """Wait for the ``count``-th build to be over."""
        end = time.monotonic() + timeout
        while self.builds() < count:
            if self.process.poll() is not None or time.monotonic() > end:
                raise SystemExit(f"chapbook serve stopped:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.05)

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
        time.sleep(1)


def polled_after(url: str, text: str, save: Callable[[], None], timeout: float = 120) -> float:
    """Seconds from ``save()`` to ``text`` on the page at ``url``, the page polled every
    10 ms (``--cold``: sphinx-autobuild's server, whose reload word is its own)."""
    start = time.perf_counter()
    save()
    while text not in fetch(url):
        if time.perf_counter() - start > timeout:
            raise SystemExit(f"{text!r} never served at {url}")
        time.sleep(0.01)
    return time.perf_counter() - start


def reloaded_after(url: str, text: str, save: Callable[[], None], timeout: float = 120) -> float:
    """Seconds from ``save()`` to ``text`` on the page at ``url``, as a writer sees it: the
    page's reload word from the server (``chapbook serve``'s socket, the page at ``url``
    open), then the page fetched again.  A reload that comes before the new text is
    served is an error."""
    from websockets.sync.client import connect

    page = urllib.parse.urlsplit(url)
    socket_url = f"ws://{page.netloc}/_chapbook/reload"
    with connect(socket_url, origin=f"http://{page.netloc}") as socket:  # type: ignore[arg-type]
        socket.send(json.dumps({"page": page.path}))
        time.sleep(0.2)  # the server has heard where the page is
        start = time.perf_counter()
        save()
        while json.loads(socket.recv(timeout=timeout)) != {"reload": True}:
            pass  # an error shown on the page: wait for the build that mends it
        if text not in fetch(url):
            raise SystemExit(f"{url} reloaded before it showed {text!r}")
        return time.perf_counter() - start


def edited_post(docs: Path) -> Path:
    """The post the edits change: one in the middle of the blog (as run.py's)."""
    posts = sorted(p for p in docs.rglob("*.md") if p.name != "index.md" or p.parent != docs)
    return posts[len(posts) // 2]


def body_edit(docs: Path, attempt: int) -> tuple[Path, str, Callable[[], None]]:
    post = edited_post(docs)
    sentence = f"One more sentence, loop edit {attempt} of the benchmark."
    return post, sentence, lambda: post.write_text(post.read_text() + f"\n{sentence}\n")


def title_edit(docs: Path, attempt: int) -> tuple[Path, str, Callable[[], None]]:
    post = edited_post(docs)
    title = f"Retitled in the loop ({attempt})"

    def save() -> None:
        text = post.read_text()
        start = text.index("\ntitle: ") + len("\ntitle: ")
        post.write_text(text[:start] + f"'{title}'" + text[text.index("\n", start) :])

    return post, title, save


def new_post(docs: Path, attempt: int) -> tuple[Path, str, Callable[[], None]]:
    post = docs / f"loop-new-post-{attempt}.md"
    title = f"A new post in the loop ({attempt})"
    text = (
        f"---\ntitle: '{title}'\ndate: '2024-06-0{attempt + 1}'\ntags: [\"loop\", \"writing\"]\n"
        "---\n\nA short new post, written while the server runs.\n"
    )
    return post, title, lambda: post.write_text(text)


EDITS = (body_edit, title_edit, new_post)


def served(docs: Path, build: Path, port: int, options: list[str]) -> dict[str, Any]:
    """Each edit's seconds from save to served text, and the load beside each."""
    server = Server(docs, build, port, options)
    timed = polled_after if "--cold" in options else reloaded_after
    results: dict[str, Any] = {}
    try:
        server.wait_built(1)
        time.sleep(1)  # the watcher settles
        for edit in EDITS:
            times, loads = [], []
            for attempt in range(ATTEMPTS):
                post, text, save = edit(docs, attempt)
                before = server.builds()
                times.append(timed(url_of(docs, post, port), text, save))
                loads.append(load())
                server.wait_built(before + 1)
                time.sleep(PAUSE[0])
            results[edit.__name__] = {"s": statistics.median(times), "all": times,
                                      "load": loads}  # fmt: skip
    finally:
        server.stop()
    return results


def probed(docs: Path, build: Path) -> dict[str, dict[str, float]]:
    """Each edit rebuilt once more by an instrumented sphinx-build process: its phases."""
    # The server's last build may differ from sphinx-build's (a setting's spelling in
    # the build info), so one unmeasured build first: then each edit rebuilds only it.
    probe_build(docs, build)
    phases = {}
    for edit in EDITS:
        _, _, save = edit(docs, ATTEMPTS)
        save()
        phases[edit.__name__] = probe_build(docs, build)
    return phases


def probe_build(docs: Path, build: Path) -> dict[str, Any]:
    line = [sys.executable, str(Path(__file__).resolve()), "--probe", str(time.time_ns()),
            "-b", "dirhtml", "-q", "-c", str(ROOT), "-d", str(build / "doctrees"),
            str(docs), str(build / "html")]  # fmt: skip
    done = subprocess.run(line, cwd=ROOT, env=environ(), capture_output=True, text=True,
                          check=False)  # fmt: skip
    exited = time.time_ns()
    report = json.loads(done.stdout.strip().splitlines()[-1])
    report["exit"] = (exited - report.pop("_finished_ns")) / 1e9
    report["load"] = load()
    return report


#: The Sphinx events that end (or start) a phase.
EVENTS = (("env-before-read-docs", "read_start"), ("env-updated", "read"),
          ("env-check-consistency", "env_saved"), ("write-started", "write_start"),
          ("build-finished", "written"))  # fmt: skip


def probe(launched: int, argv: list[str]) -> None:
    """One sphinx-build, each phase timed (the ``--probe`` mode, in its own process)."""
    marks = {"launched": launched / 1e9, "started": time.time()}
    import myst_parser  # noqa: F401
    import sphinx_book_theme  # noqa: F401
    from sphinx.application import Sphinx
    from sphinx.cmd.build import build_main

    import chapbook  # noqa: F401 - the imports are what is timed

    marks["imported"] = time.time()
    init_env = Sphinx._init_env

    def timed_init_env(self: Sphinx, freshenv: bool) -> Any:
        marks["env_load_start"] = time.time()
        env = init_env(self, freshenv)
        marks["env_loaded"] = time.time()
        return env

    Sphinx._init_env = timed_init_env  # type: ignore[method-assign]
    setup = Sphinx._post_init_env

    def connected(self: Sphinx) -> None:
        setup(self)
        for event, name in EVENTS:
            self.connect(event, lambda *_, name=name: marks.__setitem__(name, time.time()))

    Sphinx._post_init_env = connected  # type: ignore[method-assign]
    status = build_main(argv)
    marks["main_done"] = time.time()
    print(json.dumps(phases_of(marks) | {"status": status, "_finished_ns": time.time_ns()}))
    sys.stdout.flush()
    os._exit(0)  # the exit's cost is timed by the parent, from here


def phases_of(marks: dict[str, float]) -> dict[str, float]:
    steps = [("start-up", "launched", "started"), ("imports", "started", "imported"),
             ("set-up", "imported", "env_load_start"),
             ("env load", "env_load_start", "env_loaded"),
             ("set-up after env", "env_loaded", "read_start"), ("read", "read_start", "read"),
             ("env save", "read", "env_saved"), ("resolve", "env_saved", "write_start"),
             ("write+finish", "write_start", "written"),
             ("after build", "written", "main_done")]  # fmt: skip
    return {
        name: marks[end] - marks[start]
        for name, start, end in steps
        if start in marks and end in marks
    }


def measure(size: int, workdir: Path, port: int, options: list[str]) -> dict[str, Any]:
    corpus = workdir / f"loop-{size}"
    if corpus.exists():
        shutil.rmtree(corpus)
    from generate import generate

    docs = corpus / "docs"
    generate(docs, size, seed=size)
    build = corpus / "_build"
    row = {"posts": size, "served": served(docs, build, port, options)}
    row["phases"] = probed(docs, build)
    return row


def print_rows(rows: list[dict[str, Any]]) -> None:
    print("Save -> the page's new text served (median of three, load averages beside):")
    for row in rows:
        for edit, result in row["served"].items():
            runs = ", ".join(f"{s:.2f}" for s in result["all"])
            print(f"{row['posts']:>6} {edit:<11} {result['s']:>6.2f} s  ({runs})  "
                  f"load {result['load'][ATTEMPTS // 2]}")  # fmt: skip
    print("\nOne rebuild as a sphinx-build process, each phase's seconds and share:")
    for row in rows:
        for edit, phases in row["phases"].items():
            total = sum(v for k, v in phases.items() if isinstance(v, float))
            parts = "  ".join(
                f"{k} {v:.2f} ({v / total:.0%})" for k, v in phases.items() if isinstance(v, float)
            )
            print(f"{row['posts']:>6} {edit:<11} total {total:.2f} s: {parts}  "
                  f"load {phases['load']}")  # fmt: skip


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--probe":
        probe(int(sys.argv[2]), sys.argv[3:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 1250])
    parser.add_argument("--workdir", type=Path, default=HERE / "corpus")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--serve-option", action="append", default=[],
                        help="passed to chapbook serve (e.g. --serve-option=--cold)")  # fmt: skip
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--ext", type=Path, help="another Chapbook's _ext (before/after)")
    parser.add_argument("--pause", type=float, default=PAUSE[0],
                        help="seconds between a build's end and the next save")  # fmt: skip
    args = parser.parse_args()
    PAUSE[0] = args.pause
    EXT[0] = (args.ext or EXT[0]).resolve()
    rows = [measure(size, args.workdir, args.port, args.serve_option) for size in args.sizes]
    print_rows(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()

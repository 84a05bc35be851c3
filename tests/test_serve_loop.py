"""``chapbook serve``'s warm builds: after any save the site equals a clean build's.

The builds are forked from a warm process and set up before the save
(``chapbook.cli.warm``); the server (``chapbook.cli.live``) serves each saved
page and tells open pages to reload once per build.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from chapbook.cli import warm
from tests.collecting.test_incremental import EDITS, ROOT, assert_same_tree, build

pytestmark = pytest.mark.skipif(not warm.available(), reason="warm builds need os.fork")

#: The incremental tests' edits, one after another, as a writer makes them.
SEQUENCE = ("body", "retitle", "retag", "add", "delete", "draft")


def settings(src: Path, out: Path) -> warm.Settings:
    return warm.Settings(src, src, out / "html", out / "doctrees")


def changed_by(kind: str, src: Path) -> list[Path]:
    """The paths the watcher reports for an edit (the files it touched)."""
    return {
        "body": [src / "third.md"],
        "retitle": [src / "second.md"],
        "retag": [src / "third.md"],
        "add": [src / "fifth.md"],
        "delete": [src / "with-image" / "index.md"],
        "draft": [src / "third.md"],
    }[kind]


def test_each_save_built_warm_equals_a_clean_build(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    rebuilder = warm.Rebuilder(settings(src, tmp_path / "served"))
    try:
        assert rebuilder.build() == warm.Result(0)
        for step, kind in enumerate(SEQUENCE):
            rebuilder.prepare()  # as the server does: set up before the next save
            EDITS[kind](src)
            assert rebuilder.build(changed_by(kind, src)) == warm.Result(0), kind
            clean = build(src, tmp_path / f"clean-{step}", fresh=True)
            assert_same_tree(tmp_path / "served" / "html", clean)
    finally:
        rebuilder.discard()


def test_a_body_edit_uses_the_child_set_up_before_it(tmp_path: Path) -> None:
    """The prepared child builds a post's edit; a new file needs a new set-up."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    rebuilder = warm.Rebuilder(settings(src, tmp_path / "served"))
    try:
        rebuilder.build()
        rebuilder.prepare()
        assert rebuilder._still_fits([src / "third.md"])
        EDITS["add"](src)
        assert not rebuilder._still_fits([src / "fifth.md"])
    finally:
        rebuilder.discard()


def test_the_saved_posts_pages_are_announced_once_written(tmp_path: Path) -> None:
    """The build says which pages it wrote first, once they hold the edit."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    out = tmp_path / "served"
    rebuilder = warm.Rebuilder(settings(src, out))
    try:
        rebuilder.build()
        rebuilder.prepare()
        EDITS["body"](src)
        words: list[tuple[warm.Written, str]] = []
        page = out / "html" / "third" / "index.html"
        result = rebuilder.build([src / "third.md"], lambda w: words.append((w, page.read_text())))
        assert result == warm.Result(0)
        assert [word for word, _ in words] == [warm.Written(("third/",))]
        assert "A third post, rewritten." in words[0][1]
    finally:
        rebuilder.discard()


def test_a_set_up_that_fails_is_reported(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    rebuilder = warm.Rebuilder(settings(tmp_path / "src", tmp_path / "out"))
    result = rebuilder.build()
    assert result.status == 2
    assert result.error.startswith(
        "Configuration error: config directory doesn't contain a conf.py"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate, what: str, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < end, f"never: {what}"
        time.sleep(0.05)


def fetch(url: str) -> str:
    """The page, or "" while it is not there (or being written: a page read while the
    build rewrites it ends early, ``IncompleteRead``)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.read().decode()
    except (OSError, http.client.HTTPException):
        return ""


def test_the_server_serves_a_save_and_reloads_the_page_once(tmp_path: Path) -> None:
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    src = tmp_path / "docs"
    shutil.copytree(ROOT, src)
    port = free_port()
    log = tmp_path / "serve.log"
    ext = str(Path(__file__).resolve().parents[1] / "_ext")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([ext, os.environ.get("PYTHONPATH", "")])}
    # As on CI, where Sphinx alone would colour the log file.
    env = {name: value for name, value in env.items() if name not in ("NO_COLOR", "FORCE_COLOR")}
    env["CI"] = "true"
    line = [sys.executable, "-m", "chapbook.cli", "serve", "--docs", "docs", "--port", str(port)]
    with log.open("w") as output:
        server = subprocess.Popen(line, cwd=tmp_path, env=env, stdout=output,
                                  stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    try:
        served = lambda: log.read_text().count("Serving on")  # noqa: E731
        wait_for(lambda: served() == 1 and fetch(f"http://127.0.0.1:{port}/third/"), "served")
        page = fetch(f"http://127.0.0.1:{port}/third/")
        assert "/_chapbook/reload" in page
        reload = f"ws://127.0.0.1:{port}/_chapbook/reload"
        with pytest.raises(InvalidStatus):  # a page of another site may not listen
            connect(reload, origin="http://example.com")  # type: ignore[arg-type]
        origin = f"http://127.0.0.1:{port}"
        with connect(reload, origin=origin) as page_socket, \
                connect(reload, origin=origin) as home_socket:  # fmt: skip
            page_socket.send(json.dumps({"page": "/third/"}))
            home_socket.send(json.dumps({"page": "/"}))
            time.sleep(0.5)  # the server has heard which page each shows
            EDITS["body"](src)
            # The edited page reloads once its own file is written: it shows the edit.
            assert json.loads(page_socket.recv(timeout=60)) == {"reload": True}
            assert "rewritten" in fetch(f"http://127.0.0.1:{port}/third/")
            # Any other page, once the build is over.
            assert json.loads(home_socket.recv(timeout=60)) == {"reload": True}
            assert served() == 2
            for each in (page_socket, home_socket):
                with pytest.raises(TimeoutError):
                    each.recv(timeout=1)  # once per build, not once per file written
        # The log is the server's lines and the builds' warnings: no Sphinx chatter,
        # no colour codes in a file (``chapbook serve -v`` gives the whole log).
        written = log.read_text()
        assert "MdParserConfig" not in written and "\x1b[" not in written
        assert written.count("Serving on") == 2
    finally:
        os.killpg(server.pid, 15)
        server.wait(30)


class FailingRebuilder:
    """A rebuilder whose build fails, as a post that stops Sphinx would."""

    settings = warm.Settings(Path("docs"), Path(), Path("out/html"), Path("out/doctrees"))

    def build(self, changed: tuple[Path, ...] = (), written: object = None) -> warm.Result:
        return warm.Result(2, "Extension error: <b>boom</b>")


class Page:
    """An open page's socket: what the server tells it."""

    def __init__(self) -> None:
        self.told: list[dict] = []

    async def send_text(self, text: str) -> None:
        self.told.append(json.loads(text))


def test_a_failed_build_reloads_nothing_and_tells_the_pages_its_error() -> None:
    import asyncio

    from chapbook.cli import live

    server = live.Live(FailingRebuilder(), "http://127.0.0.1:8000")  # type: ignore[arg-type]
    server.build()
    page = Page()
    server.pages[page] = "third/"  # type: ignore[index]
    asyncio.run(server.tell(server.word()))
    assert page.told == [{"error": "Extension error: <b>boom</b>"}]
    assert "box.textContent" in live.SCRIPT  # shown as text, never as HTML
    assert "innerHTML" not in live.SCRIPT


def test_each_page_reloads_once_its_own_file_is_written() -> None:
    """The saved post's page reloads when the build has written it; the others,
    and pages that never said where they are, at the build's end; none twice."""
    import asyncio

    from chapbook.cli import live

    server = live.Live(FailingRebuilder(), "http://127.0.0.1:8000")  # type: ignore[arg-type]
    saved, opened_since, home, unknown = Page(), Page(), Page(), Page()
    server.pages.update({saved: live.address("/third/index.html"), home: live.address("/"),
                         unknown: None})  # type: ignore[dict-item]  # fmt: skip
    asyncio.run(server.reload_written(warm.Written(("third/",))))
    assert (saved.told, home.told, unknown.told) == ([{"reload": True}], [], [])
    server.pages[opened_since] = "third/"  # type: ignore[index]  # the reloaded page is back
    asyncio.run(server.tell({"reload": True}))
    assert (saved.told, opened_since.told) == ([{"reload": True}], [])
    assert home.told == unknown.told == [{"reload": True}]


def test_addresses_compare_as_the_builder_writes_them() -> None:
    from chapbook.cli.live import address

    assert address("/") == address("/index.html") == ""  # the builder's root
    assert address("/caf%C3%A9/") == address("/café/index.html") == "café/"
    assert address("/posts/") == "posts/"


def test_only_the_servers_own_pages_may_listen() -> None:
    from chapbook.cli.live import same_origin

    here = {"host": "127.0.0.1:8000"}
    assert same_origin(here | {"origin": "http://127.0.0.1:8000"})
    assert not same_origin(here | {"origin": "http://evil.example"})
    assert not same_origin(here | {"origin": "http://127.0.0.1:8001"})
    assert not same_origin(here | {"origin": "null"})  # a sandboxed frame, a file
    assert not same_origin(here)


def test_a_module_among_the_posts_is_never_imported(tmp_path: Path) -> None:
    """``chapbook serve`` run from inside ``docs/``: Python would put the working folder
    first on the fork server's path (``python -c``), and a ``pygments.py`` a pull request
    put among the posts would run in every build."""
    blog = tmp_path / "blog"
    shutil.copytree(ROOT, blog / "docs")
    (blog / "conf.py").write_text((blog / "docs" / "conf.py").read_text(), encoding="utf-8")
    (blog / "docs" / "conf.py").unlink()
    ran = tmp_path / "ran"
    for name in ("pygments", "sphinx", "docutils", "yaml"):
        (blog / "docs" / f"{name}.py").write_text(
            f"open({str(ran)!r}, 'a').write({name!r})\nraise ImportError('a post')\n"
        )
    port = free_port()
    log = tmp_path / "serve.log"
    chapbook = Path(sys.executable).parent / "chapbook"
    with log.open("w") as output:
        server = subprocess.Popen([str(chapbook), "serve", "--port", str(port)],
                                  cwd=blog / "docs", stdout=output, stderr=subprocess.STDOUT,
                                  start_new_session=True)  # fmt: skip
    try:
        wait_for(lambda: "Serving on" in log.read_text(), "the first build")
    finally:
        os.killpg(server.pid, 15)
        server.wait(30)
    assert not ran.exists(), ran.read_text()


def test_the_cold_server_does_not_import_from_the_posts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chapbook import cli
    from chapbook.cli import serve

    called: list[dict[str, str]] = []
    monkeypatch.setattr(serve.subprocess, "call", lambda line, cwd, env: called.append(env) or 0)
    (tmp_path / "conf.py").write_text('extensions = ["chapbook"]\n', encoding="utf-8")
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path / "docs")
    assert cli.main(["serve", "--cold"]) == 0
    assert called[0]["PYTHONSAFEPATH"] == "1"

"""Chapbook against plain Sphinx on the same generated posts.

    python benchmarks/run.py [--sizes 250 1250] [--jobs 1 2] [--pdf] [--weight] [--no-loop]

For each size and number of processes: a cold ``dirhtml`` build of plain
Sphinx + MyST with the basic theme and no sidebar (the floor) and of Chapbook
with the site's own configuration (book theme, Chapbook's sidebar), then a
body edit of one post and a title edit of the same post, each rebuilt
incrementally by both, each edit made three times (the median is shown: one
rebuild's time varies by a fifth from run to run).  Prints each against the
floor (cold, body edit, title edit), peak memory, growth from the smallest to
the largest size, and the speed-up of ``-j 2`` over ``-j 1``.

Times are of the whole build process, start to exit, as a writer waits for
it: Chapbook's ends as ``chapbook build`` ends (``measure.py --as-chapbook``),
plain Sphinx's as ``sphinx-build`` does. A second table gives the time inside
Sphinx's ``build_main`` alone, without Python's start-up and shutdown.  Chapbook's modules are
byte-compiled first, as pip compiles an installed package and Sphinx's own
modules were: where ``PYTHONDONTWRITEBYTECODE`` is set (the machines the
figures in benchmarks/RESULTS.md come from), Python would otherwise compile Chapbook's 10,000
lines at every start (35 ms).

``--pdf`` also times the whole blog as a PDF (a cold ``latex`` build, then
latexmk, as ``make pdf`` runs them) and counts its pages. ``--weight`` also
weighs a post page, the home page and a tag page of Chapbook's site as a
reader's browser gets them (gzipped, Lighthouse 12 on Debian's Chromium:
``weight.py``). Then the writer's loop in ``chapbook serve`` at each size: a
save until the page shows the new text, for a body edit, a title edit and a new
post, with each phase's share (``loop.py``; ``--no-loop`` leaves it out).
"""

from __future__ import annotations

import argparse
import compileall
import json
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import loop  # noqa: E402
from generate import generate  # noqa: E402
from weight import weigh  # noqa: E402


def build(
    conf: Path, docs: Path, out: Path, jobs: int, builder: str = "dirhtml"
) -> dict[str, float]:
    target = out / ("html" if builder == "dirhtml" else builder)
    # Chapbook's builds end as the chapbook command ends (measure.py --as-chapbook).
    ending = ["--as-chapbook"] if conf == ROOT else []
    command = [
        sys.executable, str(HERE / "measure.py"), *ending, "-q", "-b", builder, "-j", str(jobs),
        "-c", str(conf), "-d", str(out / "doctrees"), str(docs), str(target),
    ]  # fmt: skip
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    process = time.perf_counter() - start
    report = json.loads(result.stdout.strip().splitlines()[-1])
    if report["status"] != 0:
        raise SystemExit(f"build failed:\n{result.stderr}")
    return report | {"process": process}


def edited_post(docs: Path) -> Path:
    """The post the edits change: one in the middle of the blog, the same every run."""
    posts = sorted(docs.rglob("*.md"))
    return posts[len(posts) // 2]


def edit_body(docs: Path, attempt: int) -> None:
    """A sentence added at the end: the page, and whatever shows its words, change."""
    post = edited_post(docs)
    post.write_text(post.read_text() + f"\nOne more sentence, edit {attempt} of the benchmark.\n")


def edit_title(docs: Path, attempt: int) -> None:
    """A new title: its page, its neighbours, its listings and tag pages change too."""
    post = edited_post(docs)
    text = post.read_text()
    start = text.index("\ntitle: ") + len("\ntitle: ")
    title = f"'Retitled for the benchmark ({attempt})'"
    post.write_text(text[:start] + title + text[text.index("\n", start) :])


#: How often each edit is made and rebuilt by both; the median is reported.
ATTEMPTS = 3


def pdf_book(docs: Path, out: Path, jobs: int) -> dict[str, float]:
    """The whole blog as a PDF, from a cold start: seconds of each step, and pages."""
    latex = build(ROOT, docs, out, jobs, builder="latex")
    start = time.perf_counter()
    command = ["make", "-C", str(out / "latex"), "all-pdf"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"latexmk failed:\n{result.stdout[-3000:]}{result.stderr}")
    (tex,) = (out / "latex").glob("*.tex")
    return {
        "latex_s": latex["seconds"],
        "latexmk_s": seconds,
        "pdf_pages": pages(tex.with_suffix(".pdf")),
    }


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)[1])


def measure(
    size: int, jobs: int, workdir: Path, pdf: bool = False, weight: bool = False
) -> dict[str, Any]:
    """Cold builds, then a body edit and a title edit, each rebuilt by the floor and by Chapbook.

    Both read the same folder, so each edit is made once and both rebuild it.
    """
    corpus = workdir / f"{size}-j{jobs}"
    if corpus.exists():
        shutil.rmtree(corpus)
    docs = corpus / "docs"
    generate(docs, size, seed=size)
    builds = {"floor": HERE / "floor", "chapbook": ROOT}
    cold = {name: build(conf, docs, corpus / name, jobs) for name, conf in builds.items()}
    pages = weigh(corpus / "chapbook" / "html") if weight else {}
    runs: dict[str, dict[str, list[dict[str, float]]]] = {}
    for edit in (edit_body, edit_title):
        runs[edit.__name__] = {name: [] for name in builds}
        for attempt in range(ATTEMPTS):
            edit(docs, attempt)
            for name, conf in builds.items():
                runs[edit.__name__][name].append(build(conf, docs, corpus / name, jobs))
    row = {"posts": size, "jobs": jobs, "pages": pages}
    for timing in ("process", "seconds"):
        row[timing] = {
            "floor_s": cold["floor"][timing],
            "cold_s": cold["chapbook"][timing],
            "floor_body_s": median(runs["edit_body"]["floor"], timing),
            "body_s": median(runs["edit_body"]["chapbook"], timing),
            "floor_title_s": median(runs["edit_title"]["floor"], timing),
            "title_s": median(runs["edit_title"]["chapbook"], timing),
            "peak_mib": cold["chapbook"]["peak_mib"],
            "floor_peak_mib": cold["floor"]["peak_mib"],
        }
    return row | (pdf_book(docs, corpus / "pdf", jobs) if pdf else {})


def median(runs: list[dict[str, float]], timing: str) -> float:
    return statistics.median(run[timing] for run in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 1250])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--workdir", type=Path, default=HERE / "corpus")
    parser.add_argument("--pdf", action="store_true", help="also time the whole-blog PDF")
    parser.add_argument("--weight", action="store_true", help="also weigh pages (Lighthouse)")
    parser.add_argument("--loop", action=argparse.BooleanOptionalAction, default=True,
                        help="time chapbook serve's saves (--no-loop: not)")  # fmt: skip
    args = parser.parse_args()
    if args.pdf:
        missing = [t for t in ("xelatex", "latexmk", "pdfinfo") if shutil.which(t) is None]
        if missing:
            raise SystemExit(f"--pdf needs {', '.join(missing)} (see make pdf)")
    compileall.compile_dir(ROOT / "_ext", quiet=1)
    rows = [
        measure(size, jobs, args.workdir, args.pdf, args.weight)
        for jobs in args.jobs
        for size in args.sizes
    ]
    print("The whole sphinx-build process, start to exit (median of three edits):")
    print_times([row | row["process"] for row in rows])
    print("\nInside Sphinx's build_main only (no interpreter start-up or shutdown):")
    print_times([row | row["seconds"] for row in rows])
    if args.pdf:
        print_pdf(rows)
    if args.weight:
        print_weight(rows)
    if args.loop:
        print()
        loop.print_rows([loop.measure(size, args.workdir, 8765, []) for size in args.sizes])


def print_times(rows: list[dict[str, Any]]) -> None:
    """Seconds and ratios to the floor: cold build, body edit, title edit; peak memory."""
    print(f"{'posts':>6} {'-j':>2} {'floor s':>8} {'cold s':>7} {'ratio':>6} "
          f"{'floor body':>10} {'body':>6} {'ratio':>6} {'floor title':>11} {'title':>6} "
          f"{'ratio':>6} {'peak MiB':>9} {'floor MiB':>9}")  # fmt: skip
    for row in rows:
        print(
            f"{row['posts']:>6} {row['jobs']:>2} {row['floor_s']:>8.1f} {row['cold_s']:>7.1f} "
            f"{row['cold_s'] / row['floor_s']:>6.2f} {row['floor_body_s']:>10.2f} "
            f"{row['body_s']:>6.2f} {row['body_s'] / row['floor_body_s']:>6.2f} "
            f"{row['floor_title_s']:>11.2f} {row['title_s']:>6.2f} "
            f"{row['title_s'] / row['floor_title_s']:>6.2f} {row['peak_mib']:>9.0f} "
            f"{row['floor_peak_mib']:>9.0f}"
        )
    for jobs in sorted({row["jobs"] for row in rows}):
        same = [row for row in rows if row["jobs"] == jobs]
        if len(same) > 1:
            first, last = same[0], same[-1]
            print(
                f"-j {jobs}: growth {first['posts']} -> {last['posts']} posts: chapbook "
                f"{last['cold_s'] / first['cold_s']:.2f}x, floor "
                f"{last['floor_s'] / first['floor_s']:.2f}x, peak memory "
                f"{last['peak_mib'] / first['peak_mib']:.2f}x"
            )
    serial = {row["posts"]: row for row in rows if row["jobs"] == 1}
    for row in rows:
        if row["jobs"] != 1 and row["posts"] in serial:
            one = serial[row["posts"]]
            print(
                f"{row['posts']} posts, speed-up of -j {row['jobs']} over -j 1 (cold): "
                f"chapbook {one['cold_s'] / row['cold_s']:.2f}x, "
                f"floor {one['floor_s'] / row['floor_s']:.2f}x"
            )


def print_weight(rows: list[dict]) -> None:
    """Per page and size: KiB transferred without images, requests, Lighthouse's scores."""
    print(f"{'posts':>6} {'page':<24} {'KiB':>7} {'req':>4}  perf worst {'TBT ms':>6} "
          f"{'LCP ms':>6} a11y  bp  seo")  # fmt: skip
    for row in rows:
        for path, page in row["pages"].items():
            print(
                f"{row['posts']:>6} {path[:24]:<24} {page['kib_without_images']:>7.1f} "
                f"{page['requests']:>4}  {page['performance']:>4} "
                f"{page['worst_performance']:>5} {page['tbt_ms']:>6} {page['lcp_ms']:>6} "
                f"{page['accessibility']:>4} {page['best-practices']:>3} {page['seo']:>4}"
            )
    if len(rows) > 1:
        first, last = rows[0]["pages"], rows[-1]["pages"]
        post_first, post_last = next(iter(first.values())), next(iter(last.values()))
        growth = post_last["kib_without_images"] / post_first["kib_without_images"] - 1
        print(f"a post page at {rows[-1]['posts']} posts: {growth:+.1%} against {rows[0]['posts']}")


def print_pdf(rows: list[dict[str, float]]) -> None:
    print(f"{'posts':>6} {'latex s':>8} {'latexmk s':>10} {'pdf s':>7} {'pages':>6}")
    for row in rows:
        total = row["latex_s"] + row["latexmk_s"]
        print(
            f"{row['posts']:>6} {row['latex_s']:>8.1f} {row['latexmk_s']:>10.1f} "
            f"{total:>7.1f} {row['pdf_pages']:>6}"
        )


if __name__ == "__main__":
    main()

"""Chapbook against plain Sphinx on the same generated posts.

    python benchmarks/run.py [--sizes 250 1250] [--jobs 1] [--pdf] [--weight]

For each size: a cold ``dirhtml`` build of plain Sphinx + MyST with the basic
theme and no sidebar (the floor) and of Chapbook with the site's own
configuration (book theme, Chapbook's sidebar), then a one-post edit rebuilt
incrementally.  Prints the ratios the listings issue asks for: cold build
against the floor, growth from the smallest to the largest size, edit
rebuild against cold build, and peak memory.  ``--pdf`` also times the whole
blog as a PDF (a cold ``latex`` build, then latexmk, as ``make pdf`` runs them)
and counts its pages. ``--weight`` also weighs a post page, the home page and
a tag page of Chapbook's site as a reader's browser gets them (gzipped,
Lighthouse 12 on Debian's Chromium: ``weight.py``).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from weight import weigh  # noqa: E402


def build(
    conf: Path, docs: Path, out: Path, jobs: int, builder: str = "dirhtml"
) -> dict[str, float]:
    target = out / ("html" if builder == "dirhtml" else builder)
    command = [
        sys.executable, str(HERE / "measure.py"), "-q", "-b", builder, "-j", str(jobs),
        "-c", str(conf), "-d", str(out / "doctrees"), str(docs), str(target),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    if report["status"] != 0:
        raise SystemExit(f"build failed:\n{result.stderr}")
    return report


def edit_one_post(docs: Path) -> None:
    post = sorted(docs.rglob("*.md"))[len(list(docs.rglob("*.md"))) // 2]
    post.write_text(post.read_text() + "\nOne more sentence, edited for the benchmark.\n")


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
        "pages": pages(tex.with_suffix(".pdf")),
    }


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)[1])


def measure(
    size: int, jobs: int, workdir: Path, pdf: bool = False, weight: bool = False
) -> dict[str, float]:
    corpus = workdir / str(size)
    if corpus.exists():
        shutil.rmtree(corpus)
    generate(corpus / "docs", size, seed=size)
    floor = build(HERE / "floor", corpus / "docs", corpus / "floor", jobs)
    cold = build(ROOT, corpus / "docs", corpus / "chapbook", jobs)
    pages = weigh(corpus / "chapbook" / "html") if weight else {}
    edit_one_post(corpus / "docs")
    edit = build(ROOT, corpus / "docs", corpus / "chapbook", jobs)
    row = {
        "posts": size,
        "floor_s": floor["seconds"],
        "cold_s": cold["seconds"],
        "edit_s": edit["seconds"],
        "peak_mib": cold["peak_mib"],
        "floor_peak_mib": floor["peak_mib"],
        "pages": pages,
    }
    return row | (pdf_book(corpus / "docs", corpus / "pdf", jobs) if pdf else {})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 1250])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=HERE / "corpus")
    parser.add_argument("--pdf", action="store_true", help="also time the whole-blog PDF")
    parser.add_argument("--weight", action="store_true", help="also weigh pages (Lighthouse)")
    args = parser.parse_args()
    if args.pdf:
        missing = [t for t in ("xelatex", "latexmk", "pdfinfo") if shutil.which(t) is None]
        if missing:
            raise SystemExit(f"--pdf needs {', '.join(missing)} (see make pdf)")
    rows = [measure(size, args.jobs, args.workdir, args.pdf, args.weight) for size in args.sizes]
    print(f"{'posts':>6} {'floor s':>8} {'chapbook s':>10} {'ratio':>6} {'edit s':>7} "
          f"{'edit/cold':>9} {'peak MiB':>9}")  # fmt: skip
    for row in rows:
        print(
            f"{row['posts']:>6} {row['floor_s']:>8.1f} {row['cold_s']:>10.1f} "
            f"{row['cold_s'] / row['floor_s']:>6.2f} {row['edit_s']:>7.2f} "
            f"{row['edit_s'] / row['cold_s']:>9.1%} {row['peak_mib']:>9.0f}"
        )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        chapbook = last["cold_s"] / first["cold_s"]
        floor = last["floor_s"] / first["floor_s"]
        print(
            f"growth {first['posts']} -> {last['posts']} posts: "
            f"chapbook {chapbook:.2f}x, floor {floor:.2f}x"
        )
    if args.pdf:
        print_pdf(rows)
    if args.weight:
        print_weight(rows)


def print_weight(rows: list[dict]) -> None:
    """Per page and size: KiB transferred without images, requests, Lighthouse's scores."""
    print(f"{'posts':>6} {'page':<24} {'KiB':>7} {'req':>4}  perf a11y bp  seo")
    for row in rows:
        for path, page in row["pages"].items():
            print(
                f"{row['posts']:>6} {path[:24]:<24} {page['kib_without_images']:>7.1f} "
                f"{page['requests']:>4}  {page['performance']:>4} {page['accessibility']:>4} "
                f"{page['best-practices']:>3} {page['seo']:>4}"
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
            f"{total:>7.1f} {row['pages']:>6}"
        )


if __name__ == "__main__":
    main()

"""Time ``make pdf`` of the messy blog: Chapbook's checkouts (or settings) alternating.

Each run is ``sphinx-build -M latexpdf`` (Sphinx, then latexmk's XeLaTeX passes)
into a fresh folder; runs alternate between the variants, so load on the
machine falls on each alike.  Wall time and the CPU time of the processes
(user + system, the children's included) are printed, with each variant's
median.

    python benchmarks/pdftime.py DOCS --variant before=/path/to/old/checkout \\
        --variant after=. [--variant serif=.:chapbook_book_font=FreeSerif] [--runs 3] [--book messy]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_once(docs: Path, checkout: Path, options: list[str], out: Path) -> tuple[float, float]:
    """One build: (wall seconds, CPU seconds of every process it started)."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(docs), str(out)]
    command += ["-c", str(checkout), "-q", *options]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(checkout / "_ext")}
    subprocess.run(command, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def parse_variant(text: str) -> tuple[str, Path, list[str]]:
    """``name=checkout[:setting=value,...]``: a checkout and ``-D`` settings."""
    name, _, rest = text.partition("=")
    checkout, _, settings = rest.partition(":")
    options = [item for s in settings.split(",") if s for item in ("-D", s)]
    return name, Path(checkout).resolve(), options


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", type=Path)
    parser.add_argument("--variant", action="append", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--book", default="", help="an outline's name (default: every post)")
    args = parser.parse_args()
    variants = [parse_variant(v) for v in args.variant]
    book = ["-D", f"chapbook_book={args.book}"] if args.book else []
    times: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in variants}
    with tempfile.TemporaryDirectory() as work:
        for run in range(args.runs):
            for name, checkout, options in variants:
                wall, cpu = run_once(args.docs, checkout, [*options, *book], Path(work) / name)
                times[name].append((wall, cpu))
                print(f"run {run + 1} {name}: {wall:.1f} s wall, {cpu:.1f} s CPU", flush=True)
    for name, found in times.items():
        wall = statistics.median(w for w, _ in found)
        cpu = statistics.median(c for _, c in found)
        print(f"{name}: median {wall:.1f} s wall, {cpu:.1f} s CPU")


if __name__ == "__main__":
    main()

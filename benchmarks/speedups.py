"""What each of Chapbook's speed-ups (``chapbook/speedups/``) saves on a generated blog.

    python benchmarks/speedups.py [--posts 250] [--rounds 3] [--jobs 1]

Builds the blog with every speed-up on, with all of them off
(``chapbook_speedups = False``), and with each one off alone: a cold
``dirhtml`` build, then a body edit rebuilt.  The configurations take turns
within each round, and each is timed in CPU seconds of the build's process
(user and system, from start-up to the end of the build): on a shared
machine, wall time mostly measures the neighbours.  Each line gives the median
of the rounds and their spread (min-max).
A speed-up is worth keeping when the build without it is slower by 2% or more.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from run import edit_body  # noqa: E402

#: Each speed-up, and the function whose replacement by a no-op turns it off alone.
SPEEDUPS = {
    "memory": "chapbook.speedups.memory:install",
    "sections": "chapbook.speedups.sections:install",
    "pagetoc": "chapbook.speedups.pagetoc:install",
}
#: Runs one build in this process, with the speed-ups named in argv[1] turned off.
CHILD = """
import importlib, json, resource, sys, time
for target in filter(None, sys.argv[1].split(",")):
    module, name = target.split(":")
    setattr(importlib.import_module(module), name, lambda *args: None)
from sphinx.cmd.build import build_main
start = time.perf_counter()
status = build_main(sys.argv[2:])
usage = resource.getrusage(resource.RUSAGE_SELF)
cpu = usage.ru_utime + usage.ru_stime
print(json.dumps({"status": status, "seconds": time.perf_counter() - start, "cpu": cpu}))
"""


def build(docs: Path, out: Path, off: list[str], jobs: int) -> dict[str, float]:
    options = ["-D", "chapbook_speedups=0"] if off == ["all"] else []
    targets = ",".join(SPEEDUPS[name] for name in off if name in SPEEDUPS)
    command = [
        sys.executable, "-c", CHILD, targets, "-q", "-b", "dirhtml", "-j", str(jobs), *options,
        "-c", str(ROOT), "-d", str(out / "doctrees"), str(docs), str(out / "html"),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT / "_ext")}
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    process = time.perf_counter() - start
    report = json.loads(result.stdout.strip().splitlines()[-1])
    if report["status"] != 0:
        raise SystemExit(f"build failed:\n{result.stderr}")
    return {"build": report["seconds"], "cpu": report["cpu"], "process": process}


def configurations() -> dict[str, list[str]]:
    return {"all on": [], "all off": ["all"]} | {f"{name} off": [name] for name in SPEEDUPS}


def measure(posts: int, rounds: int, jobs: int) -> dict[str, dict[str, list[float]]]:
    work = Path(tempfile.mkdtemp(prefix="chapbook-speedups-"))
    times: dict[str, dict[str, list[float]]] = {}
    try:
        for attempt in range(rounds):
            for name, off in configurations().items():
                docs = work / "docs"
                shutil.rmtree(work, ignore_errors=True)
                generate(docs, posts, seed=1)
                cold = build(docs, work / "out", off, jobs)
                edit_body(docs, attempt)
                edit = build(docs, work / "out", off, jobs)
                runs = times.setdefault(name, {"cold": [], "edit": []})
                runs["cold"].append(cold["cpu"])
                runs["edit"].append(edit["cpu"])
                print(
                    f"round {attempt + 1}/{rounds}, {name}: "
                    f"cold {cold['cpu']:.2f} s, edit {edit['cpu']:.2f} s CPU",
                    file=sys.stderr, flush=True,
                )  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return times


def report(times: dict[str, dict[str, list[float]]]) -> None:
    base = {kind: statistics.median(times["all on"][kind]) for kind in ("cold", "edit")}
    print("| build | cold build | vs all on | body edit | vs all on |")
    print("| --- | --- | --- | --- | --- |")
    for name, runs in times.items():
        cells = []
        for kind in ("cold", "edit"):
            median = statistics.median(runs[kind])
            spread = f"{min(runs[kind]):.2f}-{max(runs[kind]):.2f}"
            cells += [f"{median:.2f} s ({spread})", f"{(median / base[kind] - 1) * 100:+.1f}%"]
        print(f"| {name} | {' | '.join(cells)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=250)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    times = measure(args.posts, args.rounds, args.jobs)
    print(json.dumps(times), file=sys.stderr)
    report(times)


if __name__ == "__main__":
    main()

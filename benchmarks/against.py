"""Chapbook against an earlier Chapbook: the cost of a change, on the same posts, in one run.

    python benchmarks/against.py REVISION [--posts 1250] [--rounds 5] [--jobs 1]

Builds the user guide (``docs/``) and a generated blog of ``--posts`` posts
(``generate.py``, seed 1) cold, with the site's own configuration, once with
the working tree's Chapbook and once with ``REVISION``'s (a git worktree made
for the run), alternating the two so that a busy machine slows both alike.
Prints the median wall time and CPU time (user + system, the build process and
its children) of each, and their ratio.  CPU time is the steadier of the two
when other work shares the machine.
"""

from __future__ import annotations

import argparse
import compileall
import resource
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


def checkout(revision: str, into: Path) -> Path:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-f", str(into),
                    revision], check=True, capture_output=True)  # fmt: skip
    compileall.compile_dir(into / "_ext", quiet=1)
    return into


def build(tree: Path, docs: Path, out: Path, jobs: int) -> tuple[float, float]:
    """One cold ``dirhtml`` build with ``tree``'s Chapbook and conf.py: (wall, CPU) seconds."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "dirhtml", "-j", str(jobs), "-c",
               str(tree), "-d", str(out / "doctrees"), str(docs), str(out / "html")]  # fmt: skip
    env = {"PYTHONPATH": str(tree / "_ext"), "PATH": "/usr/bin:/bin", "HOME": str(out)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def compare(trees: dict[str, Path], docs: Path, work: Path, rounds: int, jobs: int) -> None:
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
    for _ in range(rounds):
        for name, tree in trees.items():
            runs[name].append(build(tree, docs, work / name, jobs))
    medians = {
        name: (statistics.median(w for w, _ in r), statistics.median(c for _, c in r))
        for name, r in runs.items()
    }
    (base_wall, base_cpu), (new_wall, new_cpu) = medians["before"], medians["after"]
    print(f"  before  wall {base_wall:7.2f} s  cpu {base_cpu:7.2f} s")
    print(f"  after   wall {new_wall:7.2f} s  cpu {new_cpu:7.2f} s")
    print(f"  ratio   wall {new_wall / base_wall:7.3f}    cpu {new_cpu / base_cpu:7.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision")
    parser.add_argument("--posts", type=int, default=1250)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        compileall.compile_dir(ROOT / "_ext", quiet=1)
        trees = {"before": checkout(args.revision, work / "before"), "after": ROOT}
        try:
            blog = work / "blog"
            generate(blog, args.posts)
            for name, docs in (("user guide", ROOT / "docs"), (f"{args.posts} posts", blog)):
                print(f"{name} (-j {args.jobs}, median of {args.rounds}):")
                compare(trees, docs, work / "out", args.rounds, args.jobs)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(work / "before")], check=False, capture_output=True)  # fmt: skip


if __name__ == "__main__":
    main()

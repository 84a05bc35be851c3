"""A reader's cost of a page: Lighthouse 12 on the site served gzipped, as a static host serves it.

    python benchmarks/weight.py SITE [PATH ...]

Prints, for each page (default: a post, the home page and a tag page), the
bytes transferred (all, and without images), the number of requests and
Lighthouse's four category scores, mobile form factor. Uses the Lighthouse
pinned in ``tests/browser/package-lock.json`` and Debian's Chromium.

The performance score times the page on this machine's CPU (simulated slow 4G
and a 4x slower CPU), so another process on the cores lowers it and nothing
raises it: as ``timeit`` keeps the fastest run, each page's score is the best
of ``RUNS`` runs, shown with that run's total blocking time and largest
contentful paint, and the worst score beside it.  The goal is 95 or more on a
quiet machine; the suite (``tests/site/test_lighthouse.py``) asserts only what
does not depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from tests.browser.gzipserve import serve  # noqa: E402

LIGHTHOUSE = ROOT / "tests" / "browser" / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
RUNS = 5


def lighthouse(url: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.json"
        subprocess.run(
            [str(LIGHTHOUSE), url, f"--chrome-flags={CHROME_FLAGS}", "--output=json",
             f"--output-path={out}", "--quiet", f"--only-categories={','.join(CATEGORIES)}"],
            env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
            capture_output=True, text=True, timeout=300, check=True,
        )  # fmt: skip
        return json.loads(out.read_text(encoding="utf-8"))


def score(report: dict, category: str) -> int:
    return round(report["categories"][category]["score"] * 100)


def summary(reports: list[dict]) -> dict[str, object]:
    """Weight and scores from the first run; performance the best run's, with its metrics."""
    first = reports[0]
    best = max(reports, key=lambda report: score(report, "performance"))
    requests = first["audits"]["network-requests"]["details"]["items"]
    sizes = [(r.get("transferSize", 0), r.get("resourceType")) for r in requests]
    return {
        "kib": round(sum(size for size, _ in sizes) / 1024, 1),
        "kib_without_images": round(sum(s for s, kind in sizes if kind != "Image") / 1024, 1),
        "requests": len(requests),
        **{name: score(first, name) for name in CATEGORIES},
        "performance": score(best, "performance"),
        "worst_performance": min(score(report, "performance") for report in reports),
        "tbt_ms": round(best["audits"]["total-blocking-time"]["numericValue"]),
        "lcp_ms": round(best["audits"]["largest-contentful-paint"]["numericValue"]),
    }


def default_pages(site: Path) -> list[str]:
    post = sorted(site.glob("*-*-*/index.html"))[0].parent.name
    tags = sorted((site / "tags").glob("*/index.html"))
    tag = next(p.parent.name for p in tags if "refresh" not in p.read_text(encoding="utf-8"))
    return [f"{post}/", "", f"tags/{tag}/"]


def weigh(
    site: Path, paths: list[str] | None = None, runs: int = RUNS
) -> dict[str, dict[str, object]]:
    with serve(site) as base:
        return {
            path or "/": summary([lighthouse(base + path) for _ in range(runs)])
            for path in paths or default_pages(site)
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--runs", type=int, default=RUNS, help="Lighthouse runs per page")
    args = parser.parse_args()
    for path, row in weigh(args.site, args.paths, args.runs).items():
        print(path, json.dumps(row))


if __name__ == "__main__":
    main()

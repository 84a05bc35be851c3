"""A generated blog in the real posts' format builds correctly, end to end."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

from sitecheck import check_site

ROOT = Path(__file__).resolve().parent.parent


def load_generator():
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_blog_builds_with_only_its_own_content_warnings(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    load_generator().generate(docs, 60, seed=7, broken=True)
    out = tmp_path / "html"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "dirhtml",
            "-q",
            "-c",
            str(ROOT),
            "-d",
            str(tmp_path / "doctrees"),
            str(docs),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.strip()]
    # The generator plants a few links to a page that never existed; nothing else warns.
    assert warnings
    for line in warnings:
        assert re.fullmatch(
            r".*\.md:\d+: WARNING: link target '/never-existed' matches no page \[chapbook\.link\]",
            line,
        ), line
    assert check_site(docs, out) == []
    tag_pages = list((out / "tags").glob("*/index.html"))
    assert len(tag_pages) >= 30

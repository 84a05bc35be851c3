"""The sample blog in docs/ builds cleanly with the project's own configuration."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
import yaml

from tests.helpers import ROOT
from tests.sitecheck import check_site

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture(scope="module")
def site(sample_site: Path) -> Path:
    return sample_site


def test_sample_blog_is_a_correct_site(site: Path) -> None:
    assert check_site(ROOT / "docs", site) == []


def test_sample_blog_covers_the_guide(site: Path) -> None:
    posts = [p for p in (ROOT / "docs").rglob("*.md") if "drafts" not in p.parts]
    dated = [
        yaml.safe_load(p.read_text().split("---")[1])
        for p in posts
        if p.read_text().startswith("---")
    ]
    dated = [d for d in dated if d.get("date")]
    assert len(dated) >= 8
    years = {str(d["date"])[:4] for d in dated}
    assert len(years) >= 2
    assert any(" " in t for d in dated for t in d.get("tags", []))  # multi-word tags
    assert not (site / "drafts").exists()
    for needle in ("<details>", "[^", "```", "![", "](/"):
        assert any(needle in p.read_text() for p in posts), needle


def test_sample_blog_uses_the_book_theme(site: Path) -> None:
    html = (site / "front-matter" / "index.html").read_text()
    assert "sphinx-book-theme" in html or "sbt-" in html
    assert json.dumps("Front-matter reference")[1:-1] in html

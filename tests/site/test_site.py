"""The whole site, built with the project's own conf.py: the fixture blog, and docs/.

The fixture blog (``tests/roots/blog``) is what the assertions are about: its
posts are known, so every number is exact.  docs/ is whatever the user keeps
there (the user guide, or their own posts): of it, only that it builds
without a warning and passes ``check_site`` is asserted, never what it says.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

from tests.helpers import BLOG, ROOT, build_site
from tests.sitecheck import check_site

if TYPE_CHECKING:
    from pathlib import Path

POSTS = [
    "first-light",
    "knots-for-beginners",
    "tide-tables",
    "mending-nets",
    "winter-storms",
    "notes/boat-names",
]
TAGS = ["boats", "harbour", "knots", "nets", "photography", "slow-craft", "tides", "weather"]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def test_docs_whatever_they_hold_build_cleanly_and_are_a_correct_site(
    tmp_path: Path,
) -> None:
    """The one test that reads docs/: ``make html -W`` passes on the user's own posts."""
    result = build_site(ROOT / "docs", tmp_path, "-W", "--keep-going")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert check_site(ROOT / "docs", tmp_path / "html") == []


def test_blog_is_a_correct_site(blog_site: Path) -> None:
    assert check_site(BLOG, blog_site) == []


def test_blog_publishes_its_posts_and_nothing_else(blog_site: Path) -> None:
    published = sorted(
        str(p.parent.relative_to(blog_site))
        for p in blog_site.rglob("index.html")
        if soup(p).select_one("article .chapbook-post-meta time") is not None
    )
    assert published == sorted(POSTS)
    # A draft by front-matter and a draft by folder: neither page nor tag.
    assert not (blog_site / "lighthouse").exists()
    assert not (blog_site / "drafts").exists()
    tag_pages = sorted(p.name for p in (blog_site / "tags").iterdir() if p.is_dir())
    # "slow craft" is the redirect of the spaced tag URL to "slow-craft".
    assert tag_pages == sorted([*TAGS, "slow craft"])
    redirects = sorted(
        str(p.relative_to(blog_site))
        for p in blog_site.rglob("index.html")
        if soup(p).find("meta", attrs={"http-equiv": "refresh"}) is not None
    )
    # The old addresses of "First light" (aliases) and the spaced tag URL.
    assert redirects == [
        "2024/05/first-light/index.html",
        "old/harbour-at-dawn/index.html",
        "tags/slow craft/index.html",
    ]
    archive = soup(blog_site / "archive" / "index.html")
    assert [h.get_text().rstrip("#¶") for h in archive.select("article h2")] == ["2025", "2024"]


def test_blog_uses_the_book_theme(blog_site: Path) -> None:
    page = soup(blog_site / "knots-for-beginners" / "index.html")
    sheets = [link["href"].split("?")[0] for link in page.select("link[rel=stylesheet]")]
    assert "../_static/styles/sphinx-book-theme.css" in sheets
    # An essay blog's page: the masthead names it, no sidebar lists documents.
    assert page.select_one("header .chapbook-masthead a.chapbook-masthead-name") is not None
    assert page.select_one("nav.chapbook-nav") is None
    assert [h.get_text().rstrip("#¶") for h in page.select("article h1")] == ["Knots for beginners"]
    assert page.title.get_text() == "Knots for beginners \u2014 Chapbook"


# -- check_site itself: a checker that finds nothing wrong must be able to ------------


@pytest.fixture
def broken_copy(blog_site: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "html"
    shutil.copytree(blog_site, copy)
    return copy


def test_check_site_reports_a_missing_post(broken_copy: Path) -> None:
    shutil.rmtree(broken_copy / "tide-tables")
    problems = check_site(BLOG, broken_copy)
    assert "tide-tables: not published" in problems
    assert "winter-storms/index.html: link ../tide-tables/ leads nowhere" in problems


def test_check_site_reports_a_page_without_an_article(broken_copy: Path) -> None:
    path = broken_copy / "about" / "index.html"
    path.write_text("<html><head><title>About</title></head><body><p>x</p></body></html>")
    assert check_site(BLOG, broken_copy) == ["about/index.html: no article"]


def test_check_site_reports_a_source_with_no_post(tmp_path: Path, blog_site: Path) -> None:
    (tmp_path / "index.md").write_text("# Nothing dated here\n")
    assert check_site(tmp_path, blog_site) == ["no post found in the source folder"]

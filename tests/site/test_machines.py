"""Pages right for machines: one name per title part, the blog's description on listing
pages, one viewport tag, one ``<h1>``, nothing but the article in a search snippet.

The root ``test-machines`` is built with the site's own conf.py (the book theme, its
sidebar and settings), as search engines, link previews and screen readers meet it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from chapbook.site import assets
from tests.helpers import ROOTS, page

SITE = "Harbour notes"
DESCRIPTION = "Notes kept on the quay, one tide at a time."
LISTINGS = ["index", "tags", "tags/harbour", "tags/nets", "archive", "archive/2024", "popular"]
POSTS_AND_PAGES = ["first-light", "nets", "about"]


def described(soup: BeautifulSoup) -> tuple[str | None, str | None]:
    """A page's ``<meta name=description>`` and ``og:description``."""
    name = soup.select_one('meta[name="description"]')
    graph = soup.select_one('meta[property="og:description"]')
    return (name and name["content"], graph and graph["content"])


def pages_written(app) -> list[Path]:
    return sorted(p for p in app.outdir.rglob("*.html") if "_static" not in p.parts)


@pytest.mark.sphinx("dirhtml", testroot="machines", freshenv=True)
def test_one_name_per_part_of_the_title(app) -> None:
    app.build()
    assert page(app, "index").title.get_text() == SITE
    assert page(app, "first-light").title.get_text() == f"First light \u2014 {SITE}"
    assert page(app, "tags/harbour").title.get_text() == f"Tag: harbour \u2014 {SITE}"
    assert page(app, "search").title.get_text() == f"Search - {SITE}"  # the theme's own


@pytest.mark.sphinx("dirhtml", testroot="machines", freshenv=True)
def test_listing_pages_are_described_by_the_blog(app) -> None:
    app.build()
    for docname in LISTINGS:
        assert described(page(app, docname)) == (DESCRIPTION, DESCRIPTION), docname
    assert described(page(app, "first-light")) == ("Boats leave before the sun.",) * 2
    nets = "Nets tear on the rocks every winter, and are mended by spring."
    assert described(page(app, "nets")) == (nets, nets)  # no description: its first words
    assert described(page(app, "about")) == ("Who keeps these notes, and why.",) * 2


@pytest.mark.sphinx(
    "dirhtml",
    testroot="machines",
    freshenv=True,
    confoverrides={"chapbook_description": "", "chapbook_feed_description": "The feed's."},
)
def test_without_a_description_the_feeds_one_describes_the_blog(app) -> None:
    app.build()
    assert described(page(app, "index")) == ("The feed's.", "The feed's.")


@pytest.mark.sphinx(
    "dirhtml", testroot="machines", freshenv=True, confoverrides={"chapbook_description": ""}
)
def test_without_any_description_a_listing_page_is_described_by_its_names(app) -> None:
    """Never a listed post's words, never nothing (Lighthouse's SEO audit wants one): the
    blog's name and the page's title."""
    app.build()
    for docname in LISTINGS:
        soup = page(app, docname)
        title = soup.select_one("h1").get_text(" ", strip=True).rstrip("#").strip()
        blog = "Harbour notes"
        expected = blog if title == blog else f"{blog}: {title}"
        assert described(soup) == (expected, expected), docname
    assert described(page(app, "about")) == ("Who keeps these notes, and why.",) * 2


@pytest.mark.sphinx(
    "dirhtml", testroot="pagination", freshenv=True, confoverrides={"chapbook_description": "D."}
)
def test_page_two_of_a_listing_is_described_by_the_blog(app) -> None:
    app.build()
    for docname in ("page/2", "page/3"):
        assert described(page(app, docname)) == ("D.", "D."), docname


@pytest.mark.sphinx("dirhtml", testroot="machines", freshenv=True)
def test_every_page_has_one_viewport_and_one_h1(app) -> None:
    app.build()
    written = pages_written(app)
    assert len(written) >= len(LISTINGS + POSTS_AND_PAGES)
    for path in written:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if soup.select_one('meta[http-equiv="refresh"]'):
            continue  # a redirect page: no page to read
        assert len(soup.select('meta[name="viewport"]')) == 1, path
        assert len(soup.select("h1")) == 1, path


# -- the book theme's print-only header, behind a version guard --------------------


def source(tmp_path: Path, name: str) -> Path:
    return Path(shutil.copytree(ROOTS / "test-machines", tmp_path / name))


def test_the_print_header_is_left_out_only_in_versions_read(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both paths write the same page, but for the theme's second, print-only ``<h1>``."""
    assert assets.theme_versions() in assets.PRINT_HEADER_READ  # the versions installed
    ours = make_app("dirhtml", srcdir=source(tmp_path, "ours"), freshenv=True)
    ours.build()
    monkeypatch.setattr(assets, "PRINT_HEADER_READ", frozenset())
    theirs = make_app("dirhtml", srcdir=source(tmp_path, "theirs"), freshenv=True)
    theirs.build()
    for docname in ("first-light", "index", "about"):
        mine, stock = (_html(app, docname) for app in (ours, theirs))
        assert len(BeautifulSoup(mine, "html.parser").select("h1")) == 1
        header = BeautifulSoup(stock, "html.parser").select_one("#jb-print-docs-body")
        assert header is not None and header.h1.get_text() == _title(mine)
        assert _without_print_header(stock) == _normal(mine), docname


def _html(app, docname: str) -> str:
    path = app.outdir / docname / "index.html" if docname != "index" else app.outdir / "index.html"
    return path.read_text(encoding="utf-8")


def _title(html: str) -> str:
    return BeautifulSoup(html, "html.parser").select_one("article h1").get_text().rstrip("#")


def _without_print_header(html: str) -> str:
    start = html.index('<div id="jb-print-docs-body"')
    end = html.index('<div id="searchbox"></div>', start)
    return _normal(html[:start] + html[end:])


def _normal(html: str) -> str:
    """The page with its whitespace between tags made one space: the paths indent apart."""
    return re.sub(r">\s+<", "> <", html)

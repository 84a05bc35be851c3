"""A reader's page: light, one search box, no documentation buttons, a title that fits a phone.

Built from a generated blog with the site's own conf.py and theme, served gzipped
as a static host serves it, and read in Debian's Chromium. Lighthouse's scores
and the page weight are ``test_lighthouse.py``'s.
"""

from __future__ import annotations

import re
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup
from fontTools.ttLib import TTFont

from tests.browser.gzipserve import serve
from tests.helpers import ROOT, build_site, require

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

ICON_FONT = ROOT / "_ext" / "chapbook" / "site" / "static" / "chapbook-icons.woff2"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reader")
    generate = [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--posts", "40"]
    subprocess.run([*generate, str(root / "docs")], check=True)
    # No index.md: the home page is Chapbook's own, with its listings, as a moved blog gets it.
    (root / "docs" / "index.md").unlink()
    built = build_site(root / "docs", root)
    assert built.returncode == 0, built.stderr
    return root / "html"


def pages(site: Path) -> Iterator[tuple[str, BeautifulSoup]]:
    for path in sorted(site.rglob("*.html")):
        if path.relative_to(site).parts[0] == "_static":
            continue  # the theme's own template files, copied as they are
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' not in text:
            yield path.relative_to(site).as_posix(), BeautifulSoup(text, "lxml")


def test_no_page_but_search_loads_the_icon_script_or_the_search_index(site: Path) -> None:
    for name, soup in pages(site):
        scripts = [s["src"] for s in soup.select("script[src]")]
        assert not [s for s in scripts if "fontawesome" in s], name
        has_index = any(s.split("?")[0].endswith("searchindex.js") for s in scripts)
        assert has_index == (name == "search/index.html"), (name, scripts)


def test_every_icon_a_page_shows_is_in_the_icon_font(site: Path) -> None:
    theme_css = (site / "_static" / "styles" / "pydata-sphinx-theme.css").read_text()
    codes = {
        name: int(code, 16)
        for names, code in re.findall(r"((?:\.fa-[a-z0-9-]+,?)+)\{--fa:\"\\([0-9a-f]+)", theme_css)
        for name in re.findall(r"\.fa-([a-z0-9-]+)", names)
    }
    shown = {
        cls.removeprefix("fa-")
        for _, soup in pages(site)
        for element in soup.select('[class*="fa-"]')
        for cls in element["class"]
        if cls.startswith("fa-") and cls.removeprefix("fa-") in codes
    }
    shown.add("xmark")  # the search dialog's close button, drawn by the theme's script
    with TTFont(ICON_FONT) as font:
        glyphs = set(font.getBestCmap())
    assert {icon for icon in shown if codes[icon] not in glyphs} == set()
    assert {"magnifying-glass", "bars", "sun", "moon"} <= shown


def test_no_documentation_buttons_on_a_post(site: Path) -> None:
    post = next(soup for name, soup in pages(site) if name.count("-") >= 2)
    assert post.select(".btn-download-source-button, .btn-fullscreen-button") == []
    assert post.select('[class*="fa-download"], [class*="fa-expand"]') == []


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    require("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def long_title_post(site: Path) -> str:
    for path in sorted(site.glob("*-*-*/index.html")):
        title = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").select_one("article h1")
        if title is not None and len(title.get_text()) >= 45:
            return f"{path.parent.name}/"
    raise AssertionError("the generated blog has no post with a long title")


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (375, 740)])
def test_one_search_box_on_every_screen(
    site: Path, browser: object, width: int, height: int
) -> None:
    with serve(site) as base:
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(base + long_title_post(site))
        visible = page.locator("button.search-button-field:visible, button.search-button:visible")
        assert visible.count() == 1
        page.close()


def test_a_long_title_fits_a_phone_and_the_tags_leave_room(site: Path, browser: object) -> None:
    with serve(site) as base:
        page = browser.new_page(viewport={"width": 375, "height": 740})
        page.goto(base + long_title_post(site))
        title = page.locator("article h1").first.bounding_box()
        line = float(
            page.locator("article h1").first.evaluate(
                "e => parseFloat(getComputedStyle(e).lineHeight)"
            )
        )
        assert title["height"] / line <= 3.2  # three lines at most
        tags = page.locator("article .chapbook-post-meta").first.bounding_box()
        first = page.locator("article .chapbook-post-meta + p").first.bounding_box()
        assert first["y"] - (tags["y"] + tags["height"]) >= 16
        page.close()


def test_pages_without_a_diagram_load_no_diagram_script(site: Path) -> None:
    # sphinxcontrib-mermaid adds its CDN script to every page that has no doctree.
    for name, soup in pages(site):
        assert "mermaid" not in str(soup.head), name


def test_home_and_tag_pages_show_what_each_list_asks_for(site: Path) -> None:
    """The home page: title, date and tags a post; a tag page: title and date alone."""
    tag = next(
        p for p in sorted((site / "tags").glob("*/index.html")) if "refresh" not in p.read_text()
    )
    shown = {"index.html": ("title-date-tags", True), tag: ("title-date", False)}
    for path, (fmt, with_tags) in shown.items():
        soup = BeautifulSoup((site / path).read_text(encoding="utf-8"), "lxml")
        entries = soup.select(f"article ul.chapbook-postlist.chapbook-{fmt} > li")
        assert entries, path
        for entry in entries:
            assert entry.select_one(".chapbook-entry a") and entry.select_one("time.chapbook-date")
            assert entry.select_one(".chapbook-summary") is None
            assert bool(entry.select(".chapbook-tags a")) == with_tags


def test_a_post_prints_without_its_navigation(site: Path, browser: object) -> None:
    with serve(site) as base:
        page = browser.new_page(viewport={"width": 1000, "height": 800})
        page.goto(base + long_title_post(site))
        assert page.locator("nav.chapbook-postnav").is_visible()
        page.emulate_media(media="print")
        assert not page.locator("nav.chapbook-postnav").is_visible()
        assert not page.locator("div.chapbook-related").is_visible()
        family = page.locator("article.bd-article").evaluate("e => getComputedStyle(e).fontFamily")
        assert family.startswith("Georgia")
        page.close()

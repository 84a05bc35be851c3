"""A moved blog's own names everywhere: only one footer line may still say "Chapbook".

After a move, pages said "Chapbook" in titles, feeds and og:site_name because the
sample conf.py named the site twice; the root ``names`` sets only ``project``,
``author``, ``copyright`` and ``html_baseurl`` (and the site's theme lines).
"""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from tests.helpers import ROOT

PROJECT = "Rope Notes"
FOOTER_LINE = "Built with Chapbook"
FOUR_NAMES = {
    "project": '"Rope Notes"',
    "author": '"Ada Sailor"',
    "copyright": '"2019-2026, Ada Sailor"',
    "html_baseurl": '"https://ropes.example.net/"',
}


@pytest.fixture
def built(app) -> Path:
    app.build()
    return Path(app.outdir)


def written(outdir: Path) -> list[Path]:
    """Every page and feed a reader or crawler gets (the theme's own assets aside)."""
    files = [*outdir.rglob("*.html"), *outdir.rglob("*.xml")]
    return sorted(path for path in files if "_static" not in path.relative_to(outdir).parts)


def has_footer(html: BeautifulSoup) -> bool:
    """Redirect pages (old tag addresses) have no footer; every other page has the theme's."""
    return html.select_one(".bd-footer-content") is not None


@pytest.mark.sphinx("dirhtml", testroot="names", freshenv=True)
def test_no_page_says_chapbook_but_the_footer_line(built) -> None:
    files = written(built)
    assert built / "rss.xml" in files and built / "tags/misc/atom.xml" in files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "Chapbook" not in text.replace(FOOTER_LINE, ""), path


@pytest.mark.sphinx("dirhtml", testroot="names", freshenv=True)
def test_the_footer_line_is_on_every_page_once(built) -> None:
    pages = [p for p in written(built) if p.suffix == ".html"]
    footed = [p for p in pages if has_footer(BeautifulSoup(p.read_text(), "lxml"))]
    assert len(footed) > 10
    for path in footed:
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        lines = html.select(".bd-footer-content .chapbook-built-with")
        assert [line.get_text(strip=True) for line in lines] == [FOOTER_LINE], path
        assert path.read_text(encoding="utf-8").count("Chapbook") == 1, path


@pytest.mark.sphinx("dirhtml", testroot="names", freshenv=True)
def test_titles_feeds_and_footer_use_the_sites_names(built) -> None:
    html = BeautifulSoup((built / "oldest/index.html").read_text(encoding="utf-8"), "lxml")
    assert PROJECT in html.title.get_text()
    assert PROJECT in html.select_one('meta[property="og:site_name"]')["content"]
    footer = html.select_one(".bd-footer-content").get_text(" ", strip=True)
    assert "Ada Sailor" in footer and "2019-2026" in footer
    for name in ("rss.xml", "atom.xml"):
        assert PROJECT in feedparser.parse((built / name).read_bytes()).feed.title
    assert feedparser.parse((built / "atom.xml").read_bytes()).feed.author == "Ada Sailor"


def test_the_sample_conf_py_names_the_site_once() -> None:
    """Changing the four names in conf.py renames everything: no second name hides in it."""
    source = (ROOT / "conf.py").read_text(encoding="utf-8")
    for name, value in FOUR_NAMES.items():
        source, count = re.subn(rf"^{name} = .*$", f"{name} = {value}", source, flags=re.M)
        assert count == 1, name
    namespace: dict[str, object] = {"__file__": str(ROOT / "conf.py")}
    exec(compile(source, "conf.py", "exec"), namespace)  # the repository's own file
    assert namespace["html_title"] == PROJECT
    settings = {k: v for k, v in namespace.items() if not k.startswith("__")}
    assert "Chapbook" not in repr(settings)

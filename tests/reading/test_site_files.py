"""A source where the site writes a file of its own, or too long a name: named, not built.

``rss.xml.md`` made the folder ``rss.xml/`` where the feed goes, and the whole
build stopped when the feed was written; a name of 248 bytes stopped it when
its doctree (``.doctree`` added) was pickled.  Each is now one warning with its
file and line, before anything is written, and the site is built without it:
the feeds, the sitemap, ``404.html`` and the tag feeds are there and are what
they should be, under ``dirhtml`` and ``html`` alike.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest
from lxml import etree

from chapbook.collecting.state import posts_of
from tests.helpers import ROOTS, warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

POST = "---\ntitle: {title}\ndate: '2024-05-01'\n---\n\n{title}.\n"
REFUSED = (
    "WARNING: not published: the site itself writes {claimed} (rename the file) [chapbook.source]"
)
#: Where names hold 255 bytes, what a post's name may have: the doctree adds ``.doctree``.
LONGEST = 255 - len(".doctree")


def post(title: str) -> str:
    return POST.format(title=title)


@pytest.fixture
def build(tmp_path: Path, make_app: Callable[..., SphinxTestApp]) -> Callable[..., SphinxTestApp]:
    """Build a copy of ``test-takedown`` with ``files`` added, from a fresh environment."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-takedown", src)

    def run(files: dict[str, str], builder: str = "dirhtml", **overrides: object) -> SphinxTestApp:
        for name, text in files.items():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            (src / name).write_text(text, encoding="utf-8")
        app = make_app(builder, srcdir=src, freshenv=True, confoverrides=overrides)
        app.build()
        return app

    return run


SITE_FILES = {
    "rss.xml.md": "/rss.xml",
    "atom.xml.md": "/atom.xml",
    "sitemap.xml.md": "/sitemap.xml",
    "404.html.md": "/404.html",
    "searchindex.js.md": "/searchindex.js",
    "tags/news/atom.xml.md": "/tags/news/atom.xml",
    "tags/none-yet/atom.xml.md": "/tags/none-yet/atom.xml",  # a tag no post has (yet)
    "genindex/index.md": "/genindex/",
    "Robots.TXT.md": "/robots.txt",  # hosts that ignore case
}


@pytest.mark.parametrize("builder", ["dirhtml", "html"])
@pytest.mark.sphinx("dirhtml", testroot="takedown")
def test_a_page_where_the_site_writes_a_file_is_not_published(build, builder: str) -> None:
    app = build({name: post(f"Named {name}") for name in SITE_FILES}, builder)
    assert warnings_of(app) == [
        f"{name}:1: {REFUSED.format(claimed=claimed)}"
        for name, claimed in sorted(SITE_FILES.items())
    ]
    assert set(posts_of(app.env)) == {"news", "older"}
    out = app.outdir
    for name, root in (("rss.xml", "rss"), ("atom.xml", "{http://www.w3.org/2005/Atom}feed"),
                       ("tags/news/atom.xml", "{http://www.w3.org/2005/Atom}feed"),
                       ("sitemap.xml", "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset")):  # fmt: skip
        assert etree.parse(out / name).getroot().tag == root, name
    assert (out / "searchindex.js").read_text().startswith("Search.setIndex(")
    assert not (out / "tags" / "none-yet").exists()
    if builder == "dirhtml":
        assert "Page not found" in (out / "404.html").read_text()
        assert not (out / "robots.txt").is_dir() and not (out / "Robots.TXT").exists()


@pytest.mark.sphinx("dirhtml", testroot="takedown")
def test_the_site_files_are_those_of_the_configuration(build) -> None:
    app = build(
        {"news.xml.md": post("Not a feed yet"), "rss.xml.md": post("Not a feed any more"),
         "tags/news/atom.xml.md": post("No tag feeds")},
        chapbook_feeds={"news.xml": "atom"}, chapbook_tag_feeds=False,
    )  # fmt: skip
    assert warnings_of(app) == [f"news.xml.md:1: {REFUSED.format(claimed='/news.xml')}"]
    assert (app.outdir / "rss.xml" / "index.html").is_file()
    assert (app.outdir / "tags" / "news" / "atom.xml" / "index.html").is_file()
    assert etree.parse(app.outdir / "news.xml").getroot().tag.endswith("feed")


@pytest.mark.sphinx("dirhtml", testroot="takedown")
def test_a_published_page_the_site_takes_later_is_withdrawn(build, make_app) -> None:
    """A feed added in conf.py (an ``html`` setting: nothing is read again) takes its address."""
    first = build({"news.xml.md": post("News, as a page")})
    assert (first.outdir / "news.xml" / "index.html").is_file()
    again = make_app("dirhtml", srcdir=first.srcdir, confoverrides={
        "chapbook_feeds": {"rss.xml": "rss", "news.xml": "atom"}})  # fmt: skip
    again.build()
    # A second application in one process: Sphinx warns that its own nodes are registered.
    assert [w for w in warnings_of(again) if "[chapbook." in w] == [
        f"news.xml.md:1: {REFUSED.format(claimed='/news.xml')}"
    ]
    assert "news.xml" not in again.env.all_docs
    assert etree.parse(again.outdir / "news.xml").getroot().tag.endswith("feed")


@pytest.mark.sphinx("dirhtml", testroot="takedown")
def test_names_up_to_the_file_systems_limit_are_published(build) -> None:
    longest, too_long, wide = "k" * LONGEST, "l" * (LONGEST + 1), "\u00e9" * 124
    folder = "f" * 250  # a folder's name gets nothing added
    app = build({f"{longest}.md": post("Longest"), f"{too_long}.md": post("Too long"),
                 f"{wide}.md": post("Too wide"), f"{folder}/short.md": post("In a long folder")})  # fmt: skip
    too = "WARNING: not published: its name is too long for the file system: '{}...' has {} bytes"
    assert warnings_of(app) == [
        f"{too_long}.md:1: {too.format('l' * 20, LONGEST + 1)}, at most {LONGEST} "
        "(255 less '.doctree' for the files made from it); rename it [chapbook.source]",
        f"{wide}.md:1: {too.format(wide[:20], 248)}, at most {LONGEST} "
        "(255 less '.doctree' for the files made from it); rename it [chapbook.source]",
    ]
    assert (app.outdir / longest / "index.html").is_file()
    assert (app.outdir / folder / "short" / "index.html").is_file()
    assert (app.doctreedir / f"{longest}.doctree").is_file()
    assert set(posts_of(app.env)) == {"news", "older", longest, f"{folder}/short"}

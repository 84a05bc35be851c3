"""The site's own paths (``chapbook.reading.sitepaths``), one function at a time.

One definition, derived from the configuration: the gate refuses a source whose
page would land on one of them, redirects (``site.redirects``) refuse an old
address there, and links to them are links (``collecting.domain``).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest

from chapbook.reading import sitepaths
from chapbook.site import feeds, redirects

if TYPE_CHECKING:
    from pathlib import Path


def config(**changed: Any) -> SimpleNamespace:
    settings = {
        "root_doc": "index",
        "chapbook_feeds": {"rss.xml": "rss", "feed.xml": "rss", "atom.xml": "atom"},
        "chapbook_redirects_file": True,
        "chapbook_tag_feeds": True,
        "tags_output_dir": "tags",
        "html_extra_path": [],
    }
    return SimpleNamespace(**{**settings, **changed})


@pytest.fixture
def paths() -> sitepaths.SitePaths:
    return sitepaths.of(config())  # type: ignore[arg-type]


def test_the_site_files_come_from_the_configuration(paths: sitepaths.SitePaths) -> None:
    assert paths.files == {
        "searchindex.js", "objects.inv", ".buildinfo", "sitemap.xml", "robots.txt",
        ".nojekyll", "rss.xml", "feed.xml", "atom.xml", "404.html", "_redirects",
    }  # fmt: skip
    assert paths.pages == {"search", "genindex", "py-modindex", "_book", "404"}
    assert paths.folders == {"_static", "_images", "_sources", "_downloads", "_modules"}
    assert paths.tags == "tags"
    plain = sitepaths.of(config(chapbook_feeds={}, chapbook_redirects_file=False,  # type: ignore[arg-type]
                                chapbook_tag_feeds=False, notfound_pagename="missing"))  # fmt: skip
    assert {"rss.xml", "_redirects", "404.html"}.isdisjoint(plain.files)
    assert "missing.html" in plain.files and "missing" in plain.pages and not plain.tags


def test_the_extra_files_are_the_sites_own(tmp_path: Path) -> None:
    (tmp_path / "extra" / "deep").mkdir(parents=True)
    (tmp_path / "extra" / "CNAME").write_text("blog.example.com")
    (tmp_path / "extra" / "deep" / "x.txt").write_text("x")
    (tmp_path / "favicon.ico").write_bytes(b"")
    found = sitepaths.of(config(html_extra_path=["extra", "favicon.ico", "gone"]), tmp_path)  # type: ignore[arg-type]
    assert {"CNAME", "deep/x.txt", "favicon.ico"} <= found.files
    assert sitepaths.claimed(found, "CNAME") == "/CNAME"
    assert sitepaths.claimed(found, "deep/x.txt/index") == "/deep/x.txt"


@pytest.mark.parametrize(
    ("docname", "claimed"),
    [
        ("rss.xml", "/rss.xml"),
        ("RSS.XML", "/rss.xml"),  # hosts that ignore case
        ("rss.xml/index", "/rss.xml"),
        ("rss.xml/under", "/rss.xml"),
        ("404.html", "/404.html"),
        ("404", "/404/"),
        ("404/index", "/404/"),
        ("search", "/search/"),
        ("Search/index", "/search/"),
        ("_static/x", "/_static/"),
        ("_Images/a/b", "/_Images/"),
        ("_book", "/_book/"),
        ("tags/news/atom.xml", "/tags/news/atom.xml"),
        ("tags/any-tag/atom.xml/x", "/tags/any-tag/atom.xml"),
        ("rss", None),
        ("rss.xml2", None),
        ("feeds/rss.xml", None),
        ("tags/atom.xml", None),  # the tag named "atom.xml" has its page there
        ("tags/news/other.xml", None),
        ("searches", None),
        ("index", None),
        ("static/x", None),
    ],
)
def test_a_page_lands_on_the_sites_own_in_either_layout(
    paths: sitepaths.SitePaths, docname: str, claimed: str | None
) -> None:
    assert sitepaths.claimed(paths, docname) == claimed


def test_in_the_html_layout_a_page_is_its_name_and_html(paths: sitepaths.SitePaths) -> None:
    # ``x.md`` is ``x.html`` there: a file named like that is taken too.
    found = sitepaths.SitePaths(
        files=frozenset({"notes.html"}), folders=frozenset(), pages=frozenset(), tags=""
    )
    assert sitepaths.claimed(found, "notes") == "/notes.html"
    assert sitepaths.claimed(found, "notes/index") is None


def test_a_nested_tags_folder_has_its_feeds_there() -> None:
    found = sitepaths.of(config(tags_output_dir="blog/tags"))  # type: ignore[arg-type]
    assert sitepaths.claimed(found, "blog/tags/x/atom.xml") == "/blog/tags/x/atom.xml"
    assert sitepaths.claimed(found, "tags/x/atom.xml") is None


@pytest.mark.parametrize(
    ("relative", "problem"),
    [
        ("rss.xml/index.html", "would take /rss.xml, which the site writes itself"),
        ("tags/x/atom.xml/index.html", "would take /tags/x/atom.xml, which the site writes itself"),
        ("search/index.html", "would take /search/, which the site writes itself"),
        ("_redirects/index.html", "would take /_redirects, which the site writes itself"),
        ("old-post/index.html", None),
    ],
)
def test_a_redirect_never_takes_the_sites_own(
    paths: sitepaths.SitePaths, relative: str, problem: str | None
) -> None:
    """Whether or not this build wrote it yet (a feed without ``html_baseurl``)."""
    assert redirects.site_own(paths, relative) == problem


def test_one_definition_of_the_tag_feed_and_the_host_file() -> None:
    entry = SimpleNamespace(docname="tags/r-d")
    assert feeds.tag_feed_path(entry) == sitepaths.tag_feed("tags/r-d") == "tags/r-d/atom.xml"  # type: ignore[arg-type]
    assert redirects.HOST_FILE == sitepaths.HOST_FILE

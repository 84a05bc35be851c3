"""Feeds: the old URLs, full content with absolute links, stable from build to build."""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from tests.helpers import ROOTS, page

BASE = "https://blog.example.com/blog/"
NEWEST_FIRST = ["With image", "Timed", "Tom & Jerry <script>alert(1)</script>"]


def local(outdir: Path, url: str) -> Path:
    """The built file an absolute site URL points at."""
    assert url.startswith(BASE), url
    path = outdir / url[len(BASE) :].split("#", maxsplit=1)[0]
    return path / "index.html" if url.split("#", maxsplit=1)[0].endswith("/") else path


@pytest.fixture
def built(app):
    app.build()
    return Path(app.outdir)


@pytest.mark.sphinx("dirhtml", testroot="feeds", freshenv=True)
@pytest.mark.parametrize(
    ("name", "version"), [("rss.xml", "rss20"), ("feed.xml", "rss20"), ("atom.xml", "atom10")]
)
def test_feeds_parse_newest_first_with_links_to_built_pages(built, name: str, version: str) -> None:
    feed = feedparser.parse((built / name).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    assert [e.title for e in feed.entries] == NEWEST_FIRST  # chapbook_feed_length = 3
    dates = [e.published_parsed for e in feed.entries]
    assert dates == sorted(dates, reverse=True)
    for entry in feed.entries:
        assert entry.id == entry.link
        assert local(built, entry.link).is_file()


@pytest.mark.sphinx("dirhtml", testroot="feeds", freshenv=True)
def test_entries_carry_full_content_with_absolute_urls(built) -> None:
    feed = feedparser.parse((built / "rss.xml").read_bytes())
    image_post = feed.entries[0]
    html = BeautifulSoup(image_post.content[0].value, "lxml")
    assert "First paragraph of the image post." in html.get_text()
    assert html.find("h1") is None  # the title is the entry's own
    assert not html.select(".chapbook-postnav, .chapbook-related, .chapbook-post-meta")
    img = html.find("img")
    assert img["src"].startswith(BASE) and local(built, img["src"]).is_file()
    links = [a["href"] for a in html.find_all("a")]
    assert f"{BASE}hostile/" in links
    assert image_post.summary == "First paragraph of the image post."


@pytest.mark.sphinx("dirhtml", testroot="feeds", freshenv=True)
def test_dates_use_the_configured_time_zone(built) -> None:
    feed = feedparser.parse((built / "rss.xml").read_bytes())
    published = {e.title: e.published for e in feed.entries}
    assert published["With image"] == "Sat, 01 Mar 2025 00:00:00 +0100"  # date only: Paris midnight
    assert published["Timed"] == "Sat, 01 Jun 2024 18:30:00 +0200"  # its own offset
    atom = feedparser.parse((built / "atom.xml").read_bytes())
    assert atom.entries[0].published == "2025-03-01T00:00:00+01:00"


@pytest.mark.sphinx("dirhtml", testroot="feeds", freshenv=True)
def test_markup_in_front_matter_is_escaped_in_feeds(built) -> None:
    for name in ("rss.xml", "atom.xml", "tags/r-d/atom.xml"):
        raw = (built / name).read_text()
        assert "<script>" not in raw.split("<content")[0], name
        assert "&lt;script&gt;" in raw, name
    rss = feedparser.parse((built / "rss.xml").read_bytes()).entries[2]
    assert BeautifulSoup(rss.summary, "lxml").get_text() == "Q&A <b>x</b>"  # shown as text
    atom = feedparser.parse((built / "atom.xml").read_bytes()).entries[2]
    assert atom.title == "Tom & Jerry <script>alert(1)</script>"
    assert atom.summary_detail.type == "text/plain" and atom.summary == "Q&A <b>x</b>"


@pytest.mark.sphinx("dirhtml", testroot="feeds", freshenv=True)
def test_tag_feeds(built) -> None:
    feed = feedparser.parse((built / "tags/deep-learning/atom.xml").read_bytes())
    assert not feed.bozo
    assert [e.title for e in feed.entries] == NEWEST_FIRST
    assert [
        e.title for e in feedparser.parse((built / "tags/misc/atom.xml").read_bytes()).entries
    ] == ["Oldest"]


@pytest.mark.sphinx("dirhtml", testroot="feeds", freshenv=True)
def test_every_page_links_its_feeds(app, built) -> None:
    for docname in ("index", "about", "hostile", "archive", "tags/deep-learning"):
        links = page(app, docname).select('link[rel="alternate"]')
        assert {link["href"] for link in links} >= {
            BASE + n for n in ("rss.xml", "feed.xml", "atom.xml")
        }
    tag_links = [
        link["href"] for link in page(app, "tags/deep-learning").select('link[rel="alternate"]')
    ]
    assert f"{BASE}tags/deep-learning/atom.xml" in tag_links


def test_feeds_are_byte_identical_from_build_to_build(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-feeds", src)
    outputs = []
    for name, fresh in (("a", True), ("a", False), ("b", True)):
        app = SphinxTestApp("dirhtml", srcdir=src, builddir=tmp_path / name, freshenv=fresh)
        app.build()
        app.cleanup()
        outputs.append(
            {
                f: (Path(app.outdir) / f).read_bytes()
                for f in ("rss.xml", "feed.xml", "atom.xml", "sitemap.xml")
            }
        )
    assert outputs[0] == outputs[1] == outputs[2]

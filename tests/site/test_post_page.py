"""A post page for reading: contents only on long pages, tag chips without commas, the
post footer from conf.py, a serif or sans reading face."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from chapbook.site import taglist
from tests.helpers import page, warnings_of

CSS = Path(__file__).parents[2] / "_ext" / "chapbook" / "site" / "static" / "chapbook.css"


def has_contents(app, docname: str) -> bool:
    soup = page(app, docname)
    found = soup.select("#pst-page-toc-nav, #pst-secondary-sidebar, button.secondary-toggle")
    return bool(found)


# -- the contents column -----------------------------------------------------------------


@pytest.mark.sphinx("dirhtml", testroot="contents", freshenv=True)
def test_contents_only_on_a_long_page_never_on_a_listing(app) -> None:
    app.build()
    assert warnings_of(app) == []
    shown = {doc: has_contents(app, doc) for doc in ("short", "three", "four", "about", "index")}
    # Four sections and up (at any depth); a page too; never a page of post lists.
    assert shown == {"short": False, "three": False, "four": True, "about": True, "index": False}
    assert has_contents(app, "tags/sailing") is False
    # The book theme's script folds the column while a side note is in view: a page
    # without one gets an empty stand-in, never shown, so the script finds it.
    stand_in = page(app, "short").select("div.bd-sidebar-secondary")
    assert [(d["class"], d.get_text()) for d in stand_in] == [
        (["bd-sidebar-secondary", "d-none"], "")
    ]
    assert page(app, "four").select("div.bd-sidebar-secondary.d-none") == []
    entries = page(app, "four").select("#pst-page-toc-nav a")
    assert [a.get_text() for a in entries] == ["First", "Second", "Second, in detail", "Third"]


@pytest.mark.sphinx(
    "dirhtml",
    testroot="contents",
    freshenv=True,
    confoverrides={"chapbook_contents_min_sections": 1},
)
def test_the_threshold_is_a_setting(app) -> None:
    app.build()
    shown = {doc: has_contents(app, doc) for doc in ("short", "three", "four", "index")}
    assert shown == {"short": True, "three": True, "four": True, "index": False}


# -- tags --------------------------------------------------------------------------------


@pytest.mark.sphinx("dirhtml", testroot="header", freshenv=True)
def test_tags_are_a_list_of_chips_without_commas(app) -> None:
    app.build()
    tags = page(app, "dated").select_one("article .chapbook-post-meta .chapbook-tags")
    assert tags.name == "div"
    assert tags.select_one(".chapbook-tags-intro").get_text() == "Tags: "
    items = tags.select("ul.chapbook-tag-list > li")
    assert [(li.a.get_text(), li.a["href"]) for li in items] == [
        ("sailing", "../tags/sailing/"),
        ("Deep Learning", "../tags/deep-learning/"),
    ]
    assert "," not in tags.get_text()


@pytest.mark.sphinx("latex", testroot="header", freshenv=True)
def test_the_book_leaves_the_tags_out(app) -> None:
    """Tags place a post on the blog; a printed chapter has no use for them (issue 28)."""
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert "chapbook-tag" not in tex
    assert "Deep Learning" not in tex
    assert taglist.TagList.builders == ("dirhtml", "html")


# -- the post footer ---------------------------------------------------------------------

#: The title of first.md as the site shows it (quotes curled).
TITLE = "Tom & \u201cJerry\u201d <b>bold</b> #1 / ?x=y"


@pytest.mark.sphinx("dirhtml", testroot="postfooter", freshenv=True)
def test_every_post_ends_with_the_footer(app) -> None:
    app.build()
    assert warnings_of(app) == []
    soup = page(app, "first")
    footer = soup.select_one("article div.chapbook-post-footer")
    assert "no-search" in footer["class"]
    assert footer.select_one("p.cta a")["href"] == "/subscribe/"
    # After the post's text, before the previous/next links.
    blocks = [el for el in soup.select_one("article").find_all(recursive=False)]
    order = [b.get("class", [""])[0] for b in blocks if b.name in ("div", "nav", "section")]
    assert order.index("chapbook-post-footer") < order.index("chapbook-postnav")
    assert page(app, "second").select("article div.chapbook-post-footer")


@pytest.mark.sphinx("dirhtml", testroot="postfooter", freshenv=True)
def test_the_post_fills_the_footer_as_text(app) -> None:
    app.build()
    footer = page(app, "first").select_one("article div.chapbook-post-footer")
    url = "https://blog.example.com/first/"
    share = parse_qs(urlsplit(footer.select_one("a.hn")["href"]).query)
    assert share == {"u": [url], "t": [TITLE]}
    this = footer.select_one("a.self")
    assert (this["href"], this["title"], this.get_text()) == (url, TITLE, TITLE)
    assert footer.select("b") == []  # the title's markup stays text


@pytest.mark.sphinx("dirhtml", testroot="postfooter", freshenv=True)
def test_no_footer_on_pages_listings_or_feeds(app) -> None:
    app.build()
    assert page(app, "first").select(".chapbook-post-footer")
    for docname in ("about", "index", "archive"):
        assert page(app, docname).select(".chapbook-post-footer") == [], docname
    feed = (Path(app.outdir) / "atom.xml").read_text(encoding="utf-8")
    assert "own words" in feed
    assert "Subscribe" not in feed and "chapbook-post-footer" not in feed


@pytest.mark.sphinx(
    "dirhtml",
    testroot="postfooter",
    freshenv=True,
    confoverrides={"chapbook_post_footer": "<p>{link}</p>"},
)
def test_a_footer_with_an_unknown_field_is_reported(app) -> None:
    app.build()
    assert warnings_of(app) == [
        "WARNING: chapbook_post_footer = '<p>{link}</p>' is not a template with {url}, "
        "{title}, {url_encoded}, {title_encoded} ('link'); using '' [chapbook.config]"
    ]
    assert page(app, "first").select(".chapbook-post-footer") == []


# -- the reading face --------------------------------------------------------------------


def face(app, docname: str) -> list[str]:
    return [c for c in page(app, docname).body["class"] if c.startswith("chapbook-face-")]


@pytest.mark.sphinx("dirhtml", testroot="header", freshenv=True)
def test_posts_read_in_a_serif_by_default(app) -> None:
    app.build()
    assert face(app, "dated") == ["chapbook-face-serif"]
    assert face(app, "index") == ["chapbook-face-serif"]
    body = page(app, "dated").body
    assert body["data-default-mode"] == "auto"  # the theme's own attributes kept


@pytest.mark.sphinx(
    "dirhtml", testroot="header", freshenv=True, confoverrides={"chapbook_reading_face": "sans"}
)
def test_a_site_may_read_in_sans(app) -> None:
    app.build()
    assert face(app, "dated") == ["chapbook-face-sans"]


@pytest.mark.sphinx(
    "dirhtml", testroot="header", freshenv=True, confoverrides={"chapbook_reading_face": "comic"}
)
def test_an_unknown_face_is_reported(app) -> None:
    app.build()
    assert [w for w in warnings_of(app) if "chapbook.config" in w] == [
        "WARNING: chapbook_reading_face = 'comic' must be one of 'serif', 'sans'; "
        "using 'serif' [chapbook.config]"
    ]
    assert face(app, "dated") == ["chapbook-face-serif"]


def rule(selector: str) -> str:
    """The declarations of the first rule for exactly ``selector`` in chapbook.css."""
    css = re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.DOTALL)
    match = re.search(r"(?:^|})\s*" + re.escape(selector) + r"\s*\{([^}]*)\}", css)
    assert match, selector
    return match.group(1)


def test_each_face_is_a_system_font_stack() -> None:
    root = rule(":root")
    assert re.search(r"--chapbook-face-serif:\s*Georgia,[^;]*serif;", root)
    assert "--chapbook-face-sans: var(--pst-font-family-base-system);" in root
    assert "--chapbook-reading-face: var(--chapbook-face-serif);" in root
    assert "--chapbook-measure: 36rem;" in root
    assert "--chapbook-reading-face: var(--chapbook-face-sans);" in rule("body.chapbook-face-sans")
    assert "@font-face" not in CSS.read_text(encoding="utf-8")
    assert "overflow-wrap: anywhere;" in rule(".bd-article a")

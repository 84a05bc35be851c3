"""A post page for reading: the contents column only on long pages, never on listings;
tag chips without commas."""

from __future__ import annotations

from pathlib import Path

import pytest

from chapbook.site import taglist
from tests.helpers import page, warnings_of


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
def test_the_book_keeps_its_line_of_tags(app) -> None:
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert r"\DUrole{chapbook-tag}{sailing}}, " in tex or r"\DUrole{chapbook-tag}{sailing}, " in tex
    assert "chapbook-tag-list" not in tex
    assert taglist.TagList.builders == ("dirhtml", "html")

"""Tag pages from front-matter: slugs in use, ordering, collisions, the index."""

from __future__ import annotations

import pytest

from tests.helpers import article, page, warnings_of


@pytest.mark.sphinx("dirhtml", testroot="tags", freshenv=True)
def test_one_page_per_tag_listing_its_posts_newest_first(app) -> None:
    app.build()
    listed = [
        a.get_text()
        for a in article(page(app, "tags/ai")).select("ul.chapbook-postlist .chapbook-entry > a")
    ]
    # B and D share a date: D's `order` breaks the tie.
    assert listed == ["Post D", "Post B", "Post A", "Post C"]
    assert page(app, "tags/ai").title.get_text().startswith("Tag: AI")


@pytest.mark.sphinx("dirhtml", testroot="tags", freshenv=True)
def test_slugs_are_unique_and_reported_when_they_collide(app) -> None:
    app.build()
    folders = sorted(p.name for p in (app.outdir / "tags").iterdir() if p.is_dir())
    # Tag pages, and the old addresses redirecting to them (on by default): lowercased,
    # spaces and symbols kept, and as written when spaced.
    redirects = ["Big Ideas", "big ideas", "über ki", "Über KI", "c++", "🤖"]
    pages = ["ai", "big-ideas", "c", "c-2", "u1f916", "über-ki"]
    assert folders == sorted(redirects + pages)
    assert [w for w in warnings_of(app) if "chapbook.tags" in w] == [
        "a.md:4: WARNING: tag 'C++' has the same URL as another tag ('c'); "
        "its page is at tags/c-2/ [chapbook.tags]"
    ]
    assert [
        a.get_text()
        for a in article(page(app, "tags/c-2")).select("ul.chapbook-postlist .chapbook-entry > a")
    ] == ["Post A"]
    assert [
        a.get_text()
        for a in article(page(app, "tags/c")).select("ul.chapbook-postlist .chapbook-entry > a")
    ] == ["Post B"]


@pytest.mark.sphinx("dirhtml", testroot="tags", freshenv=True)
def test_index_lists_every_tag_with_its_count(app) -> None:
    app.build()
    items = [
        li.get_text(" ", strip=True) for li in page(app, "tags").select("ul.chapbook-taglist li")
    ]
    assert items == [
        "AI (4)",
        "Big Ideas (1)",
        "c (1)",
        "C++ (1)",
        "Über KI (1)",
        "🤖 (1)",
    ]


@pytest.mark.sphinx("dirhtml", testroot="tags", freshenv=True)
def test_tag_pages_are_documents_and_nothing_is_written_to_the_source(app) -> None:
    app.build()
    assert "tags/ai" in app.env.all_docs
    assert app.env.titles["tags/ai"].astext() == "Tag: AI"
    assert '"Tag: AI"' in (app.outdir / "searchindex.js").read_text()
    assert not (app.srcdir / "tags").exists()
    assert not (app.srcdir / "_tags").exists()


@pytest.mark.sphinx("dirhtml", testroot="home", freshenv=True)
def test_the_index_puts_the_most_used_tags_first(app) -> None:
    app.build()
    items = [
        li.get_text(" ", strip=True) for li in page(app, "tags").select("ul.chapbook-taglist li")
    ]
    # By count, then A-Z whatever the case: not essays, maps, notes, Zebra.
    assert items == ["notes (5)", "essays (3)", "Zebra (3)", "maps (1)"]


@pytest.mark.sphinx("dirhtml", testroot="home", freshenv=True)
def test_a_tag_page_is_a_list_of_titles_and_dates(app) -> None:
    app.build()
    listing = article(page(app, "tags/notes")).select_one("ul.chapbook-postlist")
    assert listing["class"][:2] == ["chapbook-postlist", "chapbook-title-date"]
    entries = listing.find_all("li", recursive=False)
    assert [(li.a.get_text(), li.time["datetime"], len(li.find_all("p"))) for li in entries] == [
        ("Post 08", "2024-08-01", 1),
        ("Post 05", "2024-07-01", 1),
        ("Post 04", "2024-04-01", 1),
        ("Post 02", "2024-02-01", 1),
        ("Post 01", "2024-01-01", 1),
    ]
    # No description (post 01 has one), no excerpt, no tags: a line a post.
    assert listing.select(".chapbook-summary, .chapbook-tags") == []

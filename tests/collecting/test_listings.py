"""The postlist directive: filters, sorting and ties, limits, formats, empty results."""

from __future__ import annotations

import pytest

from tests.helpers import article, page, warnings_of

ALL = ["Golf", "Echo", "Foxtrot", "Delta", "Charlie", "Bravo", "Alpha"]


def listed(soup, section: str) -> list[str]:
    found = article(soup).select_one(f"section#{section}")
    return [a.get_text() for a in found.select(".chapbook-entry > a")]


@pytest.fixture
def index(app):
    app.build()
    return page(app, "index")


@pytest.mark.sphinx("dirhtml", testroot="postlist", freshenv=True)
@pytest.mark.parametrize(
    ("section", "expected"),
    [
        # Newest first; same date breaks by order, same order by title.
        ("all", ALL),
        ("tags-any", ["Echo", "Foxtrot", "Delta", "Charlie"]),
        ("tags-all", ["Echo", "Delta"]),  # 'Sea' and 'sea' are one tag
        ("year", ["Echo", "Foxtrot", "Delta", "Charlie"]),
        # Highest score first; equal scores by order; no score last.
        ("popular", ["Foxtrot", "Delta", "Charlie", "Alpha", "Golf"]),
        ("exclude", ["Foxtrot", "Delta", "Charlie"]),
        # By order; equal order by date, then by title; no order last.
        ("order", ["Echo", "Foxtrot", "Delta", "Charlie", "Bravo", "Alpha", "Golf"]),
        # Oldest first; title ties stay A-Z.
        ("reverse", ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf"]),
        ("limit", ["Golf", "Echo"]),
        ("title", ["Golf"]),
        ("description", ["Alpha"]),
        ("empty", []),
    ],
)
def test_selection_and_order(index, section: str, expected: list[str]) -> None:
    assert listed(index, section) == expected


@pytest.mark.sphinx("dirhtml", testroot="postlist", freshenv=True)
def test_formats(index) -> None:
    full = article(index).select_one("section#all li")
    assert full.select_one("time")["datetime"] == "2026-02-01"
    echo = article(index).select("section#all li")[1]
    assert [a.get_text() for a in echo.select(".chapbook-tags a")] == ["Sea", "rope", "knots"]
    assert echo.select(".chapbook-tags a")[0]["href"] == "tags/sea/"
    title_only = article(index).select_one("section#title li")
    assert title_only.select("time") == [] and title_only.select(".chapbook-tags") == []
    described = article(index).select_one("section#description li")
    assert described.select_one(".chapbook-summary").get_text() == "Alpha's summary."


@pytest.mark.sphinx("dirhtml", testroot="postlist", freshenv=True)
def test_empty_listing_says_so(index) -> None:
    empty = article(index).select_one("section#empty")
    assert empty.select_one("p.chapbook-empty").get_text() == "No posts yet."


@pytest.mark.sphinx("dirhtml", testroot="postlist", freshenv=True)
def test_directive_works_in_rest(app) -> None:
    app.build()
    assert [
        a.get_text() for a in article(page(app, "rest-page")).select(".chapbook-entry > a")
    ] == ["Foxtrot"]
    assert warnings_of(app) == []


@pytest.mark.sphinx("dirhtml", testroot="postlist", freshenv=True)
def test_archive_has_a_section_per_year_and_a_page_per_year(app) -> None:
    app.build()
    archive = article(page(app, "archive"))
    years = [h.get_text().rstrip("¶#") for h in archive.select("h2")]
    assert years == ["2026", "2025", "2024"]
    by_year = {
        section.h2.get_text().rstrip("¶#"): [
            a.get_text() for a in section.select(".chapbook-entry > a")
        ]
        for section in archive.select("section:has(> h2)")
    }
    assert by_year == {
        "2026": ["Golf"],
        "2025": ["Echo", "Foxtrot", "Delta", "Charlie"],
        "2024": ["Bravo", "Alpha"],
    }
    year_page = page(app, "archive/2025")
    assert year_page.h1.get_text().rstrip("¶#") == "Posts from 2025"
    assert [a.get_text() for a in article(year_page).select(".chapbook-entry > a")] == [
        "Echo",
        "Foxtrot",
        "Delta",
        "Charlie",
    ]


@pytest.mark.sphinx("dirhtml", testroot="postlist", freshenv=True)
def test_popular_page(app) -> None:
    app.build()
    popular = article(page(app, "popular"))
    assert [a.get_text() for a in popular.select(".chapbook-entry > a")] == [
        "Foxtrot",
        "Delta",
        "Charlie",
        "Alpha",
        "Golf",
    ]
    assert popular.select_one(".chapbook-summary").get_text() == "Body text."


@pytest.mark.sphinx("dirhtml", testroot="postlist", freshenv=True)
def test_generated_pages_are_in_the_search_index(app) -> None:
    app.build()
    index = (app.outdir / "searchindex.js").read_text()
    for title in ("Archive", "Posts from 2025", "Popular posts"):
        assert f'"{title}"' in index


# -- the writer's order and negated filters (issue 12), root test-order ---------------
# Publication order One, Two, Three, Four (newest); by date Four, Two, One, Three.


@pytest.fixture
def lists(app):
    app.build()
    return page(app, "lists")


@pytest.mark.sphinx("dirhtml", testroot="order", freshenv=True)
def test_default_sort_is_order_and_sort_date_is_still_date(lists) -> None:
    assert listed(lists, "default") == ["Four", "Three", "Two", "One"]
    assert listed(lists, "by-date") == ["Three", "One", "Two", "Four"]


@pytest.mark.sphinx("dirhtml", testroot="order", freshenv=True)
def test_popular_takes_true_false_or_nothing(app, lists) -> None:
    assert listed(lists, "popular-false") == ["Four", "Two", "One"]
    assert listed(lists, "popular-true") == ["Three"]
    assert listed(lists, "popular-flag") == ["Three"]  # the old flag: popular only
    assert warnings_of(app) == []


@pytest.mark.sphinx("dirhtml", testroot="order", freshenv=True)
@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ("exclude-tags", ["Four", "One"]),  # tag identity: 'ROPE' is 'rope'
        ("exclude-tags-and-popular", ["One", "Two", "Four"]),
    ],
)
def test_exclude_tags(lists, section: str, expected: list[str]) -> None:
    assert listed(lists, section) == expected


@pytest.mark.sphinx("dirhtml", testroot="order", freshenv=True)
def test_generated_pages_list_in_publication_order(app) -> None:
    app.build()
    assert warnings_of(app) == []
    home = article(page(app, "index")).select_one("section#recent-posts")
    assert [a.get_text() for a in home.select(".chapbook-entry > a")] == [
        "Four",
        "Three",
        "Two",
        "One",
    ]
    tag = article(page(app, "tags/sea"))
    assert [a.get_text() for a in tag.select(".chapbook-entry > a")] == [
        "Four",
        "Three",
        "Two",
        "One",
    ]
    year = article(page(app, "archive/2022"))  # a page per year, in order inside it
    assert [a.get_text() for a in year.select(".chapbook-entry > a")] == ["Two", "One"]

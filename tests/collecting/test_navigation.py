"""Previous / next / related on post pages, and a sidebar that does not list every post."""

from __future__ import annotations

import pytest

from tests.helpers import page

ORDER = ["p1", "p2", "p3", "p4", "p5", "p6"]


def nav(app, docname: str) -> dict[str, str | None]:
    soup = page(app, docname)
    prev = soup.select_one(".chapbook-prev a")
    nxt = soup.select_one(".chapbook-next a")
    related = soup.select_one(".chapbook-related .chapbook-entry a")
    return {
        "prev": prev.get_text() if prev else None,
        "next": nxt.get_text() if nxt else None,
        "related": related.get_text() if related else None,
    }


@pytest.mark.sphinx("dirhtml", testroot="related", freshenv=True)
def test_previous_and_next_follow_publication_order(app) -> None:
    app.build()
    assert nav(app, "p1")["prev"] is None
    assert nav(app, "p1")["next"] == "P2"
    # P5 and P6 share a date: P6 has an order, P5 none, so P5 comes first.
    assert nav(app, "p5")["next"] == "P6 same day"
    assert nav(app, "p6")["prev"] == "P5 loner"
    assert nav(app, "p6")["next"] is None
    link = page(app, "p2").select_one(".chapbook-next a")
    assert link["href"] == "../p3/"


@pytest.mark.sphinx("dirhtml", testroot="related", freshenv=True)
@pytest.mark.parametrize(
    ("docname", "expected"),
    [
        ("p1", "P3"),  # two shared tags with P2 and P3, both newer: the newer one
        ("p2", "P1 oldest"),  # P1 and P3 share two tags: the older one is preferred
        ("p3", "P2"),  # P1 and P2 are both older: the newer of them
        ("p4", "P3"),  # one tag with everyone: the newest older post
        ("p5", None),  # no shared tag, no related post
        ("p6", "P4 newest"),
    ],
)
def test_related_post(app, docname: str, expected: str | None) -> None:
    app.build()
    assert nav(app, docname)["related"] == expected


@pytest.mark.sphinx("dirhtml", testroot="related", freshenv=True)
def test_related_post_shows_date_and_preview(app) -> None:
    app.build()
    box = page(app, "p2").select_one(".chapbook-related")
    assert box.select_one("time")["datetime"] == "2020-01-01"
    assert box.select_one(".chapbook-summary").get_text() == "Body text."


@pytest.mark.sphinx(
    "dirhtml",
    testroot="related",
    freshenv=True,
    confoverrides={"html_sidebars": {"**": ["chapbook-nav.html"]}},
)
def test_sidebar_lists_sections_and_years_not_posts(app) -> None:
    app.build()
    soup = page(app, "p4")
    entries = [a.get_text() for a in soup.select("nav.chapbook-nav a")]
    assert entries == ["Home", "Popular", "Archive", "2023", "2022", "2021", "2020", "Tags"]
    current = [a.get_text() for a in soup.select("nav.chapbook-nav a.current")]
    assert current == ["2023"]
    assert soup.select_one("nav.chapbook-nav a")["href"] == "../"

"""Series in the model: the front-matter keys and a series' reading order."""

from __future__ import annotations

import datetime as dt

from chapbook.model import frontmatter
from chapbook.model.post import Post, publication_ranks, series_order


def read(yaml_text: str) -> frontmatter.FrontMatter:
    return frontmatter.read(f"---\ntitle: A part\ndate: '2024-01-01'\n{yaml_text}\n---\n\nBody.\n")


def post(docname: str, day: int, number: int | None = None) -> Post:
    date = dt.date(2024, 1, day)
    return Post(
        docname=docname, title=docname, date=date, datetime=date.isoformat(), description="",
        excerpt="", order=None, tags=(), popular=False, popularity=None,
        series="A series", series_order=number,
    )  # fmt: skip


def test_series_keys_are_read_and_checked() -> None:
    fm = read("series: '  Building   a boat '\nseries_order: '2'")
    assert (fm.series, fm.series_order, fm.problems) == ("Building a boat", 2, [])
    assert fm.extra == {"series": "  Building   a boat ", "series_order": "2"}  # for templates
    bad = read("series: [a, b]\nseries_order: 2.5")
    assert (bad.series, bad.series_order) == (None, None)
    assert [(p.line, p.message) for p in bad.problems] == [
        (4, "front-matter 'series': expected text, got a list"),
        (5, "front-matter 'series_order': '2.5' is not a whole number"),
    ]


def test_without_numbers_a_series_is_in_publication_order() -> None:
    posts = [post("c", 3), post("a", 1), post("b", 2)]
    ranks = publication_ranks(posts)
    assert [p.docname for p in series_order(posts, ranks)] == ["a", "b", "c"]


def test_numbered_parts_come_first_by_number() -> None:
    posts = [post("old", 1), post("second", 2, 2), post("first", 3, 1), post("new", 4)]
    ranks = publication_ranks(posts)
    assert [p.docname for p in series_order(posts, ranks)] == ["first", "second", "old", "new"]

"""Publication order (``model.post``) and the listing filters built on it (``model.selection``)."""

from __future__ import annotations

import datetime as dt

from chapbook.model.post import Post, publication_order, publication_ranks
from chapbook.model.selection import Query, select


def post(name: str, day: str, order: int | None = None, **fields) -> Post:
    """A record with only what ordering and filtering read."""
    base = {"tags": (), "popular": False, "popularity": None}
    return Post(
        docname=name,
        title=fields.pop("title", name.title()),
        date=dt.date.fromisoformat(day),
        datetime=day,
        description="",
        excerpt="",
        order=order,
        **{**base, **fields},
    )


def names(posts: list[Post]) -> list[str]:
    return [p.docname for p in posts]


def test_without_order_publication_order_is_date_order() -> None:
    posts = [post("c", "2022-01-01"), post("a", "2020-01-01"), post("b", "2021-01-01")]
    assert names(publication_order(posts)) == ["a", "b", "c"]


def test_order_wins_over_dates_and_dates_break_ties() -> None:
    posts = [post("x", "2024-01-01", 1), post("y", "2020-01-01", 2), post("z", "2019-01-01", 2)]
    assert names(publication_order(posts)) == ["x", "z", "y"]


def test_posts_without_order_go_by_date_merged_among_the_others() -> None:
    # Ordered: first (2020), second (2023), third (2021); unordered by date: early, late.
    posts = [
        post("first", "2020-01-01", 1),
        post("second", "2023-01-01", 2),
        post("third", "2021-01-01", 3),
        post("late", "2024-01-01"),
        post("early", "2022-01-01"),
        post("sameday", "2020-01-01"),  # the same day as 'first': before it, as before
    ]
    expected = ["sameday", "first", "early", "second", "third", "late"]
    assert names(publication_order(posts)) == expected


def test_true_ties_share_a_rank_so_listings_break_them_by_title() -> None:
    ranks = publication_ranks([post("b", "2020-01-01", 1), post("a", "2020-01-01", 1)])
    assert ranks["a"] == ranks["b"]
    chosen = select([post("b", "2020-01-01", 1), post("a", "2020-01-01", 1)], Query())
    assert names(chosen) == ["a", "b"]


def test_ties_are_broken_a_to_z_whatever_the_case_of_a_title() -> None:
    """Posts of one day, titled "apples", "Bananas", "cherries": A to Z both ways, never
    the capitalised title first as code points would put it."""
    same_day = [
        post(name, "2020-01-01", 1, title=title)
        for name, title in (("x", "cherries"), ("z", "Bananas"), ("y", "apples"))
    ]
    assert names(select(same_day, Query())) == ["y", "z", "x"]
    assert names(select(same_day, Query(reverse=True))) == ["y", "z", "x"]


def test_listing_keeps_the_site_order_for_a_subset() -> None:
    site = [
        post("old", "2024-01-01", 1, tags=("t",)),
        post("new", "2020-01-01", 2, tags=("t",)),
        post("loose", "2022-01-01"),
    ]
    assert names(select(site, Query())) == ["new", "old", "loose"]
    assert names(select(site, Query(tags=("T",)))) == ["new", "old"]


def test_negated_filters() -> None:
    site = [
        post("a", "2020-01-01", tags=("Sea",), popular=True),
        post("b", "2021-01-01", tags=("wind",)),
        post("c", "2022-01-01", tags=()),
    ]
    assert names(select(site, Query(popular=False))) == ["c", "b"]
    assert names(select(site, Query(popular=True))) == ["a"]
    assert names(select(site, Query(exclude_tags=("sea", "WIND")))) == ["c"]


def test_query_round_trips_as_plain_data() -> None:
    query = Query(popular=False, exclude_tags=("a", "b"))
    assert Query.from_data(query.as_data()) == query
    assert Query.from_data(None).popular is None and Query().sort == "publication"

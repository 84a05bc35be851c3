"""The related post (``model.related``): the old site's rule, by dates, not by ``order``."""

from __future__ import annotations

import datetime as dt

from chapbook.model.post import Post, publication_order
from chapbook.model.related import moment, related_posts


def post(name: str, when: str | None, order: int, *tags: str, counts=()) -> Post:
    """A record with only what the rule reads: a date (or none), an order, tags."""
    day = dt.date.fromisoformat(when[:10]) if when else None
    return Post(
        tag_counts=counts,
        docname=name,
        title=name,
        date=day,
        datetime=when,
        description="",
        excerpt="",
        order=order,
        tags=tags,
        popular=False,
        popularity=None,
    )


def related(*posts: Post) -> dict[str, str | None]:
    return related_posts(publication_order(posts))


def test_older_means_an_earlier_date_whatever_the_order() -> None:
    # "late" comes last by order but is dated first: it is older than both others.
    found = related(
        post("a", "2021-01-01", 1, "x"),
        post("b", "2022-01-01", 2, "x"),
        post("late", "2020-01-01", 3, "x"),
    )
    assert found == {"a": "late", "b": "a", "late": "b"}


def test_most_shared_tags_first_then_the_later_date() -> None:
    found = related(
        post("one", "2020-01-01", 1, "x", "y"),
        post("two", "2021-01-01", 2, "x"),
        post("three", "2019-06-01", 3, "x"),
        post("me", "2022-01-01", 4, "x", "Y"),  # tags match in any case
    )
    assert found["me"] == "one"  # two tags beat a later date
    assert found["two"] == "one"  # one tag each with one and three: the later date
    assert found["one"] == "three"  # three is the only post dated before one


def test_a_tag_written_twice_counts_twice_as_the_old_site_counted() -> None:
    # "twice" lists both "AI" and "ai" (one tag here): the old site counted both.
    found = related(
        post("twice", "2020-01-01", 1, "AI", "x", counts=(2, 1)),
        post("both", "2019-01-01", 2, "ai", "law"),
        post("me", "2021-01-01", 3, "ai", "law"),
    )
    assert found["me"] == "twice"  # two tags each; "twice" is dated later
    assert found["twice"] == "both"  # its own count of its tags does not matter


def test_a_tie_on_the_date_goes_to_the_later_order() -> None:
    found = related(
        post("first", "2020-01-01", 1, "x"),
        post("second", "2020-01-01", 2, "x"),
        post("me", "2021-01-01", 3, "x"),
    )
    assert found["me"] == "second"


def test_with_no_older_post_sharing_a_tag_a_newer_one_is_chosen() -> None:
    # The old site: "olderCandidates.length > 0 ? olderCandidates : candidates".
    found = related(
        post("me", "2020-01-01", 1, "x", "y"),
        post("newer", "2021-01-01", 2, "x"),
        post("newest", "2022-01-01", 3, "x"),
        post("most", "2020-06-01", 4, "x", "y"),
        post("unrelated", "2019-01-01", 5, "z"),
    )
    assert found["me"] == "most"  # most shared tags among the newer posts
    assert found["newer"] == "most"  # the older "unrelated" shares nothing


def test_a_post_dated_the_same_day_is_not_older() -> None:
    found = related(post("a", "2020-01-01", 1, "x"), post("b", "2020-01-01", 2, "x"))
    assert found == {"a": "b", "b": "a"}


def test_no_tag_or_no_shared_tag_means_no_related_post() -> None:
    found = related(post("bare", "2020-01-01", 1), post("alone", "2021-01-01", 2, "x"))
    assert found == {"bare": None, "alone": None}


def test_a_time_and_a_zone_count() -> None:
    # At 08:15 UTC, "morning" (09:00 at UTC+1, so 08:00 UTC) is older, "later" is not.
    me = post("me", "2020-01-01T08:15:00", 3, "x")  # no zone: read as UTC
    morning = post("morning", "2020-01-01T09:00:00+01:00", 1, "x")
    later = post("later", "2020-01-01T10:00:00", 2, "x")
    assert moment(me) == dt.datetime(2020, 1, 1, 8, 15, tzinfo=dt.UTC)
    assert related(me, morning, later)["me"] == "morning"


def test_a_post_with_no_usable_date_is_never_older_nor_later() -> None:
    # As an invalid Date in JavaScript: every comparison with it is false.
    found = related(
        post("undated", None, 3, "x"),
        post("a", "2020-01-01", 1, "x"),
        post("b", "2021-01-01", 2, "x"),
    )
    assert found["b"] == "a"  # "undated" is not older than b
    # Its own pool is every candidate: walked from the latest order, b is kept
    # (a is not dated later than b).
    assert found["undated"] == "b"

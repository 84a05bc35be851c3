"""Which posts a listing shows, and in what order: pure functions over post records."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from chapbook.model.names import tag_key
from chapbook.model.post import day_key, order_key

if TYPE_CHECKING:
    from collections.abc import Iterable

    from chapbook.model.post import Post

SORTS = ("date", "order", "popularity")
FORMATS = ("title", "title-date-tags", "title-date-description")


@dataclass(frozen=True)
class Query:
    """A listing's options, as stored on its placeholder node (plain, picklable data)."""

    tags: tuple[str, ...] = ()
    match: str = "any"
    year: int | None = None
    popular: bool = False
    exclude: tuple[str, ...] = ()
    sort: str = "date"
    reverse: bool = False
    limit: int | None = None
    format: str = "title-date-tags"
    paginate: int | None = None
    page: int = 1

    def as_data(self) -> dict[str, Any]:
        """The stored form, kept on listing nodes and in the environment."""
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any] | None) -> Query:
        data = dict(data or {})
        for key in ("tags", "exclude"):
            data[key] = tuple(data.get(key, ()))
        return cls(**data)

    def on_page(self, page: int) -> Query:
        return replace(self, page=page)


def sort_key(post: Post, by: str) -> tuple[Any, ...]:
    """The primary key, highest first; ``date`` breaks ties by ``order`` and vice versa."""
    order, day = order_key(post), day_key(post)
    if by == "order":
        return (order, day)
    if by == "popularity":
        score = (post.popularity or {}).get("score")
        return (score if isinstance(score, int | float) else -math.inf, order, day)
    return (day, order)


def select(posts: Iterable[Post], query: Query) -> list[Post]:
    """Every post the query matches, sorted, before limit and pagination."""
    wanted_tags = {tag_key(t) for t in query.tags}
    excluded = set(query.exclude)
    chosen = [
        post
        for post in posts
        if _matches_tags(post, wanted_tags, query.match)
        and (query.year is None or (post.date is not None and post.date.year == query.year))
        and (not query.popular or post.popular)
        and post.docname not in excluded
    ]
    # Ties end A-Z by title whichever way the list runs (sorts are stable).
    chosen.sort(key=lambda post: (post.title.casefold(), post.docname))
    chosen.sort(key=lambda post: sort_key(post, query.sort), reverse=not query.reverse)
    return chosen


def _matches_tags(post: Post, wanted: set[str], match: str) -> bool:
    if not wanted:
        return True
    have = {tag_key(t) for t in post.tags}
    return wanted <= have if match == "all" else bool(wanted & have)


def page_count(total: int, per_page: int | None) -> int:
    if not per_page or total <= per_page:
        return 1
    return math.ceil(total / per_page)


def window(posts: list[Post], query: Query) -> list[Post]:
    """The slice one page of the listing shows."""
    if query.paginate:
        start = (query.page - 1) * query.paginate
        return posts[start : start + query.paginate]
    return posts[: query.limit] if query.limit is not None else posts


def years(posts: Iterable[Post]) -> list[int]:
    return sorted({post.date.year for post in posts if post.date is not None}, reverse=True)

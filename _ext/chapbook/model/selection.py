"""Which posts a listing shows, and in what order: pure functions over post records."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from chapbook.model.names import tag_key
from chapbook.model.post import day_key, order_key, publication_ranks

if TYPE_CHECKING:
    from collections.abc import Iterable

    from chapbook.model.post import Post

# ``publication``, the default, is the site's publication order (``model.post``).
SORTS = ("publication", "date", "order", "popularity")
#: What each listing format shows of a post, beside its linked title. One definition:
#: the page writes these and the listing's signature (when to rewrite it) holds them.
FORMAT_FIELDS: dict[str, frozenset[str]] = {
    "title": frozenset(),
    "title-date": frozenset({"date"}),
    "title-date-tags": frozenset({"date", "tags"}),
    "title-date-description": frozenset({"date", "summary"}),
    "title-date-description-tags": frozenset({"date", "summary", "tags"}),
    # Each post's cover as a thumbnail beside its title, date and description.
    "cards": frozenset({"cover", "date", "summary"}),
}
FORMATS = tuple(FORMAT_FIELDS)


@dataclass(frozen=True)
class Query:
    """A listing's options, as stored on its placeholder node (plain, picklable data)."""

    tags: tuple[str, ...] = ()
    match: str = "any"
    #: Posts by any of these authors (keys or names, as ``model.authors`` matches them).
    authors: tuple[str, ...] = ()
    year: int | None = None
    popular: bool | None = None  # True: popular only; False: never popular; None: either
    exclude: tuple[str, ...] = ()
    exclude_tags: tuple[str, ...] = ()
    sort: str = "publication"
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
        for key in ("tags", "authors", "exclude", "exclude_tags"):
            data[key] = tuple(data.get(key, ()))
        return cls(**data)

    def on_page(self, page: int) -> Query:
        return replace(self, page=page)


def sort_key(post: Post, by: str, ranks: dict[str, int]) -> tuple[Any, ...]:
    """The primary key, highest first.

    ``publication`` is the site's publication order (``ranks``, from
    ``model.post``); ``date`` and ``order`` are built from the same two keys
    that rule uses, each breaking the other's ties.
    """
    order, day = order_key(post), day_key(post)
    if by == "order":
        return (order, day)
    if by == "date":
        return (day, order)
    if by == "popularity":
        score = (post.popularity or {}).get("score")
        return (score if isinstance(score, int | float) else -math.inf, ranks[post.docname])
    return (ranks[post.docname],)


def select(posts: Iterable[Post], query: Query, ranks: dict[str, int] | None = None) -> list[Post]:
    """Every post the query matches, sorted, before limit and pagination.

    ``posts`` is the whole site: publication order is the site's, not the
    order a merge of only the chosen posts would give (``ranks``, when the
    caller has them for these posts, else computed here).
    """
    everything = list(posts)
    if ranks is None:
        ranks = publication_ranks(everything)
    wanted = {tag_key(t) for t in query.tags}
    unwanted = {tag_key(t) for t in query.exclude_tags}
    writers = {tag_key(a) for a in query.authors}
    chosen = [
        post
        for post in everything
        if _matches(post, query, wanted, unwanted) and _by(post, writers)
    ]
    # Ties end A-Z by title whichever way the list runs (sorts are stable).
    chosen.sort(key=lambda post: (post.title.casefold(), post.docname))
    chosen.sort(key=lambda post: sort_key(post, query.sort, ranks), reverse=not query.reverse)
    return chosen


def _matches(post: Post, query: Query, wanted: set[str], unwanted: set[str]) -> bool:
    """Whether ``post`` passes every filter (tag sets already made tag identities)."""
    return (
        _matches_tags(post, wanted, query.match)
        and not (unwanted and unwanted & {tag_key(t) for t in post.tags})
        and (query.year is None or (post.date is not None and post.date.year == query.year))
        and (query.popular is None or post.popular == query.popular)
        and post.docname not in query.exclude
    )


def _by(post: Post, writers: set[str]) -> bool:
    """Whether one of ``writers`` (author identities) wrote ``post``; any post without a filter."""
    if not writers:
        return True
    return any(a.key in writers or tag_key(a.name) in writers for a in post.authors)


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

"""The post record, publication order and the excerpt: what every output knows of a post."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from chapbook.model.frontmatter import FrontMatter

EXCERPT_LENGTH = 200
PREVIEW_WORDS = 60


@dataclass(frozen=True)
class Post:
    """What every listing, tag page, feed and book needs to know of one post."""

    docname: str
    title: str
    date: dt.date | None
    datetime: str | None
    description: str
    excerpt: str
    order: int | None
    tags: tuple[str, ...]
    popular: bool
    popularity: dict[str, Any] | None
    aliases: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    # Whole paragraphs, plain text, for the related-post box: read once, shown late.
    preview: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        """The description, or failing that the first paragraph's plain text."""
        return self.description or self.excerpt


# -- publication order: one definition, used by listings, navigation and the book --
#
# The rule (the old site ordered everything by the writer's ``order``):
# - posts with an ``order`` follow it, lower is older; equal orders go by date;
# - posts without one go by date among themselves;
# - the two sequences are merged by date: a post without ``order`` comes just
#   before the first post with one that is dated on or after it.
# A site where no post has ``order`` is therefore in date order, exactly as
# before; a site where every post has one is in ``order`` order.  The merge
# depends on the whole site, so the order is computed over all posts at once
# (``publication_ranks``) and a listing sorts by those ranks, never by a merge
# of its own subset (which could disagree with the site's order).


def day_key(post: Post) -> tuple[dt.date, str]:
    """When a post was published: its date, then the time it gave (if any)."""
    return (post.date or dt.date.min, post.datetime or "")


def order_key(post: Post) -> float:
    """The writer's ``order``; a post without one comes before those with one."""
    return post.order if post.order is not None else -math.inf


def publication_ranks(posts: Iterable[Post]) -> dict[str, int]:
    """Each post's place in publication order, 0 = oldest; equal places are true ties.

    Posts with the same ``order`` and date (or no order and the same date)
    share a rank, so a listing can break the tie A-Z in either direction.
    """
    ranks: dict[str, int] = {}
    rank, previous = -1, None
    for post in _merged(list(posts)):
        group = (post.order, day_key(post))
        if group != previous:
            rank, previous = rank + 1, group
        ranks[post.docname] = rank
    return ranks


def _merged(posts: list[Post]) -> Iterator[Post]:
    """The posts with ``order`` in that order, those without merged in by date."""
    ordered = sorted((p for p in posts if p.order is not None), key=_with_order)
    dated = sorted((p for p in posts if p.order is None), key=day_key)
    i = j = 0
    while i < len(ordered) or j < len(dated):
        # On the same day a post without ``order`` comes first, as it always has.
        if j < len(dated) and (i == len(ordered) or day_key(dated[j]) <= day_key(ordered[i])):
            yield dated[j]
            j += 1
        else:
            yield ordered[i]
            i += 1


def _with_order(post: Post) -> tuple[Any, ...]:
    return (post.order, *day_key(post))


def publication_key(posts: Iterable[Post]) -> Callable[[Post], tuple[Any, ...]]:
    """The sort key of publication order over ``posts`` (the whole site): rank, title."""
    ranks = publication_ranks(posts)
    return lambda post: (ranks[post.docname], post.title.casefold(), post.docname)


def publication_order(posts: Iterable[Post]) -> list[Post]:
    """``posts`` (an iterable of records) oldest first."""
    chosen = list(posts)
    return sorted(chosen, key=publication_key(chosen))


def format_date(day: dt.date, fmt: str) -> str:
    """``strftime`` plus ``%-d`` (day without a leading zero) on every platform."""
    return day.strftime(fmt.replace("%-d", str(day.day)))


# -- the record, made from the front-matter and the read doctree --------------------


def record(docname: str, fm: FrontMatter, doctree: nodes.document) -> Post:
    assert fm.title is not None
    return Post(
        docname=docname,
        title=_shown_title(doctree) or fm.title,
        date=fm.date,
        datetime=fm.datetime,
        description=fm.description,
        excerpt=excerpt(doctree),
        preview=preview(doctree),
        order=fm.order,
        tags=fm.tags,
        popular=fm.popular,
        popularity=fm.popularity,
        aliases=fm.aliases,
        extra=fm.extra,
        lines=dict(fm.lines),
    )


def _shown_title(doctree: nodes.document) -> str:
    """The title as the page shows it (after smart quotes), for listings to match."""
    section = doctree.next_node(nodes.section)
    return section[0].astext() if section is not None and section.children else ""


def excerpt(doctree: nodes.document, *, length: int = EXCERPT_LENGTH) -> str:
    """Plain text of the body's first paragraph, cut at a word near ``length``."""
    for text in _paragraphs(doctree):
        if len(text) <= length:
            return text
        return text[:length].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return ""


def preview(doctree: nodes.document, *, words: int = PREVIEW_WORDS) -> tuple[str, ...]:
    """The body's first whole paragraphs, as many as reach ``words`` words.

    The old site's related-post box showed this much; whole paragraphs, so a
    preview never stops mid-sentence.
    """
    shown: list[str] = []
    count = 0
    for text in _paragraphs(doctree):
        if count >= words:
            break
        shown.append(text)
        count += len(text.split())
    return tuple(shown)


def _paragraphs(doctree: nodes.document) -> Iterator[str]:
    """The plain text of each non-empty body paragraph, without footnote marks."""
    for paragraph in doctree.findall(nodes.paragraph):
        if _outside_body(paragraph):
            continue
        copy = paragraph.deepcopy()
        # Footnote numbers and image alt texts are not prose.
        for node in list(copy.findall(_not_prose)):
            node.parent.remove(node)
        text = " ".join(copy.astext().split())
        if text:
            yield text


def _not_prose(node: nodes.Node) -> bool:
    return isinstance(node, nodes.footnote_reference | nodes.image | nodes.raw)


def _outside_body(node: nodes.Element) -> bool:
    skip = (nodes.docinfo, nodes.field_list, nodes.footnote, nodes.admonition, nodes.sidebar)
    parent = node.parent
    while parent is not None:
        if isinstance(parent, skip) or "chapbook-post-meta" in parent.get("classes", ()):
            return True
        parent = parent.parent
    return False

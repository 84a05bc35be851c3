"""The post record, publication order and the excerpt: what every output knows of a post."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from chapbook.model.frontmatter import FrontMatter

EXCERPT_LENGTH = 200


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

    @property
    def summary(self) -> str:
        """The description, or failing that the first paragraph's plain text."""
        return self.description or self.excerpt


# -- publication order: one definition, used by listings, navigation and the book --


def day_key(post: Post) -> tuple[dt.date, str]:
    """When a post was published: its date, then the time it gave (if any)."""
    return (post.date or dt.date.min, post.datetime or "")


def order_key(post: Post) -> float:
    """The writer's ``order``; a post without one comes before those with one."""
    return post.order if post.order is not None else -math.inf


def publication_key(post: Post) -> tuple[Any, ...]:
    """Oldest first: date, then the writer's ``order``, then title, then docname."""
    return (*day_key(post), order_key(post), post.title.casefold(), post.docname)


def publication_order(posts: Any) -> list[Post]:
    """``posts`` (an iterable of records) oldest first."""
    return sorted(posts, key=publication_key)


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
    for paragraph in doctree.findall(nodes.paragraph):
        if _outside_body(paragraph):
            continue
        copy = paragraph.deepcopy()
        # Footnote numbers and image alt texts are not prose.
        for node in list(copy.findall(_not_prose)):
            node.parent.remove(node)
        text = " ".join(copy.astext().split())
        if not text:
            continue
        if len(text) <= length:
            return text
        return text[:length].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return ""


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

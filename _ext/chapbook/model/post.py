"""The post record, publication order and the excerpt: what every output knows of a post."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from docutils import nodes

from chapbook.model.authors import resolve
from chapbook.model.frontmatter.fields import POST_ATTRS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping

    from chapbook.model.authors import Author, Profile
    from chapbook.model.frontmatter import FrontMatter

EXCERPT_LENGTH = 200
PREVIEW_WORDS = 60
#: ``<!-- more -->`` ends a post's excerpt (as in Jekyll, Hugo, ABlog and mkdocs-material).
MORE = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
#: The class of a post's cover image (front-matter ``image:``) and of its container.
COVER = "chapbook-cover"


@dataclass(frozen=True)
class Post:
    """What every listing, tag page, feed and book needs to know of one post.

    A field named like an attribute of ``FrontMatter`` is copied from it when its key's
    row in ``frontmatter.fields.KEYS`` says ``post=True`` (``tests/model/test_fields.py``
    keeps the two in step); the others are Chapbook's reading of the doctree.
    """

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
    # The series the post belongs to (``series``), and its place in it.
    series: str | None = None
    series_order: int | None = None
    # The cover: its path in the source folder or its web address ("" for none), its
    # alt text, and its size in pixels when it could be measured (listings reserve it).
    cover: str = ""
    cover_alt: str = ""
    cover_size: tuple[int, int] | None = None
    # Who wrote it (``author``, ``authors``), matched to ``chapbook_authors``.
    authors: tuple[Author, ...] = ()
    # How many times each tag was written, in any case; empty when each was written once.
    tag_counts: tuple[int, ...] = ()

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


def series_order(parts: Iterable[Post], ranks: dict[str, int]) -> list[Post]:
    """A series' posts in reading order: by ``series_order``, then publication order.

    Posts without a ``series_order`` follow those with one, in publication
    order (``ranks``, over the whole site), so a series needs no numbers.
    """

    def key(post: Post) -> tuple[Any, ...]:
        number = post.series_order
        return (number is None, number or 0, ranks[post.docname], post.docname)

    return sorted(parts, key=key)


# -- the record, made from the front-matter and the read doctree --------------------


def record(
    docname: str,
    fm: FrontMatter,
    doctree: nodes.document,
    *,
    people: Mapping[str, Profile] | None = None,
) -> Post:
    """The post's record; ``people`` (``model.authors.profiles``) names its authors."""
    assert fm.title is not None
    marker = more_marker(doctree)
    # The front-matter's values as the key table says (``frontmatter.fields``); the title
    # as the page shows it; the rest is Chapbook's reading of the doctree.
    values = {name: getattr(fm, name) for name in POST_ATTRS}
    return Post(
        **{**values, "title": _shown_title(doctree) or fm.title},
        docname=docname,
        excerpt=excerpt(doctree, marker=marker),
        preview=preview(doctree, marker=marker),
        authors=resolve(fm.authors, people or {}),
        extra=fm.extra,
        lines=dict(fm.lines),
        **_cover(doctree),
    )


def _cover(doctree: nodes.document) -> dict[str, Any]:
    """The cover the reading stage put in the doctree (a refused one is not there)."""
    # findall() by class alone takes docutils' fast walk; a predicate, its slow one.
    image = next((n for n in doctree.findall(nodes.image) if COVER in n["classes"]), None)
    if image is None:
        return {}
    size = image.get("chapbook_size")
    return {
        "cover": image["chapbook_cover"],
        "cover_alt": image.get("alt", ""),
        "cover_size": tuple(size) if size else None,
    }


def _shown_title(doctree: nodes.document) -> str:
    """The title as the page shows it (after smart quotes), for listings to match."""
    section = doctree.next_node(nodes.section)
    return section[0].astext() if section is not None and section.children else ""


#: ``marker`` not given: the excerpt functions find it themselves.
_FIND: Any = object()


def excerpt(
    doctree: nodes.document, *, length: int = EXCERPT_LENGTH, marker: nodes.Node | None = _FIND
) -> str:
    """The text above ``<!-- more -->``, else the first paragraph cut at a word near ``length``.

    Above the marker the writer chose the excerpt: it is kept whole.  ``marker``
    is ``more_marker(doctree)`` when the caller has it already.
    """
    if marker is _FIND:
        marker = more_marker(doctree)
    if marker is not None:
        return " ".join(_paragraphs(doctree, until=marker))
    for text in _paragraphs(doctree):
        if len(text) <= length:
            return text
        return text[:length].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return ""


def preview(
    doctree: nodes.document, *, words: int = PREVIEW_WORDS, marker: nodes.Node | None = _FIND
) -> tuple[str, ...]:
    """The paragraphs above ``<!-- more -->``, else the first ones that reach ``words`` words.

    The old site's related-post box showed this much; whole paragraphs, so a
    preview never stops mid-sentence.
    """
    if marker is _FIND:
        marker = more_marker(doctree)
    if marker is not None:
        return tuple(_paragraphs(doctree, until=marker))
    shown: list[str] = []
    count = 0
    for text in _paragraphs(doctree):
        if count >= words:
            break
        shown.append(text)
        count += len(text.split())
    return tuple(shown)


# -- the excerpt marker ------------------------------------------------------------
#
# MyST reads ``<!-- more -->`` as raw HTML.  The post record is made from the
# doctree with the marker in it (``record``); then the marker is taken out
# (``drop_more_markers``), so no output ever shows it.


def is_more(node: nodes.Node) -> bool:
    """Whether ``node`` is the excerpt marker, ``<!-- more -->``, as MyST leaves it."""
    if not isinstance(node, nodes.raw) or "html" not in node.get("format", "").split():
        return False
    return bool(MORE.fullmatch(node.astext().strip()))


def more_marker(doctree: nodes.document) -> nodes.raw | None:
    """The first ``<!-- more -->`` of the body (one in the post's header does not count)."""
    for node in doctree.findall(nodes.raw):
        if is_more(node) and not _outside_body(node):
            return node
    return None


def drop_more_markers(doctree: nodes.document) -> None:
    """Take every ``<!-- more -->`` out: it is a mark for Chapbook, never page content."""
    for node in [raw for raw in doctree.findall(nodes.raw) if is_more(raw)]:
        node.parent.remove(node)


def _paragraphs(doctree: nodes.document, *, until: nodes.Node | None = None) -> Iterator[str]:
    """The plain text of each non-empty body paragraph, without footnote marks.

    With ``until`` (the excerpt marker), only the text above it.
    """
    # findall() by class alone takes docutils' fast walk; a predicate, its slow one.
    found = (
        doctree.findall(nodes.paragraph)
        if until is None
        else (
            n
            for n in doctree.findall(nodes.Element)
            if n is until or isinstance(n, nodes.paragraph)
        )
    )
    for node in found:
        if node is until:
            return
        if _outside_body(node):
            continue
        text = _prose(_above(node, until))
        if text:
            yield text
        if until is not None and _holds(node, until):
            return  # the marker was inside this paragraph: nothing below it counts


def _above(paragraph: nodes.Element, marker: nodes.Node | None) -> nodes.Element:
    """A copy of ``paragraph``, cut before ``marker`` when the marker is inside it."""
    if marker is None or not _holds(paragraph, marker):
        return paragraph.deepcopy()
    kept = []
    for child in paragraph.children:
        if child is marker or _holds(child, marker):
            break
        kept.append(child.deepcopy())
    return nodes.paragraph("", "", *kept)


def _holds(node: nodes.Node, inner: nodes.Node) -> bool:
    parent = inner.parent
    while parent is not None:
        if parent is node:
            return True
        parent = parent.parent
    return False


def _prose(copy: nodes.Element) -> str:
    # Footnote numbers and image alt texts are not prose.
    for node in list(copy.findall(_not_prose)):
        node.parent.remove(node)
    return " ".join(copy.astext().split())


def _not_prose(node: nodes.Node) -> bool:
    return isinstance(node, nodes.footnote_reference | nodes.image | nodes.raw)


def _outside_body(node: nodes.Element) -> bool:
    # Admonition: every box ({note}, {warning}, {admonition}...), none of them the post's prose.
    skip = (nodes.docinfo, nodes.field_list, nodes.footnote, nodes.Admonition, nodes.sidebar)
    parent = node.parent
    while parent is not None:
        if isinstance(parent, skip) or "chapbook-post-meta" in parent.get("classes", ()):
            return True
        parent = parent.parent
    return False

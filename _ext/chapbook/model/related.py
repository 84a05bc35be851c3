"""Which post a post offers to read next by subject: the old site's rule, exactly.

The blog Chapbook was made for chose each post's related post in its
``gatsby-node.js`` (``buildPreviewForPost``); a moved blog keeps every post's
choice only if the rule is the same, step for step:

1. a post without tags, or sharing none with any other post, has none;
2. the candidates are the posts sharing at least one tag (any case), each
   counting the post's tags among its own tags as written (a post tagged both
   ``AI`` and ``ai`` shares two tags with one tagged ``ai``);
3. of them, those dated before this post (``new Date(frontmatter.date)``,
   strictly earlier) are the pool; when none is, the pool is every candidate,
   newer ones included (so a blog's first post still points somewhere);
4. the pool is walked newest ``order`` first (the old site's list was sorted
   by ``order``, descending), keeping the first post seen, replaced by one
   sharing more tags, or as many and dated strictly later.

Dates decide what is older and break ties; ``order`` (here publication order)
only decides which of two posts dated the same is kept: the later one.  A post
whose date could not be read is never older nor later than another, as an
invalid ``Date`` compared in JavaScript.  A date without a time is midnight UTC,
as JavaScript reads ``2025-06-01``; a time without a zone is read as UTC too
(JavaScript would use the build machine's zone, which no build should depend on).
Tags match as Chapbook's tag pages match them (case, spacing and Unicode form
aside); the old site lowercased them, the same for every tag but those told apart
by spacing or by letters such as ß.
Previous and next post follow publication order, not this rule (``collecting.navigation``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from chapbook.model.names import tag_key

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from chapbook.model.post import Post


def related_posts(ordered: Sequence[Post]) -> dict[str, str | None]:
    """Each post's related post (a docname, or None); ``ordered`` in publication order.

    Posts are matched through an index of tags, not compared two by two, so a
    post costs what its tags' posts cost, not what the whole blog does.
    """
    position = {post.docname: index for index, post in enumerate(ordered)}
    moments = {post.docname: moment(post) for post in ordered}
    by_tag: dict[str, dict[str, int]] = defaultdict(dict)
    for post in ordered:
        for name, count in zip(post.tags, post.tag_counts or (1,) * len(post.tags), strict=True):
            by_tag[tag_key(name)][post.docname] = count
    return {
        post.docname: related_post(post.docname, _shared(post, by_tag), moments, position)
        for post in ordered
    }


def _shared(post: Post, by_tag: Mapping[str, Mapping[str, int]]) -> dict[str, int]:
    """Every other post sharing a tag with ``post``, and how many of its tags it shares.

    Counted as the old site counted, over the other post's tags as written: one
    that lists ``AI`` and ``ai`` shares two tags with a post tagged ``ai``.
    """
    shared: dict[str, int] = defaultdict(int)
    for name in {tag_key(t) for t in post.tags}:
        for other, count in by_tag[name].items():
            if other != post.docname:
                shared[other] += count
    return shared


def moment(post: Post) -> dt.datetime | None:
    """When the post says it was published, as an instant (UTC), or None if unknown."""
    if post.date is None:
        return None
    # ``datetime`` is the date, or date and time, as the front-matter gave it (ISO 8601).
    when = dt.datetime.fromisoformat(post.datetime or post.date.isoformat())
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def related_post(
    docname: str,
    shared: Mapping[str, int],
    moments: Mapping[str, dt.datetime | None],
    position: Mapping[str, int],
) -> str | None:
    """The docname of ``docname``'s related post, or None.

    ``shared`` maps every other post sharing a tag with it to the number of tags
    they share; ``moments`` holds every post's :func:`moment`, ``position`` its
    place in publication order (0 = oldest, no two alike).
    """
    when = moments[docname]
    candidates = sorted(shared, key=position.__getitem__, reverse=True)
    older = [other for other in candidates if _before(moments[other], when)]
    best: str | None = None
    for other in older or candidates:
        if best is None or _better(other, best, shared, moments):
            best = other
    return best


def _better(
    other: str, best: str, shared: Mapping[str, int], moments: Mapping[str, dt.datetime | None]
) -> bool:
    """The old site's ``reduce`` step: more shared tags, or as many and a later date."""
    mine, theirs = shared[other], shared[best]
    return mine > theirs or (mine == theirs and _before(moments[best], moments[other]))


def _before(one: dt.datetime | None, two: dt.datetime | None) -> bool:
    """``one < two`` as JavaScript compares dates: false when either is unknown."""
    return one is not None and two is not None and one < two

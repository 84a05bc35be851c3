"""The series table: every series across the blog, its page, and its posts in reading order.

A post joins a series with ``series: <name>`` in its front-matter (names
match as tags do: case and spacing aside), and takes its place with an
optional ``series_order``.  The table is derived after every read phase
(``refresh``), like the tag table; each part's box and the series page are
listings over it, so an incremental build rewrites exactly the pages whose
box or list changed.  Previous and next are not affected: they stay in
publication order.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from chapbook.collecting.state import SeriesEntry, posts_of, state
from chapbook.model.names import slugify, tag_key
from chapbook.model.post import publication_ranks, series_order
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from chapbook.model.post import Post


def refresh(env: BuildEnvironment) -> dict[str, SeriesEntry]:
    """Rebuild the series table (``env-updated``), reporting series that share a URL."""
    posts = posts_of(env)
    members: dict[str, list[Post]] = {}
    for _, post in sorted(posts.items()):
        if post.series:
            members.setdefault(tag_key(post.series), []).append(post)
    ranks = publication_ranks(posts.values()) if members else {}
    folder = env.config.chapbook_series_dir
    taken: set[str] = set()
    table: dict[str, SeriesEntry] = {}
    for key in sorted(members, key=lambda k: (slugify(k), k)):
        parts = series_order(members[key], ranks)
        slug = _unique(slugify(key), taken)
        table[key] = SeriesEntry(key, _name(parts), f"{folder}/{slug}", _docnames(parts))
        if slug != slugify(key):
            warn(f"series {table[key].name!r} has the same URL as another series; its page "
                 f"is at {folder}/{slug}/", Warn.SERIES, location=_where(parts[0]))  # fmt: skip
    state(env).series = table
    return table


def _name(parts: list[Post]) -> str:
    """The spelling most of its posts use (ties: the first A-Z)."""
    counts = Counter(post.series for post in parts if post.series)
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


def _docnames(parts: list[Post]) -> tuple[str, ...]:
    return tuple(post.docname for post in parts)


def _unique(slug: str, taken: set[str]) -> str:
    candidate, number = slug, 1
    while candidate in taken or candidate == "index":
        number += 1
        candidate = f"{slug}-{number}"
    taken.add(candidate)
    return candidate


def _where(post: Post) -> tuple[str, int]:
    return (post.docname, post.lines.get("series", 1))


def of_post(env: BuildEnvironment, docname: str) -> SeriesEntry | None:
    """The series ``docname`` is a part of, if any."""
    post = posts_of(env).get(docname)
    if post is None or not post.series:
        return None
    return state(env).series.get(tag_key(post.series))

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

from typing import TYPE_CHECKING

from chapbook.collecting import taxonomy
from chapbook.collecting.state import SeriesEntry, posts_of, state
from chapbook.model.names import tag_key
from chapbook.model.post import publication_ranks, series_order
from chapbook.warnings_ import Warn

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.environment import BuildEnvironment

    from chapbook.model.post import Post


SERIES = taxonomy.Kind("series", Warn.SERIES)


def refresh(env: BuildEnvironment) -> dict[str, SeriesEntry]:
    """Rebuild the series table (``env-updated``), reporting series that share a URL."""
    posts = posts_of(env)
    found = taxonomy.groups(posts, _series)
    ranks = publication_ranks(posts.values()) if found else {}
    folder = env.config.chapbook_series_dir
    table: dict[str, SeriesEntry] = {}
    for group in found:
        parts = series_order(group.posts, ranks)
        docname = f"{folder}/{group.slug}"
        table[group.key] = SeriesEntry(group.key, group.name, docname, _docnames(parts))
        taxonomy.report(SERIES, group, group.name, docname, _where(parts[0]))
    state(env).series = table
    return table


def _series(post: Post) -> Iterable[tuple[str, str]]:
    return [(tag_key(post.series), post.series)] if post.series else []


def _docnames(parts: list[Post]) -> tuple[str, ...]:
    return tuple(post.docname for post in parts)


def _where(post: Post) -> tuple[str, int]:
    return (post.docname, post.lines.get("series", 1))


def of_post(env: BuildEnvironment, docname: str) -> SeriesEntry | None:
    """The series ``docname`` is a part of, if any."""
    post = posts_of(env).get(docname)
    if post is None or not post.series:
        return None
    return state(env).series.get(tag_key(post.series))

"""Reading on: each post's previous and next post and one related post.

Previous and next follow publication order (``model.post``); the related post
follows the old site's rule, by dates and shared tags (``model.related``).

The table is computed once per read phase from the environment
(``refresh``); each post page reads its own row when written (see
``site.listings``), so a page costs the same to write whatever the number of
posts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chapbook.collecting.state import Row, posts_of, state
from chapbook.model.post import publication_order
from chapbook.model.related import related_posts

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


def refresh(env: BuildEnvironment) -> None:
    """Recompute every post's neighbours and related post (``env-updated``).

    The table depends only on the order of the posts, their dates and their tags: an
    edit that changes none of them (a body, a title, a description) keeps it, which
    spares comparing every post's tags with every other's (0.06 s at 1,250 posts, on
    every rebuild).
    """
    chapbook = state(env)
    ordered = publication_order(posts_of(env).values())
    inputs = tuple((p.docname, p.datetime, p.tags, p.tag_counts) for p in ordered)
    if inputs == chapbook.neighbours_from and len(chapbook.neighbours) == len(ordered):
        return
    related = related_posts(ordered)
    table: dict[str, Row] = {}
    for index, post in enumerate(ordered):
        table[post.docname] = Row(
            ordered[index - 1].docname if index > 0 else None,
            ordered[index + 1].docname if index + 1 < len(ordered) else None,
            related[post.docname],
        )
    chapbook.neighbours, chapbook.neighbours_from = table, inputs


def row(env: BuildEnvironment, docname: str) -> Row:
    return state(env).neighbours.get(docname, Row(None, None, None))

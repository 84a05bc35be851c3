"""Reading on: each post's previous and next post and one related post.

The table is computed once per read phase from the environment
(``refresh``); each post page reads its own row when written (see
``site.listings``), so a page costs the same to write whatever the number of
posts.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from chapbook.collecting.state import Row, posts_of, state
from chapbook.model.names import tag_key
from chapbook.model.post import publication_order

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from chapbook.model.post import Post


def refresh(env: BuildEnvironment) -> None:
    """Recompute every post's neighbours and related post (``env-updated``).

    The table depends only on the order of the posts and their tags: an edit that
    changes neither (a body, a title, a description) keeps it, which spares comparing
    every post's tags with every other's (0.06 s at 1,250 posts, on every rebuild).
    """
    chapbook = state(env)
    ordered = publication_order(posts_of(env).values())
    inputs = tuple((post.docname, post.tags) for post in ordered)
    if inputs == chapbook.neighbours_from and len(chapbook.neighbours) == len(ordered):
        return
    rank = {post.docname: index for index, post in enumerate(ordered)}
    by_tag: dict[str, set[str]] = defaultdict(set)
    for post in ordered:
        for name in post.tags:
            by_tag[tag_key(name)].add(post.docname)
    table: dict[str, Row] = {}
    for index, post in enumerate(ordered):
        table[post.docname] = Row(
            ordered[index - 1].docname if index > 0 else None,
            ordered[index + 1].docname if index + 1 < len(ordered) else None,
            _related(post, by_tag, rank),
        )
    chapbook.neighbours, chapbook.neighbours_from = table, inputs


def _related(post: Post, by_tag: dict[str, set[str]], rank: dict[str, int]) -> str | None:
    """The old site's choice: an older post if any shares a tag; most shared tags; newest.

    Kept as the old site had it, so a moved blog keeps each post's related
    post; ``rank`` is publication order, so ``order`` decides what is older.
    """
    shared: dict[str, int] = defaultdict(int)
    for name in {tag_key(t) for t in post.tags}:
        for other in by_tag[name]:
            if other != post.docname:
                shared[other] += 1
    if not shared:
        return None
    mine = rank[post.docname]
    return max(shared, key=lambda d: (rank[d] < mine, shared[d], rank[d]))


def row(env: BuildEnvironment, docname: str) -> Row:
    return state(env).neighbours.get(docname, Row(None, None, None))


def content(env: BuildEnvironment, docname: str) -> tuple[Any, ...]:
    """What a post's navigation shows: its signature for incremental rebuilds."""
    posts = posts_of(env)
    previous, following, related = (posts.get(d) if d else None for d in row(env, docname))
    shown: list[Any] = [(p.docname, p.title) if p else None for p in (previous, following)]
    if related is not None:
        shown.append((related.docname, related.title, related.datetime, related.preview))
    return tuple(shown)

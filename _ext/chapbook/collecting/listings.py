"""Which pages hold listings, and what each listing shows, as plain data.

A listing is a placeholder node holding a query (``chapbook.nodes``).  The
collector records which documents hold listings, so that after each read
phase every listing can be re-evaluated (``content_of``: its signature) and
exactly the pages whose listing changed are written again.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sphinx.environment.collectors import EnvironmentCollector

from chapbook.collecting import authors, navigation, series
from chapbook.collecting.state import StoredListing, posts_of, state
from chapbook.model import selection
from chapbook.model.names import tag_key
from chapbook.model.post import publication_ranks
from chapbook.nodes import chapbook_listing
from chapbook.urls import doc_key
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from collections.abc import Iterable, Set

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from chapbook.collecting.state import SeriesEntry, TagEntry
    from chapbook.model.post import Post
    from chapbook.model.selection import Query


class ListingsCollector(EnvironmentCollector):
    """Keeps ``state(env).listings``: docname -> the (kind, query) of its listings."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        listings_of(env).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        mine, theirs = listings_of(env), listings_of(other)
        for docname in docnames & theirs.keys():
            mine[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        found = [(node["kind"], node.get("query")) for node in doctree.findall(chapbook_listing)]
        if found:
            listings_of(app.env)[app.env.docname] = found
        paginated = [q for kind, q in found if kind == "posts" and q and q.get("paginate")]
        if len(paginated) > 1:
            warn(
                "only the first paginated postlist on a page gets pages of its own",
                Warn.POSTLIST,
                location=app.env.docname,
            )


def listings_of(env: BuildEnvironment) -> dict[str, list[StoredListing]]:
    return state(env).listings


# -- what a listing shows ----------------------------------------------------------


def refresh_order(env: BuildEnvironment) -> None:
    """Publication ranks and years, once per build rather than once per listing or page.

    At 1,250 posts, 432 listings each ranking every post took 3.8 s of a cold build.
    """
    chapbook = state(env)
    chapbook.ranks = publication_ranks(chapbook.posts.values())
    chapbook.years = tuple(selection.years(chapbook.posts.values()))


def selected(env: BuildEnvironment, query: Query) -> list[Post]:
    posts = posts_of(env)
    if query.exclude:
        root = env.config.root_doc
        excluded = {d for d in posts if doc_key(d, root) in query.exclude}
        query = replace(query, exclude=tuple(excluded))
    ranks = state(env).ranks
    # The stored ranks (and tag table) are for exactly these posts, or are computed again.
    if ranks.keys() != posts.keys():
        return selection.select(posts.values(), query, None)
    return selection.select(_candidates(env, query, posts), query, ranks)


def _candidates(env: BuildEnvironment, query: Query, posts: dict[str, Post]) -> Iterable[Post]:
    """The posts a query can match: for a tag query, those the tag table lists under its tags.

    ``select`` still checks every filter; this only spares it the posts that carry
    none of the tags (a tag page or feed at 1,250 posts looked at all of them).
    The table is rebuilt from the posts at ``env-updated`` before any listing is.
    """
    if not query.tags:
        return posts.values()
    table = state(env).tags
    docnames: set[str] = set()
    for name in query.tags:
        entry = table.get(tag_key(name))
        if entry is not None:
            docnames.update(entry.posts)
    if not docnames <= posts.keys():
        return posts.values()  # a table older than the posts: look at every post
    return [posts[docname] for docname in sorted(docnames)]


def content_of(env: BuildEnvironment, docname: str, kind: str, query: Query | None) -> Any:
    """What a listing renders, as plain data: its signature for incremental rebuilds."""
    if kind == "postnav":
        return navigation.content(env, docname)
    if kind == "tags":
        return tuple((e.name, e.docname, len(e.posts)) for e in sorted_tags(env))
    if kind in {"series", "series-page"}:
        return series_content(env, docname)
    if kind in AUTHOR_KINDS:
        return author_content(env, docname, kind)
    assert query is not None
    chosen = selected(env, query)
    shown = selection.window(chosen, query)
    pages = selection.page_count(len(chosen), query.paginate)
    return (pages, tuple(_post_data(post, query.format) for post in shown))


#: A post's byline, an author's page (who they are), and the index of authors.
AUTHOR_KINDS = frozenset({"byline", "author-card", "authors"})


def author_content(env: BuildEnvironment, docname: str, kind: str) -> tuple[Any, ...]:
    """What a byline, an author's card or the index shows: names, pages, sites, counts."""
    if kind == "byline":
        return tuple(
            (author.name, entry.docname if entry else None)
            for author, entry in authors.of_post(env, docname)
        )
    if kind == "author-card":
        entry = authors.page_of(env, docname)
        return (entry.name, entry.url, entry.avatar) if entry else ()
    return tuple((e.name, e.docname, len(e.posts)) for e in authors.sorted_authors(env))


def series_entry(env: BuildEnvironment, docname: str) -> SeriesEntry | None:
    """The series a post belongs to, or whose page ``docname`` is."""
    found = series.of_post(env, docname)
    if found is not None:
        return found
    return next((e for e in state(env).series.values() if e.docname == docname), None)


def series_content(env: BuildEnvironment, docname: str) -> tuple[Any, ...]:
    """What a series box or page shows: the series, and each part's title and date."""
    entry = series_entry(env, docname)
    if entry is None:
        return ()
    posts = posts_of(env)
    parts = tuple((d, posts[d].title, posts[d].datetime) for d in entry.posts if d in posts)
    return (entry.name, entry.docname, parts)


def _post_data(post: Post, fmt: str) -> tuple[Any, ...]:
    fields = selection.FORMAT_FIELDS[fmt]
    return (
        post.docname,
        post.title,
        post.datetime if "date" in fields else None,
        post.summary if "summary" in fields else None,
        post.tags if "tags" in fields else None,
        (post.cover, post.cover_size) if "cover" in fields else None,
    )


def sorted_tags(env: BuildEnvironment) -> list[TagEntry]:
    """The tag index's order: the most used tags first, then by name, A-Z.

    The old site sized a cloud of tags by their counts, to show what the blog is
    mostly about.  Sizes say that only to a reader who sees them (not to a screen
    reader, nor in a feed or the book) and make ranks hard to compare; an order
    says it in any medium, and the count beside each name gives the number.
    A-Z among equals, so a reader looking for one tag still finds it by name.
    """
    return sorted(
        state(env).tags.values(), key=lambda e: (-len(e.posts), e.name.casefold(), e.slug)
    )


def page_docname(host: str, number: int, root_doc: str) -> str:
    """Page ``number`` of ``host``'s paginated listing (page 1 is the host itself)."""
    if number == 1:
        return host
    prefix = doc_key(host, root_doc)
    return f"{prefix}/page/{number}" if prefix else f"page/{number}"


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_env_collector(ListingsCollector)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

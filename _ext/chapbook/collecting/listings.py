"""Which pages hold listings, and what each listing shows, as plain data.

A listing is a placeholder node holding a query (``chapbook.nodes``).  The
collector records which documents hold listings, so that after each read
phase every listing can be re-evaluated (``content_of``: its signature) and
exactly the pages whose listing changed are written again.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple

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
    import datetime as dt
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


# -- each kind of listing: what it shows ----------------------------------------------
#
# A listing's data holds everything its renderer (``site.listings.RENDERERS``) draws,
# and nothing else: the same value is the page's rebuild signature, so a page is
# written again exactly when what its listings draw changed.
# Named tuples, not dataclasses: every rebuild that changes a record makes and
# pickles them for every listing of the blog, and a tuple is made and pickled
# without a dictionary of field names per object.


class Entry(NamedTuple):
    """A post as a listing draws it; fields its format leaves out stay empty."""

    docname: str
    title: str
    date: dt.date | None = None
    datetime: str | None = None
    summary: str = ""
    #: Each tag's name and its page (None: a tag without a page).
    tags: tuple[tuple[str, str | None], ...] = ()
    cover: str = ""
    cover_size: tuple[int, int] | None = None
    preview: tuple[str, ...] = ()


class PostList(NamedTuple):
    """A post list: the page's window of posts, and how many pages the whole list takes."""

    pages: int
    entries: tuple[Entry, ...]


class Named(NamedTuple):
    """A name and its page (None: no page), with a count of posts in an index."""

    name: str
    docname: str | None
    count: int = 0


class Neighbours(NamedTuple):
    """Previous and next post, and the related post with its preview."""

    previous: Entry | None
    following: Entry | None
    related: Entry | None


class SeriesParts(NamedTuple):
    """A series' name, page, and its parts in reading order."""

    name: str
    docname: str
    parts: tuple[Entry, ...]


class AuthorCard(NamedTuple):
    name: str
    url: str
    avatar: str


#: What a kind of listing shows on page ``docname``, given its query (post lists only).
Shows = Callable[["BuildEnvironment", str, "Query | None"], Hashable]


def _posts(env: BuildEnvironment, docname: str, query: Query | None) -> PostList:
    assert query is not None
    chosen = selected(env, query)
    shown = selection.window(chosen, query)
    pages = selection.page_count(len(chosen), query.paginate)
    return PostList(pages, tuple(entry(env, post, query.format) for post in shown))


def _neighbours(env: BuildEnvironment, docname: str, query: Query | None) -> Neighbours:
    posts = posts_of(env)
    previous, following, related = (
        posts.get(d) if d else None for d in navigation.row(env, docname)
    )
    return Neighbours(
        Entry(previous.docname, previous.title) if previous else None,
        Entry(following.docname, following.title) if following else None,
        _dated(related)._replace(preview=related.preview) if related else None,
    )


def _tag_index(env: BuildEnvironment, docname: str, query: Query | None) -> tuple[Named, ...]:
    return tuple(Named(e.name, e.docname, len(e.posts)) for e in sorted_tags(env))


def _series(env: BuildEnvironment, docname: str, query: Query | None) -> SeriesParts | None:
    found = series_entry(env, docname)
    if found is None:
        return None
    posts = posts_of(env)
    parts = tuple(_dated(posts[d]) for d in found.posts if d in posts)
    return SeriesParts(found.name, found.docname, parts)


def _byline(env: BuildEnvironment, docname: str, query: Query | None) -> tuple[Named, ...]:
    return tuple(
        Named(author.name, entry.docname if entry else None)
        for author, entry in authors.of_post(env, docname)
    )


def _author_card(env: BuildEnvironment, docname: str, query: Query | None) -> AuthorCard | None:
    found = authors.page_of(env, docname)
    return AuthorCard(found.name, found.url, found.avatar) if found else None


def _author_index(env: BuildEnvironment, docname: str, query: Query | None) -> tuple[Named, ...]:
    return tuple(Named(e.name, e.docname, len(e.posts)) for e in authors.sorted_authors(env))


#: Every kind of listing a page may hold (``chapbook.nodes.listing``), and what it shows.
#: A new kind is a line here and its renderer in ``site.listings.RENDERERS``.
KINDS: dict[str, Shows] = {
    "posts": _posts,
    "postnav": _neighbours,
    "tags": _tag_index,
    "series": _series,
    "series-page": _series,
    "byline": _byline,
    "author-card": _author_card,
    "authors": _author_index,
}


def content_of(env: BuildEnvironment, docname: str, kind: str, query: Query | None) -> Any:
    """What a listing draws, as hashable data: its signature for incremental rebuilds."""
    shows = KINDS.get(kind)
    return shows(env, docname, query) if shows else None


def entry(env: BuildEnvironment, post: Post, fmt: str) -> Entry:
    """``post`` as a list in format ``fmt`` draws it."""
    fields = selection.FORMAT_FIELDS[fmt]
    dated = "date" in fields and post.date is not None and post.datetime is not None
    return Entry(
        post.docname,
        post.title,
        post.date if dated else None,
        post.datetime if dated else None,
        post.summary if "summary" in fields else "",
        _tag_pages(env, post.tags) if "tags" in fields else (),
        post.cover if "cover" in fields else "",
        post.cover_size if "cover" in fields else None,
    )


def _dated(post: Post) -> Entry:
    """A post's title with its date, as the related box and a series page show it."""
    dated = post.date is not None and post.datetime is not None
    return Entry(post.docname, post.title, post.date if dated else None,
                 post.datetime if dated else None)  # fmt: skip


def _tag_pages(env: BuildEnvironment, names: tuple[str, ...]) -> tuple[tuple[str, str | None], ...]:
    table = state(env).tags
    pages = ((name, table.get(tag_key(name))) for name in names)
    return tuple((name, found.docname if found else None) for name, found in pages)


def series_entry(env: BuildEnvironment, docname: str) -> SeriesEntry | None:
    """The series a post belongs to, or whose page ``docname`` is."""
    found = series.of_post(env, docname)
    if found is not None:
        return found
    return next((e for e in state(env).series.values() if e.docname == docname), None)


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

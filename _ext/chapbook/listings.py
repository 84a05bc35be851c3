"""Listings of posts: the ``postlist`` directive and every generated listing page.

A listing is a placeholder node holding a :class:`~chapbook.selection.Query`;
at ``doctree-resolved`` it is replaced with links to the posts the query
selects, so no doctree ever holds another post's title or date.  Which
documents hold listings is kept by a collector, so that after each read phase
every listing can be re-evaluated and exactly the pages whose listing changed
are written again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util.docutils import SphinxDirective

from chapbook import book, navigation, selection, tags
from chapbook.header import time_node
from chapbook.posts import posts_of
from chapbook.selection import Query
from chapbook.util import doc_key, url_key, warn

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from chapbook.posts import Post


class chapbook_listing(nodes.General, nodes.Element):  # noqa: N801 - docutils style
    """Placeholder for a listing; replaced before any writer sees it."""


def listing(
    kind: str, query: Query | dict[str, Any] | None = None, **attributes: Any
) -> chapbook_listing:
    """A placeholder; ``query`` may be a Query or its stored (attribute) form."""
    node = chapbook_listing("", kind=kind, **attributes)
    if isinstance(query, Query):
        node.attributes.update(query.to_attributes())
    elif query is not None:
        node["query"] = query
    return node


# -- the directive ---------------------------------------------------------------


def _names(argument: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (argument or "").split(",") if part.strip())


class PostListDirective(SphinxDirective):
    """``postlist``: a list of posts chosen by tags, year and popularity."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "tags": directives.unchanged,
        "match": lambda arg: directives.choice(arg, ("any", "all")),
        "year": directives.positive_int,
        "popular": directives.flag,
        "exclude": directives.unchanged,
        "sort": lambda arg: directives.choice(arg, selection.SORTS),
        "reverse": directives.flag,
        "limit": directives.nonnegative_int,
        "format": lambda arg: directives.choice(arg, selection.FORMATS),
        "paginate": directives.positive_int,
    }

    def run(self) -> list[nodes.Node]:
        options = self.options
        query = Query(
            tags=_names(options.get("tags")),
            match=options.get("match", "any"),
            year=options.get("year"),
            popular="popular" in options,
            exclude=tuple(url_key(name) for name in _names(options.get("exclude"))),
            sort=options.get("sort", "date"),
            reverse="reverse" in options,
            limit=options.get("limit"),
            format=options.get("format", "title-date-tags"),
            paginate=options.get("paginate"),
        )
        node = listing("posts", query)
        self.set_source_info(node)
        return [node]


class ListingsCollector(EnvironmentCollector):
    """Keeps ``env.chapbook_listings``: docname -> the queries of its listings."""

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
                "postlist",
                location=app.env.docname,
            )


def listings_of(env: BuildEnvironment) -> dict[str, list[tuple[str, dict[str, Any] | None]]]:
    if not hasattr(env, "chapbook_listings"):
        env.chapbook_listings = {}
    return env.chapbook_listings


# -- what a listing shows ----------------------------------------------------------


def selected(env: BuildEnvironment, query: Query) -> list[Post]:
    posts = posts_of(env)
    if query.exclude:
        root = env.config.root_doc
        excluded = {d for d in posts if doc_key(d, root) in query.exclude}
        query = Query(**{**query.__dict__, "exclude": tuple(excluded)})
    return selection.select(posts.values(), query)


def content_of(env: BuildEnvironment, docname: str, kind: str, query: Query | None) -> Any:
    """What a listing renders, as plain data: its signature for incremental rebuilds."""
    if kind == "postnav":
        return navigation.content(env, docname)
    if kind == "tags":
        return tuple((e.name, e.docname, len(e.posts)) for e in _sorted_tags(env))
    assert query is not None
    chosen = selected(env, query)
    shown = selection.window(chosen, query)
    pages = selection.page_count(len(chosen), query.paginate)
    return (pages, tuple(_post_data(post, query.format) for post in shown))


def _post_data(post: Post, fmt: str) -> tuple[Any, ...]:
    if fmt == "title":
        return (post.docname, post.title)
    if fmt == "title-date-description":
        return (post.docname, post.title, post.datetime, post.summary)
    return (post.docname, post.title, post.datetime, post.tags)


def _sorted_tags(env: BuildEnvironment) -> list[tags.TagEntry]:
    return sorted(tags.table(env).values(), key=lambda e: (e.name.casefold(), e.slug))


# -- rendering ---------------------------------------------------------------------


def resolve_listings(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(chapbook_listing)):
        kind = node["kind"]
        if kind == "postnav" and book.is_book_builder(app.builder):
            node.replace_self([])  # a book is read in its own order
        elif kind == "postnav":
            node.replace_self(navigation.render(app, docname))
        elif kind == "tags":
            node.replace_self(_tag_list(app.builder, docname, app.env))
        elif kind == "posts":
            query = Query.from_attributes(node.attributes)
            node.replace_self(_post_listing(app, docname, query, host=node.get("host")))
        else:
            node.replace_self([])


def link(builder: Builder, fromdoc: str, todoc: str, text: str) -> nodes.Node:
    if book.leaves_book(builder, todoc):
        return book.web_reference(builder, todoc, None, nodes.Text(text)) or nodes.Text(text)
    uri = builder.get_relative_uri(fromdoc, todoc)
    return nodes.reference(text, text, internal=True, refuri=uri)


def _post_listing(app: Sphinx, docname: str, query: Query, *, host: str | None) -> list[nodes.Node]:
    chosen = selected(app.env, query)
    shown = selection.window(chosen, query)
    if not shown:
        text = app.config.chapbook_no_posts_text
        return [nodes.paragraph(text=text, classes=["chapbook-empty"])]
    items = nodes.bullet_list(classes=["chapbook-postlist", f"chapbook-{query.format}"])
    for post in shown:
        items += nodes.list_item("", *post_item(app, docname, post, query.format))
    result: list[nodes.Node] = [items]
    pages = selection.page_count(len(chosen), query.paginate)
    if pages > 1:
        result.append(_pager(app.builder, docname, host or docname, query.page, pages))
    return result


def post_item(app: Sphinx, docname: str, post: Post, fmt: str) -> list[nodes.Node]:
    line = nodes.paragraph(classes=["chapbook-entry"])
    line += link(app.builder, docname, post.docname, post.title)
    if fmt != "title" and post.date is not None and post.datetime is not None:
        line += nodes.Text(" ")
        line += time_node(post.datetime, post.date, app.config)
    result: list[nodes.Node] = [line]
    if fmt == "title-date-tags" and post.tags:
        result.append(tag_links(app, docname, post.tags))
    elif fmt == "title-date-description" and post.summary:
        result.append(nodes.paragraph(text=post.summary, classes=["chapbook-summary"]))
    return result


def tag_links(app: Sphinx, docname: str, names: tuple[str, ...]) -> nodes.paragraph:
    line = nodes.paragraph(classes=["chapbook-tags"])
    table = tags.table(app.env)
    for index, name in enumerate(names):
        if index:
            line += nodes.Text(", ")
        entry = table.get(tags.tag_key(name))
        if entry is not None:
            line += link(app.builder, docname, entry.docname, name)
        else:
            line += nodes.Text(name)
    return line


def page_docname(host: str, number: int, root_doc: str) -> str:
    """Page ``number`` of ``host``'s paginated listing (page 1 is the host itself)."""
    if number == 1:
        return host
    prefix = doc_key(host, root_doc)
    return f"{prefix}/page/{number}" if prefix else f"page/{number}"


def _pager(builder: Builder, docname: str, host: str, page: int, pages: int) -> nodes.Node:
    root = builder.config.root_doc
    pager = nodes.paragraph(classes=["chapbook-pager"])
    if page > 1:
        pager += link(builder, docname, page_docname(host, page - 1, root), "\u2190 Newer posts")
        pager += nodes.Text(" ")
    pager += nodes.inline(text=f"Page {page} of {pages}", classes=["chapbook-page-number"])
    if page < pages:
        pager += nodes.Text(" ")
        pager += link(builder, docname, page_docname(host, page + 1, root), "Older posts \u2192")
    return pager


def _tag_list(builder: Builder, docname: str, env: BuildEnvironment) -> nodes.Node:
    items = nodes.bullet_list(classes=["chapbook-taglist"])
    for entry in _sorted_tags(env):
        line = nodes.paragraph()
        line += link(builder, docname, entry.docname, entry.name)
        line += nodes.inline(text=f" ({len(entry.posts)})", classes=["chapbook-count"])
        items += nodes.list_item("", line)
    return items


def setup_listings(app: Sphinx) -> None:
    app.add_node(chapbook_listing)
    app.add_directive("postlist", PostListDirective)
    app.add_env_collector(ListingsCollector)
    app.connect("doctree-resolved", resolve_listings)

"""Listings on the page: post lists, the tag index, previous/next/related, page links.

Every listing is a placeholder (``chapbook.nodes.chapbook_listing``) holding
its query; at ``doctree-resolved`` it is replaced with links to the posts the
query selects now, from the environment, so no listing is ever stale and no
doctree holds another post's title.  Book builders get the same lists, with
links to pages outside the book pointing at the web site.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.util.osutil import relative_uri

from chapbook.builders import is_book_builder, is_site_builder, leaves_book, web_reference
from chapbook.collecting.listings import (
    KINDS,
    AuthorCard,
    Entry,
    Named,
    Neighbours,
    PostList,
    SeriesParts,
    content_of,
    page_docname,
)
from chapbook.collecting.state import state
from chapbook.locale import _
from chapbook.model import selection
from chapbook.model.selection import Query
from chapbook.nodes import (
    NO_SEARCH,
    chapbook_html,
    chapbook_listing,
    chapbook_nav,
    chapbook_rel,
    replace,
)
from chapbook.reading.header import date_node
from chapbook.site.listhtml import list_classes, listing_html

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder


#: Kinds a book leaves out: it is read in its own order, with its own contents.
NOT_IN_BOOKS = frozenset({"postnav", "series"})


def resolve_listings(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Each placeholder drawn from what its kind shows now (``collecting.listings.KINDS``).

    ``docname`` is the page being written; a byline says whose post it is (they
    differ in the PDF, whose chapters are written as one document).
    """
    for node in list(doctree.findall(chapbook_listing)):
        kind = node["kind"]
        render = RENDERERS.get(kind)
        if render is None or (kind in NOT_IN_BOOKS and is_book_builder(app.builder)):
            replace(node, [])
            continue
        data = content_of(app.env, node.get("post") or docname, kind, _query(node))
        replace(node, render(app, docname, node, data))  # maybe nothing: no posts to list


def _query(node: chapbook_listing) -> Query | None:
    data = node.get("query")
    return Query.from_data(data) if data else None


def link(builder: Builder, fromdoc: str, todoc: str, text: str) -> nodes.Node:
    """A link to a page: relative, or into the web site from a book that lacks the page."""
    if leaves_book(builder, todoc, state(builder.env).book_docnames()):
        return web_reference(builder, todoc, None, nodes.Text(text)) or nodes.Text(text)
    uri = builder.get_relative_uri(fromdoc, todoc)
    return nodes.reference(text, text, internal=True, refuri=uri)


def _post_listing(
    app: Sphinx, docname: str, node: chapbook_listing, data: PostList
) -> list[nodes.Node]:
    query = _query(node)
    assert query is not None
    if not data.entries:
        text = app.config.chapbook_no_posts_text
        return [
            nodes.paragraph(text=text, classes=["chapbook-empty"]),
            *_more(app.builder, docname, node),
        ]
    items: nodes.Element
    place = node.parent
    # In a section, as every list Chapbook makes is: inside another list or a table,
    # docutils writes a list otherwise ("simple" or not depends on the outer list).
    if written_as_html(app.builder, query.format) and isinstance(
        place, (nodes.section, nodes.document)
    ):
        compact = getattr(place.document.settings, "compact_lists", True)
        markup = listing_html(
            app.builder, docname, data.entries, query.format, compact_lists=compact
        )
        # The first entry stays as nodes inside (the writer skips them): what reads a page's
        # text, as its description does (``seo``), reads what it read before.
        first = post_item(app, docname, data.entries[0], query.format)
        items = chapbook_html("", *first, html=markup, classes=[NO_SEARCH])
    else:
        items = nodes.bullet_list(classes=list_classes(query.format))
        for entry in data.entries:
            items += nodes.list_item("", *post_item(app, docname, entry, query.format))
    result: list[nodes.Node] = [items]
    if data.pages > 1:
        host = node.get("host") or docname
        result.append(_pager(app.builder, docname, host, query.page, data.pages))
    return result + _more(app.builder, docname, node)


def _more(builder: Builder, docname: str, node: chapbook_listing) -> list[nodes.Node]:
    """The link under a listing that shows a few posts to the page listing them all."""
    target = node.get("more")
    if not target or target not in builder.env.all_docs:
        return []
    line = nodes.paragraph(classes=["chapbook-more", NO_SEARCH])
    line += link(builder, docname, target, node["more_text"])
    return [line]


def written_as_html(builder: Builder, fmt: str) -> bool:
    """Whether a post list is written as finished HTML (``site.listhtml``) rather than nodes.

    The site's lists of titles, dates, descriptions and tags: docutils' HTML writer took
    0.3 s to write the archive's 1,250 entries, of a 1.4 s rebuild after a title edit.
    Cards keep their nodes (their images are copied by the builder), and so do the books.
    """
    return is_site_builder(builder) and "cover" not in selection.FORMAT_FIELDS[fmt]


def post_item(app: Sphinx, docname: str, entry: Entry, fmt: str) -> list[nodes.Node]:
    line = nodes.paragraph(classes=["chapbook-entry"])
    line += link(app.builder, docname, entry.docname, entry.title)
    if entry.date is not None and entry.datetime is not None:
        line += nodes.Text(" ")
        line += date_node(entry.datetime, entry.date, app.config)
    result: list[nodes.Node] = [line]
    if entry.summary:
        result.append(nodes.paragraph(text=entry.summary, classes=["chapbook-summary"]))
    if entry.tags:
        result.append(tag_links(app, docname, entry.tags))
    if "cover" not in selection.FORMAT_FIELDS[fmt]:
        return result
    # A card: the thumbnail (when the post has a cover) beside its text.
    text = nodes.container("", *result, classes=["chapbook-card-text"])
    thumbnail = None if is_book_builder(app.builder) else cover_thumbnail(entry)
    return [thumbnail, text] if thumbnail is not None else [text]


def cover_thumbnail(entry: Entry) -> nodes.image | None:
    """A post's cover in a listing: lazy, its space reserved, decorative beside the title.

    The book's listings have none: their images are not converted for the book.
    """
    if not entry.cover:
        return None
    remote = "://" in entry.cover
    image = nodes.image(
        uri=entry.cover,
        alt="",
        loading="lazy",
        classes=["chapbook-card-image", "no-scaled-link"],
        candidates={"?" if remote else "*": entry.cover},
    )
    if entry.cover_size is not None:
        image["width"], image["height"] = (str(n) for n in entry.cover_size)
    return image


def tag_links(
    app: Sphinx, docname: str, tags: tuple[tuple[str, str | None], ...]
) -> nodes.paragraph:
    line = nodes.paragraph(classes=["chapbook-tags"])
    between = tag_separator(app.builder)
    for index, (name, page) in enumerate(tags):
        if index:
            line += nodes.Text(between)
        line += nodes.Text(name) if page is None else link(app.builder, docname, page, name)
    return line


def tag_separator(builder: Builder) -> str:
    """Between a listed post's tags: a space between the site's chips (a comma beside a
    chip is a stray mark), a comma in a book, whose tags are words in a line."""
    return " " if is_site_builder(builder) else ", "


def _pager(builder: Builder, docname: str, host: str, page: int, pages: int) -> nodes.Node:
    root = builder.config.root_doc
    pager = nodes.paragraph(classes=["chapbook-pager"])
    if page > 1:
        newer = _("\u2190 Newer posts")
        pager += link(builder, docname, page_docname(host, page - 1, root), newer)
        pager += nodes.Text(" ")
    number = _("Page {page} of {pages}").format(page=page, pages=pages)
    pager += nodes.inline(text=number, classes=["chapbook-page-number"])
    if page < pages:
        pager += nodes.Text(" ")
        older = _("Older posts \u2192")
        pager += link(builder, docname, page_docname(host, page + 1, root), older)
    return pager


def _index(classes: list[str]) -> Render:
    """The tag index or the index of authors: each name linked, its count beside it."""

    def render(
        app: Sphinx, docname: str, node: chapbook_listing, data: tuple[Named, ...]
    ) -> list[nodes.Node]:
        items = nodes.bullet_list(classes=classes)
        for named in data:
            line = nodes.paragraph()
            line += link(app.builder, docname, named.docname or docname, named.name)
            line += nodes.inline(text=f" ({named.count})", classes=["chapbook-count"])
            items += nodes.list_item("", line)
        return [items]

    return render


def _byline(
    app: Sphinx, docname: str, node: chapbook_listing, data: tuple[Named, ...]
) -> list[nodes.Node]:
    """The byline, "By Ada Lovelace, Bob": names link to the authors' pages (words in a book)."""
    if not data:
        return []
    line = nodes.paragraph(classes=["chapbook-byline"])
    line += nodes.Text(_("By "))
    for index, author in enumerate(data):
        if index:
            line += nodes.Text(", ")
        if author.docname is None or is_book_builder(app.builder):
            line += nodes.inline(text=author.name, classes=["chapbook-author"])
        else:
            line += _with_rel(link(app.builder, docname, author.docname, author.name), "author")
    return [line]


#: An avatar's size in CSS pixels (the file may be larger: it is scaled down, and sharp).
AVATAR_SIZE = "96"


def _author_card(
    app: Sphinx, docname: str, node: chapbook_listing, data: AuthorCard | None
) -> list[nodes.Node]:
    """Who the author of this page is: avatar and web site, when ``chapbook_authors`` says."""
    if data is None or not (data.url or data.avatar):
        return []
    builder = app.builder
    card = nodes.container(classes=["chapbook-author-card"])
    if data.avatar and is_site_builder(builder):
        src = data.avatar
        if src.startswith("/"):  # a file of the site, from this page
            src = relative_uri(builder.get_target_uri(docname), src.lstrip("/"))
        card += nodes.image(
            uri=src,
            alt=data.name,
            width=AVATAR_SIZE,
            height=AVATAR_SIZE,
            candidates={"?": src},  # Sphinx leaves the address as it is
            classes=["chapbook-avatar", "no-scaled-link"],
        )
    if data.url:
        shown = data.url.split("://", 1)[-1].rstrip("/")
        line = nodes.paragraph(classes=["chapbook-author-site"])
        line += nodes.reference(shown, shown, refuri=data.url, internal=False)
        card += line
    return [card]


def _postnav(
    app: Sphinx, docname: str, node: chapbook_listing, data: Neighbours
) -> list[nodes.Node]:
    """Previous and next post, and the related post with its preview."""
    result: list[nodes.Node] = []
    if data.previous or data.following:
        label = _("Previous and next posts")
        nav = chapbook_nav(classes=["chapbook-postnav", NO_SEARCH], label=label)
        labels = ((data.previous, _("Previous: "), "prev"), (data.following, _("Next: "), "next"))
        for entry, text, rel in labels:
            if entry is not None:
                line = nodes.paragraph(classes=[f"chapbook-{rel}"])
                line += nodes.inline(text=text, classes=["chapbook-label"])
                line += _with_rel(link(app.builder, docname, entry.docname, entry.title), rel)
                nav += line
        result.append(nav)
    if data.related is not None:
        result.append(_related_box(app, docname, data.related))
    return result


def _with_rel(node: nodes.Node, rel: str) -> nodes.Node:
    """A page's own link to its neighbour says so (``rel``); a link out of a book stays as is."""
    if not (isinstance(node, nodes.reference) and node.get("internal")):
        return node
    related = chapbook_rel(node.rawsource, "", *node.children, refuri=node["refuri"], rel=rel)
    related["internal"] = True
    return related


def _series(
    app: Sphinx, docname: str, node: chapbook_listing, data: SeriesParts | None
) -> list[nodes.Node]:
    """A series' posts in order: a box on each part (this one marked), or its page's list."""
    if data is None:
        return []
    box = node["kind"] == "series"
    items = nodes.enumerated_list(classes=["chapbook-series-parts"])
    for part in data.parts:
        items += _series_item(app, docname, part, page=not box)
    if not box:
        return [items]
    container = nodes.container(classes=["chapbook-series", NO_SEARCH])
    label = nodes.paragraph(classes=["chapbook-label"])
    label += nodes.Text(_("Series: "))
    label += link(app.builder, docname, data.docname, data.name)
    place = next((i for i, part in enumerate(data.parts, start=1) if part.docname == docname), 0)
    count = _(" (part {place} of {parts})").format(place=place, parts=len(data.parts))
    label += nodes.inline(text=count, classes=["chapbook-count"])
    container += [label, items]
    return [container]


def _series_item(app: Sphinx, docname: str, part: Entry, *, page: bool) -> nodes.list_item:
    line = nodes.paragraph(classes=["chapbook-entry"])
    if part.docname == docname:  # this post: named, not linked
        line += nodes.strong(text=part.title)
        line += nodes.inline(text=_(" (this post)"), classes=["chapbook-current-label"])
        return nodes.list_item("", line, classes=["chapbook-current"])
    line += link(app.builder, docname, part.docname, part.title)
    if page and part.date is not None and part.datetime is not None:
        line += nodes.Text(" ")
        line += date_node(part.datetime, part.date, app.config)
    return nodes.list_item("", line)


def _related_box(app: Sphinx, docname: str, related: Entry) -> nodes.Node:
    """The related post: title and date, its preview (read with the post), a link on."""
    box = nodes.container(classes=["chapbook-related", NO_SEARCH])
    box += nodes.paragraph(text=_("Related"), classes=["chapbook-label"])
    line = nodes.paragraph(classes=["chapbook-entry"])
    line += link(app.builder, docname, related.docname, related.title)
    if related.date is not None and related.datetime is not None:
        line += nodes.Text(" ")
        line += date_node(related.datetime, related.date, app.config)
    box += line
    for text in related.preview:
        box += nodes.paragraph(text=text, classes=["chapbook-summary"])
    more = nodes.paragraph(classes=["chapbook-continue"])
    more += link(app.builder, docname, related.docname, _("Continue reading"))
    box += more
    return box


#: Draws a listing on page ``docname`` from what its kind shows (``KINDS``).
Render = Callable[["Sphinx", str, chapbook_listing, Any], list[nodes.Node]]

#: How each kind of listing in ``collecting.listings.KINDS`` is drawn.
RENDERERS: dict[str, Render] = {
    "posts": _post_listing,
    "postnav": _postnav,
    "tags": _index(["chapbook-taglist", NO_SEARCH]),
    "series": _series,
    "series-page": _series,
    "byline": _byline,
    "author-card": _author_card,
    "authors": _index(["chapbook-authorlist"]),
}


def setup(app: Sphinx) -> dict[str, bool]:
    if RENDERERS.keys() != KINDS.keys():  # a kind shown but never drawn, or drawn from nothing
        raise ExtensionError(f"listing kinds differ: {sorted(RENDERERS.keys() ^ KINDS.keys())}")
    app.connect("doctree-resolved", resolve_listings)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

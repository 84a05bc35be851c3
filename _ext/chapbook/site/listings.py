"""Listings on the page: post lists, the tag index, previous/next/related, page links.

Every listing is a placeholder (``chapbook.nodes.chapbook_listing``) holding
its query; at ``doctree-resolved`` it is replaced with links to the posts the
query selects now, from the environment, so no listing is ever stale and no
doctree holds another post's title.  Book builders get the same lists, with
links to pages outside the book pointing at the web site.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.osutil import relative_uri

from chapbook.builders import is_book_builder, is_site_builder, leaves_book, web_reference
from chapbook.collecting import authors, navigation
from chapbook.collecting.listings import page_docname, selected, series_entry, sorted_tags
from chapbook.collecting.state import posts_of, state
from chapbook.locale import _
from chapbook.model import selection
from chapbook.model.names import tag_key
from chapbook.model.selection import Query
from chapbook.nodes import NO_SEARCH, chapbook_html, chapbook_listing, chapbook_nav, chapbook_rel
from chapbook.reading.header import date_node
from chapbook.site.listhtml import list_classes, listing_html

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from chapbook.model.post import Post


def resolve_listings(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(chapbook_listing)):
        kind = node["kind"]
        if kind == "postnav" and is_book_builder(app.builder):
            node.replace_self([])  # a book is read in its own order
        elif kind == "postnav":
            node.replace_self(_postnav(app, docname))
        elif kind == "tags":
            node.replace_self(_tag_list(app.builder, docname, app.env))
        elif kind == "series" and is_book_builder(app.builder):
            node.replace_self([])  # the book has its own order and contents
        elif kind in {"series", "series-page"}:
            node.replace_self(_series(app, docname, box=kind == "series"))
        elif kind == "byline":
            node.replace_self(_byline(app, docname, node.get("post") or docname))
        elif kind == "author-card":
            node.replace_self(_author_card(app.builder, docname))
        elif kind == "authors":
            node.replace_self(_author_list(app.builder, docname, app.env))
        elif kind == "posts":
            query = Query.from_data(node.get("query"))
            listed = _post_listing(app, docname, query, host=node.get("host"), place=node.parent)
            node.replace_self(listed + _more(app.builder, docname, node))
        else:
            node.replace_self([])


def link(builder: Builder, fromdoc: str, todoc: str, text: str) -> nodes.Node:
    """A link to a page: relative, or into the web site from a book that lacks the page."""
    if leaves_book(builder, todoc, state(builder.env).book_docnames()):
        return web_reference(builder, todoc, None, nodes.Text(text)) or nodes.Text(text)
    uri = builder.get_relative_uri(fromdoc, todoc)
    return nodes.reference(text, text, internal=True, refuri=uri)


def _post_listing(
    app: Sphinx, docname: str, query: Query, *, host: str | None, place: nodes.Element | None = None
) -> list[nodes.Node]:
    chosen = selected(app.env, query)
    shown = selection.window(chosen, query)
    if not shown:
        text = app.config.chapbook_no_posts_text
        return [nodes.paragraph(text=text, classes=["chapbook-empty"])]
    items: nodes.Element
    # In a section, as every list Chapbook makes is: inside another list or a table,
    # docutils writes a list otherwise ("simple" or not depends on the outer list).
    if written_as_html(app.builder, query.format) and isinstance(
        place, (nodes.section, nodes.document)
    ):
        compact = getattr(place.document.settings, "compact_lists", True)
        markup = listing_html(app.builder, docname, shown, query.format, compact_lists=compact)
        # The first entry stays as nodes inside (the writer skips them): what reads a page's
        # text, as its description does (``seo``), reads what it read before.
        first = post_item(app, docname, shown[0], query.format)
        items = chapbook_html("", *first, html=markup, classes=[NO_SEARCH])
    else:
        items = nodes.bullet_list(classes=list_classes(query.format))
        for post in shown:
            items += nodes.list_item("", *post_item(app, docname, post, query.format))
    result: list[nodes.Node] = [items]
    pages = selection.page_count(len(chosen), query.paginate)
    if pages > 1:
        result.append(_pager(app.builder, docname, host or docname, query.page, pages))
    return result


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


def post_item(app: Sphinx, docname: str, post: Post, fmt: str) -> list[nodes.Node]:
    fields = selection.FORMAT_FIELDS[fmt]
    line = nodes.paragraph(classes=["chapbook-entry"])
    line += link(app.builder, docname, post.docname, post.title)
    if "date" in fields and post.date is not None and post.datetime is not None:
        line += nodes.Text(" ")
        line += date_node(post.datetime, post.date, app.config)
    result: list[nodes.Node] = [line]
    if "summary" in fields and post.summary:
        result.append(nodes.paragraph(text=post.summary, classes=["chapbook-summary"]))
    if "tags" in fields and post.tags:
        result.append(tag_links(app, docname, post.tags))
    if "cover" not in fields:
        return result
    # A card: the thumbnail (when the post has a cover) beside its text.
    text = nodes.container("", *result, classes=["chapbook-card-text"])
    thumbnail = None if is_book_builder(app.builder) else cover_thumbnail(post)
    return [thumbnail, text] if thumbnail is not None else [text]


def cover_thumbnail(post: Post) -> nodes.image | None:
    """A post's cover in a listing: lazy, its space reserved, decorative beside the title.

    The book's listings have none: their images are not converted for the book.
    """
    if not post.cover:
        return None
    remote = "://" in post.cover
    image = nodes.image(
        uri=post.cover,
        alt="",
        loading="lazy",
        classes=["chapbook-card-image", "no-scaled-link"],
        candidates={"?" if remote else "*": post.cover},
    )
    if post.cover_size is not None:
        image["width"], image["height"] = (str(n) for n in post.cover_size)
    return image


def tag_links(app: Sphinx, docname: str, names: tuple[str, ...]) -> nodes.paragraph:
    line = nodes.paragraph(classes=["chapbook-tags"])
    table = state(app.env).tags
    between = tag_separator(app.builder)
    for index, name in enumerate(names):
        if index:
            line += nodes.Text(between)
        entry = table.get(tag_key(name))
        if entry is not None:
            line += link(app.builder, docname, entry.docname, name)
        else:
            line += nodes.Text(name)
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


def _tag_list(builder: Builder, docname: str, env: BuildEnvironment) -> nodes.Node:
    items = nodes.bullet_list(classes=["chapbook-taglist", NO_SEARCH])
    for entry in sorted_tags(env):
        line = nodes.paragraph()
        line += link(builder, docname, entry.docname, entry.name)
        line += nodes.inline(text=f" ({len(entry.posts)})", classes=["chapbook-count"])
        items += nodes.list_item("", line)
    return items


def _byline(app: Sphinx, docname: str, post: str) -> list[nodes.Node]:
    """The byline, "By Ada Lovelace, Bob": each name links to the author's page (words in a book).

    ``docname`` is the page being written, ``post`` the post whose byline this is (they
    differ in the PDF, whose chapters are written as one document).
    """
    found = authors.of_post(app.env, post)
    if not found:
        return []
    line = nodes.paragraph(classes=["chapbook-byline"])
    line += nodes.Text(_("By "))
    for index, (author, entry) in enumerate(found):
        if index:
            line += nodes.Text(", ")
        if entry is None or is_book_builder(app.builder):
            line += nodes.inline(text=author.name, classes=["chapbook-author"])
        else:
            line += _with_rel(link(app.builder, docname, entry.docname, author.name), "author")
    return [line]


#: An avatar's size in CSS pixels (the file may be larger: it is scaled down, and sharp).
AVATAR_SIZE = "96"


def _author_card(builder: Builder, docname: str) -> list[nodes.Node]:
    """Who the author of this page is: avatar and web site, when ``chapbook_authors`` says."""
    entry = authors.page_of(builder.env, docname)
    if entry is None or not (entry.url or entry.avatar):
        return []
    card = nodes.container(classes=["chapbook-author-card"])
    if entry.avatar and is_site_builder(builder):
        src = entry.avatar
        if src.startswith("/"):  # a file of the site, from this page
            src = relative_uri(builder.get_target_uri(docname), src.lstrip("/"))
        card += nodes.image(
            uri=src,
            alt=entry.name,
            width=AVATAR_SIZE,
            height=AVATAR_SIZE,
            candidates={"?": src},  # Sphinx leaves the address as it is
            classes=["chapbook-avatar", "no-scaled-link"],
        )
    if entry.url:
        shown = entry.url.split("://", 1)[-1].rstrip("/")
        line = nodes.paragraph(classes=["chapbook-author-site"])
        line += nodes.reference(shown, shown, refuri=entry.url, internal=False)
        card += line
    return [card]


def _author_list(builder: Builder, docname: str, env: BuildEnvironment) -> nodes.Node:
    items = nodes.bullet_list(classes=["chapbook-authorlist"])
    for entry in authors.sorted_authors(env):
        line = nodes.paragraph()
        line += link(builder, docname, entry.docname, entry.name)
        line += nodes.inline(text=f" ({len(entry.posts)})", classes=["chapbook-count"])
        items += nodes.list_item("", line)
    return items


def _postnav(app: Sphinx, docname: str) -> list[nodes.Node]:
    """Previous and next post, and the related post with its preview."""
    posts = posts_of(app.env)
    previous, following, related = (
        posts.get(d) if d else None for d in navigation.row(app.env, docname)
    )
    result: list[nodes.Node] = []
    if previous or following:
        label = _("Previous and next posts")
        nav = chapbook_nav(classes=["chapbook-postnav", NO_SEARCH], label=label)
        labels = ((previous, _("Previous: "), "prev"), (following, _("Next: "), "next"))
        for post, text, rel in labels:
            if post is not None:
                line = nodes.paragraph(classes=[f"chapbook-{rel}"])
                line += nodes.inline(text=text, classes=["chapbook-label"])
                line += _with_rel(link(app.builder, docname, post.docname, post.title), rel)
                nav += line
        result.append(nav)
    if related is not None:
        result.append(_related_box(app, docname, related))
    return result


def _with_rel(node: nodes.Node, rel: str) -> nodes.Node:
    """A page's own link to its neighbour says so (``rel``); a link out of a book stays as is."""
    if not (isinstance(node, nodes.reference) and node.get("internal")):
        return node
    related = chapbook_rel(node.rawsource, "", *node.children, refuri=node["refuri"], rel=rel)
    related["internal"] = True
    return related


def _series(app: Sphinx, docname: str, *, box: bool) -> list[nodes.Node]:
    """A series' posts in order: a box on each part (this one marked), or its page's list."""
    entry = series_entry(app.env, docname)
    if entry is None:
        return []
    posts = posts_of(app.env)
    parts = [posts[d] for d in entry.posts if d in posts]
    items = nodes.enumerated_list(classes=["chapbook-series-parts"])
    for post in parts:
        items += _series_item(app, docname, post, page=not box)
    if not box:
        return [items]
    container = nodes.container(classes=["chapbook-series", NO_SEARCH])
    label = nodes.paragraph(classes=["chapbook-label"])
    label += nodes.Text(_("Series: "))
    label += link(app.builder, docname, entry.docname, entry.name)
    place = next((i for i, post in enumerate(parts, start=1) if post.docname == docname), 0)
    count = _(" (part {place} of {parts})").format(place=place, parts=len(parts))
    label += nodes.inline(text=count, classes=["chapbook-count"])
    container += [label, items]
    return [container]


def _series_item(app: Sphinx, docname: str, post: Post, *, page: bool) -> nodes.list_item:
    line = nodes.paragraph(classes=["chapbook-entry"])
    if post.docname == docname:  # this post: named, not linked
        line += nodes.strong(text=post.title)
        line += nodes.inline(text=_(" (this post)"), classes=["chapbook-current-label"])
        return nodes.list_item("", line, classes=["chapbook-current"])
    line += link(app.builder, docname, post.docname, post.title)
    if page and post.date is not None and post.datetime is not None:
        line += nodes.Text(" ")
        line += date_node(post.datetime, post.date, app.config)
    return nodes.list_item("", line)


def _related_box(app: Sphinx, docname: str, related: Post) -> nodes.Node:
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


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("doctree-resolved", resolve_listings)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

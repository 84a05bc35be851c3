"""Which builder makes what: the web site, or the book (PDF and ePub).

A link from a book to a document outside it cannot stay internal: it points
at the page on the web site instead (or, without a site address, stays text).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from chapbook.urls import web_url

if TYPE_CHECKING:
    from collections.abc import Collection

    from sphinx.builders import Builder

SITE_BUILDERS = frozenset({"html", "dirhtml"})
BOOK_BUILDERS = frozenset({"latex", "epub"})
#: Static files of the site's pages only (the icon font): the ePub, HTML too, leaves them out.
SITE_ONLY_STATIC = ("_static/chapbook-icons.css", "_static/chapbook-icons.woff2")


def is_site_builder(builder: Builder | None) -> bool:
    """The web site: pages with sidebars, feeds, sitemap, redirects."""
    return builder is not None and builder.name in SITE_BUILDERS


def is_book_builder(builder: Builder | None) -> bool:
    """The book: only the book's posts, read in the book's order."""
    return builder is not None and builder.name in BOOK_BUILDERS


def leaves_book(builder: Builder, docname: str, in_book: Collection[str]) -> bool:
    """Whether a link to ``docname`` must point at the web site rather than into the book."""
    return is_book_builder(builder) and docname not in in_book


def web_reference(
    builder: Builder, docname: str, anchor: str | None, contnode: nodes.Node
) -> nodes.reference | None:
    """A link to the web site's page, or ``None`` when the site has no address."""
    url = web_url(builder.config, docname, anchor)
    if url is None:
        return None
    reference = nodes.reference("", "", internal=False, refuri=url, classes=["chapbook-web"])
    reference += contnode
    return reference

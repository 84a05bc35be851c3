"""The post footer: what a blog says after every post, written once in conf.py.

A moved blog's old site ended each post with the same lines: a call to
subscribe, a link to share the post, the author's bio.  ``chapbook_post_footer``
holds them as HTML, and every post of the site gets them after its text,
before the links to the previous and next post; pages, listings, feeds and
the book do not.

conf.py is trusted, so its HTML is written as it is; what comes from the post
is not: ``{title}`` and ``{url}`` are HTML-escaped, ``{title_encoded}`` and
``{url_encoded}`` percent-encoded whole (``&``, ``#`` and ``/`` too), for a
share link's query (``?u={url_encoded}&t={title_encoded}``).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote

from docutils import nodes

from chapbook.builders import is_site_builder
from chapbook.collecting.state import posts_of
from chapbook.nodes import NO_SEARCH, chapbook_listing
from chapbook.urls import page_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The footer's class: feeds leave it out with the rest of the page around a post.
FOOTER = "chapbook-post-footer"


def add_post_footer(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the footer after a post's text, on the site's pages."""
    template = app.config.chapbook_post_footer
    post = posts_of(app.env).get(docname)
    if not template.strip() or post is None or not is_site_builder(app.builder):
        return
    url = page_url(app.builder, docname)
    html = template.format(
        url=escape(url),
        title=escape(post.title),
        url_encoded=quote(url, safe=""),
        title_encoded=quote(post.title, safe=""),
    )
    footer = nodes.container(classes=[FOOTER, NO_SEARCH])
    footer += nodes.raw("", html, format="html")
    doctree.insert(_place(doctree), footer)


def _place(doctree: nodes.document) -> int:
    """Before the previous/next links (their placeholder ends a post), else at the end."""
    for index, child in enumerate(doctree.children):
        if isinstance(child, chapbook_listing) and child["kind"] == "postnav":
            return index
    return len(doctree.children)


def setup(app: Sphinx) -> dict[str, bool]:
    # Before the listings are resolved (500): the previous/next placeholder marks the place.
    app.connect("doctree-resolved", add_post_footer, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Chapbook's node types, and how every writer shows them.

Two nodes travel in doctrees: the date (``<time datetime>`` in HTML, its text
elsewhere), and the listing placeholder, which holds a query as plain data and
is replaced when the page is written, so that no doctree ever holds another
post's title or date. Three more are made when pages are written: a block of
links (``<nav>``), a link with a relation (``rel="prev"``), and a post list the
site's pages get as finished HTML (``chapbook_html``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator


#: Sphinx's class for what the search index leaves out: a post is found by its own
#: words, not by its neighbours' titles, the related post's preview or a listing of
#: its excerpt; a listing page by its own title and words, not by the posts it lists
#: (which also keeps tag and archive pages from repeating every post in the index).
NO_SEARCH = "no-search"


class chapbook_time(nodes.inline):  # noqa: N801 - docutils names nodes in lowercase
    """A date; ``<time datetime=...>`` in HTML, its text everywhere else."""


class chapbook_listing(nodes.General, nodes.Element):  # noqa: N801 - docutils style
    """Placeholder for a listing; replaced before any writer sees it."""


class chapbook_nav(nodes.container):  # noqa: N801 - docutils style
    """A block of links to other pages: ``<nav aria-label=...>`` in HTML, a container elsewhere."""


class chapbook_rel(nodes.reference):  # noqa: N801 - docutils style
    """A link with a relation (``rel="prev"``, ``"next"``): browsers and readers know the way."""


class chapbook_html(nodes.General, nodes.Element):  # noqa: N801 - docutils style
    """Markup made, escaped, by Chapbook for the site's HTML writer (``node["html"]``).

    Unlike ``nodes.raw`` it keeps its classes to itself (``raw`` wraps them in a
    ``<div>``), so a ``no-search`` class keeps it out of the search index as the
    list it stands for was.  Its children, if any, are for what reads the page's
    text; the HTML writer skips them.  Only the site's builders ever get one.
    """


def time_node(text: str, iso: str) -> chapbook_time:
    """A date shown as ``text``, machine-readable as ``iso``."""
    return chapbook_time(text, text, datetime=iso, classes=["chapbook-date"])


def listing(
    kind: str, query: Mapping[str, Any] | None = None, **attributes: Any
) -> chapbook_listing:
    """A placeholder of ``kind`` (``posts``, ``postnav``, ``tags``); ``query`` as stored data."""
    node = chapbook_listing("", kind=kind, **attributes)
    if query is not None:
        node["query"] = dict(query)
    return node


def replace(node: nodes.Element, new: Sequence[nodes.Node]) -> None:
    """Put ``new`` (maybe nothing, maybe text first) where ``node`` was.

    docutils' ``replace_self`` refuses, with an ``AssertionError``, to put nothing or
    text in the place of a node with ``ids`` or ``classes`` (an image's ``:class:``, a
    cover's class), rather than lose them: what is left out would crash the build.
    Here its ids stay, on an empty inline in its place, so that a link to it still
    lands; its classes, how it looked, go with it.  A first element takes both, as
    with ``replace_self``.
    """
    new = list(new)
    if new and isinstance(new[0], nodes.Element):
        node.replace_self(new)
        return
    if node["ids"]:
        new.insert(0, nodes.inline(ids=node["ids"]))
    node.parent.replace(node, new)


def stand_in(node: nodes.Element, text: str) -> None:
    """``text`` where ``node`` was, or nothing: an image left out, its alt text kept."""
    replace(node, [nodes.inline(text, text)] if text else [])


def _visit_time_html(self: HTML5Translator, node: chapbook_time) -> None:
    self.body.append(self.starttag(node, "time", "", datetime=node["datetime"]))


def _depart_time_html(self: HTML5Translator, node: chapbook_time) -> None:
    self.body.append("</time>")


def _visit_nav_html(self: HTML5Translator, node: chapbook_nav) -> None:
    self.body.append(self.starttag(node, "nav", "", **{"aria-label": node["label"]}))


def _depart_nav_html(self: HTML5Translator, node: chapbook_nav) -> None:
    self.body.append("</nav>\n")


def _visit_rel_html(self: HTML5Translator, node: chapbook_rel) -> None:
    attributes = {"href": node["refuri"], "rel": node["rel"], "CLASS": "reference internal"}
    self.body.append(self.starttag(node, "a", "", **attributes))


def _depart_rel_html(self: HTML5Translator, node: chapbook_rel) -> None:
    self.body.append("</a>")


def _visit_html(self: HTML5Translator, node: chapbook_html) -> None:
    self.body.append(node["html"])
    raise nodes.SkipNode


def _visit_container(self: Any, node: nodes.Element) -> None:
    self.visit_container(node)


def _depart_container(self: Any, node: nodes.Element) -> None:
    self.depart_container(node)


def _visit_reference(self: Any, node: nodes.Element) -> None:
    self.visit_reference(node)


def _depart_reference(self: Any, node: nodes.Element) -> None:
    self.depart_reference(node)


def _visit_inline(self: Any, node: nodes.Element) -> None:
    self.visit_inline(node)


def _depart_inline(self: Any, node: nodes.Element) -> None:
    self.depart_inline(node)


def setup(app: Sphinx) -> dict[str, bool]:
    as_inline = (_visit_inline, _depart_inline)
    app.add_node(
        chapbook_time,
        html=(_visit_time_html, _depart_time_html),
        latex=as_inline,
        text=as_inline,
        man=as_inline,
        texinfo=as_inline,
    )
    app.add_node(chapbook_listing)
    as_container = (_visit_container, _depart_container)
    as_reference = (_visit_reference, _depart_reference)
    others = ("latex", "text", "man", "texinfo")
    app.add_node(chapbook_nav, html=(_visit_nav_html, _depart_nav_html),
                 **dict.fromkeys(others, as_container))  # fmt: skip
    app.add_node(chapbook_rel, html=(_visit_rel_html, _depart_rel_html),
                 **dict.fromkeys(others, as_reference))  # fmt: skip
    app.add_node(chapbook_html, html=(_visit_html, None))
    return {"parallel_read_safe": True, "parallel_write_safe": True}

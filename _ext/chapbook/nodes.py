"""Chapbook's node types, and how every writer shows them.

Two nodes travel in doctrees: the date (``<time datetime>`` in HTML, its text
elsewhere), and the listing placeholder, which holds a query as plain data and
is replaced when the page is written, so that no doctree ever holds another
post's title or date.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator


class chapbook_time(nodes.inline):  # noqa: N801 - docutils names nodes in lowercase
    """A date; ``<time datetime=...>`` in HTML, its text everywhere else."""


class chapbook_listing(nodes.General, nodes.Element):  # noqa: N801 - docutils style
    """Placeholder for a listing; replaced before any writer sees it."""


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


def _visit_time_html(self: HTML5Translator, node: chapbook_time) -> None:
    self.body.append(self.starttag(node, "time", "", datetime=node["datetime"]))


def _depart_time_html(self: HTML5Translator, node: chapbook_time) -> None:
    self.body.append("</time>")


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
    return {"parallel_read_safe": True, "parallel_write_safe": True}

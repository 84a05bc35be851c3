"""Every URL in a post's doctree, checked once against the scheme allowlist.

A ``javascript:`` link can be made in many syntaxes: a Markdown link (MyST
checks those), an rST link or target inside ``{eval-rst}``, an image's
``:target:``, a ``{download}`` of ``javascript://%0A...``, a toctree entry, a
linkified bare address.  Whatever made it, by the time a post has been parsed each is a node
attribute: a reference's or target's ``refuri``, an image's ``uri``, a
download's ``reftarget``, a toctree's entries, a ``<meta>``'s ``content``.  This transform reads
each of them after docutils has resolved named links (so an rST link to a
target carries the target's address) and keeps only ``http:``, ``https:``,
``mailto:`` and relative addresses (``trust.policy.URL_SCHEMES``; an image may
also be a raster picture written as ``data:``).  A refused
link becomes its text, a refused image its alt text, each with a warning
naming the file and line.  Raw HTML is filtered with the same rule as it is
read (``reading.sanitize``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from chapbook.reading.transforms import leave_image_out, located
from chapbook.trust import policy
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The address in ``<meta http-equiv="refresh" content="0; url=...">``.
_REFRESH = re.compile(r"^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?(.*)$", re.IGNORECASE | re.DOTALL)


class CheckURLs(SphinxTransform):
    """Keep only the URL schemes posts may use, in every node that holds a URL."""

    # After docutils' link transforms (external targets at 640, internal at 660), so an
    # rST reference by name already holds its target's address.
    default_priority = 700

    def apply(self, **kwargs: object) -> None:
        check_urls(self.document)


def check_urls(document: nodes.document) -> None:
    """The check on one doctree (also a book outline's introductions, never read by Sphinx)."""
    _URLChecker().check(document)


class _URLChecker:
    def check(self, document: nodes.document) -> None:
        self.reported: set[tuple[str, int | None]] = set()
        for node in _holding_urls(document):
            if isinstance(node, nodes.image):
                self._image(node)
            elif isinstance(node, addnodes.download_reference):
                self._link(node, "reftarget")
            elif isinstance(node, nodes.meta):
                self._meta(node)
            elif isinstance(node, addnodes.toctree):
                self._toctree(node)
            else:
                self._link(node, "refuri")

    def _link(self, node: nodes.Element, attribute: str) -> None:
        url = str(node.get(attribute, ""))
        problem = policy.url_refusal(url)
        if problem is None:
            return
        if (url, located(node).line) not in self.reported:  # an rST link and its own target
            self.reported.add((url, located(node).line))
            _warn("link", url, problem, "it is kept as text", node)
        if isinstance(node, nodes.target):
            del node[attribute]
        else:
            node.replace_self(nodes.inline(node.rawsource, "", *node.children))

    def _image(self, node: nodes.image) -> None:
        url = str(node.get("uri", ""))
        problem = None if policy.data_picture(url) else policy.url_refusal(url)
        if problem is None:
            return
        _warn("image", url, problem, "its alt text stands in", node)
        leave_image_out(node)

    def _toctree(self, node: addnodes.toctree) -> None:
        """A toctree entry may be a web address (``Title <https://...>``): Sphinx takes
        anything with ``://`` for one, ``javascript://%0A...`` included."""
        kept = []
        for title, ref in node["entries"]:
            problem = policy.url_refusal(ref) if ref != "self" else None
            if problem:
                _warn("link", ref, problem, "it is left out of the contents", node)
            else:
                kept.append((title, ref))
        node["entries"] = kept

    def _meta(self, node: nodes.meta) -> None:
        content = str(node.get("content", ""))
        refresh = str(node.get("http-equiv", "")).strip().lower() == "refresh"
        url = _REFRESH.match(content).group(1) if refresh else content  # type: ignore[union-attr]
        problem = policy.url_refusal(url.strip().strip("'\""))
        if problem is None:
            return
        _warn("meta", url, problem, "it is left out", node)
        node.parent.remove(node)


_ALWAYS = (addnodes.download_reference, nodes.image, nodes.meta, addnodes.toctree)
_WITH_REFURI = (nodes.reference, nodes.target)


def _holding_urls(document: nodes.document) -> list[nodes.Element]:
    """Every node that holds a URL, in document order.

    One walk with a list for a stack: ``findall`` recurses through a generator per
    level, which made this check a measurable share of reading a post.
    """
    found = []
    stack: list[nodes.Node] = [document]
    while stack:
        node = stack.pop()
        if not isinstance(node, nodes.Element):
            continue
        if isinstance(node, _ALWAYS) or (isinstance(node, _WITH_REFURI) and "refuri" in node):
            found.append(node)
        stack.extend(reversed(node.children))
    return found


def _warn(what: str, url: str, problem: str, outcome: str, node: nodes.Element) -> None:
    warn_refused(what, url, problem, outcome, located(node))


def warn_refused(what: str, url: str, problem: str, outcome: str, location: Any) -> None:
    shown = url if len(url) <= 80 else url[:77] + "..."
    warn(f"{what} {shown!r}: {problem}; {outcome}", Warn.TRUST, location=location)


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_transform(CheckURLs)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Markdown links from the book to a page outside it point at the web site.

``[about](../about.md)`` is a MyST document link, resolved by MyST rather than
by Chapbook's domain. In the ePub it became ``about.xhtml``, a file the book
does not hold (epubcheck: RSC-007); in the PDF, a link to a label that does not
exist. Before MyST resolves them, links to documents outside the book become
links to the page on the web site, as Chapbook's own site links do
(``chapbook.urls.web_url``); without a site address the text stays
and the build says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from chapbook.builders import BOOK_BUILDERS
from chapbook.collecting.state import state
from chapbook.urls import web_url
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class LinksLeaveTheBook(SphinxPostTransform):
    # Before MyST's reference resolver (9) and Sphinx's (10).
    default_priority = 8
    builders = tuple(BOOK_BUILDERS)

    def run(self, **kwargs: Any) -> None:
        in_book = state(self.env).book_docnames()
        for node in list(self.document.findall(addnodes.pending_xref)):
            docname = node.get("reftarget")
            if node.get("refdomain") != "doc" or docname in in_book:
                continue
            if docname not in self.env.all_docs:
                continue  # MyST reports the missing document
            self._to_web(node, docname)

    def _to_web(self, node: addnodes.pending_xref, docname: str) -> None:
        contnode = node[0].deepcopy() if node.children else node.astext()
        url = web_url(self.config, docname, self._anchor(node))
        if url is None:
            target = docname + (f"#{node['reftargetid']}" if node.get("reftargetid") else "")
            warn(
                f"link to {target!r}, a page outside the book: the site has no html_baseurl "
                "to link to, so only the text is kept",
                Warn.LINK,
                location=node,
            )
            node.replace_self(contnode)
            return
        # As chapbook.builders.web_reference makes them for Chapbook's own site links.
        reference = nodes.reference("", "", internal=False, refuri=url, classes=["chapbook-web"])
        reference += contnode
        node.replace_self(reference)

    def _anchor(self, node: addnodes.pending_xref) -> str | None:
        """The section's id on the target page (MyST's heading slug -> Sphinx's id)."""
        ref_id = node.get("reftargetid")
        if not ref_id:
            return None
        slugs = self.env.metadata.get(node["reftarget"], {}).get("myst_slugs", {})
        found = slugs.get(ref_id)
        return found[1] if found else ref_id


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_post_transform(LinksLeaveTheBook)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

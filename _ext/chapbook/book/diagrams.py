"""Mermaid diagrams in the book: left out, with a warning and a pointer to the web page.

On the site a Mermaid diagram is drawn by mermaid.js in the reader's browser.
A book has no browser: sphinxcontrib-mermaid would run the ``mmdc`` command
(Node.js and a headless Chromium) for the PDF, and give the ePub a remote
script that epubcheck refuses.  So the book leaves each diagram out, says so
where it was ("A diagram is shown here on the web site", linked when
``html_baseurl`` is set), and warns with the file and line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinxcontrib.mermaid import mermaid

from chapbook.builders import BOOK_BUILDERS
from chapbook.locale import N_, _
from chapbook.urls import web_url
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

NOTE = N_("A diagram is shown here on the web site")


class LeaveOutDiagrams(SphinxPostTransform):
    """Each Mermaid node becomes a one-line note, before anything renders it."""

    default_priority = 5
    builders: ClassVar = tuple(sorted(BOOK_BUILDERS))

    def run(self, **kwargs: object) -> None:
        for node in list(self.document.findall(mermaid)):
            where = _located(node)
            warn("a Mermaid diagram cannot be shown in the book; it is left out",
                 Warn.DIAGRAM, location=where)  # fmt: skip
            node.replace_self(self._note(where))

    def _note(self, where: nodes.Node) -> nodes.paragraph:
        # The LaTeX builder resolves one tree of the whole book: the post is the source's.
        docname = self.env.path2doc(where.source or "") or self.env.docname
        url = web_url(self.config, docname)
        text = nodes.Text(_(NOTE))
        link = nodes.reference("", "", text, refuri=url, classes=["chapbook-web"]) if url else text
        note = nodes.paragraph(classes=["chapbook-diagram-note"])
        note += nodes.emphasis("", "", link)
        note += nodes.Text(".")
        return note


def _located(node: nodes.Element) -> nodes.Node:
    """The diagram, or the nearest container that knows its line."""
    while not node.line and node.parent is not None:
        node = node.parent
    return node


def setup(app: Sphinx) -> dict[str, bool]:
    app.setup_extension("sphinxcontrib.mermaid")
    app.add_post_transform(LeaveOutDiagrams)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Images without alt text: each is a warning naming the file and line.

A reader using a screen reader hears nothing of an image without alt text,
and the book (PDF, ePub) has no words to put in its place.  MyST gives the
image's alt text from ``![this text](image.png)``; an empty one is reported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

from chapbook.util import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class ReportMissingAlt(SphinxTransform):
    default_priority = 500

    def apply(self, **kwargs: object) -> None:
        for image in self.document.findall(nodes.image):
            if not str(image.get("alt", "")).strip():
                warn(f"image {image['uri']!r} has no alt text", "image", location=_located(image))


def _located(node: nodes.Element) -> nodes.Node:
    """MyST gives images no line of their own; their paragraph has one."""
    while not node.line and node.parent is not None:
        node = node.parent
    return node


def setup_images(app: Sphinx) -> None:
    app.add_transform(ReportMissingAlt)

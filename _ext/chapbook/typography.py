"""Typography the old blog relied on: `` - `` between words is an em dash.

Curly quotes come from Sphinx's own ``smartquotes`` (on by default); docutils'
SmartQuotes turns ``--`` and ``---`` into dashes but leaves a spaced hyphen,
which is how the real posts write a dash.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# "word - word", also where the source wraps a line next to the hyphen.
_SPACED_HYPHEN = re.compile(r"(?<=\S)[ \t]*\s-\s[ \t]*(?=\S)")
_LEADING = re.compile(r"^\s-\s(?=\S)")
_NO_TYPOGRAPHY = (
    nodes.FixedTextElement,
    nodes.literal,
    nodes.math,
    nodes.raw,
    nodes.target,
    nodes.comment,
)


class EmDashes(SphinxTransform):
    """Replace a hyphen standing alone between words with an em dash."""

    default_priority = 760  # after Sphinx's SmartQuotes (750)

    def apply(self, **kwargs: object) -> None:
        if not self.config.chapbook_em_dashes:
            return
        for element in list(self.document.findall(nodes.TextElement)):
            if not _in_code(element):
                _merge_texts(element)  # MyST makes a line break its own Text node
        for text in list(self.document.findall(nodes.Text)):
            parent = text.parent
            if parent is None or _in_code(parent):
                continue
            new = _SPACED_HYPHEN.sub(" \u2014 ", str(text))
            if parent.index(text) > 0:  # "*word* - next": the word is the sibling before
                new = _LEADING.sub(" \u2014 ", new)
            if new != str(text):
                parent.replace(text, nodes.Text(new))


def _merge_texts(element: nodes.Element) -> None:
    index = 1
    while index < len(element.children):
        before, here = element.children[index - 1], element.children[index]
        if isinstance(before, nodes.Text) and isinstance(here, nodes.Text):
            element.replace(before, nodes.Text(str(before) + str(here)))
            element.remove(here)
        else:
            index += 1


def _in_code(node: nodes.Node) -> bool:
    while node is not None:
        if isinstance(node, _NO_TYPOGRAPHY):
            return True
        node = node.parent
    return False


def setup_typography(app: Sphinx) -> None:
    app.add_transform(EmDashes)

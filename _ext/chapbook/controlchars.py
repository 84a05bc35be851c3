"""Control characters in post text: removed, each post's once reported.

A stray U+0008 pasted from a terminal is invisible on the web but stops
LaTeX, and XML (feeds, ePub) forbids it outright.  They are taken out of the
doctree when a post is read, for every output, with a warning naming the
file and line.  Tabs and line breaks are kept.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

from chapbook.frontmatter import CONTROL
from chapbook.util import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name.lower()})" if name else "")


class StripControlCharacters(SphinxTransform):
    default_priority = 5  # before anything copies text out of the doctree

    def apply(self, **kwargs: object) -> None:
        for text in list(self.document.findall(nodes.Text)):
            found = CONTROL.findall(text)
            if not found:
                continue
            parent = text.parent
            chars = ", ".join(describe(c) for c in dict.fromkeys(found))
            warn(f"control character {chars} removed from the text", "text", location=parent)
            if parent is not None:
                parent.replace(text, nodes.Text(CONTROL.sub("", text)))
        for attribute_holder in self.document.findall(nodes.Element):
            for key in ("alt", "title"):
                value = attribute_holder.get(key)
                if isinstance(value, str) and CONTROL.search(value):
                    attribute_holder[key] = CONTROL.sub("", value)


def setup_controlchars(app: Sphinx) -> None:
    app.add_transform(StripControlCharacters)

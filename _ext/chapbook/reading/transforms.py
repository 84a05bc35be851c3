"""Text transforms run on every post as it is read.

* Control characters (a stray U+0008 pasted from a terminal) are invisible on
  the web but stop LaTeX, and XML (feeds, ePub) forbids them: they are taken
  out, for every output, with a warning naming the file and line.  Tabs and
  line breaks are kept.
* `` - `` between words is an em dash, as the old blog wrote one.  Curly quotes
  come from Sphinx's own ``smartquotes``; docutils' SmartQuotes turns ``--``
  and ``---`` into dashes but leaves a spaced hyphen.
* An image without alt text is a warning: a screen reader says nothing of it,
  and the book has no words to put in its place.
* An in-page link to an anchor the page does not have becomes its text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

from chapbook.model.frontmatter import CONTROL
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx


# -- control characters ----------------------------------------------------------


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
            warn(f"control character {chars} removed from the text", Warn.TEXT, location=parent)
            if parent is not None:
                parent.replace(text, nodes.Text(CONTROL.sub("", text)))
        for attribute_holder in self.document.findall(nodes.Element):
            for key in ("alt", "title"):
                value = attribute_holder.get(key)
                if isinstance(value, str) and CONTROL.search(value):
                    attribute_holder[key] = CONTROL.sub("", value)


# -- em dashes -------------------------------------------------------------------

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


# -- alt text --------------------------------------------------------------------


class ReportMissingAlt(SphinxTransform):
    default_priority = 500

    def apply(self, **kwargs: object) -> None:
        for image in self.document.findall(nodes.image):
            if not str(image.get("alt", "")).strip():
                warn(f"image {image['uri']!r} has no alt text", Warn.IMAGE, location=located(image))


def located(node: nodes.Element) -> nodes.Node:
    """MyST gives images no line of their own; their paragraph has one."""
    while not node.line and node.parent is not None:
        node = node.parent
    return node


# -- links to nowhere ------------------------------------------------------------


class DropDanglingLinks(SphinxTransform):
    """In-page links whose target is not on the page become their text.

    A footnote written ``[^1] text`` (no colon) leaves ``[^1]`` pointing at a
    definition that does not exist; docutils reports it (with file and line)
    and links it to its error message, which is not part of any output.  A
    link to nowhere fails epubcheck (RSC-012) and goes nowhere on the web.
    """

    # Sphinx drops error messages at 999; docutils sorts priorities as text, so 1000
    # would run first: the same priority, registered later, runs after.
    default_priority = 999

    def apply(self, **kwargs: object) -> None:
        ids = {i for node in self.document.findall(nodes.Element) for i in node["ids"]}
        for node in list(self.document.findall(_in_page_link)):
            if node["refid"] not in ids:
                text = node.astext()
                node.replace_self(nodes.inline(text, text, ids=node["ids"]))


def _in_page_link(node: nodes.Node) -> bool:
    return isinstance(node, nodes.problematic | nodes.reference) and bool(node.get("refid"))


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_transform(StripControlCharacters)
    app.add_transform(EmDashes)
    app.add_transform(ReportMissingAlt)
    app.add_transform(DropDanglingLinks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

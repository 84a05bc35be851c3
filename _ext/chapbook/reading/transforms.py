"""Text transforms run on every post as it is read.

* Control characters (a stray U+0008 pasted from a terminal) are invisible on
  the web but stop LaTeX, and XML (feeds, ePub) forbids them: they are taken
  out, for every output, with a warning naming the file and line.  Tabs and
  line breaks are kept.
* `` - `` between words, ``--`` and ``---`` are em dashes, as the old blog's
  smartypants made them (``1--2`` is a range, an en dash), also next to inline
  markup; never in code or a written-out address.  Curly quotes come from
  Sphinx's own ``smartquotes``, whose quotes after ``(`` and ``[`` are put right.
* An image without alt text is a warning: a screen reader says nothing of it,
  and the book has no words to put in its place.
* An in-page link to an anchor the page does not have becomes its text, also
  one made as the page is written (a Markdown link MyST cannot resolve).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from chapbook.model.post import COVER
from chapbook.nodes import stand_in
from chapbook.trust.controls import CONTROL, strip_controls
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from collections.abc import Callable

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
                parent.replace(text, nodes.Text(strip_controls(text)))
        for attribute_holder in self.document.findall(nodes.Element):
            for key in ("alt", "title"):
                value = attribute_holder.get(key)
                if isinstance(value, str) and (kept := strip_controls(value)) != value:
                    attribute_holder[key] = kept


# -- em dashes -------------------------------------------------------------------

_EM, _EN = "\u2014", "\u2013"
# "word - word", also where the source wraps a line after the hyphen.  A hyphen
# starting a line stays: there it can only come from "\-", written to stop a list.
_SPACED_HYPHEN = re.compile(r"(?<=\S)[^\S\n]+-\s+(?=\S)")
# The old site's smartypants made "--" an em dash (Sphinx's "qDe" makes it an en
# dash); between digits, "1--2", it is a range: an en dash.
_RANGE = re.compile(r"(?<=\d)--(?=\d)")
_DOUBLE_HYPHEN = re.compile(r"(?<!-)-{2,3}(?!-)")
_URL_OR_HYPHENS = re.compile(r"--|://|\bwww\.")
# A written-out address keeps its hyphens and quotes, linked or not; punctuation
# after it ("see https://x.org/a--b.") is the sentence's.
_URL = re.compile(r"((?:\b(?:https?|ftp)://|\bwww\.)\S*[^\s.,;:!?)\]\"'])")
# SmartQuotes curls ("--") as if the first quote closed and the second opened: a
# quote after "(" or "[" opens (an apostrophe before digits, '90s, stays), and an
# opening quote before a space, a closing bracket or punctuation closes.
_OPENING = re.compile("(?<=[(\\[])[\u201d\u2019](?!\\d)")
_CLOSING = re.compile("[\u201c\u2018](?=[\\s)\\].,;:!?]|$)")
#: The quotes ``_OPENING`` and ``_CLOSING`` look for.
_CURLY = ("\u201c", "\u2018", "\u201d", "\u2019")
_FLIP = str.maketrans("\u201c\u2018\u201d\u2019", "\u201d\u2019\u201c\u2018")
_NO_TYPOGRAPHY = (
    nodes.FixedTextElement,
    nodes.literal,
    nodes.math,
    nodes.raw,
    nodes.target,
    nodes.comment,
)


class DoubleHyphens(SphinxTransform):
    """``--`` becomes a dash before SmartQuotes; addresses are kept from both."""

    default_priority = 745  # before Sphinx's SmartQuotes (750), which would en-dash "--"

    def apply(self, **kwargs: object) -> None:
        dashes = bool(self.config.chapbook_em_dashes)
        for text in list(self.document.findall(nodes.Text)):
            if text.parent is None or _in_code(text.parent) or not _URL_OR_HYPHENS.search(text):
                continue  # most Text has neither: leave the node as it is
            _swap(text, _dash_prose(str(text), dashes))


def _dash_prose(text: str, dashes: bool) -> list[nodes.Text]:
    """Text nodes for ``text``: prose dashed, addresses marked for SmartQuotes to skip."""
    pieces = []
    for index, piece in enumerate(_URL.split(text)):
        if index % 2:  # split() puts the captured addresses at odd places
            node = nodes.Text(piece)
            node.support_smartquotes = False  # read by Sphinx's is_smartquotable()
        else:
            node = nodes.Text(_DOUBLE_HYPHEN.sub(_EM, _RANGE.sub(_EN, piece)) if dashes else piece)
        pieces.append(node)
    return [node for node in pieces if node]


class EmDashes(SphinxTransform):
    """Replace a hyphen standing alone between words with an em dash; fix quotes."""

    default_priority = 760  # after Sphinx's SmartQuotes (750)

    def apply(self, **kwargs: object) -> None:
        for element in list(self.document.findall(nodes.TextElement)):
            if not _in_code(element):
                _merge_texts(element)  # MyST makes a line break its own Text node
        english = (self.config.language or "en").startswith("en")  # the quotes fixed are English
        dashes = bool(self.config.chapbook_em_dashes)
        for texts in _prose_blocks(self.document):
            # Each change needs a character of its own in the block: most blocks have none.
            joined = "".join(texts)
            if english and any(quote in joined for quote in _CURLY):
                _rewrite(texts, _fix_quotes)
            if dashes and "-" in joined:
                _rewrite(texts, lambda line: _SPACED_HYPHEN.sub(f" {_EM} ", line))


def _fix_quotes(line: str) -> str:
    line = _OPENING.sub(lambda quote: quote[0].translate(_FLIP), line)
    return _CLOSING.sub(lambda quote: quote[0].translate(_FLIP), line)


def _prose_blocks(document: nodes.document) -> list[list[nodes.Text]]:
    """The Text of each paragraph, title, ..., in reading order, inline markup included."""
    blocks = document.findall(nodes.TextElement)
    return [list(b.findall(nodes.Text)) for b in blocks if not isinstance(b, nodes.Inline)]


def _rewrite(texts: list[nodes.Text], change: Callable[[str], str]) -> None:
    """Apply ``change`` to each prose Text, seeing one character of its neighbours.

    "one - **two**" is "one - " beside a ``strong``: the word after the hyphen is
    in the next Text, so each Text is changed with the characters around it.
    """
    for index, text in enumerate(texts):
        if text.parent is None or _in_code(text.parent):
            continue
        before = texts[index - 1][-1:] if index else ""
        after = texts[index + 1][:1] if index + 1 < len(texts) else ""
        changed = change(before + text + after)[len(before) : -len(after) or None]
        if changed != text:
            texts[index] = nodes.Text(changed)
            _swap(text, [texts[index]])


def _swap(text: nodes.Text, new: list[nodes.Text]) -> None:
    """Put ``new`` in place of ``text``.

    Not ``parent.replace()``: it finds the child by equality, and Text is a str, so
    an earlier sibling with the same words would be replaced instead.
    """
    parent = text.parent
    index = next(i for i, child in enumerate(parent.children) if child is text)
    parent[index : index + 1] = new


def _merge_texts(element: nodes.Element) -> None:
    index = 1
    while index < len(element.children):
        before, here = element.children[index - 1], element.children[index]
        if isinstance(before, nodes.Text) and isinstance(here, nodes.Text):
            element[index - 1 : index + 1] = [nodes.Text(str(before) + str(here))]  # by place
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
            # A cover stands beside the post's title: without ``image_alt`` it is decorative.
            if COVER in image["classes"]:
                continue
            if not str(image.get("alt", "")).strip():
                warn(f"image {image['uri']!r} has no alt text", Warn.IMAGE, location=located(image))


def leave_image_out(image: nodes.image) -> None:
    """Put the image's alt text in its place; a figure keeps its caption and legend.

    A cover without alt text (decoration) goes with its box: no empty box under the title.
    """
    alt = str(image.get("alt", ""))
    figure = _figure_of(image)
    box = image.parent
    if figure is not None:
        figure.replace_self(_figure_without_image(figure, alt))
    elif not alt and COVER in image["classes"] and _is_cover_box(box):
        box.parent.remove(box)
    else:
        stand_in(image, alt)


def _is_cover_box(node: nodes.Element) -> bool:
    """The container ``reading.cover`` puts a cover in, holding it alone."""
    return isinstance(node, nodes.container) and COVER in node["classes"] and len(node) == 1


def _figure_of(image: nodes.image) -> nodes.figure | None:
    """The figure ``image`` is the picture of (maybe inside its link), if any."""
    parent = image.parent
    if isinstance(parent, nodes.reference):
        parent = parent.parent
    return parent if isinstance(parent, nodes.figure) else None


def _figure_without_image(figure: nodes.figure, alt: str) -> nodes.container:
    """The alt text, the caption and the legend, with the figure's ids.

    Not a figure without its picture: LaTeX's ``wrapfigure`` (an aligned figure) then
    has no width and stops XeLaTeX, and docutils leaves a ``<figcaption>`` open, which
    epubcheck rejects.
    """
    box = nodes.container(ids=figure["ids"], classes=["chapbook-figure-left-out"])
    box.source, box.line = figure.source, figure.line
    if alt:
        box += nodes.paragraph(alt, alt)
    for part in figure.children:
        if isinstance(part, nodes.caption):
            box += nodes.paragraph(part.rawsource, "", *part.children)
        elif isinstance(part, nodes.legend):
            box += part.children
    return box


def located(node: nodes.Element) -> nodes.Node:
    """Where to report an image: MyST gives a body image no line of its own, Sphinx a
    cover's image line 0; the element around it has one."""
    while not node.line and node.parent is not None:
        node = node.parent
    return node


# -- notes nobody wrote ----------------------------------------------------------


class ExplainMissingNotes(SphinxTransform):
    """A citation of a note that no ``[^label]: text`` defines, in a writer's words.

    docutils reports it twice, in its own terms ("Too many autonumbered footnote
    references", "Unknown target name"); the usual cause is a note written
    ``[^1] text``, without its colon.  The citation stays as typed.
    """

    # Before docutils numbers footnotes and matches names (``Footnotes``, 620).
    default_priority = 610

    def apply(self, **kwargs: object) -> None:
        defined = {name for note in self.document.findall(nodes.footnote) for name in note["names"]}
        for ref in list(self.document.findall(nodes.footnote_reference)):
            label = ref.get("refname")
            if label is None or label in defined:
                continue
            warn(f"footnote [^{label}] is cited but no note says what it is: write the note "
                 f"on a line of its own as '[^{label}]: text', with a colon after the ']'",
                 Warn.FOOTNOTE, location=located(ref))  # fmt: skip
            self._forget(ref, label)
            text = f"[^{label}]"
            ref.replace_self(nodes.inline(text, text, ids=ref["ids"]))

    def _forget(self, ref: nodes.footnote_reference, label: str) -> None:
        """Out of docutils' lists too: it would still number and report it."""
        document = self.document
        refs = document.footnote_refs.get(label, [])
        if ref in refs:
            refs.remove(ref)
        if not refs:
            document.footnote_refs.pop(label, None)
        if ref in document.autofootnote_refs:
            document.autofootnote_refs.remove(ref)


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
        drop_dangling_links(self.document)


class DropDanglingResolvedLinks(SphinxPostTransform):
    """The same for links made as pages are written: a Markdown link MyST cannot
    resolve (``[x](other.md#here)``, after its own warning) becomes a link to
    ``#other.md#here`` on this page, in every output."""

    # After MyST's reference resolver (9) and Sphinx's (10).
    default_priority = 11

    def run(self, **kwargs: Any) -> None:
        drop_dangling_links(self.document)


def drop_dangling_links(document: nodes.document) -> None:
    # One walk (by class: docutils' fast one) for both the ids and the links.
    ids: set[str] = set()
    links = []
    for node in document.findall(nodes.Element):
        ids.update(node["ids"])
        if _in_page_link(node):
            links.append(node)
    for node in links:
        if node["refid"] not in ids:
            text = node.astext()
            node.replace_self(nodes.inline(text, text, ids=node["ids"]))


def _in_page_link(node: nodes.Element) -> bool:
    return isinstance(node, nodes.problematic | nodes.reference) and bool(node.get("refid"))


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_transform(StripControlCharacters)
    app.add_transform(DoubleHyphens)
    app.add_transform(EmDashes)
    app.add_transform(ReportMissingAlt)
    app.add_transform(DropDanglingLinks)
    app.add_transform(ExplainMissingNotes)
    app.add_post_transform(DropDanglingResolvedLinks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

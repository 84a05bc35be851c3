"""Nesting the PDF can typeset: frames deeper than TeX allows lose their frame, not the book.

A post may nest quotes, lists and notes as deep as the site shows them
(``reading.depth`` bounds that at what Python can follow).  TeX stops far
sooner, and one post stopping TeX is a book with no PDF at all: LaTeX nests at
most four bulleted and four numbered lists and six list-like environments
together (quotes, definition lists, field lists and line blocks are lists to
it), "Too deeply nested"; and a note inside a note (any box inside a box: a
topic, a sidebar) that reaches a page break on A5 sends Sphinx's ``framed``
boxes into a loop of some ten thousand empty pages, until TeX's input stack is
exhausted (Sphinx issues 5936 and 6804 are the same loop in other shapes).

So, for the PDF only, a frame nested deeper than :data:`LIMITS` allows is
unwrapped: its content stays where it was, in order, without the frame (an
item keeps its bullet or number as text, a note's title and a term become a
bold paragraph).  One warning per post names its first such line.  The ePub
and the site keep every frame: XHTML has no such limit.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.locale import admonitionlabels
from sphinx.transforms.post_transforms import SphinxPostTransform

from chapbook.reading.transforms import located
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: How many of each kind TeX nests, every frame counting towards ``frames``.
LIMITS = {"frames": 6, "bullets": 4, "numbers": 4, "boxes": 1}
#: Frames TeX draws as a box (``framed``): one can hold no other.
BOXES = (nodes.Admonition, nodes.topic, nodes.sidebar)

#: Containers TeX typesets as a frame: a list environment or a box.
FRAMES = (
    nodes.bullet_list,
    nodes.enumerated_list,
    nodes.definition_list,
    nodes.field_list,
    nodes.option_list,
    nodes.block_quote,
    nodes.line_block,
    nodes.Admonition,
    nodes.topic,
    nodes.sidebar,
)

MESSAGE = (
    "a note inside a note, or quotes, lists and notes nested more than {frames} deep "
    "({bullets} for bulleted or numbered lists): more than TeX can typeset; the PDF shows "
    "what is inside without its frame"
)


def kinds(node: nodes.Node) -> tuple[str, ...]:
    """What ``node`` counts towards, if it is a frame."""
    if not isinstance(node, FRAMES):
        return ()
    if isinstance(node, nodes.bullet_list):
        return ("frames", "bullets")
    if isinstance(node, nodes.enumerated_list):
        return ("frames", "numbers")
    if isinstance(node, nodes.field_list):  # a description inside a quote: two levels
        return ("frames", "frames")
    if isinstance(node, BOXES):
        return ("frames", "boxes")
    return ("frames",)


def flatten(root: nodes.Element, limits: dict[str, int] = LIMITS) -> list[nodes.Node]:
    """Unwrap each frame under ``root`` deeper than ``limits``; where each one was.

    Iterative, so that a doctree as deep as ``reading.depth`` allows is walked
    without Python's recursion.
    """
    unwrapped: list[nodes.Node] = []
    stack: list[tuple[nodes.Element, Counter[str]]] = [(root, Counter())]
    while stack:
        node, counts = stack.pop()
        index = 0
        while index < len(node.children):
            child = node.children[index]
            if not isinstance(child, nodes.Element):
                index += 1
                continue
            inner = counts + Counter(kinds(child))
            if any(inner[kind] > limit for kind, limit in limits.items()):
                unwrapped.append(located(child))
                _replace(node, index, child, _content(child))
                continue  # what took its place is looked at with the same counts
            stack.append((child, inner))
            index += 1
    return unwrapped


def _replace(parent: nodes.Element, index: int, old: nodes.Element, new: list[nodes.Node]) -> None:
    parent.remove(old)
    for offset, node in enumerate(new):
        parent.insert(index + offset, node)


def _content(frame: nodes.Element) -> list[nodes.Node]:
    """The body elements of ``frame``, in order, without the frame."""
    body: list[nodes.Node] = []
    label = admonitionlabels.get(frame.tagname)
    if label and not any(isinstance(child, nodes.title) for child in frame.children):
        body.append(_bold(nodes.Text(label)))
    for number, child in enumerate(frame.children, start=frame.get("start", 1)):
        if isinstance(child, nodes.list_item):
            body.extend(_marked(_parts(child), _marker(frame, number)))
        elif isinstance(child, (nodes.title, nodes.subtitle, nodes.term, nodes.field_name)):
            body.append(_bold(*child.children))
        else:
            body.extend(_parts(child))
    return body


def _parts(node: nodes.Node) -> list[nodes.Node]:
    """A body element as it is; a part of a frame (an item, a definition) by its content."""
    if isinstance(node, nodes.Part) and isinstance(node, nodes.TextElement):
        return [nodes.paragraph(node.rawsource, "", *node.children)]
    if isinstance(node, (nodes.Part, nodes.definition_list_item, nodes.option_list_item)):
        return _content(node)  # type: ignore[arg-type]
    return [node]


def _marker(frame: nodes.Element, number: int) -> str:
    if isinstance(frame, nodes.enumerated_list):
        return f"{frame.get('prefix', '')}{number}{frame.get('suffix', '.')} "
    return "\N{BULLET} "


def _marked(body: list[nodes.Node], marker: str) -> list[nodes.Node]:
    """An item's content with its bullet or number as text, in its first paragraph."""
    for node in body:
        if isinstance(node, nodes.paragraph):
            node.insert(0, nodes.Text(marker))
            return body
    return [nodes.paragraph("", marker), *body]


def _bold(*children: nodes.Node) -> nodes.paragraph:
    return nodes.paragraph("", "", nodes.strong("", "", *children))


class FlattenDeepFrames(SphinxPostTransform):
    """The PDF's doctree, no deeper than TeX nests; one warning per post."""

    default_priority = 900  # after every transform that adds or moves frames
    builders: ClassVar = ("latex",)

    def run(self, **kwargs: object) -> None:
        reported: set[str] = set()
        for where in flatten(self.document):
            if where.source in reported:
                continue
            reported.add(where.source or "")
            warn(MESSAGE.format(**LIMITS), Warn.NESTING, location=where)


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_post_transform(FlattenDeepFrames)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

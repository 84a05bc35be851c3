"""draw.io's HTML labels as SVG text, drawn where a browser draws them.

draw.io writes each label as HTML in a ``<foreignObject>``, inside a
``<switch>`` whose fallback ``<text>`` is for viewers without HTML.  Neither
CairoSVG (the PDF) nor a strict ePub reader draws HTML, so each label
becomes SVG ``<text>`` in the place of its ``<switch>``: in the same group,
under the same transforms, right after the shape it belongs to, as a browser
paints it.

Where the browser puts the label is written in the outer ``<div>``
(``mxSvgCanvas2D.updateTextNodes`` in draw.io): a flex box at
``margin-left``/``padding-top`` (plus the ``foreignObject``'s own ``y`` when
that is negative), ``width`` by ``height``; ``justify-content`` places the
text at the box's left, centre or right (``text-anchor`` start, middle,
end) and ``align-items`` at its top, middle or bottom.  The fallback
``<text>`` is no guide: it may be missing, cut short ("Label..."), hold only
the first line, or read "Text is not SVG - cannot display".  It lends the
label its font and colour; its position is used only when the HTML has no
such box (an older or other exporter).

The text is the label's HTML read as a browser lays it out: whitespace
collapsed, a new line at each ``<br>`` and at each block element's start and
end (``<div>Step one</div>then two`` is two lines), inline elements
(``<b>``, ``<span>``, ``<font>``) keeping their words and, where CairoSVG
can place them, their weight, slant and colour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from chapbook.trust.svg import remove

if TYPE_CHECKING:
    from collections.abc import Iterator

#: A label's words in one style: their text, and the SVG attributes of that style.
Style = tuple[tuple[str, str], ...]
Run = tuple[str, Style]

SVG = "http://www.w3.org/2000/svg"
FOREIGN = f"{{{SVG}}}foreignObject"
SWITCH = f"{{{SVG}}}switch"
TEXT = f"{{{SVG}}}text"
TSPAN = f"{{{SVG}}}tspan"
#: Attributes of the fallback ``<text>`` that style the label (draw.io writes its font there).
STYLED = ("font-size", "font-family", "fill", "font-weight", "font-style", "text-decoration")
#: CSS in a label's HTML that styles the ``<text>`` made from it, where the fallback does not.
LABEL_CSS = {
    "font-size": "font-size",
    "font-family": "font-family",
    "color": "fill",
    "font-weight": "font-weight",
    "font-style": "font-style",
}
#: Flex alignment (``justify-content``, ``align-items``) as a side of the label's box.
SIDES = {
    "flex-start": "start", "start": "start", "left": "start", "self-start": "start",
    "center": "middle",
    "flex-end": "end", "end": "end", "right": "end", "self-end": "end",
}  # fmt: skip
#: How far along the box each side is.
SHARE = {"start": 0.0, "middle": 0.5, "end": 1.0}
#: Inline HTML that styles its words, as attributes of an SVG ``<tspan>``.
INLINE = {
    "b": {"font-weight": "bold"}, "strong": {"font-weight": "bold"},
    "i": {"font-style": "italic"}, "em": {"font-style": "italic"},
    "cite": {"font-style": "italic"}, "var": {"font-style": "italic"},
    "u": {"text-decoration": "underline"}, "ins": {"text-decoration": "underline"},
    "s": {"text-decoration": "line-through"}, "strike": {"text-decoration": "line-through"},
    "del": {"text-decoration": "line-through"},
}  # fmt: skip
#: CSS of inline HTML kept on the words it styles.
INLINE_CSS = {
    "font-weight": "font-weight",
    "font-style": "font-style",
    "color": "fill",
    "text-decoration": "text-decoration",
    "font-family": "font-family",
}
#: HTML elements that start a new line of a label.
BLOCKS = frozenset(
    {"div", "p", "li", "ul", "ol", "tr", "table", "blockquote", "pre", "section", "article",
     "h1", "h2", "h3", "h4", "h5", "h6", "hr", "dl", "dt", "dd", "center", "figure",
     "figcaption", "caption"}
)  # fmt: skip
SKIPPED = frozenset({"style", "script"})
#: HTML in a label that is not text: only the label's text reaches the book.
NOT_TEXT = frozenset(
    {"img", "svg", "math", "object", "embed", "iframe", "video", "audio", "canvas", "input"}
)
#: draw.io's line height (``mxConstants.LINE_HEIGHT``) and default font size.
LINE_EM = 1.2
FONT_SIZE = 12.0
#: A line's baseline below its middle, in em: where a browser puts Helvetica's in a 1.2 line.
BASELINE_EM = 0.35
LENGTH = re.compile(r"\s*(-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?)(?:px)?\s*", re.IGNORECASE)
#: CSS ``light-dark(light, dark)`` (draw.io 24 and later), each colour perhaps ``rgb(...)``.
LIGHT_DARK = re.compile(r"light-dark\(\s*((?:[^(),]|\([^()]*\))+?)\s*,(?:[^()]|\([^()]*\))*\)")
#: HTML's white space (not U+00A0, which a browser keeps).
HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


@dataclass(frozen=True)
class Box:
    """A label's flex box in its ``foreignObject``'s user space, and where in it the text sits."""

    left: float
    top: float
    width: float
    height: float
    #: ``justify-content`` and ``align-items`` as start, middle or end.
    across: str
    down: str

    def anchor_x(self) -> float:
        return self.left + SHARE[self.across] * self.width

    def first_baseline(self, lines: int, size: float, line_height: float) -> float:
        """Where the first of ``lines`` sits, the block of lines aligned as ``down`` says."""
        top = self.top + SHARE[self.down] * (self.height - lines * line_height)
        return top + line_height / 2 + BASELINE_EM * size


def replace_labels(root: etree._Element) -> tuple[str, ...]:
    """Each HTML label of ``root`` as SVG text; what a reader may miss, one phrase each."""
    problems: list[str] = []
    for foreign in list(root.iter(FOREIGN)):
        if any(a.tag == FOREIGN for a in foreign.iterancestors()):
            continue  # inside a label already replaced
        problems += _replace_label(foreign)
    return tuple(problems)


def _replace_label(foreign: etree._Element) -> list[str]:
    switch = foreign.getparent()
    in_switch = switch is not None and switch.tag == SWITCH and _first(switch) is foreign
    holder = switch if in_switch else foreign
    lines = label_runs(foreign)
    shown = " / ".join("".join(text for text, _ in line) for line in lines)
    if not lines:
        remove(holder)
        return _not_text(foreign, shown)
    fallback = _fallback(foreign) if in_switch else None
    text = _label_text(lines, foreign, fallback)
    if text is None:
        kept = "its fallback is kept" if in_switch else "it is left as HTML"
        return [f"the label {shown!r} cannot be placed as SVG text; {kept}"]
    # In the switch's place: after its shape, under its groups' transforms.
    text.tail = holder.tail
    holder.getparent().replace(holder, text)
    return _not_text(foreign, shown)


def _label_text(
    lines: list[list[Run]], foreign: etree._Element, fallback: etree._Element | None
) -> etree._Element | None:
    box = label_box(foreign)
    if box is not None:
        return _boxed(lines, box, _font(foreign, fallback))
    if fallback is not None:
        return _at_fallback(lines, fallback)
    return _centred(lines, foreign)


# -- the text ----------------------------------------------------------------------------


def label_lines(foreign: etree._Element) -> list[str]:
    """The label's text, a line per ``<br>`` or block, whitespace collapsed as HTML does."""
    return ["".join(text for text, _ in line) for line in label_runs(foreign)]


def label_runs(foreign: etree._Element) -> list[list[Run]]:
    """The label's lines, each a list of words in one style (bold, italic, a colour)."""
    lines: list[list[Run]] = [[]]
    _collect(foreign, lines, (), top=True)
    collapsed = (_collapsed(line) for line in lines)
    return [line for line in collapsed if line]


def _collect(
    node: etree._Element, lines: list[list[Run]], style: Style, *, top: bool = False
) -> None:
    if isinstance(node.tag, str):
        name = etree.QName(node).localname
        if name in BLOCKS or name == "br":
            lines.append([])
        if name not in SKIPPED:
            own = _inline_style(node, name, style)
            lines[-1].append((node.text or "", own))
            for child in node:
                _collect(child, lines, own)
        if name in BLOCKS:
            lines.append([])
    if not top:
        lines[-1].append((node.tail or "", style))


def _inline_style(node: etree._Element, name: str, style: Style) -> Style:
    """``style`` with what ``node`` adds: ``<b>``, ``<i>``, ``<font color>``, its CSS."""
    added = dict(style)
    added.update(INLINE.get(name, {}))
    for attribute, target in (("color", "fill"), ("face", "font-family")):
        if name == "font" and node.get(attribute):
            added[target] = node.get(attribute, "")
    for css, value in _declarations(node.get("style", "")):
        if css in INLINE_CSS:
            added[INLINE_CSS[css]] = light_value(value)
    return tuple(sorted(added.items()))


def _collapsed(line: list[Run]) -> list[Run]:
    """HTML's white space across the runs of a line: one space, none at either end."""
    runs: list[Run] = []
    after_space = True
    for written, style in line:
        text = HTML_SPACE.sub(" ", written)
        if after_space:
            text = text.lstrip(" ")
        if not text:
            continue
        after_space = text.endswith(" ")
        if runs and runs[-1][1] == style:
            runs[-1] = (runs[-1][0] + text, style)
        else:
            runs.append((text, style))
    while runs and not runs[-1][0].rstrip(" "):
        runs.pop()
    if runs:
        runs[-1] = (runs[-1][0].rstrip(" "), runs[-1][1])
    return runs


def _not_text(foreign: etree._Element, shown: str) -> list[str]:
    found = sorted({etree.QName(e).localname for e in foreign.iter(etree.Element)} & NOT_TEXT)
    tags = ", ".join(f"<{name}>" for name in found)
    return [f"the label {shown!r} holds {tags}: only its text is kept"] if found else []


# -- where the browser draws it ------------------------------------------------------------


def label_box(foreign: etree._Element) -> Box | None:
    """The flex box draw.io writes on the label's outer ``<div>``, if it wrote one."""
    outer = _first(foreign)
    if outer is None:
        return None
    style = dict(_declarations(outer.get("style", "")))
    if style.get("display") != "flex" or "writing-mode" in style:
        return None  # not draw.io's layout, or vertical text: the fallback's place is better
    left, top = _px(style.get("margin-left", "0")), _px(style.get("padding-top", "0"))
    width, height = _px(style.get("width", "0")), _px(style.get("height", "0"))
    if None in (left, top, width, height):
        return None
    return Box(
        left + (_px(foreign.get("x", "0")) or 0.0),
        top + (_px(foreign.get("y", "0")) or 0.0),
        width,
        height,
        across=_side(style.get("justify-content", "")),
        down=_side(style.get("align-items", "")),
    )


def _side(value: str) -> str:
    """``unsafe center`` -> middle; flex's default (``normal``, ``stretch``) is the start."""
    words = [w for w in value.lower().split() if w not in ("safe", "unsafe")]
    return SIDES.get(words[0], "start") if words else "start"


def _font(foreign: etree._Element, fallback: etree._Element | None) -> dict[str, str]:
    """The fallback's font and colour; what it lacks, from the CSS of the label's wrappers."""
    font = {name: fallback.get(name) for name in STYLED if fallback is not None}
    font = {name: value for name, value in font.items() if value}
    for element in reversed(list(_wrappers(foreign))):  # the innermost CSS applies
        for name, value in _declarations(element.get("style", "")):
            target = LABEL_CSS.get(name)
            if target and target not in font and _shown_value(name, value):
                font[target] = value
    if "fill" in font:
        font["fill"] = light_value(font["fill"])
    return font


def _wrappers(foreign: etree._Element) -> Iterator[etree._Element]:
    """The elements around all of the label's words (draw.io's nested ``<div>``s), outermost first.

    Their CSS is the label's; a ``<span>`` around some words styles only those.
    """
    element = _first(foreign)
    while element is not None:
        yield element
        children = list(element.iterchildren(etree.Element))
        if (element.text or "").strip() or len(children) != 1 or (children[0].tail or "").strip():
            return
        element = children[0]


def _shown_value(name: str, value: str) -> bool:
    """draw.io sets ``font-size: 0`` on the wrapper of a label: not the label's size."""
    return not (name == "font-size" and (_px(value) or 0.0) <= 0)


def _boxed(lines: list[list[Run]], box: Box, font: dict[str, str]) -> etree._Element:
    size = _px(font.get("font-size", "")) or FONT_SIZE
    step = LINE_EM * size
    x, y = box.anchor_x(), box.first_baseline(len(lines), size, step)
    attributes = {"x": _number(x), "y": _number(y), **font}
    if box.across != "start":
        attributes["text-anchor"] = box.across
    return _text(lines, attributes, first=None, step=_number(step))


# -- labels without draw.io's box (older or other exporters) ------------------------------


def _fallback(foreign: etree._Element) -> etree._Element | None:
    for sibling in foreign.itersiblings():
        for text in sibling.iter(TEXT):
            return text
    return None


def _at_fallback(lines: list[list[Run]], fallback: etree._Element) -> etree._Element:
    """Where the fallback is: one line on its baseline, several centred on it."""
    placed = ("x", "y", *STYLED, "text-anchor")
    attributes = {name: fallback.get(name) for name in placed if fallback.get(name) is not None}
    first = -(len(lines) - 1) * LINE_EM / 2
    return _text(lines, attributes, first=f"{first:g}em", step=f"{LINE_EM:g}em")


def _centred(lines: list[list[Run]], foreign: etree._Element) -> etree._Element | None:
    """Without a fallback: in the middle of the foreignObject's box, if it has one."""
    box = [_px(foreign.get(name, default)) for name, default in
           (("x", "0"), ("y", "0"), ("width", ""), ("height", ""))]  # fmt: skip
    if None in box:
        return None
    x, y, width, height = (value or 0.0 for value in box)
    middle = Box(x, y, width, height, across="middle", down="middle")
    return _boxed(lines, middle, _font(foreign, None))


def _text(
    lines: list[list[Run]], attributes: dict[str, str], *, first: str | None, step: str
) -> etree._Element:
    """A ``<text>``; several lines are ``<tspan>``s, each back at the text's ``x``."""
    text = etree.Element(TEXT, attributes, nsmap={None: SVG})
    if len(lines) == 1 and first in (None, "0em"):
        _write(text, lines[0], attributes)
        return text
    for index, line in enumerate(lines):
        span = etree.SubElement(text, TSPAN, x=attributes.get("x", "0"))
        dy = first if index == 0 else step
        if dy is not None:
            span.set("dy", dy)
        _write(span, line, attributes)
    return text


def _write(holder: etree._Element, line: list[Run], base: dict[str, str]) -> None:
    """The line's words into ``holder``, styled as the HTML styles them where CairoSVG can.

    A line in one style carries it; words styled otherwise than their line are
    ``<tspan>``s only in text anchored at its start: CairoSVG anchors each
    ``<tspan>`` on its own, so a centred "Asks the *team*" would come apart.
    """
    styles = {style for _, style in line}
    if len(styles) == 1 or base.get("text-anchor", "start") != "start":
        holder.attrib.update(_differing(line[0][1] if len(styles) == 1 else (), base))
        holder.text = "".join(words for words, _ in line)
        return
    last: etree._Element | None = None
    for words, style in line:
        own = _differing(style, base)
        if own:
            last = etree.SubElement(holder, TSPAN, own)
            last.text = words
        elif last is None:
            holder.text = (holder.text or "") + words
        else:
            last.tail = (last.tail or "") + words


def _differing(style: Style, base: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in style if base.get(name) != value}


# -- values --------------------------------------------------------------------------------


def light_value(value: str) -> str:
    """``light-dark(#000, #fff)`` as its light colour: the page of a book is light."""
    return LIGHT_DARK.sub(r"\1", value)


def _declarations(style: str) -> Iterator[tuple[str, str]]:
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        if value.strip():
            yield name.strip().lower(), value.strip()


def _px(value: str) -> float | None:
    match = LENGTH.fullmatch(value)
    return float(match.group(1)) if match else None


def _number(value: float) -> str:
    return f"{round(value, 2):g}"


def _first(element: etree._Element) -> etree._Element | None:
    return next(element.iterchildren(etree.Element), None)

"""A post's math as MathML for the ePub, which has no MathJax to typeset it.

latex2mathml (the ``book`` extra) converts the formula's TeX.  Its output is
not escaped: ``\\text{<b>}`` comes out as a live ``<b>`` element, ``\\href``
as an ``href`` attribute, ``&`` in an environment it does not know as a bare
ampersand.  So its MathML is parsed back as XML and kept only if every element
and attribute is presentation MathML from the lists below; and a command it
does not know, which it writes as ``<mi>\\name</mi>``, counts as not converted.
Whatever is not kept, the ePub shows as its source, in code, with a warning.

Plain functions: no Sphinx, no docutils.
"""

from __future__ import annotations

import re

from lxml import etree

from chapbook.trust.tex import words

try:
    from latex2mathml.converter import convert as _convert
except ImportError:  # pragma: no cover - the ``book`` extra is not installed
    _convert = None

MATHML = "http://www.w3.org/1998/Math/MathML"
INSTALL = 'latex2mathml is not installed (pip install "chapbook[book]")'


#: Presentation MathML elements a converted formula may hold.
ELEMENTS = words(
    "math mrow mi mn mo mtext ms mspace msup msub msubsup mfrac msqrt mroot mover munder "
    "munderover mtable mtr mtd mstyle mpadded mphantom menclose merror mfenced "
    "mmultiscripts mprescripts none"
)
#: Their attributes (no ``href``, ``style``, ``class`` or ``id``: links and styles are
#: not the formula's to make).
ATTRIBUTES = words(
    "display mathvariant stretchy fence form separator accent accentunder movablelimits "
    "largeop lspace rspace minsize maxsize symmetric width height depth linebreak "
    "displaystyle scriptlevel rowspacing columnspacing columnalign rowalign columnlines "
    "rowlines frame framespacing equalrows equalcolumns columnspan rowspan notation "
    "linethickness bevelled numalign denomalign mathsize voffset open close separators"
)
_UNKNOWN_COMMAND = re.compile(r"\\[A-Za-z]+")
#: Environments latex2mathml reads as another one (it writes ``aligned``'s ``&`` as text).
_SAME_AS = {"aligned": "align*"}
_ENVIRONMENT = re.compile(r"\\(begin|end)\{(\w+)\}")


def to_mathml(source: str, *, display: bool) -> tuple[str | None, str]:
    """The MathML of ``source`` and ``""``, or ``None`` and why it could not be made."""
    if _convert is None:
        return None, INSTALL
    tex = _ENVIRONMENT.sub(lambda m: f"\\{m[1]}{{{_SAME_AS.get(m[2], m[2])}}}", source)
    try:
        mathml = _convert(tex, display="block" if display else "inline")
    except Exception as error:  # the converter raises many kinds on bad TeX
        return None, f"latex2mathml cannot read it ({type(error).__name__})"
    return _checked(mathml)


def _checked(mathml: str) -> tuple[str | None, str]:
    """The MathML as parsed and written again (what was checked is what the page gets)."""
    try:
        root = etree.fromstring(mathml.encode("utf-8"))
    except etree.XMLSyntaxError:
        return None, "latex2mathml wrote MathML that is not well-formed"
    for element in root.iter():
        problem = _element_refusal(element)
        if problem:
            return None, problem
    return etree.tostring(root, encoding="unicode"), ""


def _element_refusal(element: etree._Element) -> str | None:
    if not isinstance(element.tag, str):  # a comment or processing instruction
        return "latex2mathml wrote something other than MathML"
    name = etree.QName(element)
    if name.namespace != MATHML or name.localname not in ELEMENTS:
        return f"latex2mathml wrote <{name.localname}>, which is not MathML a book keeps"
    unknown = [a for a in element.attrib if a not in ATTRIBUTES]
    if unknown:
        return f"latex2mathml wrote the attribute {unknown[0]!r}"
    if name.localname == "mi" and _UNKNOWN_COMMAND.fullmatch(element.text or ""):
        return f"latex2mathml does not know {element.text}"
    return None

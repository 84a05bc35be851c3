"""SVG that runs nothing: the cleaner of every SVG file the site serves and the ePub packs.

An SVG file is a document, not a picture.  Opened from the site
(``_images/flow.svg``: a zoomed image, "open image in new tab", a link to
it) it runs its own ``<script>``, its ``onload=`` and ``onclick=`` handlers
and its ``javascript:`` links on the site's own address; inside a
``<foreignObject>`` it holds HTML, ``<iframe>`` and ``<form>`` included; an
ePub that packs it fails epubcheck (OPF-014, scripted content).  Sphinx
copies images byte for byte, so every SVG from a post goes through
:func:`make_inert` first (``site.served``, ``book.svg``).

What stays is an allowlist, read where a browser acts: each element by its
namespace and name, each attribute by its namespace and name, each address
by its scheme.

* SVG elements that draw, group, define, describe or animate a drawing
  (:data:`SVG_ELEMENTS`), with the attributes SVG gives them
  (:data:`SVG_ATTRIBUTES`, ``data-*`` and ``aria-*``);
* inside a ``<foreignObject>``, the HTML of a label (draw.io, Mermaid):
  text, line breaks, ``<b>``, ``<font>``, lists and tables, with their
  ``style`` (:data:`HTML_ELEMENTS`, :data:`HTML_ATTRIBUTES`);
* editors' own metadata (Inkscape, Sodipodi, RDF, Dublin Core, Adobe, ...):
  elements and attributes of namespaces no browser acts on
  (:data:`EDITOR_NAMESPACES`), kept as written;
* addresses (``href``, ``xlink:href``, ``src``, CSS ``url()`` and
  ``@import``) the trust policy allows (:func:`chapbook.trust.policy.url_refusal`),
  and raster images written as ``data:`` where an image is loaded (plotting
  tools embed their bitmaps that way);
* animations of attributes that are kept and hold no address
  (``<set attributeName="href" to="javascript:...">`` makes a link run).

Everything else goes, each kind named once in :attr:`Inert.removed`, in the
order met: ``<script>``, ``onload=``, ``<iframe>``, ``a javascript: address in
href=``, ``an animation of href=``, ``<?xml-stylesheet?>`` (which would have a
browser show the file transformed into an HTML page).

The file is read as a browser reads it, and nothing else is: the default
attributes its own DTD declares apply (Chromium runs ``<!ATTLIST svg onload
CDATA "...">``: here it is an ``onload=`` like any other), while an external
DTD or entity reads as empty, from no file and no network.  Its own text
entities are written out.  A file whose entities cannot be written out (one
read from a file, one holding markup or other entities: the "billion
laughs"), that is not well-formed XML or whose root is not an SVG ``<svg>``
cannot be checked: :class:`SVGError`, and it is left out.

Plain data and lxml, no Sphinx: ``trust`` is a leaf.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from lxml import etree

from chapbook.trust import policy


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


SVG = "http://www.w3.org/2000/svg"
XHTML = "http://www.w3.org/1999/xhtml"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
ROOT = f"{{{SVG}}}svg"
FOREIGN = f"{{{SVG}}}foreignObject"

#: SVG elements a drawing may hold.  Not here: ``<script>``, and what loads or
#: runs something else (``<font-face-uri>``, ``<color-profile>``, ``<cursor>``,
#: ``<discard>``, ``<handler>``, ``<listener>``).
SVG_ELEMENTS = _names(
    """a altGlyph altGlyphDef altGlyphItem animate animateColor animateMotion
    animateTransform circle clipPath defs desc ellipse feBlend feColorMatrix
    feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting feDisplacementMap
    feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur
    feImage feMerge feMergeNode feMorphology feOffset fePointLight feSpecularLighting
    feSpotLight feTile feTurbulence filter font font-face font-face-format font-face-name
    font-face-src foreignObject g glyph glyphRef hkern image line linearGradient marker
    mask metadata missing-glyph mpath path pattern polygon polyline radialGradient rect
    set stop style svg switch symbol text textPath title tref tspan use view vkern"""
)
#: Elements that change another element's attribute over time.
ANIMATIONS = frozenset({"animate", "animateColor", "animateMotion", "animateTransform", "set"})
#: Attributes of SVG elements: geometry, presentation, text, gradients, filters,
#: animation timing, fonts, conditional processing.  No event handler (``on*``),
#: no ``xml:base``; ``content`` is draw.io's copy of its diagram, plain data.
SVG_ATTRIBUTES = _names(
    """accent-height accumulate additive alignment-baseline alphabetic amplitude
    arabic-form ascent attributeName attributeType azimuth baseFrequency baseProfile
    baseline-shift bbox begin bias by calcMode cap-height class clip clip-path
    clip-rule clipPathUnits color color-interpolation color-interpolation-filters
    color-profile color-rendering content contentStyleType crossorigin cursor cx cy d
    decoding descent diffuseConstant direction display divisor dominant-baseline dur dx dy
    edgeMode elevation enable-background end exponent externalResourcesRequired fill
    fill-opacity fill-rule filter filterRes filterUnits flood-color flood-opacity font-family
    font-feature-settings font-kerning font-size font-size-adjust font-stretch font-style
    font-variant font-variant-ligatures font-weight format fr from fx fy g1 g2 glyph-name
    glyph-orientation-horizontal glyph-orientation-vertical glyphRef gradientTransform
    gradientUnits hanging height horiz-adv-x horiz-origin-x horiz-origin-y href hreflang
    id ideographic image-rendering in in2 intercept isolation k k1 k2 k3 k4 kernelMatrix
    kernelUnitLength kerning keyPoints keySplines keyTimes lang lengthAdjust letter-spacing
    lighting-color limitingConeAngle local marker marker-end marker-mid marker-start
    markerHeight markerUnits markerWidth mask mask-type maskContentUnits maskUnits
    mathematical max media method min mix-blend-mode mode name numOctaves offset opacity
    operator order orient orientation origin overflow overline-position overline-thickness
    paint-order panose-1 path pathLength patternContentUnits patternTransform patternUnits
    pointer-events points pointsAtX pointsAtY pointsAtZ preserveAlpha preserveAspectRatio
    primitiveUnits r radius refX refY rel rendering-intent repeatCount repeatDur
    requiredExtensions requiredFeatures restart result role rotate rx ry scale seed
    shape-rendering side slope spacing specularConstant specularExponent spreadMethod
    startOffset stdDeviation stemh stemv stitchTiles stop-color stop-opacity
    strikethrough-position strikethrough-thickness string stroke stroke-dasharray
    stroke-dashoffset stroke-linecap stroke-linejoin stroke-miterlimit stroke-opacity
    stroke-width style surfaceScale systemLanguage tabindex tableValues target targetX
    targetY text-anchor text-decoration text-overflow text-rendering textLength title to
    transform transform-box transform-origin type u1 u2 underline-position
    underline-thickness unicode unicode-bidi unicode-range units-per-em v-alphabetic
    v-hanging v-ideographic v-mathematical values vector-effect version vert-adv-y
    vert-origin-x vert-origin-y viewBox viewTarget visibility white-space width widths
    word-spacing writing-mode x x-height x1 x2 xChannelSelector y y1 y2 yChannelSelector z
    zoomAndPan"""
)
#: HTML a label may hold (inside a ``<foreignObject>`` only): text and its formatting.
HTML_ELEMENTS = _names(
    """a abbr b bdi bdo big blockquote br caption center cite code col colgroup dd del dfn
    div dl dt em figcaption figure font h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre
    q rp rt ruby s samp small span strike strong sub sup table tbody td tfoot th thead time
    tr tt u ul var wbr"""
)
HTML_ATTRIBUTES = _names(
    """abbr align alt bgcolor border cellpadding cellspacing class color colspan datetime
    dir face headers height href hreflang id lang reversed role rowspan scope size span src
    start style target title type valign width"""
)
#: Attributes of the XLink and XML namespaces an element may keep.
XLINK_ATTRIBUTES = frozenset({"href", "title", "type", "show", "actuate", "role", "arcrole"})
XML_ATTRIBUTES = frozenset({"space", "lang"})
#: Namespaces of editors' metadata: no browser gives their elements or attributes behaviour.
EDITOR_NAMESPACES = frozenset(
    {
        "http://www.inkscape.org/namespaces/inkscape",
        "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://inkscape.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://creativecommons.org/ns#",
        "http://web.resource.org/cc/",
        "http://purl.org/dc/elements/1.1/",
        "http://purl.org/dc/terms/",
        "http://ns.adobe.com/AdobeIllustrator/10.0/",
        "http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/",
        "http://ns.adobe.com/Extensibility/1.0/",
        "http://ns.adobe.com/Flows/1.0/",
        "http://ns.adobe.com/Graphs/1.0/",
        "http://ns.adobe.com/ImageReplacement/1.0/",
        "http://ns.adobe.com/SaveForWeb/1.0/",
        "http://ns.adobe.com/Variables/1.0/",
        "http://ns.adobe.com/GenericCustomNamespace/1.0/",
        "http://ns.adobe.com/xap/1.0/",
        "adobe:ns:meta/",
        "http://www.bohemiancoding.com/sketch/ns",
        "http://www.serif.com/",
        "http://schemas.microsoft.com/visio/2003/SVGExtensions/",
        "https://boxy-svg.com",
    }
)
#: Attributes that hold an address a browser loads or follows.
ADDRESSES = frozenset({"href", "src"})
#: Where a browser loads an image (never a page): a raster ``data:`` address is allowed.
LOADS_IMAGES = frozenset({"image", "feImage", "img"})
_RASTER = re.compile(r"data:image/(?:png|jpeg|gif|webp|avif|bmp)[;,]", re.IGNORECASE)
_URL_SPACE = re.compile(r"[\t\n\r]")
_URL_EDGE = "".join(chr(c) for c in range(0x21))
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(.))", re.DOTALL)
_CSS_ADDRESS = re.compile(
    r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))|@import\s*(?:"([^"]*)"|'([^']*)')""",
    re.IGNORECASE,
)


class SVGError(ValueError):
    """The file cannot be checked, so nothing of it may be served: it is left out."""


@dataclass(frozen=True)
class Inert:
    """A cleaned SVG file, and what was removed from it (each kind once, in order)."""

    data: bytes
    removed: tuple[str, ...] = ()
    #: The encoding the file was read in (its XML declaration's, or UTF-8); ``data`` is UTF-8.
    encoding: str = "UTF-8"


def make_inert(data: bytes) -> Inert:
    """``data`` without anything that runs or loads what posts may not; raises :class:`SVGError`."""
    root = parse(data)
    removed = clean(root)
    return Inert(serialise(root), removed, root.getroottree().docinfo.encoding)


def report(source: str, removed: tuple[str, ...]) -> str:
    """The warning for an SVG image that lost something (the same in every builder)."""
    return f"SVG image {source}: what could run was removed: {', '.join(removed)}"


# -- reading ------------------------------------------------------------------------------


class _NothingFromOutside(etree.Resolver):
    """Every external DTD or entity reads as empty: no file or address is opened."""

    def resolve(self, url: str, public_id: str, context: object) -> object:
        return self.resolve_string("", context)


def parse(data: bytes) -> etree._Element:
    """The drawing's root as a browser reads it: the defaults of its own DTD, nothing outside."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, attribute_defaults=True
    )
    parser.resolvers.add(_NothingFromOutside())
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise SVGError(f"is not well-formed XML ({error})") from error
    if root.tag != ROOT:
        outside = "" if etree.QName(root).namespace else " without the SVG namespace"
        raise SVGError(f"is not an SVG drawing (its root is <{_shown(root)}>{outside})")
    if _resolve_entities(root):
        _expand_attribute_entities(root)
    return root


def serialise(root: etree._Element) -> bytes:
    """The file as served: the root element only, so no DOCTYPE and nothing around it."""
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)


def _resolve_entities(root: etree._Element) -> bool:
    """The DOCTYPE goes, so must its entities: internal text ones become their text.

    Returns whether the DOCTYPE declares any (attribute values may use them too).
    """
    dtd = root.getroottree().docinfo.internalDTD
    texts = {e.name: e.content for e in dtd.iterentities()} if dtd is not None else {}
    for entity in list(root.iter(etree.Entity)):
        value = texts.get(entity.name)
        if value is None or "<" in value or "&" in value:
            raise SVGError(f"uses the entity &{entity.name}; which cannot be kept")
        remove(entity, value)
    return bool(texts)


def _expand_attribute_entities(root: etree._Element) -> None:
    """lxml reads ``a="&w;"`` as the entity's text but would write the reference back."""
    for element in root.iter(etree.Element):
        for name, value in element.attrib.items():
            element.set(name, value)


# -- cleaning -----------------------------------------------------------------------------


def clean(root: etree._Element) -> tuple[str, ...]:
    """Remove from the drawing what is not allowed; return what went, each kind once."""
    # Instructions before the root (``<?xml-stylesheet?>``) are not written back.
    before = reversed(list(root.itersiblings(preceding=True)))
    removed = [_instruction(n) for n in before if isinstance(n, etree._ProcessingInstruction)]
    _clean(root, in_label=False, removed=removed)
    return tuple(dict.fromkeys(removed))


def _clean(element: etree._Element, *, in_label: bool, removed: list[str]) -> None:
    _clean_attributes(element, removed)
    for child in list(element):
        problem = _child_problem(child, in_label=in_label)
        if problem:
            removed.append(problem)
            remove(child)
        elif isinstance(child.tag, str):
            _clean(child, in_label=in_label or child.tag == FOREIGN, removed=removed)


def _child_problem(node: etree._Element, *, in_label: bool) -> str | None:
    if isinstance(node, etree._ProcessingInstruction):
        return _instruction(node)
    if not isinstance(node.tag, str):
        return None  # a comment
    namespace, name = _split(node.tag)
    if namespace == SVG:
        return _svg_problem(node, name)
    if namespace == XHTML:
        return None if in_label and name in HTML_ELEMENTS else f"<{name}>"
    return None if namespace in EDITOR_NAMESPACES else f"<{_shown(node)}>"


def _svg_problem(node: etree._Element, name: str) -> str | None:
    if name not in SVG_ELEMENTS:
        return f"<{name}>"
    if name in ANIMATIONS:
        target = (node.get("attributeName") or "").strip()
        if target and (target not in SVG_ATTRIBUTES or target in ADDRESSES | {"style"}):
            return f"an animation of {target}="
    if name == "style":
        return _css_problem("".join(node.itertext()), "<style>")
    return None


def _clean_attributes(element: etree._Element, removed: list[str]) -> None:
    owner, tag = _split(element.tag)
    for name, value in list(element.attrib.items()):
        problem = _attribute_problem(owner, tag, name, value)
        if problem:
            removed.append(problem)
            del element.attrib[name]


def _attribute_problem(owner: str | None, tag: str, name: str, value: str) -> str | None:
    namespace, local = _split(name)
    shown = {XLINK: "xlink:", XML: "xml:"}.get(namespace or "", "") + local
    if not _attribute_allowed(owner, namespace, local):
        return f"{shown}="
    if owner not in (SVG, XHTML) or namespace not in (None, XLINK):
        return None  # an editor's element or attribute: plain data
    if local in ADDRESSES:
        return _address_problem(value, f"{shown}=", image=tag in LOADS_IMAGES)
    if local == "style":
        return _css_problem(value, "style=")
    return None


def _attribute_allowed(owner: str | None, namespace: str | None, local: str) -> bool:
    if namespace is None:
        allowed = {SVG: SVG_ATTRIBUTES, XHTML: HTML_ATTRIBUTES}.get(owner or "")
        return allowed is None or local in allowed or local.startswith(("data-", "aria-"))
    if namespace == XLINK:
        return local in XLINK_ATTRIBUTES
    if namespace == XML:
        return local in XML_ATTRIBUTES
    return namespace in EDITOR_NAMESPACES


# -- addresses ----------------------------------------------------------------------------


def _address_problem(url: str, where: str, *, image: bool) -> str | None:
    """Why ``url`` may not stay, as a phrase; ``None`` if it may."""
    if image and _RASTER.match(_URL_SPACE.sub("", url).strip(_URL_EDGE)):
        return None
    if policy.url_refusal(url) is None:
        return None
    return f"a {policy.url_scheme(url)}: address in {where}"


def _css_problem(css: str, where: str) -> str | None:
    """The first address in CSS that may not stay, read as a browser reads CSS escapes."""
    text = _CSS_ESCAPE.sub(_unescape, css)
    for match in _CSS_ADDRESS.finditer(text):
        url = next(group for group in match.groups() if group is not None)
        problem = _address_problem(url, where, image=True)
        if problem:
            return problem
    return None


def _unescape(match: re.Match[str]) -> str:
    code, char = match.groups()
    if char is not None:
        return "" if char == "\n" else char  # an escaped line break continues the line
    number = int(code, 16)
    return chr(number) if 0 < number <= 0x10FFFF and not 0xD800 <= number <= 0xDFFF else "\ufffd"


# -- tree helpers -------------------------------------------------------------------------


@functools.lru_cache(maxsize=1024)  # a drawing repeats a few names thousands of times
def _split(tag: str) -> tuple[str | None, str]:
    """``{namespace}name`` as its two parts (lxml's own spelling; faster than ``QName``)."""
    if not tag.startswith("{"):
        return None, tag
    namespace, _, local = tag[1:].partition("}")
    return namespace, local


def _shown(element: etree._Element) -> str:
    local = etree.QName(element).localname
    return f"{element.prefix}:{local}" if element.prefix else local


def _instruction(node: etree._ProcessingInstruction) -> str:
    return f"<?{node.target}?>"


def remove(node: etree._Element, text: str = "") -> None:
    """Remove ``node``, keeping ``text`` and the text after it where it was."""
    text += node.tail or ""
    parent, previous = node.getparent(), node.getprevious()
    if text and previous is not None:
        previous.tail = (previous.tail or "") + text
    elif text:
        parent.text = (parent.text or "") + text
    parent.remove(node)

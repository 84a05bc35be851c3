"""SVG images exported by tools, made valid for the ePub and readable in the PDF.

Browsers forgive what plotting and diagram tools write; a book does not.
Plotting tools write ``text-anchor=""`` (SVG 1.1 allows only start, middle,
end and inherit) and draw.io a ``content`` attribute on the root: epubcheck
rejects both.  draw.io also writes each label as HTML in a ``<foreignObject>``
inside a ``<switch>`` whose fallback ``<text>`` says "Text is not SVG - cannot
display".  CairoSVG, which makes the PDF's images, cannot draw HTML, so the
PDF would show that fallback and the diagram would lose its labels without a
word.

For the book builders, each SVG image from the source folder is replaced by a
sanitised copy in a cache under the doctree folder (the source is never
written to), before Sphinx's image converters run, so that the ePub packs the
copy and CairoSVG converts it.  Labels become SVG ``<text>`` where a browser
draws them, on top of their shapes (``book.svglabels``); a label that cannot
be placed keeps its fallback, and a file that is not well-formed XML is left
out (its alt text kept), each with a warning naming the file: text is never
lost silently.  Colours draw.io writes for dark mode (``light-dark(light,
dark)``), which CairoSVG cannot read and fails on, become their light colour.

Before any of that, the copy is made inert (``trust.svg``, the cleaner the
site serves its SVG files through): no script, event handler, ``javascript:``
link or active HTML reaches the ePub (epubcheck's OPF-014) or CairoSVG, and
what was removed is named in one warning with the post's file and line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from lxml import etree
from sphinx.transforms.post_transforms import SphinxPostTransform

from chapbook.book.svglabels import FOREIGN, SWITCH, light_value, replace_labels
from chapbook.builders import BOOK_BUILDERS
from chapbook.reading.transforms import leave_image_out, located
from chapbook.trust import svg as inert
from chapbook.trust.svg import SVGError, remove
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

SVG = "http://www.w3.org/2000/svg"
ANCHORS = frozenset({"start", "middle", "end", "inherit"})
#: The feature a ``<switch>`` tests to pick HTML labels: draw.io's "Text is not SVG" notice.
EXTENSIBILITY = "http://www.w3.org/TR/SVG11/feature#Extensibility"
CACHE = "chapbook-svg"


@dataclass(frozen=True)
class Sanitised:
    data: bytes
    #: What a reader may miss, one phrase each ("the label 'x' cannot be placed ...").
    problems: tuple[str, ...] = ()
    #: What could run and was removed, each kind once (``trust.svg``).
    removed: tuple[str, ...] = ()


def sanitise(data: bytes) -> Sanitised:
    """``data`` inert, without what epubcheck rejects, its HTML labels as SVG text.

    Raises :class:`SVGError` for a file that cannot be checked.
    """
    root = inert.parse(data)
    removed = inert.clean(root)
    for element in root.iter(etree.Element):
        _fix_attributes(element)
    problems = replace_labels(root)
    if next(root.iter(FOREIGN), None) is None:
        _drop_feature_notices(root)
    return Sanitised(inert.serialise(root), problems, removed)


# -- attributes --------------------------------------------------------------------------


def _fix_attributes(element: etree._Element) -> None:
    element.attrib.pop("content", None)
    if element.get("text-anchor", "start").strip() not in ANCHORS:
        del element.attrib["text-anchor"]
    for name, value in element.attrib.items():
        if "light-dark(" in value:
            # draw.io 24+ colours: CairoSVG cannot read them and fails on the whole drawing.
            element.set(name, light_value(value))
    style = element.get("style")
    if style and "text-anchor" in style:
        cleaned = _clean_style(style)
        if cleaned:
            element.set("style", cleaned)
        else:
            del element.attrib["style"]


def _clean_style(style: str) -> str:
    kept = [
        declaration
        for declaration in style.split(";")
        if declaration.strip() and not _bad_anchor(declaration)
    ]
    return ";".join(kept) + (";" if kept and style.rstrip().endswith(";") else "")


def _bad_anchor(declaration: str) -> bool:
    name, _, value = declaration.partition(":")
    return name.strip().lower() == "text-anchor" and value.strip() not in ANCHORS


# -- HTML labels ------------------------------------------------------------------------


def _drop_feature_notices(root: etree._Element) -> None:
    """draw.io's closing "Text is not SVG" notice: untrue once every label is SVG text."""
    for switch in list(root.iter(SWITCH)):
        test = _first(switch)
        if (
            test is not None
            and EXTENSIBILITY in test.get("requiredFeatures", "")
            and len(test) == 0
            and not (test.text or "").strip()
        ):
            remove(switch)


# -- tree helpers ------------------------------------------------------------------------


def _first(element: etree._Element) -> etree._Element | None:
    return next(element.iterchildren(etree.Element), None)


# -- the transform -----------------------------------------------------------------------


class SanitiseSVG(SphinxPostTransform):
    """Point book images at sanitised copies of their SVG files."""

    # Before every image converter (Sphinx 9's ImageConverter runs at 200),
    # so that CairoSVG converts the sanitised copy, not the source.
    default_priority = 8
    builders: ClassVar = tuple(sorted(BOOK_BUILDERS))

    def run(self, **kwargs: object) -> None:
        srcdir = Path(self.env.srcdir).resolve()
        for node in list(self.document.findall(nodes.image)):
            for key in ("*", "image/svg+xml"):
                source = node["candidates"].get(key, "")
                if source.lower().endswith(".svg") and _inside(srcdir / source, srcdir):
                    self._use_copy(node, key, source)
                    break

    def _use_copy(self, node: nodes.image, key: str, source: str) -> None:
        data = (self.env.srcdir / source).read_bytes()
        where = located(node)
        try:
            result = sanitise(data)
        except SVGError as error:
            # Neither CairoSVG (the PDF) nor an ePub reader can use it: its alt text stands in.
            warn(f"SVG image {source} {error}; it is left out of the book", Warn.BOOK,
                 location=where)  # fmt: skip
            leave_image_out(node)  # also one with a class, a cover's box, a figure's picture
            return
        if result.removed:
            warn(inert.report(source, result.removed), Warn.TRUST, location=where)
        for problem in result.problems:
            warn(f"SVG image {source}: {problem}", Warn.BOOK, location=where)
        digest = hashlib.sha256(data).hexdigest()
        destination = self.env.doctreedir / CACHE / digest / Path(source).name
        _write_if_changed(destination, result.data)
        node["candidates"][key] = str(destination)
        node["uri"] = str(destination)
        self.env.original_image_uri[destination] = source
        images = self.env.images
        if source in images:
            # The copy shares the original's entry, so it keeps its output name
            # (flow.svg, flow.pdf) and is forgotten with it.
            images[str(destination)] = images[source]
        else:
            images.add_file(self.env.current_document.docname, destination)


def _inside(path: Path, folder: Path) -> bool:
    """A file in the source folder, not a copy already made (doctrees may be inside it)."""
    resolved = path.resolve()
    return resolved.is_file() and resolved.is_relative_to(folder) and CACHE not in resolved.parts


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_post_transform(SanitiseSVG)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

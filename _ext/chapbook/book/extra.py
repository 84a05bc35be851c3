"""The ``book`` extra: the PDF needs CairoSVG (SVG images) and fontTools (fallback fonts),
the ePub latex2mathml (math as MathML; without it each formula shows its source, with a
warning naming the extra: ``book.mathml``).

A site needs none of them, so ``pip install chapbook`` leaves them out and
``pip install "chapbook[book]"`` brings them. The SVG converter (``book.svgconvert``,
sphinxcontrib-svg2pdfconverter's, made to stop nothing when CairoSVG fails) is registered
only where it imports (CairoSVG also needs the system's cairo library), and a
PDF build without the extra stops at once with a message naming the extra,
rather than failing later on the first SVG or the first missing glyph.
"""

from __future__ import annotations

import contextlib
import importlib
from typing import TYPE_CHECKING

from sphinx.errors import ExtensionError, SphinxError

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Modules of the extra, by what they do in the book.
MODULES = {"cairosvg": "SVG images", "fontTools.ttLib": "fallback fonts"}
CONVERTER = "chapbook.book.svgconvert"
INSTALL = 'pip install "chapbook[book]"'


class BookExtraMissingError(SphinxError):
    category = "Chapbook's book extra is not installed"


def missing() -> list[str]:
    """The extra's modules that cannot be imported (cairo's library missing counts)."""
    absent = []
    for module in MODULES:
        try:
            importlib.import_module(module)
        except (ImportError, OSError):
            absent.append(module)
    return absent


def check_extra(app: Sphinx) -> None:
    """``builder-inited``: a PDF build without the extra names the command that installs it."""
    if app.builder.format != "latex":
        return
    absent = missing()
    if absent:
        needs = ", ".join(f"{module.split('.')[0]} ({MODULES[module]})" for module in absent)
        raise BookExtraMissingError(f"the PDF book needs {needs}: {INSTALL}")


def setup(app: Sphinx) -> dict[str, bool]:
    # Absent, or cairo missing: a site needs neither, and check_extra names the extra.
    with contextlib.suppress(ExtensionError, OSError):
        app.setup_extension(CONVERTER)
    app.connect("builder-inited", check_extra)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

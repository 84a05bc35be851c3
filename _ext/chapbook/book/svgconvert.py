"""SVG images made PDF for the PDF book by CairoSVG, where one that fails stops nothing.

sphinxcontrib-svg2pdfconverter's converter lets CairoSVG's errors through:
an SVG whose size cannot be read (``width="0"``, a root that is not
``<svg>``) raises ``ValueError``, a ``<use>`` that uses itself
``RecursionError``, and its own handler of ``OSError`` fails on an attribute
``OSError`` does not have.  Any of them stops the whole Sphinx build.  This
converter is the same (its rules, its availability check) but converts from
the file's bytes and, when CairoSVG fails, leaves the image as it was and
says why on the node; ``book.images`` then leaves it out of the PDF with a
warning naming the post's file and line.

CairoSVG runs in its default safe mode (``unsafe=False``): it reads no file
and no URL an SVG names, only ``data:`` addresses.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinxcontrib.cairosvgconverter.cairosvgconverter import CairoSVGConverter

from chapbook.book.images import UNCONVERTED

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx


class ConversionError(Exception):
    """CairoSVG could not convert an SVG; the message says why."""


class SafeCairoSVGConverter(CairoSVGConverter):
    """CairoSVG for the PDF; an SVG it cannot convert is marked, not raised."""

    def handle(self, node: nodes.image) -> None:
        try:
            super().handle(node)
        except ConversionError as error:
            node[UNCONVERTED] = f"cannot be converted for the PDF by CairoSVG ({error})"

    def convert(self, _from: Any, _to: Any) -> bool:
        import cairosvg  # the book extra's, checked by is_available()

        convert = cairosvg.svg2png if Path(str(_to)).suffix == ".png" else cairosvg.svg2pdf
        try:
            convert(bytestring=Path(str(_from)).read_bytes(), write_to=str(_to))
        except Exception as error:  # CairoSVG raises whatever its parsers raise
            raise ConversionError(f"{type(error).__name__}: {error}") from error
        return True


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_post_transform(SafeCairoSVGConverter)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Make ``chapbook/site/static/chapbook-icons.woff2``: the theme's icon font, cut to its icons.

The book theme (pydata-sphinx-theme) draws its icons with Font Awesome: a 1.5 MB
script (``fontawesome.js``, 540 KB compressed) that turns ``<i class="fa-...">``
into SVG, and a 115 KB font for the same icons in CSS. Chapbook's pages load
neither (``chapbook-page.html``); its stylesheet points the same font family at
this subset, a few kilobytes holding only the icons the theme's templates and
scripts use (``ICONS``). Run again after a theme upgrade::

    .venv/bin/pip install brotli   # woff2 compression, for this script only
    .venv/bin/python tools/subset_icons.py

Font Awesome Free's fonts are under the SIL Open Font License 1.1, which allows
subsetting and redistribution; the licence travels in the font's name table.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pydata_sphinx_theme
from fontTools import subset

THEME = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
SOURCE = THEME / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.woff2"
STYLES = THEME / "styles" / "pydata-sphinx-theme.css"
TARGET = Path(__file__).resolve().parents[1] / "_ext/chapbook/site/static/chapbook-icons.woff2"

#: Every solid icon the book theme's templates and scripts name (see the test of this font).
ICONS = (
    "angle-left", "angle-right", "arrow-up", "bars", "chevron-down", "circle-half-stroke",
    "code", "compress", "download", "expand", "file", "file-lines", "file-pdf", "home",
    "lightbulb", "list", "magnifying-glass", "moon", "outdent", "pencil", "pencil-alt", "play",
    "rocket", "sun", "xmark",
)  # fmt: skip


def codepoints(css: str) -> dict[str, int]:
    """Icon name -> code point, from the theme's own stylesheet (``.fa-x{--fa:"\\f002"}``)."""
    found: dict[str, int] = {}
    for names, code in re.findall(r"((?:\.fa-[a-z0-9-]+,?)+)\{--fa:\"\\([0-9a-f]+)", css):
        for name in re.findall(r"\.fa-([a-z0-9-]+)", names):
            found.setdefault(name, int(code, 16))
    return found


def main() -> int:
    table = codepoints(STYLES.read_text(encoding="utf-8"))
    missing = [icon for icon in ICONS if icon not in table]
    if missing:
        print(f"not in the theme's stylesheet: {', '.join(missing)}", file=sys.stderr)
        return 1
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # keeps the copyright and the licence
    font = subset.load_font(str(SOURCE), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({table[icon] for icon in ICONS}))
    subsetter.subset(font)
    subset.save_font(font, str(TARGET), options)
    print(f"{TARGET.name}: {len(ICONS)} icons, {TARGET.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())

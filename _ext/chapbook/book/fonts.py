"""Every character of the PDF in a font that has it: emoji and symbols included.

XeLaTeX prints nothing (and logs "Missing character") for a character its
font lacks; blog posts are full of emoji and arrows that FreeSerif, Sphinx's
default, does not have.  When the book is written, this post-transform looks
up each character of the assembled book in the fonts the PDF uses (their
character sets as fontconfig reads them, the same cmap XeTeX gets from
FreeType) and puts every missing one in a XeTeX character class that switches
to the first font having it: FreeSerif after the body font, then
``chapbook_book_fallback_fonts`` (Symbola for emoji, then DejaVu Sans and
Noto Sans Symbols 2).  A character no font has is reported with its post and
line, and left out; invisible joiners and variation selectors are dropped
quietly.

The body font is ``chapbook_book_font`` (TeX Gyre Pagella by default), named
as fontconfig names it: Debian's ``tex-gyre`` installs Type 1 fonts whose
family is "TeXGyrePagella", which XeTeX finds and "TeX Gyre Pagella" it does
not; a font fontconfig does not have is reported and FreeSerif used instead.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from typing import TYPE_CHECKING

from docutils import nodes

from chapbook.warnings_ import Warn, logger, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

#: Font families of Sphinx's XeLaTeX default: serif (the fallback body), sans, mono (code).
SERIF, SANS, MONO = "FreeSerif", "FreeSans", "FreeMono"
PACKAGES = {
    "FreeSerif": "fonts-freefont-otf",
    "FreeSans": "fonts-freefont-otf",
    "FreeMono": "fonts-freefont-otf",
    "TeX Gyre Pagella": "tex-gyre",
    "TeX Gyre Termes": "tex-gyre",
    "Symbola": "fonts-symbola",
    "DejaVu Sans": "fonts-dejavu-core",
    "Noto Sans Symbols2": "fonts-noto-core",
}
BOUNDARY = 4095  # XeTeX's class for "not a character"


def _fc_match(family: str, fields: str) -> list[str] | None:
    """fontconfig's best match for ``family``: ``fields`` (an fc-match format), one a line."""
    if shutil.which("fc-match") is None:
        return None
    found = subprocess.run(
        ["fc-match", "-f", fields, family], capture_output=True, text=True, check=False
    ).stdout.split("\n")
    return found if len(found) >= 2 else None


def _same(one: str, other: str) -> bool:
    """fontconfig's own comparison of family names: blanks and case do not count."""
    return "".join(one.split()).casefold() == "".join(other.split()).casefold()


def installed_name(family: str) -> str | None:
    """The name fontconfig (and so XeTeX) knows ``family`` by, if it has that family."""
    found = _fc_match(family, "%{family}\n")
    names = [name.strip() for name in found[0].split(",")] if found else []
    return next((name for name in names if _same(name, family)), None)


def charset(family: str) -> frozenset[int] | None:
    """The characters of ``family``: fontconfig's charset, ranges of hexadecimal code points."""
    found = _fc_match(family, "%{family}\n%{charset}")
    if found is None or not any(_same(n, family) for n in found[0].split(",")):
        return None
    chars: set[int] = set()
    for span in found[1].split():
        first, _, last = span.partition("-")
        chars.update(range(int(first, 16), int(last or first, 16) + 1))
    return frozenset(chars)


def body_font(app: Sphinx) -> str:
    """``chapbook_book_font`` as XeTeX finds it; FreeSerif, said once, when it is not installed."""
    builder = app.builder
    name = getattr(builder, "chapbook_body_font", None)
    if name is None:
        wanted = app.config.chapbook_book_font
        name = installed_name(wanted) if shutil.which("fc-match") else wanted
        if name is None:
            package = PACKAGES.get(wanted, "a package providing it")
            warn(f"chapbook_book_font: font {wanted!r} not found; the book is set in {SERIF} "
                 f"(on Debian: apt-get install {package})", Warn.FONTS, location=None)  # fmt: skip
            name = SERIF
        builder.chapbook_body_font = name  # type: ignore[attr-defined]
    return name


def fontpkg(body: str) -> str:
    """Sphinx's XeLaTeX fonts (``latex_elements['fontpkg']``) with ``body`` as the main font."""
    return rf"""
\setmainfont{{{body}}}
\setsansfont{{{SANS}}}[Extension=.otf, UprightFont=*, ItalicFont=*Oblique,
  BoldFont=*Bold, BoldItalicFont=*BoldOblique]
\setmonofont{{{MONO}}}[Scale=0.9, Extension=.otf, UprightFont=*, ItalicFont=*Oblique,
  BoldFont=*Bold, BoldItalicFont=*BoldOblique]
"""


class Coverage:
    """Which characters each font has, loaded once per build."""

    def __init__(self, families: list[str]) -> None:
        self.sets: dict[str, frozenset[int]] = {}
        self.missing: list[str] = []
        for family in dict.fromkeys(families):
            found = charset(family)
            if found is None:
                self.missing.append(family)
            else:
                self.sets[family] = found

    def has(self, family: str, char: str) -> bool:
        return ord(char) in self.sets.get(family, ())

    def first_with(self, char: str, families: list[str]) -> str | None:
        return next((f for f in families if self.has(f, char)), None)


def ignorable(char: str) -> bool:
    """Zero-width joiners, variation selectors, tags: shape emoji, print nothing alone."""
    return (unicodedata.category(char) in {"Cf", "Mn"} and not char.isprintable()) or (
        0xFE00 <= ord(char) <= 0xFE0F or 0xE0000 <= ord(char) <= 0xE007F
    )


def context_family(node: nodes.Node, body: str) -> str:
    """The font a text is set in: code in mono, everything else (headings too) in the body's."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.literal_block | nodes.literal):
            return MONO
        parent = parent.parent
    return body


def preamble(classes: dict[str, list[str]]) -> str:
    """XeTeX character classes switching to each fallback font and back."""
    if not classes:
        return ""
    lines = [r"\XeTeXinterchartokenstate=1"]
    names = {family: f"chapbookfallback{chr(ord('A') + i)}" for i, family in enumerate(classes)}
    for family, chars in classes.items():
        name = names[family]
        lines.append(rf"\newfontfamily\{name}font{{{family}}}")
        lines.append(rf"\newXeTeXintercharclass\{name}")
        lines += [rf'\XeTeXcharclass"{ord(c):X}=\{name}' for c in sorted(chars)]
    for family in classes:
        name = names[family]
        switch = rf"\begingroup\{name}font"
        lines.append(rf"\XeTeXinterchartoks 0 \{name} = {{{switch}}}")
        lines.append(rf"\XeTeXinterchartoks {BOUNDARY} \{name} = {{{switch}}}")
        lines.append(rf"\XeTeXinterchartoks \{name} 0 = {{\endgroup}}")
        lines.append(rf"\XeTeXinterchartoks \{name} {BOUNDARY} = {{\endgroup}}")
        for other in classes:
            if other != family:
                to = names[other]
                lines.append(
                    rf"\XeTeXinterchartoks \{name} \{to} = {{\endgroup\begingroup\{to}font}}"
                )
    return "\n% Chapbook: fallback fonts for characters the main fonts lack\n" + "\n".join(lines)


def fall_back(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved`` of the book's LaTeX: each character in a font that has it.

    An event handler rather than a post-transform: Sphinx 9 deprecates a
    transform's ``app``, and the builder whose preamble this extends is the app's.
    It runs last (900), after every handler and post-transform that adds text.
    """
    if app.builder.name != "latex":
        return
    builder = app.builder
    body = body_font(app)
    chain = list(dict.fromkeys([body, SERIF, SANS, MONO, *app.config.chapbook_book_fallback_fonts]))
    coverage = _coverage(builder, chain, body)
    if coverage is None:
        return
    classes = _classes(doctree, coverage, chain, body)
    original = builder.context.setdefault("chapbook_preamble", builder.context["preamble"])
    builder.context["preamble"] = original + preamble(classes)


def _classes(
    doctree: nodes.document, coverage: Coverage, chain: list[str], body: str
) -> dict[str, list[str]]:
    """The characters each fallback font prints; those no font has are left out, said once."""
    classes: dict[str, list[str]] = {}
    reported: set[str] = set()
    for text in list(doctree.findall(nodes.Text)):
        family = context_family(text, body)
        dropped = set()
        for char in set(str(text)):
            if ord(char) < 0x80 or coverage.has(family, char):
                continue
            font = coverage.first_with(char, chain)
            if font is not None:
                if char not in classes.setdefault(font, []):
                    classes[font].append(char)
                continue
            dropped.add(char)
            if not ignorable(char) and char not in reported:
                reported.add(char)
                warn(
                    f"character U+{ord(char):04X} ({unicodedata.name(char, '?').lower()}) "
                    f"has no glyph in the book's fonts ({', '.join(chain)}); "
                    "it is left out of the PDF",
                    Warn.BOOK,
                    location=text.parent,
                )
        if dropped and text.parent is not None:
            kept = "".join(c for c in str(text) if c not in dropped)
            text.parent.replace(text, nodes.Text(kept))
    return classes


def _coverage(builder: Builder, families: list[str], body: str) -> Coverage | None:
    coverage = getattr(builder, "chapbook_coverage", None)
    if coverage is None:
        coverage = Coverage(families)
        builder.chapbook_coverage = coverage  # type: ignore[attr-defined]
        for family in coverage.missing:
            package = PACKAGES.get(family, "a package providing it")
            warn(f"font {family!r} not found: characters it would print may be missing "
                 f"from the PDF (on Debian: apt-get install {package})",
                 Warn.FONTS, location=None)  # fmt: skip
    return coverage if body in coverage.sets else None


TEX_PACKAGES = (
    "texlive-xetex texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended "
    "tex-gyre latexmk fonts-freefont-otf fonts-symbola fonts-noto-core"
)


def check_tex(app: Sphinx) -> None:
    """Say before the long part, not after it, when the PDF cannot be typeset here."""
    if app.builder.name != "latex":
        return
    missing = [tool for tool in (app.config.latex_engine, "latexmk") if shutil.which(tool) is None]
    if missing:
        warn(f"{' and '.join(missing)} not found: the LaTeX source will be written, but no PDF "
             f"can be made from it here (on Debian or Ubuntu: apt-get install {TEX_PACKAGES})",
             Warn.TEX, location=None)  # fmt: skip


def say_what_comes_next(app: Sphinx, exception: Exception | None) -> None:
    """After the LaTeX source, the long step of ``make pdf``: say so."""
    if exception is None and app.builder.name == "latex":
        logger.info(
            "chapbook: LaTeX source written to %s; next, XeLaTeX typesets the PDF "
            "(latexmk, two or three passes)",
            app.builder.outdir,
        )


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("doctree-resolved", fall_back, priority=900)
    app.connect("builder-inited", check_tex)
    # After the build summary (900), as the last word before latexmk runs.
    app.connect("build-finished", say_what_comes_next, priority=901)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Hostile cases for the book: math and raw LaTeX that would read files or run programs,
remote images the build would fetch, and images that would stop TeX.

Each math payload is written so that TeX, if it ran it, would finish: when posts are
trusted with every power (``raw-latex`` among them) the payload reaches XeLaTeX as
written, and only the engine's own settings (``book.tex``) keep the file out of the PDF.
Files from outside ``docs/`` are named from the LaTeX folder of a ``-M latexpdf`` build
under ``out/`` (``../../outside/secret.txt``), where the corpus puts them.
"""

from __future__ import annotations

import struct
import zlib

from tests.hostile.corpus import Case, post

#: The power a refused formula names.
NEEDS_RAW = "(it needs chapbook_trust = ['raw-latex'] in conf.py)"
MATH = "WARNING: math is not allowed in posts: "
NO_MATHML = "WARNING: math the ePub cannot show as MathML: "
UNKNOWN = "latex2mathml does not know \\"
BOOK = frozenset({"latex", "epub"})
PDF = frozenset({"latex"})
#: What a trusted raw LaTeX block prints when TeX refuses to read (the PDF test looks).
NOT_READ = ("HOSTNAME-NOT-READ", "OUTSIDE-NOT-READ")


def png(width: int = 32, height: int = 32) -> bytes:
    """A valid RGB PNG whose pixels do not compress to nothing."""
    rows = b"".join(
        b"\0" + bytes((x * 7 + y * 13) % 256 for x in range(width * 3)) for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunks = _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows)) + _chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


#: A PNG cut off in its image data: XeLaTeX aborts on it (SIGABRT).
TRUNCATED_PNG = png()[:120]
#: A valid 1x1 GIF: the PDF cannot show GIF at all.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
    b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
#: Well-formed XML that CairoSVG cannot size: it raises, and used to stop Sphinx.
FLAT_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"/>'

RAW_LATEX = r"""```{raw} latex
\IfFileExists{/etc/hostname}{\input{/etc/hostname}}{HOSTNAME-NOT-READ}\par
\IfFileExists{../../outside/secret.txt}{\input{../../outside/secret.txt}}{OUTSIDE-NOT-READ}\par
\newread\chapbookpwn \openin\chapbookpwn=/etc/hostname
\ifeof\chapbookpwn\else\read\chapbookpwn to\chapbookline \chapbookline\fi
\immediate\write18{touch pwned-by-raw-latex}
```
"""


def _math(name: str, file: str, body: str, reason: str, mathml: str = "") -> Case:
    """``mathml``: why the trusted ePub shows the formula as its source (latex2mathml's
    MathML keeps no command it does not know, no link)."""
    epub = f"{file}:6: {NO_MATHML}{mathml}" if mathml else None
    return Case(name, "10 tex", {file: post(name, body=body)},
                warning=f"{file}:6: {MATH}{reason} {NEEDS_RAW}", trusted="",
                present=(file.removesuffix(".md"),), epub_trusted=epub)  # fmt: skip


def _image(
    name: str, file: str, image: str, data: bytes | None, *, warning: str, only: frozenset[str]
) -> Case:
    files: dict[str, str | bytes] = {file: post(name, body=f"![{name} alt]({image})\n")}
    if data is not None:  # a remote image has no file
        files[image] = data
    return Case(name, "10 book images", files,
                warning=f"{file}:6: WARNING: image {image!r} {warning}", only=only,
                present=(file.removesuffix(".md"),))  # fmt: skip


def cases() -> list[Case]:
    return [
        _math("math-input", "m1.md",
              "Host: $\\IfFileExists{/etc/hostname}{\\input{/etc/hostname}}{}$.\n",
              "\\IfFileExists reads a file", f"{UNKNOWN}IfFileExists"),
        _math("math-environ", "m2.md",
              "$$\\catcode0=9 \\IfFileExists{/proc/self/environ}{\\input{/proc/self/environ}}{}$$\n",
              "\\catcode changes how TeX reads characters", f"{UNKNOWN}catcode"),
        _math("math-openin", "m3.md",
              "$$\\openin1=../../outside/secret.txt \\ifeof1 \\else \\read1 to\\x \\read1 to\\x "
              "\\text{\\x}\\fi$$\n",
              "\\openin reads a file", f"{UNKNOWN}openin"),
        _math("math-hats", "m4.md",
              "$^^5cIfFileExists{/etc/hostname}{^^5cinput{/etc/hostname}}{}$\n",
              "^^ is TeX's notation for any character, a backslash among them"),
        _math("math-csname", "m5.md",
              "$\\csname IfFileExists\\endcsname{/etc/hostname}"
              "{\\csname input\\endcsname{/etc/hostname}}{}$\n",
              "\\csname makes a command from text", f"{UNKNOWN}csname"),
        _math("math-href", "m6.md", "$x \\href{javascript:pwn(30)}{=} y$\n",
              "\\href makes a link", "latex2mathml wrote the attribute 'href'"),
        _math("math-write18", "m7.md", "$\\immediate\\write18{touch pwned-by-math}$\n",
              "\\immediate writes a file or runs a program", f"{UNKNOWN}immediate"),
        _math("math-environment", "m8.md", "$\\begin{tabular}{l}x\\end{tabular}$\n",
              "the environment tabular is not one posts' math may use"),
        _math("math-def", "m9.md", "$\\def\\pwn{x}\\pwn$\n",
              "\\def defines or changes commands"),
        Case("raw-latex", "10 tex", {"r1.md": post("Raw LaTeX", body=RAW_LATEX)},
             warning="r1.md:6: WARNING: directive 'raw': the format 'latex': it needs "
                     "chapbook_trust = ['raw-latex'] in conf.py", trusted="", present=("r1",)),
        _image("remote-image", "i1.md", "http://192.0.2.1/pwn.png", None,
               warning="is on the web: the book does not fetch it", only=BOOK),
        _image("truncated-png", "i2.md", "cut.png", TRUNCATED_PNG,
               warning="is a PNG file cut short", only=BOOK),
        _image("empty-image", "i3.md", "empty.png", b"", warning="is an empty file", only=BOOK),
        _image("gif-in-pdf", "i4.md", "still.gif", GIF, warning="is a GIF image", only=PDF),
        _image("svg-cairo", "i5.md", "flat.svg", FLAT_SVG,
               warning="cannot be converted for the PDF", only=PDF),
    ]  # fmt: skip

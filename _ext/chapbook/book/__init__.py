"""The book: the blog, or an outline of it, as a PDF (LaTeX) and an ePub.

Which posts and parts go in (``contents``), its front pages (``frontmatter``:
half-title, title, copyright and dedication), the builders' settings, raw
HTML made into book content, fallback fonts for the PDF, nesting TeX can
typeset (``frames``), an ePub builder narrowed to the book, images the book
can show and fetches only if trusted (``images``), and TeX runs that read
nothing outside the book's folder (``tex``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STEPS = (
    "chapbook.book.extra",
    "chapbook.book.settings",
    "chapbook.book.layout",
    "chapbook.book.postmeta",
    "chapbook.book.contents",
    "chapbook.book.frontmatter",
    "chapbook.book.rawhtml",
    "chapbook.book.diagrams",
    "chapbook.book.frames",
    "chapbook.book.fonts",
    "chapbook.book.epub",
    "chapbook.book.svg",
    "chapbook.book.scope",
    "chapbook.book.links",
    "chapbook.book.images",
    "chapbook.book.tex",
)


def setup(app: Sphinx) -> dict[str, bool]:
    for step in STEPS:
        app.setup_extension(step)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Proofs of the PDF book: page images of the pages that show its layout (``make book-proofs``).

Finds, in a built PDF, the title pages, the contents, a part opening, a
chapter opening, a page with footnotes and a page with code, and writes each
as a PNG (``pdftoppm``) into the proofs folder, named by what it shows
(``contents-3.png``: the contents, on page 3).  Parts and chapters are read
from the PDF's bookmarks, footnotes from their links, code from its
monospaced font: nothing depends on the book's language.  The tests of the
layout (``tests/book/test_layout.py``) read pages with the same functions.

    python tools/bookproofs.py BOOK.pdf OUTDIR [--dpi 60]
"""

from __future__ import annotations

import argparse
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

if TYPE_CHECKING:
    from pypdf import PdfReader


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Word) -> bool:
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )


def words(pdf: Path) -> list[list[Word]]:
    """Each page's words with their boxes (``pdftotext -bbox``), top to bottom."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True
    ).stdout
    tree = etree.fromstring(xhtml, etree.XMLParser(recover=True))
    pages = []
    for page in tree.iter("{*}page"):
        pages.append([
            Word(w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
            for w in page.iter("{*}word")
        ])  # fmt: skip
    return pages


@dataclass(frozen=True)
class Mark:
    """A bookmark: its title, what it opens (hyperref's anchor: part, chapter, section...)
    and the page (0-based)."""

    title: str
    kind: str
    page: int


def bookmarks(reader: PdfReader) -> list[Mark]:
    found: list[Mark] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
                continue
            anchor = str((item.node.get("/A") or {}).get("/D", ""))  # "part.1", "chapter*.4"
            kind = anchor.split(".", 1)[0].rstrip("*")
            found.append(Mark(str(item.title), kind, reader.get_destination_page_number(item)))

    walk(reader.outline)
    return found


def parts_and_chapters(reader: PdfReader) -> tuple[list[Mark], list[Mark]]:
    marks = bookmarks(reader)
    return [m for m in marks if m.kind == "part"], [m for m in marks if m.kind == "chapter"]


def footnote_pages(reader: PdfReader) -> list[int]:
    """Pages with a footnote mark: a link to hyperref's ``Hfootnote.N``."""
    pages = []
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if str(action.get("/D", "")).startswith("Hfootnote"):
                pages.append(number)
                break
    return pages


def line_starts(page: Any) -> list[tuple[float, bool]]:
    """Where each run of text starts (x), and whether its font is monospaced."""
    starts: list[tuple[float, bool]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, *_: Any) -> None:
        if text.strip() and font is not None:
            mono = bool(re.search(r"Mono|Courier|Cursor", str(font.get("/BaseFont", ""))))
            starts.append((round(tm[4] * cm[0] + cm[4], 1), mono))

    page.extract_text(visitor_text=visit)
    return starts


def code_pages(reader: PdfReader) -> list[int]:
    """Pages where two runs in a monospaced font start at the text's left edge: a code block."""
    pages = []
    for number, page in enumerate(reader.pages):
        starts = line_starts(page)
        left = min((x for x, _ in starts), default=0)
        if sum(1 for x, mono in starts if mono and abs(x - left) < 2) >= 2:
            pages.append(number)
    return pages


def proof_pages(pdf: Path) -> dict[str, int]:
    """What to proof: a name for each page of interest, its number (0-based)."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    pages = words(pdf)
    found = {"title": 0, "title-verso": 1}
    contents = next((i for i, p in enumerate(pages) if sum(w.text == "." for w in p) > 10), None)
    parts, chapters = parts_and_chapters(reader)
    found["contents"] = contents
    found["part-opening"] = parts[0].page if parts else None
    found["chapter-opening"] = chapters[1].page if len(chapters) > 1 else None
    openings = {m.page for m in parts + chapters}
    found["footnotes"] = next((p for p in footnote_pages(reader) if p not in openings), None)
    found["code"] = next(iter(code_pages(reader)), None)
    return {name: page for name, page in found.items() if page is not None}


def write_proofs(pdf: Path, outdir: Path, dpi: int) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, page in proof_pages(pdf).items():
        stem = outdir / f"{name}-{page + 1}"
        command = ["pdftoppm", "-png", "-r", str(dpi), "-singlefile"]
        command += ["-f", str(page + 1), "-l", str(page + 1), str(pdf), str(stem)]
        subprocess.run(command, check=True)
        written.append(stem.with_suffix(".png"))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args()
    for path in write_proofs(args.pdf, args.outdir, args.dpi):
        print(path)


if __name__ == "__main__":
    main()

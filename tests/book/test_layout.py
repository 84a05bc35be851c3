"""The PDF is laid out as a book, not a manual (issue 28): read from the compiled pages.

The root ``test-booklayout`` is an outlined book: a preface, then two parts,
one chapter with a title too long for a running head, sections, footnotes
and code with a line longer than the page.  The print and screen editions are
each compiled once per module (pages numbered from 120 after the contents, so
folios and contents numbers have three digits); the pages are read with
``pdftotext -bbox`` and pypdf, and found with ``tools/bookproofs.py``, the
tool ``make book-proofs`` runs.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.helpers import ROOT, ROOTS, checkout_env, require, warnings_of

if TYPE_CHECKING:
    from types import ModuleType

    from sphinx.testing.util import SphinxTestApp

NAME = "essays"
LONG_TITLE = (
    "What the harbour walls remember of every storm, every tide and every boat "
    "that ever waited on them through the long winter evenings"
)
PARTS = ("Part one: Harbours", "Part two: Boats")
FIRST_FOLIO = 120
TEX_TOOLS = ("xelatex", "latexmk", "pdftotext", "pdftoppm", "fc-match")


def load_proofs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bookproofs", ROOT / "tools" / "bookproofs.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bookproofs", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


proofs = load_proofs()


@dataclass
class Book:
    pdf: Path
    tex: str

    def pages(self) -> list[list[Any]]:
        return proofs.words(self.pdf)

    def reader(self) -> Any:
        from pypdf import PdfReader

        return PdfReader(self.pdf)


def compile_book(tmp: Path, *options: str) -> Book:
    """The root, with pages from 120 after the contents, built and compiled as ``make pdf`` does."""
    require(*TEX_TOOLS)
    src = tmp / "src"
    shutil.copytree(ROOTS / "test-booklayout", src)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        toc = rf"\sphinxtableofcontents\setcounter{{page}}{{{FIRST_FOLIO}}}"
        conf.write(f"latex_elements = {{'tableofcontents': {toc!r}}}\n")
    command = [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(src), str(tmp / "out")]
    command += ["-q", *options]
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, env=checkout_env()
    )
    latex = tmp / "out" / "latex"
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return Book(latex / f"{NAME}.pdf", (latex / f"{NAME}.tex").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Book:
    return compile_book(tmp_path_factory.mktemp("print"))


@pytest.fixture(scope="module")
def screen(tmp_path_factory: pytest.TempPathFactory) -> Book:
    return compile_book(tmp_path_factory.mktemp("screen"), "-D", "chapbook_book_medium=screen")


# -- what the pages hold ---------------------------------------------------------------


def text(page: list[Any]) -> str:
    return " ".join(word.text for word in page)


def head(page: list[Any], height: float) -> list[Any]:
    """The words above the text block (its first line starts below 12% of the page)."""
    return [word for word in page if word.y1 < 0.1 * height]


def foot(page: list[Any], height: float) -> list[Any]:
    return [word for word in page if word.y0 > 0.92 * height]


def page_height(book: Book) -> float:
    return float(book.reader().pages[0].mediabox.height)


def furniture_only(page: list[Any], titles: str, height: float) -> bool:
    """A page holding nothing but a folio and words of a title, in the head and foot: a
    running head on a blank page (the half-title's title alone sits in the text block)."""
    words = [w.text for w in page if not re.fullmatch(r"\d+|[ivxlc]+|\u2026", w.text)]
    in_bands = all(w.y1 < 0.1 * height or w.y0 > 0.92 * height for w in page)
    return bool(page) and in_bands and all(word in titles.split() for word in words)


def test_blank_pages_carry_no_head_or_folio(printed: Book) -> None:
    pages = printed.pages()
    height = page_height(printed)
    titles = " ".join([LONG_TITLE, *PARTS, "Harbour essays", "Preface", "Boats"])
    titles += " Tides and the long wait"
    found = [i + 1 for i, page in enumerate(pages) if furniture_only(page, titles, height)]
    assert found == []
    # Chapters open on the right: there are blank pages, and they are empty.
    assert sum(1 for page in pages if not page) >= 3


def test_no_text_overlaps_in_the_head_and_foot(printed: Book) -> None:
    height = page_height(printed)
    for number, page in enumerate(printed.pages(), start=1):
        for band in (head(page, height), foot(page, height)):
            clashes = [(a.text, b.text) for i, a in enumerate(band) for b in band[i + 1 :]
                       if a.overlaps(b)]  # fmt: skip
            assert clashes == [], f"page {number}: {clashes}"


def test_running_heads_chapter_verso_part_recto_none_on_openings(printed: Book) -> None:
    height = page_height(printed)
    pages = printed.pages()
    parts, chapters = proofs.parts_and_chapters(printed.reader())
    openings = {mark.page for mark in parts + chapters}
    for mark in parts + chapters:
        assert head(pages[mark.page], height) == [], mark.title
    long_chapter = next(m for m in chapters if m.title == LONG_TITLE)
    verso, recto = long_chapter.page + 1, long_chapter.page + 2
    assert verso not in openings and recto not in openings
    verso_head = text(head(pages[verso], height))
    # The folio at the outer edge; the title shortened at a word, never overprinted.
    assert re.fullmatch(r"1\d\d What the harbour walls .* \u2026", verso_head), verso_head
    assert text(head(pages[recto], height)) == f"{PARTS[0]} {int(verso_head.split()[0]) + 1}"


def test_no_chapter_label_or_section_number_by_default(printed: Book) -> None:
    shown = " ".join(text(page) for page in printed.pages())
    assert "Stones and tides 1" in shown and LONG_TITLE.split(",", maxsplit=1)[0] in shown
    assert "Chapter" not in shown
    assert not re.search(r"\b\d+(\.\d+)? Stones and tides", shown)
    assert r"\setcounter{secnumdepth}{-1}" in printed.tex


def test_contents_has_leaders_and_room_for_three_digit_numbers(printed: Book) -> None:
    pages = printed.pages()
    contents = proofs.proof_pages(printed.pdf)["contents"]
    page = pages[contents]
    numbers = [w for w in page if re.fullmatch(r"1\d\d", w.text)]
    assert len(numbers) == 6  # the preface, two parts, three chapters
    right = max(w.x1 for w in numbers)
    for number in numbers:
        assert abs(number.x1 - right) < 0.5  # one column, right-aligned
        line = [w for w in page if w is not number and abs(w.y0 - number.y0) < 2]
        assert all(w.x1 < number.x0 - 2 for w in line), (number.text, [w.text for w in line])
    assert sum(w.text == "." for w in page) > 20  # dot leaders


def test_code_wraps_between_names_never_inside_one(printed: Book) -> None:
    lines = subprocess.run(
        ["pdftotext", "-layout", str(printed.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("total ="))
    # pdftotext reads the mark that starts a continued line as ",\u2192".
    code = [re.sub(r"^(,?\u2192|\u21aa)", "", line.strip()) for line in lines[start:][:5]]
    code = code[: next(i for i, line in enumerate(code) if line.endswith("stone_count")) + 1]
    assert len(code) > 1  # wrapped, not cut at the margin
    # Broken at a space: every snake_case name whole.
    names = [word for line in code for word in line.split() if "_" in word]
    assert names == [f"harbour_wall_{name}" for name in (
        "height_in_metres", "width_in_metres", "depth_in_metres", "age_in_years", "stone_count"
    )], code  # fmt: skip


def test_book_proofs_finds_the_pages_to_look_at(printed: Book, tmp_path: Path) -> None:
    parts, chapters = proofs.parts_and_chapters(printed.reader())
    found = proofs.proof_pages(printed.pdf)
    assert found["part-opening"] == parts[0].page
    assert found["chapter-opening"] == chapters[1].page
    assert found["footnotes"] not in {m.page for m in parts + chapters}
    written = proofs.write_proofs(printed.pdf, tmp_path, dpi=20)
    names = sorted(path.name.rsplit("-", 1)[0] for path in written)
    assert names == sorted(["title", "title-verso", "contents", "part-opening",
                            "chapter-opening", "footnotes", "code"])  # fmt: skip
    assert all(path.read_bytes().startswith(b"\x89PNG") for path in written)


# -- colour ----------------------------------------------------------------------------


def text_colours(book: Book) -> set[tuple[float, ...]]:
    """Every fill colour text is drawn in (PDF operators rg, g, k in the pages' content)."""
    colours: set[tuple[float, ...]] = set()
    for page in book.reader().pages:
        state = {"fill": (0.0,), "stack": []}

        def before(operator: bytes, args: list[Any], *_: Any, state: dict = state) -> None:
            if operator in (b"rg", b"g", b"k"):
                state["fill"] = tuple(round(float(a), 3) for a in args)
            elif operator == b"q":
                state["stack"].append(state["fill"])
            elif operator == b"Q" and state["stack"]:
                state["fill"] = state["stack"].pop()
            elif operator in (b"Tj", b"TJ", b"'", b'"'):
                colours.add(state["fill"])

        page.extract_text(visitor_operand_before=before)
    return colours


BLACK = {(0.0,), (0.0, 0.0, 0.0), (0.0, 0.0, 0.0, 1.0)}


def test_print_edition_is_black(printed: Book) -> None:
    assert text_colours(printed) <= BLACK
    links = [
        annotation.get_object()
        for page in printed.reader().pages
        for annotation in page.get("/Annots") or []
    ]
    assert links  # internal links, footnotes, the contents
    assert all(list(link.get("/Border", [0, 0, 0]))[2] == 0 for link in links)  # no frame


def test_screen_edition_colours_links_and_has_no_blank_pages(screen: Book) -> None:
    assert text_colours(screen) - BLACK
    assert [i for i, page in enumerate(screen.pages()) if not page] == []


# -- the LaTeX source, settings ------------------------------------------------------------


def tex(app: SphinxTestApp) -> str:
    return (Path(app.outdir) / f"{NAME}.tex").read_text(encoding="utf-8")


@pytest.mark.sphinx("latex", testroot="booklayout", freshenv=True)
def test_no_date_or_tags_under_chapter_titles_by_default(app: SphinxTestApp) -> None:
    app.build()
    source = tex(app)
    assert r"\DUrole{chapbook-date}" not in source and "February 3, 2024" not in source
    assert "Tags:" not in source and "stone walls" not in source
    assert "min read" not in source


@pytest.mark.sphinx(
    "latex", testroot="booklayout", freshenv=True, confoverrides={"chapbook_book_date": True}
)
def test_the_date_can_stay_under_the_title(app: SphinxTestApp) -> None:
    app.build()
    source = tex(app)
    assert r"\DUrole{chapbook-date}{February 3, 2024}" in source
    assert "Tags:" not in source and "min read" not in source


@pytest.mark.sphinx("epub", testroot="booklayout", freshenv=True)
def test_the_epub_has_no_blog_metadata_either(app: SphinxTestApp) -> None:
    app.build()
    page = (Path(app.outdir) / "harbour-walls.xhtml").read_text(encoding="utf-8")
    assert "Tags:" not in page and "February 3, 2024" not in page
    assert "chapbook-post-meta" not in page


@pytest.mark.sphinx(
    "latex",
    testroot="booklayout",
    freshenv=True,
    confoverrides={"chapbook_book_chapter_labels": True, "chapbook_book_numbered_sections": True},
)
def test_chapter_labels_and_section_numbers_on_request(app: SphinxTestApp) -> None:
    app.build()
    source = tex(app)
    assert r"\setcounter{secnumdepth}{1}" in source
    assert r"{\small\scshape\MakeLowercase{\chaptertitlename}~\thechapter}" in source
    assert r"\contentslabel{1.8em}" in source


@pytest.mark.sphinx(
    "latex",
    testroot="booklayout",
    freshenv=True,
    confoverrides={"chapbook_book_page_size": "6x9in", "chapbook_book_chapters_open": "any"},
)
def test_trade_size_and_chapters_opening_anywhere(app: SphinxTestApp) -> None:
    app.build()
    source = tex(app)
    assert r"\usepackage[paperwidth=6in, paperheight=9in," in source
    assert re.search(r"\\documentclass\[letterpaper,11pt,.*openany\]\{sphinxmanual\}", source)
    assert "hmargin={0.85in,0.75in}" in source


@pytest.mark.sphinx(
    "latex",
    testroot="booklayout",
    freshenv=True,
    confoverrides={
        "latex_elements": {"pointsize": "10pt", "sphinxsetup": "TitleColor={rgb}{1,0,0}"}
    },
)
def test_a_sites_latex_elements_win_key_by_key(app: SphinxTestApp) -> None:
    app.build()
    source = tex(app)
    assert re.search(r"\\documentclass\[a5paper,10pt,", source)  # its size, our paper
    setup = re.search(r"\\sphinxsetup\{(.*)\}\n", source)[1]
    assert setup.startswith("hmargin=") and setup.endswith("TitleColor={rgb}{1,0,0}")
    assert r"\titleformat{\chapter}" in source  # the layout stays


@pytest.mark.sphinx(
    "latex", testroot="booklayout", freshenv=True, confoverrides={"chapbook_book_page_size": "b5"}
)
def test_an_unknown_page_size_is_reported(app: SphinxTestApp) -> None:
    assert (
        "WARNING: chapbook_book_page_size = 'b5' must be one of 'a5', '5.5x8.5in', '6x9in'; "
        "using 'a5' [chapbook.config]"
    ) in warnings_of(app)


@pytest.mark.sphinx(
    "latex",
    testroot="booklayout",
    freshenv=True,
    confoverrides={"chapbook_book_font": "No Such Serif"},
)
def test_a_missing_body_font_falls_back_to_freeserif(app: SphinxTestApp) -> None:
    require("fc-match")
    app.build()
    assert r"\setmainfont{FreeSerif}" in tex(app)
    assert (
        "WARNING: chapbook_book_font: font 'No Such Serif' not found; the book is set in "
        "FreeSerif (on Debian: apt-get install a package providing it) [chapbook.fonts]"
    ) in warnings_of(app)

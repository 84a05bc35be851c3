"""An outlined book as an author writes one: a post before the first part, then parts (issue 11).

The root ``test-outlinebook`` holds six posts and ``voyage.book.md``: one post
before any part (front matter), then two parts whose introductions are
Markdown with emphasis, code, straight quotes and a spaced hyphen.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

from tests.helpers import ROOTS, epubcheck, require, warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from bs4 import Tag
    from sphinx.testing.util import SphinxTestApp

NAME = "voyage"
FRONT = ("Before we sail", "How to read this book")
INTROS = {
    "Part one: Rope": "The \u201cfirst\u201d part \u2014 on knots that hold and the bowline we tie.",
    "Part two: Sea": "It\u2019s the \u2018second\u2019 part \u2014 on tides, currents and chart.py.",
}
PLAIN_WORDS = {"Part one: Rope": "that hold and the", "Part two: Sea": "currents and"}
CHAPTERS = {
    "Part one: Rope": ["Knots", "Splices"],
    "Part two: Sea": ["Tides", "Currents", "Charts"],
}
#: The ePub's table of contents: (entry, the entries nested under it).
CONTENTS = [("A short voyage", []), ("Before we sail", []), *CHAPTERS.items()]


# -- the LaTeX source ---------------------------------------------------------------


def tex(app: SphinxTestApp) -> str:
    return (Path(app.outdir) / f"{NAME}.tex").read_text(encoding="utf-8")


@pytest.mark.sphinx("latex", testroot="outlinebook", freshenv=True)
def test_post_before_the_first_part_is_unnumbered_front_matter(app: SphinxTestApp) -> None:
    app.build()
    source = tex(app)
    assert re.findall(r"\\part\{(.*)\}", source) == list(CHAPTERS)
    front = source.index(r"\frontmatter" + "\n")
    chapter = source.index(r"\chapter{Before we sail}")
    section = source.index(r"\section{How to read this book}")
    main = source.index(r"\mainmatter" + "\n")
    assert front < chapter < section < main < source.index(r"\part{")
    # Sphinx's report class has no front matter: the preamble gives it one, unnumbered.
    assert r"\providecommand{\frontmatter}" in source
    assert re.findall(r"\\chapter\{(.*)\}", source[main:]) == [
        title for chapters in CHAPTERS.values() for title in chapters
    ]


@pytest.mark.sphinx("latex", testroot="outlinebook", freshenv=True)
def test_part_introductions_are_markdown_typeset_as_posts(app: SphinxTestApp) -> None:
    app.build()
    source = tex(app)
    intro = re.search(r"\\part\{Part one: Rope\}\s*\\sphinxAtStartPar\n(.*)\n", source)
    assert intro is not None
    assert intro[1] == (
        "The \u201cfirst\u201d part \u2014 on \\sphinxstyleemphasis{knots} that hold and the "
        "\\sphinxcode{\\sphinxupquote{bowline}} we tie."
    )
    assert (
        "It\u2019s the \u2018second\u2019 part \u2014 on \\sphinxstyleemphasis{tides}, currents "
        "and \\sphinxcode{\\sphinxupquote{chart.py}}."
    ) in source
    assert "*knots*" not in source and "`bowline`" not in source


def test_problems_in_an_introduction_name_the_outline_and_line(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    shutil.copytree(ROOTS / "test-outlinebook", tmp_path / "src")
    outline = tmp_path / "src" / f"{NAME}.book.md"
    text = outline.read_text(encoding="utf-8")
    bad = text.replace("It's the", "A bell\x07 <script>x()</script> It's the")
    outline.write_text(bad, encoding="utf-8")
    app = make_app("latex", srcdir=tmp_path / "src", freshenv=True)
    app.build()
    line = 1 + next(n for n, written in enumerate(text.splitlines()) if "It's the" in written)
    warnings = warnings_of(app)
    for message in (
        "control character U+0007 removed from the text [chapbook.text]",
        "raw HTML that would run was removed: <script> [chapbook.text]",
    ):
        assert f"{NAME}.book.md:{line}: WARNING: {message}" in warnings
    assert "x()" not in tex(app) and "\x07" not in tex(app)


def test_an_introduction_is_held_to_the_trust_policy(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """An outline is a file of docs/: its introductions use what a post may, and name no file
    of the machine (Sphinx never reads them, so no file they name is collected)."""
    shutil.copytree(ROOTS / "test-outlinebook", tmp_path / "src")
    (tmp_path / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\nOUTSIDE-SECRET")
    outline = tmp_path / "src" / f"{NAME}.book.md"
    text = outline.read_text(encoding="utf-8")
    bad = text.replace("It's the", "![a secret](../secret.png) {pep}`8` [x](javascript:pwn()) "
                       "It's the")  # fmt: skip
    outline.write_text(bad, encoding="utf-8")
    app = make_app("latex", srcdir=tmp_path / "src", freshenv=True)
    app.build()
    line = 1 + next(n for n, written in enumerate(text.splitlines()) if "It's the" in written)
    found = [w for w in warnings_of(app) if f"{NAME}.book.md" in w]
    assert found == [
        f"{NAME}.book.md:{line}: WARNING: role 'pep' is not allowed in posts: documentation "
        "furniture, not part of an essay; its text is kept as it is [chapbook.trust]",
        f"{NAME}.book.md:{line}: WARNING: link 'javascript:pwn()': its scheme 'javascript:' is "
        "not one posts may use (http, https, mailto or a relative address); it is kept as text "
        "[chapbook.trust]",
        f"{NAME}.book.md:{line}: WARNING: an outline's introduction names the file "
        "'../secret.png'; only web images and links may appear there, so it is left out "
        "[chapbook.trust]",
    ]
    written = tex(app)
    assert "secret.png" not in written and "pwn" not in written
    assert not list(Path(app.outdir).rglob("secret*"))


# -- the PDF, compiled ------------------------------------------------------------------


def pdf_pages(app: SphinxTestApp) -> list[str]:
    """The compiled PDF's pages, each as one line of text."""
    require("xelatex", "latexmk", "pdftotext", "fc-match")
    outdir = Path(app.outdir)
    result = subprocess.run(
        ["make", "-C", str(outdir), "all-pdf"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]
    text = subprocess.run(
        ["pdftotext", str(outdir / f"{NAME}.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [" ".join(page.split()) for page in text.split("\f")]


def first_page(pages: list[str], start: str) -> int:
    """The first page whose text starts with ``start`` (a regular expression)."""
    return next(number for number, page in enumerate(pages) if re.match(start, page))


@pytest.mark.sphinx("latex", testroot="outlinebook", freshenv=True)
def test_pdf_part_page_holds_title_and_introduction(app: SphinxTestApp) -> None:
    app.build()
    pages = pdf_pages(app)
    for part, intro in INTROS.items():
        page = first_page(pages, rf"Part [IVX]+ {part}")
        plain = PLAIN_WORDS[part]  # the same typeset or not: where it is, whatever it looks like
        assert [p for p in pages if plain in p] == [pages[page]]
        assert intro in pages[page]
        # Its first chapter follows: on the next page, or on the next right-hand one.
        # (A chapter opens with its title: no "Chapter N", no running head.)
        chapter = first_page(pages, rf"{CHAPTERS[part][0]} ")
        assert chapter - page in (1, 2), pages[page : chapter + 1]
        assert all(p == "" for p in pages[page + 1 : chapter])  # a blank page is blank


@pytest.mark.sphinx("latex", testroot="outlinebook", freshenv=True)
def test_pdf_front_matter_has_no_numbers_and_no_part(app: SphinxTestApp) -> None:
    app.build()
    pages = pdf_pages(app)
    contents = first_page(pages, "Contents")
    title, section = FRONT
    page = next(i for i, p in enumerate(pages) if i > contents and title in p)
    assert pages[page].startswith(f"{title} ")  # no "Chapter 1", no "Part I" before it
    assert not re.search(rf"\d {section}", pages[page])
    assert page < first_page(pages, "Part I ")
    # Essays: chapters and sections without numbers (chapbook_book_chapter_labels and
    # chapbook_book_numbered_sections bring them back).
    assert re.match(r"Knots .* The bowline", pages[first_page(pages, "Knots ")])
    assert not re.search(r"Chapter|\d\.\d The bowline", " ".join(pages))


# -- the ePub ----------------------------------------------------------------------------


def epub_members(app: SphinxTestApp) -> dict[str, bytes]:
    with zipfile.ZipFile(Path(app.outdir) / f"{NAME}.epub") as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def nav_tree(entries: list[Tag], label: str, child: str) -> list[tuple[str, list[str]]]:
    """(title, its children's titles) of each top-level entry of nav.xhtml or toc.ncx."""
    return [
        (
            entry.find(label).get_text(strip=True),
            [c.find(label).get_text(strip=True) for c in entry.find_all(child)],
        )
        for entry in entries
    ]


@pytest.mark.sphinx("epub", testroot="outlinebook", freshenv=True)
def test_epub_nests_chapters_under_parts(app: SphinxTestApp) -> None:
    app.build()
    result = epubcheck(Path(app.outdir) / f"{NAME}.epub")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not re.search(r"\b(ERROR|WARNING|FATAL)\b", result.stdout + result.stderr)
    members = epub_members(app)
    # html.parser keeps "epub:type" as written (Beautiful Soup 4.15's xml parser drops prefixes).
    toc = BeautifulSoup(members["nav.xhtml"], "html.parser").find("nav", attrs={"epub:type": "toc"})
    nav = BeautifulSoup(str(toc), "xml").nav
    assert nav_tree(nav.ol.find_all("li", recursive=False), "a", "li") == CONTENTS
    ncx = BeautifulSoup(members["toc.ncx"], "xml").find("navMap")
    assert nav_tree(ncx.find_all("navPoint", recursive=False), "text", "navPoint") == CONTENTS


def reading_order(members: dict[str, bytes]) -> list[tuple[str, BeautifulSoup]]:
    """The spine's pages with their first heading, cover and navigation left out."""
    opf = BeautifulSoup(members["content.opf"], "xml")
    hrefs = {item["id"]: item["href"] for item in opf.find_all("item")}
    pages = []
    for itemref in opf.find("spine").find_all("itemref"):
        page = BeautifulSoup(members[hrefs[itemref["idref"]]], "xml")
        if page.find("h1"):
            pages.append((page.find("h1").get_text(strip=True), page))
    return pages


@pytest.mark.sphinx("epub", testroot="outlinebook", freshenv=True)
def test_epub_part_introductions_come_before_their_chapters(app: SphinxTestApp) -> None:
    app.build()
    members = epub_members(app)
    order = reading_order(members)
    assert [title for title, _ in order] == [
        title for entry, chapters in CONTENTS for title in (entry, *chapters)
    ]
    pages = {title: page.find("section") for title, page in order}
    for part, intro in INTROS.items():
        assert pages[part].find("p").get_text() == intro
    first = pages["Part one: Rope"].find("p")
    assert (first.find("em").get_text(), first.find("code").get_text()) == ("knots", "bowline")
    opening = " ".join(pages["A short voyage"].get_text().split())
    assert not [intro for intro in INTROS.values() if intro in opening]
    assert "first" not in opening and "second" not in opening


def test_a_part_removed_from_the_outline_leaves_the_epub(make_app, tmp_path: Path) -> None:
    """Build, take Part two out of the outline, build again (incrementally): its page and
    its posts' pages are gone from the package, not left over from the first build."""
    srcdir = tmp_path / "voyage"
    shutil.copytree(ROOTS / "test-outlinebook", srcdir)
    make_app("epub", srcdir=srcdir, freshenv=True).build()
    assert "_book-part-2.xhtml" in epub_members_of(srcdir)
    outline = srcdir / f"{NAME}.book.md"
    outline.write_text(outline.read_text().split("# Part two")[0], encoding="utf-8")
    make_app("epub", srcdir=srcdir).build()
    pages = {name for name in epub_members_of(srcdir) if name.endswith(".xhtml")}
    assert pages == {"_book.xhtml", "_book-part-1.xhtml", "before-we-sail.xhtml",
                     "knots.xhtml", "splices.xhtml", "nav.xhtml", "epub-cover.xhtml"}  # fmt: skip


def epub_members_of(srcdir: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(srcdir / "_build" / "epub" / f"{NAME}.epub") as archive:
        return {name: archive.read(name) for name in archive.namelist()}

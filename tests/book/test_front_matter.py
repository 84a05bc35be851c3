"""The book's front pages: half-title, title page, copyright page, dedication (issue 28).

The root ``test-bookfront`` is a blog named after its writer (project and author
"Ada Quill") with ``letters.book.md``, an outline whose front-matter gives a
copyright notice of two lines, an edition, an ISBN and a dedication, and a
title with characters TeX and HTML give a meaning to.
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

    from sphinx.testing.util import SphinxTestApp

OUTLINE = {"chapbook_book": "letters"}
#: Hyphens in TeX: Sphinx's ``\sphinxhyphen{}``, which never makes a dash of two.
HYPHEN = r"\sphinxhyphen{}"
TITLE = "Letters & <ink>"
ISBN = "ISBN 978-0-306-40615-7"


def tex(app: SphinxTestApp, name: str) -> str:
    return (Path(app.outdir) / f"{name}.tex").read_text(encoding="utf-8")


def front(source: str) -> str:
    """The LaTeX between ``\\begin{document}`` and the contents."""
    start = source.index(r"\begin{document}")
    return source[start : source.index(r"\sphinxtableofcontents", start)]


# -- the LaTeX source ---------------------------------------------------------------


@pytest.mark.sphinx("latex", testroot="bookfront", freshenv=True, confoverrides=OUTLINE)
def test_outline_front_pages_replace_the_manual_title_page(app: SphinxTestApp) -> None:
    app.build()
    pages = front(tex(app, "letters"))
    assert r"\sphinxmaketitle" not in pages
    title = r"Letters \& <ink>"
    assert [line for line in pages.splitlines() if line.startswith("\\")] == [
        r"\begin{document}",
        r"\pagestyle{empty}",
        rf"\hypersetup{{pdftitle={{{title}}}, pdfauthor={{B. Scribe}}}}",
        r"\begin{chapbookfrontpages}",
        rf"\chapbookhalftitle{{{title}}}",
        # No date: the outline has one, but does not ask for it on the title page.
        rf"\chapbooktitlepage{{{title}}}{{Essays on paper}}{{B. Scribe}}{{}}",
        r"\chapbookcopyrightpage{© 2025 B. Scribe\par All rights reserved.}"
        r"{First edition\par ISBN " + "978-0-306-40615-7}".replace("-", HYPHEN),
        r"\chapbookdedication{For M.,\\ who read every draft.}",
        r"\end{chapbookfrontpages}",
        r"\pagestyle{plain}",
    ]
    # The running heads' \title is the title alone, no subtitle squeezed into it.
    assert r"\title{Letters \& \textless{}ink\textgreater{}}" in tex(app, "letters")


@pytest.mark.sphinx(
    "latex",
    testroot="bookfront",
    freshenv=True,
    confoverrides={**OUTLINE, "latex_elements": {"maketitle": r"\ourtitlepage"}},
)
def test_a_sites_own_title_page_is_kept(app: SphinxTestApp) -> None:
    """Kept as written; the front pages' macros are there for it to use."""
    app.build()
    source = tex(app, "letters")
    pages = front(source)
    assert r"\ourtitlepage" in pages
    assert "chapbook" not in pages
    preamble = source[: source.index(r"\begin{document}")]
    assert r"\newcommand{\chapbooktitlepage}[4]" in preamble


@pytest.mark.sphinx("latex", testroot="bookfront", freshenv=True)
def test_whole_blog_title_page_names_its_writer_once(app: SphinxTestApp) -> None:
    """The blog is "Ada Quill" by Ada Quill: the title, then the blog's description."""
    app.build()
    pages = front(tex(app, "ada-quill"))
    assert r"\chapbooktitlepage{Ada Quill}{Notes on <ink> \& paper}{}{}" in pages
    # The copyright line is the default: the newest post's year and the author.
    assert r"\chapbookcopyrightpage{© 2024 Ada Quill}{}" in pages
    assert r"\chapbookdedication" not in pages


@pytest.mark.sphinx(
    "latex",
    testroot="bookfront",
    freshenv=True,
    confoverrides={
        "chapbook_book_title": "Collected notes",
        "chapbook_book_subtitle": "Ten years of ink",
        "chapbook_book_copyright": "© 2024 Ada Quill\nSome rights reserved.",
        "chapbook_book_edition": "Second edition",
        "chapbook_book_isbn": "ISBN 0-306-40615-2",
        "chapbook_book_dedication": "For the readers",
        "chapbook_book_show_date": True,
    },
)
def test_whole_blog_front_pages_come_from_conf_py(app: SphinxTestApp) -> None:
    app.build()
    pages = front(tex(app, "ada-quill"))
    for line in (
        r"\chapbooktitlepage{Collected notes}{Ten years of ink}{Ada Quill}{March 1, 2024}",
        r"\chapbookcopyrightpage{© 2024 Ada Quill\par Some rights reserved.}"
        r"{Second edition\par ISBN " + "0-306-40615-2}".replace("-", HYPHEN),
        r"\chapbookdedication{For the readers}",
    ):
        assert line in pages.splitlines()
    assert not [w for w in warnings_of(app) if "chapbook" in w]


def outline_app(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, builder: str, **front_matter: str
) -> SphinxTestApp:
    """The root with its outline's front-matter values replaced (key: YAML as written)."""
    shutil.copytree(ROOTS / "test-bookfront", tmp_path / "src")
    outline = tmp_path / "src" / "letters.book.md"
    text = outline.read_text(encoding="utf-8")
    for key, value in front_matter.items():
        line = f"{key}: {value}"
        pattern = re.compile(rf"^{key}:.*(\n  .*)*", flags=re.M)
        text, found = pattern.subn(lambda _match, line=line: line, text)
        if not found:
            text = text.replace("---\n", f"---\n{line}\n", 1)
    outline.write_text(text, encoding="utf-8")
    return make_app(builder, srcdir=tmp_path / "src", freshenv=True, confoverrides=OUTLINE)


HOSTILE = r"'\input{/etc/hostname} $x$ ^_~ % <script>alert(1)</script>'"


def test_outline_values_reach_tex_escaped(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    app = outline_app(make_app, tmp_path, "latex", subtitle=HOSTILE, dedication=HOSTILE)
    app.build()
    pages = front(tex(app, "letters"))
    escaped = (
        r"\textbackslash{}input\{/etc/hostname\} \$x\$ \textasciicircum{}\_\textasciitilde{} "
        r"\% <script>alert(1)</script>"
    )
    assert "{Essays on paper}" not in pages
    assert rf"{{{escaped}}}{{B. Scribe}}" in pages
    assert rf"\chapbookdedication{{{escaped}}}" in pages
    assert r"\input" not in pages


def test_outline_values_of_the_wrong_type_are_warnings_with_their_line(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    app = outline_app(
        make_app,
        tmp_path,
        "latex",
        dedication="[For, M.]",
        edition="{first: true}",
        isbn="978-0-306-40615-8",
    )
    app.build()
    text = (tmp_path / "src" / "letters.book.md").read_text(encoding="utf-8").splitlines()
    line = {key: 1 + next(n for n, t in enumerate(text) if t.startswith(f"{key}:")) for key in (
        "dedication", "edition", "isbn")}  # fmt: skip
    warnings = [w for w in warnings_of(app) if "letters.book.md" in w]
    assert warnings == [
        f"letters.book.md:{line['edition']}: WARNING: outline 'edition': expected text "
        "[chapbook.book]",
        f"letters.book.md:{line['dedication']}: WARNING: outline 'dedication': expected text "
        "[chapbook.book]",
        f"letters.book.md:{line['isbn']}: WARNING: outline 'isbn': '978-0-306-40615-8' is not "
        "an ISBN (its check digit is wrong); printed as written [chapbook.book]",
    ]
    pages = front(tex(app, "letters"))
    assert r"\chapbookdedication" not in pages
    assert "{ISBN " + "978-0-306-40615-8}".replace("-", HYPHEN) in pages


@pytest.mark.sphinx(
    "latex", testroot="bookfront", freshenv=True, confoverrides={"chapbook_book_isbn": "12345"}
)
def test_a_wrong_isbn_in_conf_py_is_a_config_warning(app: SphinxTestApp) -> None:
    app.build()
    assert (
        "WARNING: chapbook_book_isbn: '12345' is not an ISBN (10 or 13 digits); printed as "
        "written [chapbook.config]"
    ) in warnings_of(app)


# -- the PDF, compiled ------------------------------------------------------------------


def pdf(app: SphinxTestApp, name: str) -> Path:
    require("xelatex", "latexmk", "pdftotext", "fc-match")
    outdir = Path(app.outdir)
    result = subprocess.run(
        ["make", "-C", str(outdir), "all-pdf"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]
    return outdir / f"{name}.pdf"


def pdf_pages(path: Path) -> list[list[str]]:
    """Each page's lines of text, blank lines left out."""
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        [line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f")
    ]


@pytest.mark.sphinx("latex", testroot="bookfront", freshenv=True, confoverrides=OUTLINE)
def test_pdf_front_pages_as_a_printed_book_has_them(app: SphinxTestApp) -> None:
    app.build()
    path = pdf(app, "letters")
    pages = pdf_pages(path)
    # Rectos: half-title, title page, dedication; versos blank but the copyright page's.
    assert pages[:6] == [
        [TITLE],
        [],
        [TITLE, "Essays on paper", "B. Scribe"],
        ["© 2025 B. Scribe", "All rights reserved.", "First edition", ISBN],
        ["For M.,", "who read every draft."],
        [],
    ]
    assert pages[6][0] == "Contents"
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert f"Title:           {TITLE}" in info.stdout.splitlines()
    assert "Author:          B. Scribe" in info.stdout.splitlines()


@pytest.mark.sphinx("latex", testroot="bookfront", freshenv=True)
def test_pdf_whole_blog_title_page_prints_the_writer_once(app: SphinxTestApp) -> None:
    app.build()
    pages = pdf_pages(pdf(app, "ada-quill"))
    assert pages[:4] == [
        ["Ada Quill"],
        [],
        ["Ada Quill", "Notes on <ink> & paper"],
        ["© 2024 Ada Quill"],
    ]


# -- the ePub ----------------------------------------------------------------------------


def epub_members(app: SphinxTestApp, name: str) -> dict[str, bytes]:
    with zipfile.ZipFile(Path(app.outdir) / f"{name}.epub") as archive:
        return {member: archive.read(member) for member in archive.namelist()}


def first_page(members: dict[str, bytes]) -> BeautifulSoup:
    """The spine's first page after the cover."""
    opf = BeautifulSoup(members["content.opf"], "xml")
    hrefs = {item["id"]: item["href"] for item in opf.find_all("item")}
    spine = [hrefs[i["idref"]] for i in opf.find("spine").find_all("itemref")]
    assert spine[0] == "epub-cover.xhtml"
    return BeautifulSoup(members[spine[1]], "xml")


def texts(page: BeautifulSoup, selector: str) -> list[str]:
    return [element.get_text(" ", strip=True) for element in page.select(selector)]


@pytest.mark.sphinx("epub", testroot="bookfront", freshenv=True, confoverrides=OUTLINE)
def test_epub_opens_on_a_title_page_and_a_copyright_page(app: SphinxTestApp) -> None:
    app.build()
    result = epubcheck(Path(app.outdir) / "letters.epub")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not re.search(r"\b(ERROR|WARNING|FATAL)\b", result.stdout + result.stderr)
    members = epub_members(app, "letters")
    page = first_page(members)
    body = page.select_one("section.chapbook-titlepage")
    assert texts(body, "h1") == [TITLE]
    assert texts(body, "p.chapbook-titlepage-subtitle") == ["Essays on paper"]
    assert texts(body, "p.chapbook-titlepage-author") == ["B. Scribe"]
    assert texts(body, "p.chapbook-titlepage-date") == []  # not asked for
    assert texts(body, "div.chapbook-copyright p") == [
        "© 2025 B. Scribe",
        "All rights reserved.",
        "First edition",
        ISBN,
    ]
    assert texts(body, "div.chapbook-dedication p") == ["For M.,", "who read every draft."]
    # Not a list of links: the chapters are the reader's navigation, not a page.
    assert not body.find_all(["ul", "ol", "li", "a"])
    nav = BeautifulSoup(members["nav.xhtml"], "xml")
    assert [a.get_text() for a in nav.find_all("a")] == [
        TITLE,
        "A word first",
        "Part one: Ink",
        "Ink",
        "Part two: Paper",
        "Paper",
    ]
    ncx = BeautifulSoup(members["toc.ncx"], "xml")
    assert len(ncx.find_all("navPoint")) == 6
    # The page breaks between the title page, the copyright page and the dedication.
    css = members["_static/chapbook.css"].decode()
    assert re.search(r"div\.chapbook-dedication,?[^{]*\{[^}]*page-break-before: always", css)


@pytest.mark.sphinx(
    "epub",
    testroot="bookfront",
    freshenv=True,
    confoverrides={"chapbook_book_show_date": True, "language": "fr"},
)
def test_whole_blog_epub_title_page(app: SphinxTestApp) -> None:
    """The writer's name once (it is the title), the description under it, the date as read."""
    app.build()
    members = epub_members(app, "ada-quill")
    body = first_page(members).select_one("section.chapbook-titlepage")
    assert texts(body, "h1") == ["Ada Quill"]
    assert texts(body, "p.chapbook-titlepage-subtitle") == ["Notes on <ink> & paper"]
    assert texts(body, "p.chapbook-titlepage-author") == []
    assert texts(body, "p.chapbook-titlepage-date") == ["1 mars 2024"]
    assert texts(body, "div.chapbook-copyright p") == ["© 2024 Ada Quill"]
    assert b"&lt;ink&gt; &amp; paper" in members[first_page_name(members)]
    assert not body.find_all(["ul", "li", "a"])


def first_page_name(members: dict[str, bytes]) -> str:
    return next(name for name in members if name.endswith("_book.xhtml"))


def test_outline_text_reaches_the_epub_escaped(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    app = outline_app(make_app, tmp_path, "epub", subtitle=HOSTILE, show_date="true")
    app.build()
    members = epub_members(app, "letters")
    raw = members["_book.xhtml"].decode()
    assert "<script>" not in raw and "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    body = first_page(members).select_one("section.chapbook-titlepage")
    assert texts(body, "p.chapbook-titlepage-date") == ["March 1, 2025"]  # not 2025-03-01

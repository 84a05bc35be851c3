"""The ePub as a book (issue 28): EPUB 3 notes, MathML, its own identifier, only the
files it uses, and a link written without its scheme kept as text."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from lxml import etree

from chapbook.book.epub import cover_svg
from chapbook.book.mathml import to_mathml
from chapbook.reading.webaddress import web_address
from tests.helpers import ROOTS, epubcheck, warnings_of

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

NAME = "epub-book"
XHTML = "{http://www.w3.org/1999/xhtml}"
MATHML = "{http://www.w3.org/1998/Math/MathML}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
NO_SCHEME = (
    "notes.md:16: WARNING: link {0!r} has no scheme and names no page of the blog: "
    "write 'https://{0}' for another site; only its text is kept [chapbook.link]"
)
NO_MATHML = (
    "notes.md:14: WARNING: math the ePub cannot show as MathML: latex2mathml does not "
    "know \\shortparallel; it is shown as its source [chapbook.book]"
)


def members(app: SphinxTestApp, name: str = NAME) -> dict[str, bytes]:
    with zipfile.ZipFile(Path(app.outdir) / f"{name}.epub") as archive:
        return {member: archive.read(member) for member in archive.namelist()}


def xhtml(app: SphinxTestApp, page: str) -> etree._Element:
    return etree.fromstring(members(app)[page])


def package(files: dict[str, bytes]) -> etree._Element:
    return etree.fromstring(files["content.opf"])


def text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


# -- footnotes ------------------------------------------------------------------------


@pytest.mark.sphinx("epub", testroot="epubbook", freshenv=True)
def test_footnotes_are_epub3_notes_with_one_pair_of_brackets(app: SphinxTestApp) -> None:
    app.build()
    page = xhtml(app, "notes.xhtml")
    refs = page.findall(f".//{XHTML}a[@role='doc-noteref']")
    assert [text(ref) for ref in refs] == ["[1]", "[2]"]
    for ref in refs:
        assert ref.get(EPUB_TYPE) == "noteref"
        # epub.css adds brackets to a.footnote-reference.brackets: the marker has its own.
        assert "brackets" not in ref.get("class").split()
        (note,) = page.findall(f".//*[@id='{ref.get('href').removeprefix('#')}']")
        assert note.tag == f"{XHTML}aside" and note.get(EPUB_TYPE) == "footnote"
    notes = [text(n) for n in page.iter(f"{XHTML}aside") if n.get(EPUB_TYPE) == "footnote"]
    assert notes == ["[1] The first note.", "[2] The second note."]


# -- math -----------------------------------------------------------------------------


@pytest.mark.sphinx("epub", testroot="epubbook", freshenv=True)
def test_math_is_mathml_and_the_manifest_says_so(app: SphinxTestApp) -> None:
    app.build()
    files = members(app)
    page = etree.fromstring(files["notes.xhtml"])
    formulas = page.findall(f".//{MATHML}math")
    assert [(m.get("display"), text(m)) for m in formulas] == [
        ("inline", "F=mg"),
        ("inline", "\u211d"),
        ("block", "\u222b01xdx=12"),
    ]
    assert b"\\(" not in files["notes.xhtml"] and b"\\[" not in files["notes.xhtml"]
    items = package(files).findall(".//opf:item", OPF)
    properties = {item.get("href"): item.get("properties") for item in items}
    assert properties["notes.xhtml"] == "mathml"
    assert properties["plain.xhtml"] is None


@pytest.mark.sphinx("epub", testroot="epubbook", freshenv=True)
def test_math_the_converter_cannot_read_is_its_source_with_a_warning(app) -> None:
    app.build()
    assert NO_MATHML in warnings_of(app)
    page = xhtml(app, "notes.xhtml")
    (code,) = page.findall(f".//{XHTML}code[@class='chapbook-math-source']")
    assert code.text == "a \\shortparallel b"


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("\\text{<b>bold</b>}", "latex2mathml wrote <b>, which is not MathML a book keeps"),
        ("\\href{javascript:x}{y}", "latex2mathml wrote the attribute 'href'"),
        ("\\style{color:red}{x}", "latex2mathml wrote the attribute 'style'"),
        ("\\arg z", "latex2mathml does not know \\arg"),
        ("\\frac{1}{", "latex2mathml cannot read it (NoAvailableTokensError)"),
    ],
)
def test_mathml_keeps_only_presentation_mathml(source: str, problem: str) -> None:
    assert to_mathml(source, display=False) == (None, problem)


def test_aligned_is_a_table_of_rows() -> None:
    mathml, problem = to_mathml("\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}", display=True)
    assert problem == ""
    rows = etree.fromstring(mathml).findall(f".//{MATHML}mtr")
    assert [text(row) for row in rows] == ["a=b", "c=d"]


# -- the identifier -------------------------------------------------------------------


def identifier(app: SphinxTestApp, name: str) -> str:
    files = members(app, name)
    (value,) = package(files).findall(".//dc:identifier", OPF)
    ncx = etree.fromstring(files["toc.ncx"])
    (uid,) = ncx.findall(".//{http://www.daisy.org/z3986/2005/ncx/}meta[@name='dtb:uid']")
    assert uid.get("content") == value.text  # the NCX names the same book
    return value.text


def test_each_book_of_a_blog_has_its_own_identifier_kept_between_builds(
    make_app, tmp_path: Path
) -> None:
    srcdir = tmp_path / "blog"
    shutil.copytree(ROOTS / "test-epubbook", srcdir)
    seen: dict[str, str] = {}
    for book, name in [(None, NAME), ("short", "short"), (None, NAME)]:
        overrides = {"chapbook_book": book} if book else {}
        app = make_app("epub", srcdir=srcdir, freshenv=True, confoverrides=overrides)
        app.build()
        found = identifier(app, name)
        assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", found), found
        assert seen.setdefault(name, found) == found  # the same book twice: the same id
    assert seen[NAME] != seen["short"]
    # The site's own identifier wins.
    isbn = {"epub_identifier": "isbn:978-0-00-000000-2"}
    app = make_app("epub", srcdir=srcdir, freshenv=True, confoverrides=isbn)
    app.build()
    assert identifier(app, NAME) == isbn["epub_identifier"]


# -- files ----------------------------------------------------------------------------


def referenced(files: dict[str, bytes]) -> set[str]:
    """Every file the package's pages, stylesheets and pictures refer to."""
    found = set()
    pattern = re.compile(rb"""(?:href|src)="([^"#:]+)|url\(["']?([^"')#:]+)""")
    for name, data in files.items():
        base = Path(name).parent
        for match in pattern.finditer(data):
            target = (match[1] or match[2]).decode()
            found.add((base / target).as_posix().replace("_static/../", ""))
    return found


@pytest.mark.sphinx("epub", testroot="epubbook", freshenv=True)
def test_the_epub_packs_only_files_its_pages_use(app: SphinxTestApp) -> None:
    app.build()
    files = members(app)
    for unused in ["file.png", "plus.png", "minus.png", "basic.css", "copybutton.css"]:
        assert f"EPUB/_static/{unused}" not in files and f"_static/{unused}" not in files
    items = [item.get("href") for item in package(files).findall(".//opf:item", OPF)]
    used = referenced(files)
    assert [href for href in items if href not in used and href != "toc.ncx"] == []
    result = epubcheck(Path(app.outdir) / f"{NAME}.epub")
    assert result.returncode == 0, result.stdout + result.stderr


# -- links ----------------------------------------------------------------------------


@pytest.mark.sphinx("epub", testroot="epubbook", freshenv=True)
def test_a_link_without_its_scheme_is_its_text_with_one_warning(app: SphinxTestApp) -> None:
    app.build()
    warnings = warnings_of(app)
    for target in ["docker.com#install", "docs.docker.com"]:
        assert warnings.count(NO_SCHEME.format(target)) == 1
    page = xhtml(app, "notes.xhtml")
    (paragraph,) = [p for p in page.iter(f"{XHTML}p") if "Install" in text(p)]
    assert text(paragraph) == "Install docker and read the manual."
    assert paragraph.findall(f".//{XHTML}a") == []


@pytest.mark.sphinx("dirhtml", testroot="epubbook", freshenv=True)
def test_the_site_shows_the_same_text(app: SphinxTestApp) -> None:
    app.build()
    assert NO_SCHEME.format("docker.com#install") in warnings_of(app)
    html = (Path(app.outdir) / "notes" / "index.html").read_text(encoding="utf-8")
    assert "docker.com" not in html.replace("https://docker.com#install", "")


@pytest.mark.sphinx("epub", testroot="epubbook", freshenv=True)
def test_a_link_markdown_cannot_resolve_is_its_text_not_a_fragment(app) -> None:
    app.build()
    page = xhtml(app, "plain.xhtml")
    hrefs = [a.get("href") for a in page.iter(f"{XHTML}a")]
    assert not [href for href in hrefs if href and "missing" in href]
    assert "a page that is not there" in text(page)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("docker.com#install", True),
        ("www.example.org/path", True),
        ("docs.docker.com", True),
        ("notes.md#here", False),
        ("figure.png", False),
        ("other-post", False),
        ("v1.2", False),
    ],
)
def test_what_reads_as_another_site(target: str, expected: bool) -> None:
    assert web_address(target) is expected


# -- the cover made from the title ----------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def test_the_made_cover_wraps_a_long_title_at_words_within_its_frame() -> None:
    """At most 22 characters a line (the frame's width at that size), whole words, the
    title's words all there in order; the author's name below, both escaped."""
    title = "Notes & queries on tide <currents> and the long voyages home"
    cover = etree.fromstring(cover_svg(title, "C. Sailor & crew").encode())
    lines = [t.text for t in cover.iter(f"{SVG}tspan")]
    # "Notes & queries on tide" would be 23.
    assert lines == ["Notes & queries on", "tide <currents> and", "the long voyages home"]
    assert all(len(line) <= 22 for line in lines)
    assert [t.text for t in cover.iter(f"{SVG}text")][-1] == "C. Sailor & crew"

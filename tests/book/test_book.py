"""The book: which posts, in which order and parts, and what the LaTeX and ePub builders make."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.helpers import ROOTS, checkout_env, epubcheck, require, warnings_of

BASE = "https://book.example.org/"

# -- the LaTeX source ---------------------------------------------------------------


def tex(app, name: str = "test-book") -> str:
    return (Path(app.outdir) / f"{name}.tex").read_text(encoding="utf-8")


def chapters(source: str) -> list[str]:
    return re.findall(r"\\chapter\{(.*)\}", source)


@pytest.mark.sphinx("latex", testroot="book", freshenv=True)
def test_default_book_is_every_post_oldest_first(app) -> None:
    app.build()
    source = tex(app)
    assert (Path(app.outdir) / "test-book.tex").is_file()
    assert chapters(source) == [r"Alpha \& <b>omega</b>", "Beta", "Gamma"]
    assert r"\part{" not in source
    # Site pages never reach the book: the home listing, About, tag pages.
    for site_only in ("A page of the site", "Posts with this tag", "All tags"):
        assert site_only not in source
    # A chapter is an essay: no date or tags under its title (chapbook_book_date keeps the date).
    assert "January 10, 2024" not in source and "Tags:" not in source
    assert "first tag" not in source and "tags/first-tag" not in source
    assert r"\title{Test book}" in source and r"\date{February 1, 2025}" in source


@pytest.mark.sphinx(
    "latex", testroot="book", freshenv=True, confoverrides={"chapbook_book_newest_first": True}
)
def test_default_book_can_be_newest_first(app) -> None:
    app.build()
    assert chapters(tex(app)) == ["Gamma", "Beta", r"Alpha \& <b>omega</b>"]


@pytest.mark.sphinx("latex", testroot="book", freshenv=True)
def test_links_between_posts_in_the_book_stay_inside_it(app) -> None:
    app.build()
    source = tex(app)
    assert r"\hyperref[\detokenize{beta::doc}]" in source
    assert r"\hyperref[\detokenize{gamma:a-section}]" in source
    assert r"\hyperref[\detokenize{alpha/index::doc}]" in source  # from raw HTML too
    assert not re.search(r"\\sphinxhref\{https://book\.example\.org/(alpha|beta|gamma)", source)
    assert r"\begin{footnote}" in source and "The footnote\u2019s own text." in source


@pytest.mark.sphinx(
    "latex", testroot="book", freshenv=True, confoverrides={"chapbook_book": "selected"}
)
def test_curated_book_follows_its_outline(app) -> None:
    app.build()
    source = tex(app, "selected")
    assert re.findall(r"\\part\{(.*)\}", source) == ["Part one: Beginnings", "Part two: Lost"]
    assert chapters(source) == ["Beta", r"Alpha \& <b>omega</b>"]
    assert "An introduction to the first part." in source
    # The title alone (the running heads print it); the subtitle is on the title page.
    assert r"\title{Selected \textless{}essays\textgreater{} \& notes}" in source
    assert r"{Selected <essays> \& notes}{A test outline}{B. Editor}{}" in source
    assert r"\author{B. Editor}" in source
    # Gamma is not in this book: links to it go to the web site.
    assert r"\sphinxhref{https://book.example.org/gamma/\#a-section}" in source
    assert r"\sphinxhref{https://book.example.org/gamma/}" in source
    warnings = warnings_of(app)
    assert (
        "selected.book.md:16: WARNING: book outline: '/missing-post' matches no post [chapbook.book]"
        in warnings
    )
    assert (
        "selected.book.md:17: WARNING: book outline: '/beta' is already in the book [chapbook.book]"
        in warnings
    )


@pytest.mark.sphinx("latex", testroot="book", freshenv=True)
def test_raw_html_is_rendered_or_reported(app) -> None:
    app.build()
    source = tex(app)
    assert r"\begin{sphinxadmonition}{note}{What is inside}" in source
    assert r"Markdown \sphinxstyleemphasis{inside} the box" in source
    assert r"\begin{sphinxadmonition}{note}{Details}" in source
    assert "A box with no summary." in source
    assert r"Press \sphinxcode{\sphinxupquote{Ctrl}} and go back to" in source
    assert "<iframe> https://video.example.com/embed/1" in source
    assert (
        "beta.md:20: WARNING: raw HTML <iframe> cannot be shown in a book; "
        "a note naming it is printed instead [chapbook.book]"
    ) in warnings_of(app)


# Fonts as the test gives them, whatever this machine has: text and punctuation in
# every font, the rocket in Symbola only, the melting face in none.
TEXT = frozenset(range(0x20, 0x3000))
FAKE_FONTS = {"Symbola": TEXT | {0x1F680}}


@pytest.mark.sphinx(
    "latex", testroot="book", freshenv=True, confoverrides={"chapbook_book_font": "FreeSerif"}
)
def test_characters_the_fonts_lack(app, monkeypatch: pytest.MonkeyPatch) -> None:
    # The fallback logic runs without fontconfig: which font has which glyph is
    # given here, so the test neither skips nor depends on the installed fonts.
    from chapbook.book import fonts as latexfonts

    monkeypatch.setattr(latexfonts, "charset", lambda family: FAKE_FONTS.get(family, TEXT))
    app.build()
    source = tex(app)
    assert r"\newfontfamily\chapbookfallbackAfont{Symbola}" in source
    assert r'\XeTeXcharclass"1F680=\chapbookfallbackA' in source  # the rocket
    assert "\U0001fae0" not in source
    assert (
        "alpha/index.md:8: WARNING: character U+1FAE0 (melting face) has no glyph in the "
        "book's fonts (FreeSerif, FreeSans, FreeMono, Symbola, DejaVu Sans, Noto Sans Symbols2); "
        "it is left out of the PDF [chapbook.book]"
    ) in warnings_of(app)


def test_the_book_fonts_are_installed() -> None:
    """The fonts the book's fallback chain names are found by fontconfig, with their glyphs."""
    require("fc-match")
    from chapbook.book import fonts as latexfonts

    coverage = latexfonts.Coverage(
        ["FreeSerif", "FreeSans", "FreeMono", "Symbola", "DejaVu Sans", "Noto Sans Symbols2"]
    )
    assert coverage.missing == []
    assert coverage.first_with("\U0001f680", list(coverage.sets)) == "Symbola"  # the rocket
    assert coverage.first_with("\U0001fae0", list(coverage.sets)) is None  # the melting face


@pytest.mark.sphinx("latex", testroot="book", freshenv=True)
def test_control_characters_are_removed_with_a_warning(app) -> None:
    app.build()
    assert "\x07" not in tex(app)
    assert "A bell character here: gone." in tex(app)
    assert "beta.md:7: WARNING: control character U+0007 removed from the text [chapbook.text]" in (
        warnings_of(app)
    )


@pytest.mark.sphinx("latex", testroot="book", freshenv=True)
def test_svg_images_are_converted_for_latex(app) -> None:
    app.build()
    source = tex(app)
    assert r"\sphinxincludegraphics{{diagram}.pdf}" in source
    assert r"\sphinxincludegraphics{{photo}.png}" in source
    assert (Path(app.outdir) / "diagram.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.sphinx("latex", testroot="book", freshenv=True)
def test_latex_build_says_what_comes_next(app) -> None:
    app.build()
    status = re.sub(r"\x1b\[[0-9;]*m", "", app.status.getvalue())
    assert f"chapbook: LaTeX source written to {app.outdir}; next, XeLaTeX typesets" in status


def test_missing_tex_is_named_with_its_packages(monkeypatch, make_app, tmp_path: Path) -> None:
    from chapbook.book import fonts as latexfonts

    shutil.copytree(ROOTS / "test-book", tmp_path / "src")
    monkeypatch.setattr(latexfonts.shutil, "which", lambda tool: None)
    app = make_app("latex", srcdir=tmp_path / "src", freshenv=True)
    assert (
        "WARNING: xelatex and latexmk not found: the LaTeX source will be written, but no PDF "
        "can be made from it here (on Debian or Ubuntu: apt-get install texlive-xetex "
        "texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended tex-gyre "
        "latexmk fonts-freefont-otf fonts-symbola fonts-noto-core) [chapbook.tex]"
    ) in warnings_of(app)


# -- the PDF, compiled ------------------------------------------------------------------


@pytest.mark.sphinx("latex", testroot="book", freshenv=True)
def test_pdf_compiles_with_every_glyph_and_image(app) -> None:
    require("xelatex", "latexmk", "pdftotext", "pdfimages", "fc-match")
    app.build()
    outdir = Path(app.outdir)
    result = subprocess.run(
        ["make", "-C", str(outdir), "all-pdf"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]
    log = (outdir / "test-book.log").read_text(errors="replace")
    assert "Missing character" not in log
    text = subprocess.run(
        ["pdftotext", str(outdir / "test-book.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for title in ("Alpha & <b>omega</b>", "Beta", "Gamma", "What is inside", "🚀"):
        assert title in text
    # The long code line is wrapped, not cut off at the margin.
    assert "past the margin" in text
    images = subprocess.run(
        ["pdfimages", "-list", str(outdir / "test-book.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert len(images.splitlines()) - 2 == 1  # the PNG; the SVG is vector art


# -- the ePub ----------------------------------------------------------------------------


def epub_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.sphinx("epub", testroot="book", freshenv=True)
def test_epub_passes_epubcheck(app) -> None:
    app.build()
    result = epubcheck(Path(app.outdir) / "test-book.epub")
    assert result.returncode == 0, result.stdout + result.stderr


# Read with zipfile alone: these checks run whether or not Java is installed.
# content.opf read by html.parser on purpose (prefixed names kept, see below).
@pytest.mark.filterwarnings("ignore::bs4.XMLParsedAsHTMLWarning")
@pytest.mark.sphinx("epub", testroot="book", freshenv=True)
def test_epub_holds_the_book(app) -> None:
    app.build()
    members = epub_members(Path(app.outdir) / "test-book.epub")
    pages = sorted(name for name in members if name.endswith(".xhtml"))
    assert pages == [
        "_book.xhtml",
        "alpha/index.xhtml",
        "beta.xhtml",
        "epub-cover.xhtml",
        "gamma.xhtml",
        "nav.xhtml",
    ]
    nav = BeautifulSoup(members["nav.xhtml"], "xml")
    assert [a.get_text() for a in nav.find_all("a")] == [
        "Test book",
        "Alpha & <b>omega</b>",
        "Beta",
        "Gamma",
    ]
    assert b"<!DOCTYPE" not in members["_images/diagram.svg"]
    assert "_images/photo.png" in members
    # html.parser keeps prefixed names as written ("dc:language"); the xml parser of
    # Beautiful Soup 4.15 drops the prefix, older ones keep it.
    opf = BeautifulSoup(members["content.opf"], "html.parser")
    assert opf.find("dc:language").get_text() == "en"
    assert opf.find("meta", attrs={"name": "cover"}) is not None
    # A link the build reported as broken points at the web site, not into the ePub.
    gamma = BeautifulSoup(members["gamma.xhtml"], "xml")
    hrefs = [a["href"] for a in gamma.find_all("a", href=True)]
    assert f"{BASE}never-existed" in hrefs
    beta = BeautifulSoup(members["beta.xhtml"], "xml")
    box = beta.select_one("div.admonition")
    assert box.select_one(".admonition-title").get_text() == "What is inside"


@pytest.mark.sphinx(
    "epub", testroot="book", freshenv=True, confoverrides={"chapbook_book": "selected"}
)
def test_curated_epub_passes_epubcheck(app) -> None:
    app.build()
    result = epubcheck(Path(app.outdir) / "selected.epub")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.sphinx(
    "epub", testroot="book", freshenv=True, confoverrides={"chapbook_book": "selected"}
)
def test_curated_epub_holds_only_its_posts(app) -> None:
    app.build()
    members = epub_members(Path(app.outdir) / "selected.epub")
    assert "gamma.xhtml" not in members
    beta = BeautifulSoup(members["beta.xhtml"], "xml")
    assert f"{BASE}gamma/" in [a["href"] for a in beta.find_all("a", href=True)]


def test_plain_sphinx_build_epub_packs_no_doctrees(tmp_path: Path) -> None:
    """``sphinx-build -b epub src out`` puts doctrees in out/.doctrees: they are not content."""
    out = tmp_path / "out"
    command = [sys.executable, "-m", "sphinx", "-b", "epub", "-q", "--no-color"]
    command += [str(ROOTS / "test-book"), str(out)]
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, env=checkout_env()
    )
    assert result.returncode == 0, result.stderr
    assert "unknown mimetype" not in result.stderr
    assert (out / ".doctrees").is_dir()
    assert not [n for n in epub_members(out / "test-book.epub") if ".doctrees" in n]


# -- raw HTML that is code, not content (testroot feedclean) --------------------------------

NEVER_PRINTED = ("alert(", "display: none", "a comment", "<script>", "javascript")


@pytest.mark.sphinx("latex", testroot="feedclean", freshenv=True)
def test_scripts_styles_and_comments_never_reach_the_pdf(app) -> None:
    app.build()
    source = tex(app, "feed-cleaning")
    for text in NEVER_PRINTED:
        assert text not in source, text
    assert r"\sphinxhref{https://example.org/page}{normal link}" in source
    assert r"Inline \sphinxstyleemphasis{{[}<img> x{]}} image, x," in source
    warnings = warnings_of(app)
    # Raw HTML that would run is taken out as the post is read, for every output:
    # one warning names the post and the first line that lost something.
    assert [w for w in warnings if "would run" in w] == [
        "hostile/index.md:12: WARNING: raw HTML that would run was removed: <script>, <form>, "
        "<style>, onerror=, a script URL in href=, <object>, onclick= [chapbook.text]"
    ]


@pytest.mark.sphinx("epub", testroot="feedclean", freshenv=True)
def test_scripts_styles_and_comments_never_reach_the_epub(app) -> None:
    app.build()
    members = epub_members(Path(app.outdir) / "feed-cleaning.epub")
    page = members["hostile/index.xhtml"].decode()
    shown = BeautifulSoup(page, "xml").get_text()
    for text in NEVER_PRINTED:
        assert text not in page and text not in shown, text
    assert 'href="https://example.org/page"' in page

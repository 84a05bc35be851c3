"""A messy generated blog makes a good PDF and ePub, whole and as an outlined book (issue 11).

The blog is ``benchmarks/generate.py --messy``: missing and site-path images,
plotting-tool and draw.io SVGs, broken footnotes and anchors, an inline
``<script>``, control characters, new emoji and an outline, ``messy.book.md``,
with one post before its first part.  Each book is built once per module with
the site's own ``conf.py``, as ``make pdf`` and ``make epub`` build it.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from lxml import etree

from tests.helpers import ROOT, checkout_env, epubcheck, require

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import ModuleType

POSTS, SEED = 40, 11
OUTLINE = "messy"
BOOKS = {"whole": (), "outline": ("-D", f"chapbook_book={OUTLINE}")}
FILE_NAME = {"whole": "chapbook", "outline": OUTLINE}  # the project's slug; the outline's name
TEX_TOOLS = ("xelatex", "latexmk", "fc-match")
WARNING = re.compile(r" (WARNING|ERROR): ")
LOCATED = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+): (WARNING|ERROR): ")
LABEL = re.compile(r"\b(?:Plotlabel|Drawlabel)\d+\b")
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


# -- the blog and what it holds ----------------------------------------------------


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Part:
    title: str | None
    slugs: tuple[str, ...]


@dataclass
class Blog:
    """The generated posts, read back from their files: titles, folders, the outline."""

    docs: Path
    titles: dict[str, str] = field(default_factory=dict)  # slug -> front-matter title

    def __post_init__(self) -> None:
        for path in sorted(self.docs.rglob("*.md")):
            head = path.read_text(encoding="utf-8").split("---\n")
            if path.name.endswith(".book.md") or len(head) < 3:
                continue
            slug = path.parent.name if path.name == "index.md" else path.stem
            self.titles[slug] = yaml.safe_load(head[1])["title"]

    def folder(self, slug: str) -> Path:
        """Where a post's files are: its own folder, or docs/ for a one-file post."""
        return self.docs / slug if (self.docs / slug / "index.md").is_file() else self.docs

    def docname(self, slug: str) -> str:
        return f"{slug}/index" if self.folder(slug) != self.docs else slug

    def parts(self) -> list[Part]:
        """``messy.book.md``'s parts; the first, untitled, holds the posts before any ``#``."""
        text = (self.docs / f"{OUTLINE}.book.md").read_text(encoding="utf-8")
        parts: list[tuple[str | None, list[str]]] = [(None, [])]
        for line in text.split("---\n", 2)[2].splitlines():
            if line.startswith("#"):
                parts.append((line.lstrip("#").strip(), []))
            elif line.startswith("- "):
                parts[-1][1].append(re.search(r"([\w-]+)/?>?\)?$", line)[1])
        return [Part(title, tuple(slugs)) for title, slugs in parts]

    def slugs(self, book: str) -> list[str]:
        if book == "whole":
            return list(self.titles)
        return [slug for part in self.parts() for slug in part.slugs]

    def labels(self, book: str) -> list[str]:
        """The label words of the SVGs beside the book's posts."""
        folders = {self.folder(slug) for slug in self.slugs(book)} - {self.docs}
        return [word for d in sorted(folders) for s in d.glob("*.svg") for word in svg_labels(s)]

    def post_of(self, path: Path) -> str | None:
        """The post a file belongs to (the post itself, or a file in its folder)."""
        try:
            first = path.resolve().relative_to(self.docs.resolve()).parts[0]
        except ValueError:
            return None
        slug = first.removesuffix(".md")
        return slug if slug in self.titles else None


def svg_labels(path: Path) -> list[str]:
    return LABEL.findall(path.read_text(encoding="utf-8"))


# -- the builds ----------------------------------------------------------------------


@dataclass(frozen=True)
class Build:
    out: Path  # the builder's output folder
    returncode: int
    stderr: str

    def warnings(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if WARNING.search(line)]


@dataclass(frozen=True)
class Pdf:
    path: Path
    returncode: int
    output: str  # latexmk's
    log: str  # XeLaTeX's

    def errors(self) -> str:
        """XeLaTeX's errors, each with its next lines; latexmk's last words if there is none."""
        lines = self.log.splitlines()
        found = [
            "\n".join(lines[i : i + 3]) for i, line in enumerate(lines) if line.startswith("!")
        ]
        return "\n".join(found[:10]) or self.output[-3000:]

    def text(self) -> str:
        assert self.returncode == 0 and self.path.is_file(), self.errors()
        result = subprocess.run(
            ["pdftotext", str(self.path), "-"], capture_output=True, text=True, check=True
        )
        return normal(result.stdout)


class Books:
    """Every build of the messy blog, each made once, when a test first asks for it."""

    def __init__(self, blog: Blog, work: Path) -> None:
        self.blog, self.work = blog, work
        self.builds: dict[tuple[str, str], Build] = {}
        self.pdfs: dict[str, Pdf] = {}

    def build(self, book: str, builder: str) -> Build:
        if (book, builder) not in self.builds:
            self.builds[book, builder] = sphinx_build(
                self.blog.docs, self.work / f"{book}-{builder}", builder, *BOOKS[book]
            )
        return self.builds[book, builder]

    def pdf(self, book: str) -> Pdf:
        if book not in self.pdfs:
            build = self.build(book, "latex")
            assert build.returncode == 0, build.stderr[-3000:]
            self.pdfs[book] = latexmk(build.out, FILE_NAME[book])
        return self.pdfs[book]

    def tex(self, book: str) -> str:
        build = self.build(book, "latex")
        assert build.returncode == 0, build.stderr[-3000:]
        return (build.out / f"{FILE_NAME[book]}.tex").read_text(encoding="utf-8")

    def epub(self, book: str) -> Path:
        build = self.build(book, "epub")
        assert build.returncode == 0, build.stderr[-3000:]
        return build.out / f"{FILE_NAME[book]}.epub"


def sphinx_build(docs: Path, work: Path, builder: str, *options: str) -> Build:
    """``sphinx-build`` with the site's conf.py, its own doctrees: every warning is reported."""
    command = [sys.executable, "-m", "sphinx", "-b", builder, "-q", "--no-color", *options]
    command += ["-c", str(ROOT), "-d", str(work / "doctrees"), str(docs), str(work / builder)]
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, env=checkout_env()
    )
    return Build(work / builder, result.returncode, result.stderr)


def latexmk(outdir: Path, name: str) -> Pdf:
    """What ``make pdf`` runs in the LaTeX folder."""
    result = subprocess.run(
        ["make", "-C", str(outdir), "all-pdf"], capture_output=True, text=True, check=False
    )
    log = outdir / f"{name}.log"
    text = log.read_text(errors="replace") if log.is_file() else ""
    return Pdf(outdir / f"{name}.pdf", result.returncode, result.stdout + result.stderr, text)


def normal(text: str) -> str:
    """Text to compare: ligatures and curly quotes undone, hyphenation joined, spaces single."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(
        str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
    )
    return " ".join(re.sub(r"-\n", "", text).split())


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> Blog:
    docs = tmp_path_factory.mktemp("messy") / "docs"
    load_generator().generate(docs, POSTS, seed=SEED, messy=True)
    return Blog(docs)


@pytest.fixture(scope="module")
def books(blog: Blog, tmp_path_factory: pytest.TempPathFactory) -> Books:
    return Books(blog, tmp_path_factory.mktemp("messy-builds"))


# -- the PDF ---------------------------------------------------------------------------


@pytest.mark.parametrize("book", BOOKS)
def test_pdf_builds_with_every_post_title(books: Books, blog: Blog, book: str) -> None:
    require(*TEX_TOOLS, "pdftotext")
    text = books.pdf(book).text()
    missing = [blog.titles[s] for s in blog.slugs(book) if normal(blog.titles[s]) not in text]
    assert missing == []


@pytest.mark.parametrize("book", BOOKS)
def test_pdf_has_every_character(books: Books, book: str) -> None:
    require(*TEX_TOOLS)
    pdf = books.pdf(book)
    assert pdf.returncode == 0, pdf.errors()
    assert pdf.log.count("Missing character") == 0


@pytest.mark.parametrize("book", BOOKS)
def test_pdf_shows_svg_labels_and_never_their_fallback(books: Books, blog: Blog, book: str) -> None:
    require(*TEX_TOOLS, "pdftotext")
    labels = blog.labels(book)
    assert any(w.startswith("Plotlabel") for w in labels)
    assert any(w.startswith("Drawlabel") for w in labels)
    text = books.pdf(book).text()
    assert [word for word in labels if not re.search(rf"\b{word}\b", text)] == []
    assert "Text is not SVG" not in text


def test_front_post_is_an_unnumbered_chapter_before_part_one(books: Books, blog: Blog) -> None:
    require(*TEX_TOOLS)
    front = blog.parts()[0]
    assert len(front.slugs) == 1
    source = books.tex("outline")
    label = source.index(rf"\label{{\detokenize{{{blog.docname(front.slugs[0])}::doc}}}}")
    heading = list(re.finditer(r"\\(part|chapter|section)(\*?)\{", source[:label]))[-1]
    shown = source[heading.start() : label]
    assert heading[1] == "chapter", shown
    # Not inside a part: every part comes after it.
    assert r"\part{" not in source[:label] and r"\part{" in source[label:], shown
    # Unnumbered: \chapter*, in \frontmatter, or listed without a number once compiled.
    before = source[: heading.start()]
    in_frontmatter = r"\frontmatter" in before and r"\mainmatter" not in before
    toc = books.pdf("outline").path.with_suffix(".toc")
    listed = first_chapter_numbered(toc.read_text(encoding="utf-8")) if toc.is_file() else None
    assert heading[2] == "*" or in_frontmatter or listed is False, shown


def first_chapter_numbered(toc: str) -> bool | None:
    """Whether the chapter listed before any part has a number (``None``: none is listed)."""
    for line in toc.splitlines():
        if line.startswith(r"\contentsline {part}"):
            return None
        if line.startswith(r"\contentsline {chapter}"):
            return r"\numberline" in line
    return None


# -- the ePub --------------------------------------------------------------------------


@pytest.mark.parametrize("book", BOOKS)
def test_epub_passes_epubcheck_without_warnings(books: Books, book: str) -> None:
    result = epubcheck(books.epub(book))
    messages = [
        line for line in (result.stdout + result.stderr).splitlines()
        if line.startswith(("ERROR", "WARNING", "FATAL"))
    ]  # fmt: skip
    assert result.returncode == 0 and messages == [], "\n".join(m[:300] for m in messages)


@dataclass
class Entry:
    """One entry of an ePub's table of contents, with the entries nested in it."""

    title: str
    children: list[Entry]


def nav_entries(ol: Tag | None) -> list[Entry]:
    if ol is None:
        return []
    entries = []
    for li in ol.find_all("li", recursive=False):
        label = li.find(["a", "span"], recursive=False)
        entries.append(Entry(normal(label.get_text()), nav_entries(li.find("ol", recursive=False))))
    return entries


def ncx_entries(parent: Tag) -> list[Entry]:
    return [
        Entry(normal(point.navLabel.find("text").get_text()), ncx_entries(point))
        for point in parent.find_all("navPoint", recursive=False)
    ]


def table_of_contents(epub: Path, member: str) -> list[Entry]:
    with zipfile.ZipFile(epub) as archive:
        soup = BeautifulSoup(archive.read(member), "xml")
    if member == "toc.ncx":
        return ncx_entries(soup.find("navMap"))
    # The table of contents is the first <nav> of nav.xhtml (Sphinx writes it first; the
    # xml parser of Beautiful Soup 4.15 drops the "epub:" of its epub:type).
    (toc, *_) = soup.find_all("nav")
    assert (toc.get("epub:type") or toc.get("type")) == "toc", toc.attrs
    return nav_entries(toc.find("ol", recursive=False))


def with_ancestors(
    entries: list[Entry], above: tuple[Entry, ...] = ()
) -> Iterator[tuple[Entry, tuple[Entry, ...]]]:
    for entry in entries:
        yield entry, above
        yield from with_ancestors(entry.children, (*above, entry))


@pytest.mark.parametrize("member", ["nav.xhtml", "toc.ncx"])
def test_epub_contents_nest_chapters_under_parts(books: Books, blog: Blog, member: str) -> None:
    toc = table_of_contents(books.epub("outline"), member)
    front, *parts = blog.parts()
    by_title: dict[str, tuple[Entry, tuple[Entry, ...]]] = {}
    for entry, above in with_ancestors(toc):
        by_title.setdefault(entry.title, (entry, above))  # the outermost entry of a title
    part_titles = {normal(part.title) for part in parts}
    for part in parts:
        assert normal(part.title) in by_title, f"no entry for {part.title!r}"
        entry = by_title[normal(part.title)][0]
        expected = [normal(blog.titles[slug]) for slug in part.slugs]
        assert [child.title for child in entry.children] == expected, part.title
    title = normal(blog.titles[front.slugs[0]])
    assert title in by_title, f"no entry for the front post {title!r}"
    assert not [e.title for e in by_title[title][1] if e.title in part_titles]


# -- warnings ----------------------------------------------------------------------------


@pytest.mark.parametrize("builder", ["latex", "epub"])
@pytest.mark.parametrize("book", BOOKS)
def test_chapbook_warnings_name_file_and_line(books: Books, book: str, builder: str) -> None:
    if builder == "latex":
        require(*TEX_TOOLS)  # without them, one warning says so, with no file
    build = books.build(book, builder)
    chapbook = [line for line in build.warnings() if re.search(r"\[chapbook\.\w+\]$", line)]
    if book == "whole":
        assert chapbook  # the mess is reported
    unlocated = [
        line for line in chapbook
        if not ((m := LOCATED.match(line)) and Path(m["path"]).is_file())
    ]  # fmt: skip
    assert unlocated == []


@pytest.mark.parametrize("builder", ["latex", "epub"])
def test_outline_book_warns_only_about_its_posts(books: Books, blog: Blog, builder: str) -> None:
    if builder == "latex":
        require(*TEX_TOOLS)
    in_book = set(blog.slugs("outline"))
    outside = [
        line for line in books.build("outline", builder).warnings()
        if (m := LOCATED.match(line) or re.match(r"^(?P<path>[^\s:][^:]*): ", line))
        and blog.post_of(Path(m["path"])) not in (None, *in_book)
    ]  # fmt: skip
    assert outside == []


def test_whole_epub_has_epub3_notes_and_mathml(books: Books) -> None:
    with zipfile.ZipFile(books.epub("whole")) as archive:
        pages = [archive.read(n) for n in archive.namelist() if n.endswith(".xhtml")]
    found = {"noteref": 0, "footnote": 0, "math": 0}
    for data in pages:
        page = etree.fromstring(data)
        for ref in page.iterfind(".//{*}a[@role='doc-noteref']"):
            assert ref.get(EPUB_TYPE) == "noteref", etree.tostring(ref)
            found["noteref"] += 1
        for note in page.iterfind(".//{*}aside[@role='doc-footnote']"):
            assert note.get(EPUB_TYPE) == "footnote", etree.tostring(note)
            found["footnote"] += 1
        found["math"] += len(page.findall(".//{http://www.w3.org/1998/Math/MathML}math"))
        assert b"\\(" not in data and b"\\[" not in data  # no formula left as TeX
    assert all(found.values()), found

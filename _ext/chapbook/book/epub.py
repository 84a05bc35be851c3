"""The ePub builder, narrowed to the book.

Sphinx's EPUB 3 builder writes every document of the project and starts its
table of contents at ``root_doc``.  A blog's site pages (listings, tag pages,
archives) have no place in a book, so this builder, registered in its place
under the same name (``sphinx-build -b epub`` keeps working), writes only the
book's documents (its root, its posts and a page for each part, made by
``contents``) and starts from the book's root.  It also makes what it
packs pass epubcheck: SVG images lose their DTD, pages left by an earlier,
larger book are removed, the cover is an SVG made from the book's title, and
each page carries the book's ``lang``.

It packs what a book uses and says what it is: only the files its pages and
stylesheets refer to (``book.epubfiles``), MathML pages marked ``mathml`` in
the manifest, footnotes and math written by ``book.epubhtml``, Chapbook's
stylesheet for the ePub (``static/chapbook-epub.css``), and an identifier of
its own (two books of one blog are two books to a reading system).
"""

from __future__ import annotations

import re
import uuid
from contextlib import contextmanager
from html import escape
from typing import TYPE_CHECKING, Any

from sphinx.builders.epub3 import Epub3Builder

from chapbook.book import epubfiles
from chapbook.book.contents import current
from chapbook.book.epubhtml import BookEpubTranslator
from chapbook.config import user_set
from chapbook.model.outline import PART_PAGE, ROOT

if TYPE_CHECKING:
    from collections.abc import Iterator, Set
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.config import Config

DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]*(\[.*?\])?\s*>\s*", re.DOTALL)
COVER = "_static/chapbook-cover.svg"
#: The site's stylesheets that do nothing in a book: sphinx-copybutton's button is made
#: by its script, and the ePub has no scripts.
SITE_ONLY_CSS = frozenset({"copybutton.css"})


@contextmanager
def root_doc(config: Config, docname: str) -> Iterator[None]:
    """Sphinx's ePub code reads ``root_doc`` when it packs; the book has its own root."""
    saved = config.root_doc
    config.root_doc = docname
    try:
        yield
    finally:
        config.root_doc = saved


@contextmanager
def excluded(config: Config, files: list[str]) -> Iterator[None]:
    saved = config.epub_exclude_files
    config.epub_exclude_files = [*saved, *files]
    try:
        yield
    finally:
        config.epub_exclude_files = saved


class BookEpubBuilder(Epub3Builder):
    name = "epub"
    default_translator_class = BookEpubTranslator

    def init_css_files(self) -> None:
        """The site's stylesheets, then the book's own, last so that it wins."""
        super().init_css_files()
        self.add_css_file(epubfiles.STYLESHEET, priority=900)

    def add_css_file(self, filename: str, **kwargs: Any) -> None:
        """Not the copy button's (no script runs in the book): extensions add theirs
        here, at ``builder-inited`` too, after ``init_css_files``."""
        if filename not in SITE_ONLY_CSS:
            super().add_css_file(filename, **kwargs)

    def copy_static_files(self) -> None:
        super().copy_static_files()
        epubfiles.copy_stylesheet(self.outdir / "_static")

    def prepare_writing(self, docnames: Set[str]) -> None:
        super().prepare_writing(docnames)
        # Each page says its language too (the package's dc:language is the book's).
        language = escape(self.config.epub_language or self.config.language or "en")
        tag = self.globalcontext["html_tag"]
        self.globalcontext["html_tag"] = tag.replace(
            "<html ", f'<html lang="{language}" xml:lang="{language}" ', 1
        )

    def write_documents(self, docnames: Set[str]) -> None:
        wanted = self._book_documents()
        super().write_documents({doc for doc in docnames if doc in wanted})

    def _book_documents(self) -> set[str]:
        """The root, the parts' pages and the posts."""
        book = current(self.env)
        return set(book.all_docnames) if book else {ROOT}

    def get_outdated_docs(self):  # type: ignore[no-untyped-def] - Sphinx's own signature
        return self.env.found_docs  # a book is small: always written whole, never half-stale

    def handle_finish(self) -> None:
        self._remove_stale_pages()
        for image in self.images.values():
            if image.lower().endswith(".svg"):
                strip_doctype(self.outdir / self.imagedir / image)
        if self.config.epub_cover and self.config.epub_cover[0] == COVER:
            self._write_cover()
        epubfiles.drop_search_rules(self.outdir / "_static")
        unused = epubfiles.unused(self.outdir, keep=self._kept())
        with (
            root_doc(self.config, ROOT),
            excluded(self.config, [*self._doctree_files(), *unused]),
        ):
            super().handle_finish()

    def _kept(self) -> set[str]:
        """Files the pages do not name but the package does: the cover's picture."""
        return {self.config.epub_cover[0]} if self.config.epub_cover else set()

    def build_content(self) -> None:
        super().build_content()
        epubfiles.mark_properties(self.outdir)

    def content_metadata(self) -> dict[str, Any]:
        metadata = super().content_metadata()
        metadata["id"] = escape(self.identifier())
        return metadata

    def identifier(self) -> str:
        """The site's ``epub_identifier``, or a UUID of the blog and the book's name:
        the same between builds, another for each book of the blog."""
        if user_set(self.config, "epub_identifier"):
            return self.config.epub_identifier
        book = current(self.env)
        return book_identifier(self.config, book.name if book else ROOT)

    def _doctree_files(self) -> list[str]:
        """``sphinx-build -b epub src out`` keeps doctrees in ``out/.doctrees``: not content."""
        if not self.doctreedir.is_relative_to(self.outdir):
            return []
        files = (p for p in self.doctreedir.rglob("*") if p.is_file())
        return [p.relative_to(self.outdir).as_posix() for p in files]

    def toc_metadata(self, level: int, navpoints: list[Any]) -> dict[str, Any]:
        """The NCX must carry the book's identifier, not ``epub_uid`` (the XML id naming it)."""
        metadata = super().toc_metadata(level, navpoints)
        metadata["uid"] = escape(self.identifier())
        return metadata

    def _remove_stale_pages(self) -> None:
        keep = self._book_documents()
        for page in self.outdir.rglob(f"*{self.out_suffix}"):
            docname = page.relative_to(self.outdir).with_suffix("").as_posix()
            generated = docname.startswith(PART_PAGE)  # a part of an earlier book: no source
            if (generated or docname in self.env.all_docs) and docname not in keep:
                page.unlink()
        # Sphinx lists a cover page or an ePub it finds from an earlier build
        # as content of this one; both are written again below.
        for leftover in [self.outdir / self.coverpage_name, *self.outdir.glob("*.epub")]:
            leftover.unlink(missing_ok=True)

    def _write_cover(self) -> None:
        book = current(self.env)
        title = book.title if book else self.config.project
        author = book.author if book else self.config.author
        path = self.outdir / COVER
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(cover_svg(title, author), encoding="utf-8")


def book_identifier(config: Config, name: str) -> str:
    """``urn:uuid:`` and a UUID 5 of the site's address (or its project's name) and the book's."""
    site = config.html_baseurl or f"chapbook:{config.project}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{site}#book={name}')}"


def strip_doctype(path: Path) -> None:
    """EPUB forbids external DTDs in SVG; most editors still write one."""
    if not path.is_file():
        return
    data = path.read_bytes()
    cleaned = DOCTYPE.sub(b"", data, count=1)
    if cleaned != data:
        path.write_bytes(cleaned)


def cover_svg(title: str, author: str) -> str:
    lines = _wrap(title, 22)[:6]
    tspans = "".join(
        f'<tspan x="800" dy="{0 if i == 0 else 150}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1600 2560" '
        'width="1600" height="2560">\n'
        '<rect width="1600" height="2560" fill="#1f2a44"/>\n'
        '<rect x="80" y="80" width="1440" height="2400" fill="none" '
        'stroke="#e8d8b0" stroke-width="6"/>\n'
        '<text x="800" y="900" text-anchor="middle" font-family="serif" font-size="120" '
        f'fill="#f7f1e3">{tspans}</text>\n'
        '<text x="800" y="2200" text-anchor="middle" font-family="serif" font-size="72" '
        f'fill="#e8d8b0">{escape(author)}</text>\n'
        "</svg>\n"
    )


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def setup(app: Sphinx) -> dict[str, bool]:
    app.setup_extension("sphinx.builders.epub3")
    app.add_builder(BookEpubBuilder, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""The ePub builder narrowed to the book (``chapbook.book.epub``), one step at a time.

``test_epub_book.py`` builds books and runs epubcheck; these call each step of
the builder on an instance made without Sphinx (Sphinx's own ``Epub3Builder``
steps stubbed where the step calls them) and pin what it decides: which pages
are written and which removed, the identifier, each page's language, the
stylesheets, the cover, and the DTD taken out of an SVG.
"""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest
from sphinx.builders.epub3 import Epub3Builder

from chapbook.book import epub, epubfiles
from chapbook.collecting.state import BuildState
from chapbook.model.outline import Book, BookPart

if TYPE_CHECKING:
    from pathlib import Path


def make_book(name: str = "essays") -> Book:
    return Book(name=name, title="Essays", subtitle="", author="Ann", date="2024-01-01",
                parts=(BookPart("One", (), ("a", "b")),))  # fmt: skip


def builder(tmp_path: Path, book: Book | None = None, **config: Any) -> epub.BookEpubBuilder:
    made = epub.BookEpubBuilder.__new__(epub.BookEpubBuilder)
    settings = {"root_doc": "index", "epub_exclude_files": ["x"], "epub_cover": (),
                "project": "Proj", "author": "Auth", "html_baseurl": "", "language": "de",
                "epub_language": "", "epub_identifier": "unknown", "overrides": {}}  # fmt: skip
    made.config = SimpleNamespace(**{**settings, **config})  # type: ignore[assignment]
    made.env = SimpleNamespace(chapbook=BuildState(book=book), all_docs={}, found_docs={"f"})  # type: ignore[assignment]
    made.outdir = tmp_path / "out"
    made.outdir.mkdir(exist_ok=True)
    made.doctreedir = tmp_path / "doctrees"
    made.out_suffix = ".xhtml"
    made.coverpage_name = "epub-cover.xhtml"
    made.imagedir = "_images"
    made.images = {}
    return made


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    """Sphinx's own steps, stubbed: what each was called with."""
    seen: list[tuple[str, Any]] = []

    def stub(name: str, result: Any = None) -> None:
        def step(self: Any, *args: Any, **kwargs: Any) -> Any:
            seen.append((name, args[0] if args else None))
            return dict(result) if isinstance(result, dict) else result

        monkeypatch.setattr(Epub3Builder, name, step)

    for name in ("init_css_files", "add_css_file", "copy_static_files", "prepare_writing",
                 "write_documents", "build_content"):  # fmt: skip
        stub(name)
    stub("content_metadata", {"id": "sphinx's", "lang": "de"})
    stub("toc_metadata", {"uid": "sphinx's", "level": 1})
    return seen


# -- settings for the length of one step ---------------------------------------------------


def test_the_root_document_and_excluded_files_are_set_for_one_step() -> None:
    config = SimpleNamespace(root_doc="index", epub_exclude_files=["a"])
    with epub.root_doc(config, "_book"), epub.excluded(config, ["b", "c"]):  # type: ignore[arg-type]
        assert (config.root_doc, config.epub_exclude_files) == ("_book", ["a", "b", "c"])
    assert (config.root_doc, config.epub_exclude_files) == ("index", ["a"])
    with pytest.raises(KeyError), epub.root_doc(config, "_book"), epub.excluded(config, ["b"]):  # type: ignore[arg-type]
        raise KeyError
    assert (config.root_doc, config.epub_exclude_files) == ("index", ["a"])


# -- stylesheets -----------------------------------------------------------------------------


def test_the_books_stylesheet_comes_last_and_the_copy_button_never(
    tmp_path: Path, calls: list[tuple[str, Any]]
) -> None:
    made = builder(tmp_path)
    made.init_css_files()
    made.add_css_file("copybutton.css")
    made.add_css_file("theme.css", priority=200)
    assert calls == [("init_css_files", None), ("add_css_file", epubfiles.STYLESHEET),
                     ("add_css_file", "theme.css")]  # fmt: skip


def test_the_books_stylesheet_is_copied(tmp_path: Path, calls: list[tuple[str, Any]]) -> None:
    made = builder(tmp_path)
    made.copy_static_files()
    assert calls == [("copy_static_files", None)]
    assert (made.outdir / "_static" / epubfiles.STYLESHEET).is_file()


# -- pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("epub_language", "language", "lang"),
    [("fr", "de", "fr"), ("", "de", "de"), ("", "", "en"), ("", None, "en"), ('"x', "", "&quot;x")],
)  # fmt: skip
def test_each_page_says_its_language(
    tmp_path: Path,
    calls: list[tuple[str, Any]],
    epub_language: str,
    language: str | None,
    lang: str,
) -> None:
    made = builder(tmp_path, epub_language=epub_language, language=language)
    made.globalcontext = {"html_tag": '<html xmlns="x">'}
    made.prepare_writing({"a"})
    assert made.globalcontext["html_tag"] == f'<html lang="{lang}" xml:lang="{lang}" xmlns="x">'
    assert calls == [("prepare_writing", {"a"})]


def test_the_html_tag_is_changed_once(tmp_path: Path, calls: list[tuple[str, Any]]) -> None:
    made = builder(tmp_path)
    made.globalcontext = {"html_tag": "<html a><html b>"}
    made.prepare_writing(set())
    assert made.globalcontext["html_tag"] == '<html lang="de" xml:lang="de" a><html b>'


def test_only_the_books_documents_are_written(tmp_path: Path, calls: list[tuple[str, Any]]) -> None:
    made = builder(tmp_path, make_book())
    made.write_documents({"a", "site-page", "_book", "_book-part-1", "b"})
    assert calls == [("write_documents", {"a", "b", "_book", "_book-part-1"})]
    assert builder(tmp_path)._book_documents() == {"_book"}
    assert made.get_outdated_docs() == {"f"}


def test_pages_of_an_earlier_book_are_removed(tmp_path: Path) -> None:
    made = builder(tmp_path, make_book())
    made.env.all_docs = {"a": 0, "old": 0, "_book": 0}
    for name in ("a.xhtml", "old.xhtml", "_book.xhtml", "_book-part-1.xhtml", "_book-part-2.xhtml",
                 "own.xhtml", "epub-cover.xhtml", "old.epub", "keep.css", "deep/old.xhtml"):  # fmt: skip
        path = made.outdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    made.env.all_docs["deep/old"] = 0
    made._remove_stale_pages()
    left = sorted(
        p.relative_to(made.outdir).as_posix() for p in made.outdir.rglob("*") if p.is_file()
    )
    assert left == ["_book-part-1.xhtml", "_book.xhtml", "a.xhtml", "keep.css", "own.xhtml"]


def test_the_doctrees_inside_the_output_are_not_content(tmp_path: Path) -> None:
    made = builder(tmp_path)
    (made.doctreedir / "sub").mkdir(parents=True)
    (made.doctreedir / "env.pickle").write_text("x")
    assert made._doctree_files() == []
    made.doctreedir = made.outdir / ".doctrees"
    (made.doctreedir / "sub").mkdir(parents=True)
    (made.doctreedir / "sub" / "a.doctree").write_text("x")
    (made.doctreedir / "env.pickle").write_text("x")
    assert sorted(made._doctree_files()) == [".doctrees/env.pickle", ".doctrees/sub/a.doctree"]


# -- what the book says it is --------------------------------------------------------------------


def test_a_books_identifier_is_stable_and_its_own(tmp_path: Path) -> None:
    config = SimpleNamespace(html_baseurl="https://x.org/", project="P")
    expected = uuid.uuid5(uuid.NAMESPACE_URL, "https://x.org/#book=essays")
    assert epub.book_identifier(config, "essays") == f"urn:uuid:{expected}"  # type: ignore[arg-type]
    config.html_baseurl = ""
    expected = uuid.uuid5(uuid.NAMESPACE_URL, "chapbook:P#book=essays")
    assert epub.book_identifier(config, "essays") == f"urn:uuid:{expected}"  # type: ignore[arg-type]
    made = builder(tmp_path, make_book(), html_baseurl="https://x.org/")
    assert made.identifier() == epub.book_identifier(made.config, "essays")  # type: ignore[arg-type]
    plain = builder(tmp_path)
    assert plain.identifier() == epub.book_identifier(plain.config, "_book")  # type: ignore[arg-type]


def test_the_sites_own_identifier_wins(tmp_path: Path, calls: list[tuple[str, Any]]) -> None:
    made = builder(
        tmp_path, make_book(), epub_identifier="isbn:<1>", overrides={"epub_identifier": 1}
    )
    assert made.identifier() == "isbn:<1>"
    assert made.content_metadata() == {"id": "isbn:&lt;1&gt;", "lang": "de"}
    assert made.toc_metadata(2, ["n"]) == {"uid": "isbn:&lt;1&gt;", "level": 1}
    assert calls == [("content_metadata", None), ("toc_metadata", 2)]


# -- finishing ------------------------------------------------------------------------------------


def test_finishing_cleans_what_is_packed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = builder(tmp_path, make_book(), epub_cover=(epub.COVER, ""))
    made.doctreedir = made.outdir / ".doctrees"
    made.doctreedir.mkdir()
    (made.doctreedir / "env.pickle").write_text("x")
    images = made.outdir / "_images"
    images.mkdir()
    svg = b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "a" "b">\n<svg/>'
    (images / "a.SVG").write_bytes(svg)
    (images / "b.png").write_bytes(svg)
    made.images = {"x": "a.SVG", "y": "b.png"}
    (made.outdir / "a.xhtml").write_text("<html/>")
    (made.outdir / "unused.png").write_text("x")
    seen: dict[str, Any] = {}

    def finish(self: Any) -> None:
        seen.update(root=self.config.root_doc, excluded=list(self.config.epub_exclude_files))

    monkeypatch.setattr(Epub3Builder, "handle_finish", finish)
    made.handle_finish()
    assert (images / "a.SVG").read_bytes() == b'<?xml version="1.0"?>\n<svg/>'
    assert (images / "b.png").read_bytes() == svg
    assert "Essays" in (made.outdir / epub.COVER).read_text(encoding="utf-8")
    assert seen["root"] == "_book"
    assert seen["excluded"][:2] == ["x", ".doctrees/env.pickle"]
    assert "unused.png" in seen["excluded"]
    assert "a.xhtml" not in seen["excluded"]
    assert epub.COVER not in seen["excluded"]  # the cover is kept though no page names it
    assert made.config.root_doc == "index"


def test_without_the_generated_cover_none_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Epub3Builder, "handle_finish", lambda self: None)
    made = builder(tmp_path, make_book(), epub_cover=("mine.png", ""))
    made.handle_finish()
    assert not (made.outdir / epub.COVER).exists()
    assert made._kept() == {"mine.png"}
    made = builder(tmp_path)
    made.handle_finish()
    assert not (made.outdir / epub.COVER).exists()
    assert made._kept() == set()


def test_the_cover_names_the_book_or_the_project(tmp_path: Path) -> None:
    made = builder(tmp_path, make_book())
    made._write_cover()
    cover = (made.outdir / epub.COVER).read_text(encoding="utf-8")
    assert cover == epub.cover_svg("Essays", "Ann")
    (made.outdir / epub.COVER).unlink()
    made = builder(tmp_path)
    made._write_cover()
    assert (made.outdir / epub.COVER).read_text(encoding="utf-8") == epub.cover_svg("Proj", "Auth")


def test_the_packed_pages_are_marked(tmp_path: Path, calls: list[tuple[str, Any]]) -> None:
    made = builder(tmp_path)
    page = made.outdir / "a.xhtml"
    page.write_text('<html xmlns="http://www.w3.org/1999/xhtml"><body><math/></body></html>')
    (made.outdir / "content.opf").write_text(
        '<item id="a" href="a.xhtml" media-type="application/xhtml+xml" />'
    )
    made.build_content()
    assert calls == [("build_content", None)]
    assert 'properties="mathml"' in (made.outdir / "content.opf").read_text()


# -- pure steps -----------------------------------------------------------------------------------


def test_the_dtd_is_taken_out_of_an_svg(tmp_path: Path) -> None:
    path = tmp_path / "a.svg"
    epub.strip_doctype(path)  # not there: nothing
    assert not path.exists()
    written = (b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
               b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [\n<!ENTITY a "b">\n]>\n'
               b"<svg><!DOCTYPE x></svg>")  # fmt: skip
    path.write_bytes(written)
    epub.strip_doctype(path)
    assert path.read_bytes() == b'<?xml version="1.0"?>\n<svg><!DOCTYPE x></svg>'
    path.write_bytes(b"<svg/>")
    before = path.stat().st_mtime_ns
    epub.strip_doctype(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == (b"<svg/>", before)


def test_the_cover_wraps_the_title_and_escapes_it() -> None:
    svg = epub.cover_svg("Tom & Jerry: a very long title of <many> words " * 3, "A <b>")
    assert svg.count("<tspan") == 6
    assert '<tspan x="800" dy="0">Tom &amp; Jerry: a very</tspan>' in svg
    assert '<tspan x="800" dy="150">long title of &lt;many&gt;</tspan>' in svg
    assert 'fill="#e8d8b0">A &lt;b&gt;</text>' in svg
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    assert svg.endswith("</svg>\n")


def test_wrapping_keeps_words_whole() -> None:
    assert epub._wrap("", 5) == [""]
    assert epub._wrap("abc de fgh", 6) == ["abc de", "fgh"]
    assert epub._wrap("abc def", 6) == ["abc", "def"]
    assert epub._wrap("abcdefgh i", 3) == ["abcdefgh", "i"]


def test_setup_replaces_the_epub_builder() -> None:
    calls: list[tuple[Any, ...]] = []
    app = SimpleNamespace(
        setup_extension=lambda name: calls.append(("extension", name)),
        add_builder=lambda cls, override: calls.append(("builder", cls, override)),
    )
    assert epub.setup(app) == {"parallel_read_safe": True, "parallel_write_safe": True}  # type: ignore[arg-type]
    assert calls == [
        ("extension", "sphinx.builders.epub3"),
        ("builder", epub.BookEpubBuilder, True),
    ]
    assert (epub.BookEpubBuilder.name, epub.SITE_ONLY_CSS) == ("epub", {"copybutton.css"})


# -- edges found by mutation testing ---------------------------------------------------------


def test_the_whole_cover() -> None:
    """23 characters are one too many for a line of the title."""
    assert epub.cover_svg("Tom & Jerry aaaaaaaaaaa bbbbbbbbbbb", "A <b>") == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1600 2560" width="1600" '
        'height="2560">\n<rect width="1600" height="2560" fill="#1f2a44"/>\n'
        '<rect x="80" y="80" width="1440" height="2400" fill="none" stroke="#e8d8b0" '
        'stroke-width="6"/>\n'
        '<text x="800" y="900" text-anchor="middle" font-family="serif" font-size="120" '
        'fill="#f7f1e3"><tspan x="800" dy="0">Tom &amp; Jerry</tspan>'
        '<tspan x="800" dy="150">aaaaaaaaaaa</tspan><tspan x="800" dy="150">bbbbbbbbbbb</tspan>'
        "</text>\n"
        '<text x="800" y="2200" text-anchor="middle" font-family="serif" font-size="72" '
        'fill="#e8d8b0">A &lt;b&gt;</text>\n</svg>\n'
    )


def test_the_cover_is_written_into_an_output_folder_not_made_yet(tmp_path: Path) -> None:
    made = builder(tmp_path, make_book())
    made.outdir = tmp_path / "new" / "out"
    made._write_cover()
    assert (made.outdir / epub.COVER).is_file()


def test_what_sphinx_is_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def record(name: str, result: Any = None) -> None:
        def step(self: Any, *args: Any, **kwargs: Any) -> Any:
            asked.append((name, args, kwargs))
            return dict(result) if isinstance(result, dict) else result

        monkeypatch.setattr(Epub3Builder, name, step)

    for name in ("init_css_files", "add_css_file", "handle_finish"):
        record(name)
    record("toc_metadata", {})
    cleaned: list[Path] = []
    monkeypatch.setattr(epubfiles, "drop_search_rules", cleaned.append)
    made = builder(tmp_path)
    made.init_css_files()
    made.add_css_file("theme.css", priority=200, media="print")
    made.toc_metadata(2, ["n"])
    made.handle_finish()
    assert asked[:4] == [
        ("init_css_files", (), {}),
        ("add_css_file", (epubfiles.STYLESHEET,), {"priority": 900}),
        ("add_css_file", ("theme.css",), {"priority": 200, "media": "print"}),
        ("toc_metadata", (2, ["n"]), {}),
    ]
    assert cleaned == [made.outdir / "_static"]

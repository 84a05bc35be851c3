"""The book's contents: which posts go in, in which order and parts, and its root document.

The PDF (LaTeX builder) and the ePub are built from a generated document,
``_book``, whose toctrees list the book's posts, under part headings when the
outline has parts.  It exists only in builds of a book builder, so the web
site never gets Sphinx's previous/next relations between all posts.  By
default the book holds every post in publication order; ``chapbook_book``
names an outline (``docs/<name>.book.md``, see ``model.outline``) for a
curated one.

Links follow the book: to a post inside it they stay internal (a PDF GoTo, an
in-book href), to anything else they become absolute links to the web site
(``chapbook.builders``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from chapbook.book import settings
from chapbook.builders import is_book_builder
from chapbook.collecting import documents
from chapbook.collecting.state import posts_of, state
from chapbook.model import outline as outline_module
from chapbook.model.names import slugify
from chapbook.model.outline import ROOT, Book, BookPart
from chapbook.model.post import publication_order
from chapbook.urls import site_path, split_target
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from chapbook.model.post import Post


def current(env: BuildEnvironment) -> Book | None:
    """The book of this build (``None`` outside a book build)."""
    return state(env).book


# -- which book -----------------------------------------------------------------


def outline_path(app: Sphinx) -> Path | None:
    """The outline file ``chapbook_book`` names (normalised to a bare name in ``config``)."""
    name = app.config.chapbook_book
    return app.srcdir / f"{name}{outline_module.SUFFIX}" if name else None


def default_name(config: Config) -> str:
    """The whole-blog book's file name: the project's slug."""
    return slugify(config.project or "book") or "book"


def resolve(app: Sphinx) -> Book:
    """The book for this build, with every problem of its outline reported."""
    env, config = app.env, app.config
    posts = posts_of(env)
    title = config.chapbook_book_title or config.project
    path = outline_path(app)
    if path is None:
        order = publication_order(p for p in posts.values() if p.date)
        if config.chapbook_book_newest_first:
            order.reverse()
        part = BookPart(None, (), tuple(p.docname for p in order))
        newest = max((p.date for p in order if p.date), default=None)
        date = newest.isoformat() if newest else ""
        return Book(default_name(config), title, "", config.author, date, (part,))
    return _from_outline(app, path, title, posts)


def _from_outline(app: Sphinx, path: Path, title: str, posts: dict[str, Post]) -> Book:
    name = path.name.removesuffix(outline_module.SUFFIX)
    if not path.is_file():
        warn(f"book outline {path} not found (chapbook_book = {app.config.chapbook_book!r}); "
             "building an empty book", Warn.BOOK, location=None)  # fmt: skip
        return Book(name, title, "", app.config.author, "", ())
    parsed = outline_module.parse(path.read_text(encoding="utf-8"))
    for problem in parsed.problems:
        _warn(path, problem.line, problem.message)
    seen: set[str] = set()
    parts = []
    for part in parsed.parts:
        docnames = []
        for entry in part.entries:
            docname = _lookup(app, entry.target, posts)
            if docname is None:
                _warn(path, entry.line, f"book outline: {entry.target!r} matches no post")
            elif docname in seen:
                _warn(path, entry.line, f"book outline: {entry.target!r} is already in the book")
            else:
                seen.add(docname)
                docnames.append(docname)
        parts.append(BookPart(part.title, part.intro, tuple(docnames)))
    return Book(
        name,
        parsed.title or title,
        parsed.subtitle,
        parsed.author or app.config.author,
        parsed.date,
        tuple(parts),
    )


def _lookup(app: Sphinx, target: str, posts: dict[str, Post]) -> str | None:
    path = site_path(target, base_url=app.config.html_baseurl) or "/" + target.lstrip("./")
    docname = app.env.domains["chapbook"].lookup(split_target(path)[0])
    return docname if docname in posts else None


def _warn(path: Path, line: int, message: str) -> None:
    warn(message, Warn.BOOK, location=f"{path}:{line}")


# -- the root document ----------------------------------------------------------


def fill_root(app: Sphinx, book: Book, doctree: nodes.document) -> None:
    """The root's doctree: the title, a byline outside LaTeX, a toctree per part."""
    section = nodes.section(ids=["book"], names=["book"])
    section += nodes.title(book.title, book.title)
    if app.builder.name != "latex":  # LaTeX has its own title page
        section += _byline(book)
    for part in book.parts:
        section += _part(part, len(section.children))
    doctree += section


def _byline(book: Book) -> list[nodes.Node]:
    lines = [text for text in (book.subtitle, book.author, book.date) if text]
    return [nodes.paragraph(text, text, classes=["chapbook-byline"]) for text in lines]


def _part(part: BookPart, index: int) -> list[nodes.Node]:
    body: list[nodes.Node] = [nodes.paragraph(text, text) for text in part.intro]
    body.append(_toctree(part.docnames))
    if part.title is None:
        return body
    section = nodes.section(ids=[f"part-{index}"], names=[part.title])
    section += nodes.title(part.title, part.title)
    section.extend(body)
    return [section]


def _toctree(docnames: tuple[str, ...]) -> nodes.compound:
    toctree = addnodes.toctree(
        parent=ROOT,
        entries=[(None, doc) for doc in docnames],
        includefiles=list(docnames),
        maxdepth=1,
        caption=None,
        glob=False,
        hidden=False,
        includehidden=False,
        numbered=0,
        titlesonly=True,
        rawentries=[],
    )
    return nodes.compound("", toctree, classes=["toctree-wrapper"])


def create_root(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: (re)make the book and its root document for a book builder."""
    if not is_book_builder(app.builder):
        if ROOT in env.all_docs:
            documents.drop(app, ROOT)
        state(env).book = None
        return []
    book = resolve(app)
    state(env).book = book
    documents.create(app, ROOT, lambda doctree: fill_root(app, book, doctree), orphan=False)
    settings.configure_builder(app, book)
    return [ROOT, *book.docnames]


def setup(app: Sphinx) -> dict[str, bool]:
    # After the posts' own updates (500), so tags and URLs are known.
    app.connect("env-updated", create_root, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

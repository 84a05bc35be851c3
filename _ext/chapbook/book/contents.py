"""The book's contents: which posts go in, in which order and parts, and its root document.

The PDF (LaTeX builder) and the ePub are built from a generated document,
``_book``, whose toctrees list the book's posts.  It exists only in builds of
a book builder, so the web site never gets Sphinx's previous/next relations
between all posts.  By default the book holds every post in publication
order; ``chapbook_book`` names an outline (``docs/<name>.book.md``, see
``model.outline``) for a curated one.

An outline's parts take a different shape in each format.  The PDF's root
writes ``\\part`` itself, the part's introduction on the same page, and the
posts listed before the first part as unnumbered front matter (Sphinx would
make them a part).  The ePub gets a generated page per part (``_book-part-1``,
...), its title and introduction, whose hidden toctree nests the part's posts
under it in the navigation.  Introductions are Markdown, parsed by MyST and
given the posts' typography (:func:`typeset`).

Links follow the book: to a post inside it they stay internal (a PDF GoTo, an
in-book href), to anything else they become absolute links to the web site
(``chapbook.builders``).
"""

from __future__ import annotations

from copy import copy
from functools import partial
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxSmartQuotes
from sphinx.util.docutils import new_document
from sphinx.util.texescape import escape as tex_escape

from chapbook.book import frontmatter, settings
from chapbook.builders import is_book_builder
from chapbook.collecting.state import posts_of, state
from chapbook.model import outline as outline_module
from chapbook.model.names import slugify
from chapbook.model.outline import ROOT, Book, BookPart, Imprint
from chapbook.model.post import publication_order
from chapbook.nodes import stand_in
from chapbook.reading import readloop
from chapbook.reading.files import is_local
from chapbook.reading.guard import Guard
from chapbook.reading.parser import markdown_parser
from chapbook.reading.sanitize import SanitizeRawHTML
from chapbook.reading.transforms import EmDashes, StripControlCharacters
from chapbook.reading.urls import check_urls
from chapbook.urls import site_path, split_target
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from optparse import Values
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
        subtitle = config.chapbook_book_subtitle or config.chapbook_description
        parts = (part,)
        return Book(
            default_name(config), title, subtitle, config.author, date, parts, _imprint(config)
        )
    return _from_outline(app, path, title, posts)


def _imprint(config: Config) -> Imprint:
    """The whole-blog book's front pages, from conf.py (an outline book has its own)."""
    isbn = outline_module.ISBN_PREFIX.sub("", config.chapbook_book_isbn)
    problem = outline_module.isbn_problem(isbn) if isbn else None
    if problem:
        warn(f"chapbook_book_isbn: {problem}; printed as written", Warn.CONFIG, location=None)
    return Imprint(
        copyright=outline_module.lines_of(config.chapbook_book_copyright),
        edition=config.chapbook_book_edition,
        isbn=isbn,
        dedication=outline_module.lines_of(config.chapbook_book_dedication),
        show_date=config.chapbook_book_show_date,
    )


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
        parts.append(BookPart(part.title, part.intro, tuple(docnames), part.intro_line))
    return Book(
        name,
        parsed.title or title,
        parsed.subtitle,
        parsed.author or app.config.author,
        parsed.date,
        tuple(parts),
        parsed.imprint,
    )


def _lookup(app: Sphinx, target: str, posts: dict[str, Post]) -> str | None:
    path = site_path(target, base_url=app.config.html_baseurl) or "/" + target.lstrip("./")
    docname = app.env.domains["chapbook"].lookup(split_target(path)[0])
    return docname if docname in posts else None


def _warn(path: Path, line: int, message: str) -> None:
    warn(message, Warn.BOOK, location=f"{path}:{line}")


# -- the root document ----------------------------------------------------------


def fill_root(app: Sphinx, book: Book, doctree: nodes.document) -> None:
    """The root's doctree: the title, the ePub's front pages, then the book's toctrees.

    LaTeX prints its front pages itself (``frontmatter``, as Sphinx's title
    page), the ePub from here.  A book without parts is its posts' toctree.
    With parts, the PDF and the ePub need different shapes: LaTeX gets its
    ``\\part`` pages here, after the front matter's unnumbered chapters; the ePub
    gets one page per part (made by :func:`create_root`), so that its
    navigation nests chapters under parts.
    """
    section = nodes.section(ids=["book"], names=["book"], classes=["chapbook-titlepage"])
    section += nodes.title(book.title, book.title)
    if app.builder.name == "latex":
        section += _latex_contents(app, book, doctree)
    else:
        section += frontmatter.epub_pages(frontmatter.front_pages(book, app.config))
        section += _epub_contents(app, book, doctree)
    doctree += section


def _latex_contents(app: Sphinx, book: Book, doctree: nodes.document) -> list[nodes.Node]:
    if book.has_parts:
        return _latex_parts(app, book, doctree)
    body: list[nodes.Node] = []
    for part in book.parts:
        body += [*_intro(app, doctree, part), _toctree(ROOT, part.docnames)]
    return body


def _latex_parts(app: Sphinx, book: Book, doctree: nodes.document) -> list[nodes.Node]:
    """The front matter bracketed as unnumbered, then a ``\\part`` with its introduction.

    Sphinx would make every top-level section of the root a part, posts
    before the first part included; here parts are written as LaTeX, so posts
    stay chapters wherever they are.  ``settings`` gives Sphinx's ``report``
    class a ``\\frontmatter`` and ``\\mainmatter``, and parts their layout.
    """
    body: list[nodes.Node] = []
    front = book.front_matter
    if front is not None:
        body.append(_latex(r"\frontmatter"))
        body += [*_intro(app, doctree, front), _toctree(ROOT, front.docnames)]
        body.append(_latex(r"\mainmatter"))
    for part in book.titled_parts:
        title, intro = typeset(app, doctree, part)
        body.append(_latex(rf"\part{{{tex_escape(title, app.config.latex_engine)}}}"))
        body += [*intro, _toctree(ROOT, part.docnames)]
    return body


def _latex(code: str) -> nodes.raw:
    return nodes.raw("", code + "\n", format="latex")


def _epub_contents(app: Sphinx, book: Book, doctree: nodes.document) -> list[nodes.Node]:
    """The opening introduction, then the book's toctree, hidden: the reader's navigation
    lists the chapters (parts' pages with their posts nested), the title page does not."""
    if book.has_parts:
        front = book.front_matter
        opening = front if front is not None else BookPart(None, (), ())
        entries = (*opening.docnames, *book.part_pages)
    else:
        opening = book.parts[0] if book.parts else BookPart(None, (), ())
        entries = opening.docnames
    intro = _intro(app, doctree, opening)
    # Its own page, after the title page's (a page break of chapbook.css).
    shown = [nodes.container("", *intro, classes=["chapbook-opening"])] if intro else []
    return [*shown, _toctree(ROOT, entries, depth=2, hidden=True, includehidden=True)]


def fill_part_page(app: Sphinx, docname: str, part: BookPart, doctree: nodes.document) -> None:
    """An ePub page for a part: its title and introduction, just before its chapters.

    Its posts' toctree is hidden, so the page shows what the PDF's part page
    shows; the root's toctree includes hidden ones, so the ePub's navigation
    (which Sphinx builds without hidden toctrees by default) nests the posts.
    """
    title, intro = typeset(app, doctree, part)
    section = nodes.section(ids=[nodes.make_id(title) or "part"], names=[title])
    section += nodes.title(title, title)
    section += [*intro, _toctree(docname, part.docnames, hidden=True)]
    doctree += section


def _toctree(
    parent: str,
    docnames: tuple[str, ...],
    *,
    depth: int = 1,
    hidden: bool = False,
    includehidden: bool = False,
) -> nodes.compound:
    toctree = addnodes.toctree(
        parent=parent,
        entries=[(None, doc) for doc in docnames],
        includefiles=list(docnames),
        maxdepth=depth,
        caption=None,
        glob=False,
        hidden=hidden,
        includehidden=includehidden,
        numbered=0,
        titlesonly=True,
        rawentries=[],
    )
    return nodes.compound("", toctree, classes=["toctree-wrapper"])


# -- part titles and introductions, typeset as posts are ------------------------------

#: What reading does to a post's text that an introduction needs too: take out
#: control characters and raw HTML that runs, then curly quotes and em dashes.
TYPOGRAPHY = (StripControlCharacters, SanitizeRawHTML, SphinxSmartQuotes, EmDashes)


def _intro(app: Sphinx, doctree: nodes.document, part: BookPart) -> list[nodes.Node]:
    return typeset(app, doctree, part)[1] if part.intro else []


def typeset(app: Sphinx, doctree: nodes.document, part: BookPart) -> tuple[str, list[nodes.Node]]:
    """A part's title (plain text) and introduction (Markdown), as a post's would look.

    The book's documents are generated, never read, so Sphinx's reading
    transforms do not run on them: the introduction is parsed here by MyST
    (site links included) and given the posts' typography (:data:`TYPOGRAPHY`).
    Its nodes carry the outline's file and line, so a problem found in it now
    or when it is written (raw HTML, a broken link) is reported there.
    """
    source = str(outline_path(app) or doctree["source"])
    document = new_document(source, _reading_settings(app, doctree))
    heading = nodes.paragraph("", part.title or "")
    document += heading
    parser = markdown_parser(app.env.myst_config, document)
    # Lines of the outline, not of the introduction: what the renderer reports names them.
    padding = "\n" * max((part.intro_line or 1) - 1, 0)
    with Guard(app.env):  # an outline is a file of docs/: the trust policy holds for it too
        parser.render(padding + part.markdown)
    for node in document.findall(nodes.Element):
        node.source, node.line = source, part.intro_line or 1
    _only_web_images(document)
    check_urls(document)
    document.transformer.add_transforms(TYPOGRAPHY)
    document.transformer.apply_transforms()
    return heading.astext(), list(document.children[1:])


def _only_web_images(document: nodes.document) -> None:
    """An introduction is never read by Sphinx, so no file it names is collected or checked:
    it may show web images, and name no file of the machine."""
    named = (nodes.image, addnodes.download_reference)
    for node in [n for n in document.findall(nodes.Element) if isinstance(n, named)]:
        target = str(node.get("uri") or node.get("reftarget", ""))
        if is_local(target):
            message = (f"an outline's introduction names the file {target!r}; only web "
                       "images and links may appear there, so it is left out")  # fmt: skip
            warn(message, Warn.TRUST, location=node)
            text = str(node.get("alt", "")) or node.astext()
            stand_in(node, text)  # also an image with a class


def _reading_settings(app: Sphinx, doctree: nodes.document) -> Values:
    """A generated doctree's settings lack what Sphinx gives a read one (smart quotes, language)."""
    settings = copy(doctree.settings)
    for key, value in app.env.settings.items():
        setattr(settings, key, value)
    return settings


def create_root(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: (re)make the book and its root document for a book builder."""
    if not is_book_builder(app.builder):
        if ROOT in env.all_docs:
            readloop.drop(app, ROOT)
        state(env).book = None
        return []
    book = resolve(app)
    state(env).book = book
    pages = _create_part_pages(app, book) if app.builder.name != "latex" else []
    readloop.create(app, ROOT, lambda doctree: fill_root(app, book, doctree), orphan=False)
    settings.configure_builder(app, book)
    frontmatter.configure(app, book)
    return [ROOT, *pages, *book.docnames]


def _create_part_pages(app: Sphinx, book: Book) -> list[str]:
    """The ePub's page of each part (the PDF prints its parts from the root)."""
    for docname, part in zip(book.part_pages, book.titled_parts, strict=True):
        readloop.create(app, docname, partial(fill_part_page, app, docname, part), orphan=False)
    return list(book.part_pages)


def setup(app: Sphinx) -> dict[str, bool]:
    # After the posts' own updates (500), so tags and URLs are known.
    app.connect("env-updated", create_root, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""The book: which posts go in, in which order and parts, and the book's root document.

The PDF (LaTeX builder) and the ePub are built from a generated document,
``_book``, whose toctrees list the book's posts, under part headings when the
outline has parts.  It exists only in builds of a book builder, so the web
site never gets Sphinx's previous/next relations between all posts.  By
default the book holds every post in publication order; ``chapbook_book``
names an outline (``docs/<name>.book.md``, see ``outline``) for a curated one.

Links follow the book: to a post inside it they stay internal (a PDF GoTo, an
in-book href), to anything else they become absolute links to the web site.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import new_document
from sphinx.util.texescape import escape as tex_escape

from chapbook import links, pages
from chapbook import outline as outline_module
from chapbook.header import format_date
from chapbook.posts import posts_of
from chapbook.util import base_url, dirhtml_path, logger

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from chapbook.posts import Post

ROOT = "_book"
BUILDERS = frozenset({"latex", "epub"})


@dataclass(frozen=True)
class BookPart:
    title: str | None
    intro: tuple[str, ...]
    docnames: tuple[str, ...]


@dataclass(frozen=True)
class Book:
    """A book resolved against the posts: what the builders need."""

    name: str
    title: str
    subtitle: str
    author: str
    date: str
    parts: tuple[BookPart, ...]

    @property
    def docnames(self) -> tuple[str, ...]:
        return tuple(doc for part in self.parts for doc in part.docnames)

    @property
    def has_parts(self) -> bool:
        return any(part.title for part in self.parts)


def is_book_builder(builder: Builder | None) -> bool:
    return builder is not None and builder.name in BUILDERS


def current(env: BuildEnvironment) -> Book | None:
    return getattr(env, "chapbook_book", None)


def contains(env: BuildEnvironment, docname: str) -> bool:
    book = current(env)
    return book is not None and (docname == ROOT or docname in book.docnames)


# -- which book -----------------------------------------------------------------


def outline_name(config: Config) -> str:
    """``essays``, ``essays.book.md`` and ``docs/essays.book.md`` all name one outline."""
    name = Path(config.chapbook_book.strip()).name
    return name.removesuffix(outline_module.SUFFIX)


def outline_path(app: Sphinx) -> Path | None:
    name = outline_name(app.config)
    return app.srcdir / f"{name}{outline_module.SUFFIX}" if name else None


def default_name(config: Config) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in (config.project or "book").lower())
    return "-".join(filter(None, slug.split("-"))) or "book"


def resolve(app: Sphinx) -> Book:
    """The book for this build, with every problem of its outline reported."""
    env, config = app.env, app.config
    posts = posts_of(env)
    title = config.chapbook_book_title or config.project
    path = outline_path(app)
    if path is None:
        order = sorted((p for p in posts.values() if p.date), key=lambda p: p.sort_key)
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
        logger.warning(
            "book outline %s not found (chapbook_book = %r); building an empty book",
            path,
            app.config.chapbook_book,
            type="chapbook",
            subtype="book",
        )
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
    path = links.site_path(target, base_url=app.config.html_baseurl) or "/" + target.lstrip("./")
    docname = app.env.domains["chapbook"].lookup(links.split_target(path)[0])
    return docname if docname in posts else None


def _warn(path: Path, line: int, message: str) -> None:
    logger.warning(message, location=f"{path}:{line}", type="chapbook", subtype="book")


# -- the root document ----------------------------------------------------------


def root_doctree(app: Sphinx, book: Book) -> nodes.document:
    doctree = new_document(str(app.srcdir / ROOT))
    doctree.settings.env = app.env
    section = nodes.section(ids=["book"], names=["book"])
    section += nodes.title(book.title, book.title)
    if app.builder.name != "latex":  # LaTeX has its own title page
        section += _byline(book)
    for part in book.parts:
        section += _part(part, len(section.children))
    doctree += section
    return doctree


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
            pages.purge(app, ROOT)
            env.project.docnames.discard(ROOT)
        env.chapbook_book = None
        return []
    book = resolve(app)
    env.chapbook_book = book
    if ROOT in env.all_docs:
        pages.purge(app, ROOT)
    env.prepare_settings(ROOT)
    pages.register(app, ROOT, root_doctree(app, book), orphan=False)
    _configure_builder(app, book)
    return [ROOT, *book.docnames]


def keep_root_out_of_removed(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """The root has no source file; it is made again after reading, never purged before."""
    removed.discard(ROOT)
    return []


# -- settings the builders read ---------------------------------------------------


def _configure_builder(app: Sphinx, book: Book) -> None:
    config = app.config
    if app.builder.name == "latex":
        if not _user_set(config, "latex_documents"):
            title = tex_escape(book.title)
            if book.subtitle:
                title += r"\\{\large " + tex_escape(book.subtitle) + "}"
            author = tex_escape(book.author)
            config.latex_documents = [(ROOT, f"{book.name}.tex", title, author, "manual", False)]
        if not _user_set(config, "latex_toplevel_sectioning"):
            config.latex_toplevel_sectioning = "part" if book.has_parts else "chapter"
        if book.date:  # the newest post's date, not the build's: the same book twice
            day = dt.date.fromisoformat(book.date)
            shown = format_date(day, config.chapbook_date_format)
            app.builder.context["date"] = tex_escape(shown)  # type: ignore[attr-defined]
    else:
        defaults = {
            "epub_title": book.title,
            "epub_author": book.author,
            "epub_contributor": book.author,
            "epub_description": book.subtitle or book.title,
            "epub_basename": book.name,
        }
        for name, value in defaults.items():
            if not _user_set(config, name):
                setattr(config, name, value)


def _user_set(config: Config, name: str) -> bool:
    """Whether conf.py or ``-D`` set a value (Sphinx keeps both in these two mappings)."""
    return name in getattr(config, "_raw_config", {}) or name in getattr(config, "_overrides", {})


def book_defaults(app: Sphinx, config: Config) -> None:
    """Defaults for the PDF and ePub, unless the site's configuration sets them."""
    defaults: dict[str, Any] = {
        "latex_engine": "xelatex",  # Unicode text, system fonts
        "version": "1.0",  # EPUB 3 wants one
        "latex_use_xindy": False,
        "latex_show_urls": "no",
        "epub_use_index": False,
        "epub_show_urls": "no",
        "epub_tocdepth": 2,
        "epub_language": config.language or "en",
        "epub_publisher": config.author or "",
        "epub_copyright": config.copyright or config.author or config.project,
        "epub_identifier": config.html_baseurl or "",
        "epub_scheme": "URL" if config.html_baseurl else "",
        "epub_cover": ("_static/chapbook-cover.svg", "epub-cover.html"),
        "epub_exclude_files": ["404.html", "search.html", "robots.txt"],
    }
    for name, value in defaults.items():
        if not _user_set(config, name):
            setattr(config, name, value)
    if not _user_set(config, "latex_elements"):
        config.latex_elements = {
            "papersize": "a5paper",
            "pointsize": "11pt",
            "printindex": "",
            "tocdepth": r"\setcounter{tocdepth}{0}",  # parts and chapters: one line a post
            "sphinxsetup": "verbatimforcewraps=true, verbatimmaxunderfull=0",
            "fncychap": "",
            "preamble": r"\setlength{\headheight}{28pt}",  # room for two-line running heads
        }
    patterns = [f"**{outline_module.SUFFIX}", f"*{outline_module.SUFFIX}"]
    config.exclude_patterns = [*config.exclude_patterns, *patterns]


# -- links in the book ----------------------------------------------------------


def web_url(config: Config, docname: str, anchor: str | None = None) -> str | None:
    """The post's address on the web site (``dirhtml`` form), for links leaving the book."""
    if not config.html_baseurl:
        return None
    path = dirhtml_path(docname, config.root_doc)
    url = base_url(config) + (f"{path}/" if path else "")
    return url + (f"#{anchor}" if anchor else "")


def leaves_book(builder: Builder, docname: str) -> bool:
    """Whether a link to ``docname`` must point at the web site rather than into the book."""
    return is_book_builder(builder) and not contains(builder.env, docname)


def web_reference(builder: Builder, docname: str, anchor: str | None, contnode: nodes.Node):
    """A link to the web site's page, or ``None`` when the site has no address."""
    url = web_url(builder.config, docname, anchor)
    if url is None:
        return None
    reference = nodes.reference("", "", internal=False, refuri=url, classes=["chapbook-web"])
    reference += contnode
    return reference


def setup_book(app: Sphinx) -> None:
    app.connect("config-inited", book_defaults, priority=600)
    app.connect("env-get-outdated", keep_root_out_of_removed)
    # After the posts' own updates, so tags and URLs are known.
    app.connect("env-updated", create_root, priority=600)

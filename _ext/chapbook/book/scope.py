"""A book build reports the problems of what it prints: its posts and its outline.

An outline book of 22 posts read the whole blog (links between posts need
every page's address) and reported 21 warnings, none from its own posts.
While an outline book is built, a logging filter drops warnings located in a
document the book does not hold; warnings about the outline itself, the
configuration, and anything without a location stay.  The book's posts are
known before reading, from the outline and the source files' addresses (the
same URL keys links use).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.utils import get_source_line

from chapbook.builders import is_book_builder
from chapbook.model import outline
from chapbook.urls import doc_key, site_path, split_target

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class OutsideTheBook(logging.Filter):
    """Drop warnings located in a document outside ``keep``."""

    def __init__(self, env: BuildEnvironment, keep: set[str]) -> None:
        super().__init__()
        self.env, self.keep = env, keep

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        docname = self._docname(getattr(record, "location", None))
        return docname is None or docname in self.keep

    def _docname(self, location: Any) -> str | None:
        if isinstance(location, tuple):
            location = location[0]
        if isinstance(location, nodes.Node):
            location = get_source_line(location)[0]
        if not isinstance(location, str) or not location:
            return None
        if ":" not in location and location in self.env.found_docs:
            return location
        path = location.rsplit(":", 1)[0] if ":" in location else location
        docname = self.env.path2doc(path)
        return docname if docname in self.env.found_docs else None  # the outline, say


def book_posts(app: Sphinx, env: BuildEnvironment) -> set[str] | None:
    """The documents an outline book holds, matched by address; ``None`` for the whole blog."""
    name = app.config.chapbook_book
    path = app.srcdir / f"{name}{outline.SUFFIX}" if name else None
    if path is None or not path.is_file():
        return None
    parsed = outline.parse(path.read_text(encoding="utf-8", errors="replace"))
    by_key = {doc_key(docname, app.config.root_doc): docname for docname in env.found_docs}
    keep = {outline.ROOT}
    for part in parsed.parts:
        for entry in part.entries:
            target = site_path(entry.target, base_url=app.config.html_baseurl)
            key = split_target(target or "/" + entry.target.lstrip("./"))[0]
            if key in by_key:
                keep.add(by_key[key])
    return keep


def narrow(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: from now on, report only the book's documents.

    While documents are read, Sphinx holds warnings in a buffer handler; the
    filter goes on whichever handlers are in place now, and again when pages
    are written (``doctree-resolved``), when the stream handlers are back.
    """
    if is_book_builder(app.builder):
        _install(env, book_posts(app, env))


def narrow_writing(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    # Runs for every page written: the outline is read again only while a handler lacks it.
    if is_book_builder(app.builder) and _bare_handlers():
        _install(app.env, book_posts(app, app.env))


def _install(env: BuildEnvironment, keep: set[str] | None) -> None:
    if keep is None:
        return
    for handler in _bare_handlers():
        handler.filters.insert(0, OutsideTheBook(env, keep))  # before Sphinx counts it


def _bare_handlers() -> list[logging.Handler]:
    """The warning handlers in place now that do not filter for the book yet."""
    return [
        h for h in _warning_handlers() if not any(isinstance(f, OutsideTheBook) for f in h.filters)
    ]


def widen(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the filter lives for one build."""
    for handler in _warning_handlers():
        handler.filters = [f for f in handler.filters if not isinstance(f, OutsideTheBook)]


def _warning_handlers() -> list[logging.Handler]:
    handlers = logging.getLogger("sphinx").handlers
    return [h for h in handlers if h.level <= logging.WARNING]


def setup(app: Sphinx) -> dict[str, bool]:
    # Before the gate (500) and anything else that warns while reading.
    app.connect("env-before-read-docs", narrow, priority=100)
    app.connect("doctree-resolved", narrow_writing, priority=100)
    app.connect("build-finished", widen)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

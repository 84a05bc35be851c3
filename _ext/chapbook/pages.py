"""Generated pages (tag pages, the tag index): real Sphinx documents with no source file.

A generated page is a small doctree (a title and a listing placeholder) made
from the environment after all posts are read, and registered with the
environment like a read document: it has a title, is in the search index and
the sitemap, and is written by every builder.  Its listing is resolved at
``doctree-resolved`` like any other.  Nothing is written into the source
folder, so live-reload servers see no change and incremental builds re-create
a page only when its definition changes.

Sphinx drops documents whose source vanished (``removed`` at
``env-get-outdated``); generated pages are kept out of that set and stay
registered until the environment no longer wants them.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.environment import CONFIG_OK
from sphinx.util.docutils import new_document

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


@dataclass(frozen=True)
class Page:
    """What a generated page is: a title and its listings, each under an optional heading."""

    docname: str
    title: str
    sections: tuple[tuple[str | None, dict[str, Any]], ...]


def registry(env: BuildEnvironment) -> dict[str, Page]:
    if not hasattr(env, "chapbook_pages"):
        env.chapbook_pages = {}
    return env.chapbook_pages


def keep_generated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Stop Sphinx from purging (or reading) generated pages, which have no source file.

    They are registered again with the project once the posts are read (``sync``).
    When the configuration changed, ``added`` *is* the project's set of
    documents, so nothing may be added to that set here.
    """
    for docname in registry(env):
        removed.discard(docname)
        added.discard(docname)
        changed.discard(docname)
    return []


def sync(app: Sphinx, wanted: Iterable[Page]) -> set[str]:
    """Create, re-create or drop generated pages; return the docnames (re)created."""
    env = app.env
    pages = registry(env)
    wanted_by_name = {page.docname: page for page in wanted}
    for docname in sorted(pages.keys() - wanted_by_name.keys()):
        drop(app, docname)
    rebuild_all = env.config_status != CONFIG_OK  # e.g. labels or date format changed
    created = set()
    for docname, page in sorted(wanted_by_name.items()):
        if docname in env.all_docs and docname not in pages:
            continue  # the writer has a page of that name: theirs wins
        if rebuild_all or pages.get(docname) != page or docname not in env.all_docs:
            _create(app, page)
            created.add(docname)
        env.project.docnames.add(docname)
    return created


def drop(app: Sphinx, docname: str) -> None:
    registry(app.env).pop(docname, None)
    purge(app, docname)
    app.env.project.docnames.discard(docname)


def purge(app: Sphinx, docname: str) -> None:
    """Forget a document everywhere, as Sphinx does before reading a file again."""
    app.events.emit("env-purge-doc", app.env, docname)
    app.env.clear_doc(docname)


def register(app: Sphinx, docname: str, doctree: nodes.document, *, orphan: bool) -> None:
    """Run a generated doctree through the read-phase machinery and store it.

    Collectors (titles, toctrees, metadata, Chapbook's own) see it as a read
    document; the builder writes it like any other.
    """
    env = app.env
    env.project.docnames.add(docname)
    env.all_docs[docname] = 0
    app.events.emit("doctree-read", doctree)
    env.domains["chapbook"].note_document(docname, doctree)
    if orphan:
        env.metadata[docname]["orphan"] = True
    env.metadata[docname]["chapbook_generated"] = True
    app.builder.write_doctree(docname, doctree)
    # As Sphinx does after reading: per-document state must not outlive the
    # document (Sphinx deep-copies it for every page it writes).
    env.current_document = type(env.current_document)()


def _create(app: Sphinx, page: Page) -> None:
    """Build the page's doctree and run it through the read-phase machinery."""
    from chapbook.listings import listing

    env = app.env
    if page.docname in env.all_docs:
        purge(app, page.docname)
    env.prepare_settings(page.docname)
    doctree = new_document(str(env.srcdir / page.docname))
    doctree.settings.env = env
    doctree += _section(page.title, page.sections, listing)
    registry(env)[page.docname] = page
    register(app, page.docname, doctree, orphan=True)


def _section(
    title: str,
    parts: tuple[tuple[str | None, dict[str, Any]], ...],
    listing: Callable[..., nodes.Element],
) -> nodes.section:
    section = nodes.section(ids=[nodes.make_id(title) or "page"], names=[title])
    section += nodes.title(title, title)
    for subtitle, attributes in parts:
        if subtitle is None:
            section += listing(**attributes)
        else:
            section += _section(subtitle, ((None, attributes),), listing)
    return section


def is_generated(env: BuildEnvironment, docname: str) -> bool:
    return docname in registry(env)


def signature(value: object) -> str:
    """A stable digest of what a listing shows, to tell when it must be rewritten."""
    return hashlib.sha256(pickle.dumps(value, protocol=4)).hexdigest()


def setup_pages(app: Sphinx) -> None:
    app.connect("env-get-outdated", keep_generated)
    app.connect("html-page-context", _no_source_link)


def _no_source_link(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object
) -> None:
    """Generated pages have no source file to copy or link to."""
    if is_generated(app.env, pagename):
        context["sourcename"] = ""
        context["page_source_suffix"] = ""

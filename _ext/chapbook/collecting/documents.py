"""Documents with no source file: made from the environment, registered like read ones.

Tag pages, the archive, further pages of a paginated listing and the book's
root are small doctrees made after all posts are read.  Each is run through
the read-phase machinery (:func:`create`), so it has a title, is in the
search index and the sitemap, and is written by every builder; its listings
are resolved when it is written, like any other.  Nothing is written into the
source folder, so live-reload servers see no change, and an incremental build
re-creates a page only when its definition changes.

Sphinx drops documents whose source vanished (``removed`` at
``env-get-outdated``); generated documents are kept out of that set and stay
registered until the environment no longer wants them.  Sphinx writes a page
again only when its source is newer than its output; with no source, a
generated page whose output is missing is named for rewriting by ``refresh``.
The output of a dropped page is deleted by ``site.output``, which compares
the documents of the last build with those of this one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes

from chapbook.collecting import freshness
from chapbook.collecting.state import Page, Section, state
from chapbook.model.outline import ROOT as BOOK_ROOT
from chapbook.nodes import listing
from chapbook.reading.gate import withdrawn_from
from chapbook.reading.readloop import create, drop, register
from chapbook.urls import dirhtml_path, doc_key
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def is_generated(env: BuildEnvironment, docname: str) -> bool:
    """A page Chapbook made from the environment (the book's root is the book's own)."""
    return docname in state(env).pages


def keep_generated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Stop Sphinx from purging (or reading) generated documents, which have no source file.

    They are registered again with the project once the posts are read (``sync``).
    When the configuration changed, ``added`` *is* the project's set of
    documents, so nothing may be added to that set here.  A writer's file at a
    generated page's name is returned to be read (Sphinx would not, were it
    older than the page): the gate decides whether it is published.
    """
    pages = state(env).pages
    taken = []
    for docname in [*pages, BOOK_ROOT]:
        if has_source(env, docname) or (
            docname in added | changed and _has_file(env, docname)  # a draft edited
        ):
            # The writer has a file of that name now: it is read and wins a generated page;
            # the gate refuses it for the book's root, which the book always makes.
            pages.pop(docname, None)
            taken.append(docname)
            continue
        if docname in withdrawn_from(env) and not _has_file(env, docname):
            # A draft of that name is gone: the page is purged and made again, as the
            # search index names the file it is made from (``index.md``, ``index.rst``).
            withdrawn_from(env).discard(docname)
            continue
        removed.discard(docname)
        added.discard(docname)
        changed.discard(docname)
    return [docname for docname in taken if docname != BOOK_ROOT]


def has_source(env: BuildEnvironment, docname: str) -> bool:
    """Whether the writer has a file for ``docname`` (theirs always wins), which the gate
    did not keep out when it last looked at it (a draft ``index.md`` leaves the address
    to the made-up home page)."""
    return _has_file(env, docname) and docname not in withdrawn_from(env)


def _has_file(env: BuildEnvironment, docname: str) -> bool:
    return any((env.srcdir / f"{docname}{suffix}").is_file() for suffix in env.config.source_suffix)


def sync(app: Sphinx, wanted: Iterable[Page]) -> set[str]:
    """Create, re-create or drop generated pages; return the docnames (re)created."""
    env = app.env
    pages = state(env).pages
    wanted_by_name = {page.docname: page for page in _not_taken(env, wanted)}
    for docname in sorted(pages.keys() - wanted_by_name.keys()):
        del pages[docname]
        drop(app, docname)
    # Made before the read phase (the home page, when its file went or turned draft):
    # written as the pages made now, though their definition is the same as then.
    created = state(env).made_early & wanted_by_name.keys()
    state(env).made_early = set()
    for docname, page in sorted(wanted_by_name.items()):
        if freshness.stale_page(env, pages.get(docname), page):
            pages[docname] = page
            create(app, docname, lambda doctree, page=page: doctree.append(page_section(page)))
            created.add(docname)
        register(app, docname)
    return created


def _not_taken(env: BuildEnvironment, wanted: Iterable[Page]) -> list[Page]:
    """The pages whose address no source file has: the writer's file wins, and is told.

    Compared by address, as the site serves pages: ``tags.md`` is ``/tags/``, where
    the index of tags (``tags/index``) would be, and ``Archive.md`` is the archive's
    ``/archive/`` to a host that ignores case.
    """
    pages = state(env).pages
    root = env.config.root_doc
    sources = {
        doc_key(docname, root): docname
        for docname in sorted(env.all_docs, reverse=True)  # the first by name wins a key
        if docname not in pages and docname != BOOK_ROOT
    }
    kept = []
    for page in wanted:
        owner = sources.get(doc_key(page.docname, root))
        if owner is None:
            kept.append(page)
        else:
            warn(_taken_message(owner, page, root), Warn.SOURCE, location=(owner, 1))
    return kept


def _taken_message(owner: str, page: Page, root: str) -> str:
    mine, theirs = (_url(dirhtml_path(d, root)) for d in (owner, page.docname))
    where = "" if mine == theirs else f" ({theirs})"
    return (
        f"this file is published at {mine}, where the site would put its page "
        f"{page.title!r}{where}; that page is left out"
    )


def _url(path: str) -> str:
    return f"/{path}/" if path else "/"


def page_section(page: Page) -> nodes.section:
    return _section(page.title, page.sections, set())


def _section(title: str, parts: tuple[Section, ...], used: set[str]) -> nodes.section:
    section = nodes.section(ids=[_unique_id(title, used)], names=[title])
    section += nodes.title(title, title)
    for subtitle, attributes in parts:
        if subtitle is None:
            section += listing(**attributes)
        else:
            section += _section(subtitle, ((None, attributes),), used)
    return section


def _unique_id(title: str, used: set[str]) -> str:
    """An anchor for a section: ``2023`` for a year (docutils' ids cannot start with a
    digit, and every year section was ``page``), unique within the page."""
    base = nodes.make_id(title) or re.sub(r"[^0-9a-z]+", "-", title.lower()).strip("-") or "page"
    found, number = base, 1
    while found in used:
        number += 1
        found = f"{base}-{number}"
    used.add(found)
    return found


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("env-get-outdated", keep_generated)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

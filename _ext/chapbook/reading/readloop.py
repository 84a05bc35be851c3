"""A document with no source file taken through Sphinx's read loop: the one adapter.

Sphinx reads a file in ``Builder.read_doc`` (Sphinx 9.0, the same since 7.3):
the document's settings prepared, the doctree parsed, ``doctree-read`` emitted
to the collectors, the per-document state reset, the doctree pickled into
``doctrees/``; before reading a file again it emits ``env-purge-doc`` and
clears the environment of it.  A generated page (a tag page, the archive, the
book's root and parts) has no file to parse: :func:`create` takes every other
step, through public calls only, so that collectors, builders, the search
index and the sitemap see it as read; :func:`drop` forgets it, or a file the
gate withdraws, as Sphinx forgets a deleted file.  Nothing else in Chapbook
steps into the read loop (``tests/test_architecture.py`` checks that these
calls stay here).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util.docutils import new_document

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def drop(
    app: Sphinx, docname: str, *, only_if_read: bool = False, env: BuildEnvironment | None = None
) -> None:
    """Forget a document everywhere, as if its source file had been deleted.

    A generated page is purged even when not registered (collectors may still hold
    its data); a file the gate withdraws only if it was read (``only_if_read``).
    ``env`` is the one an event handler was given (``app.env`` otherwise).
    """
    env = env or app.env
    env.project.docnames.discard(docname)
    if not only_if_read or docname in env.all_docs:
        _purge(app, env, docname)


def register(app: Sphinx, docname: str) -> None:
    """Keep a generated document in the project, as Sphinx keeps a file it found."""
    app.env.project.docnames.add(docname)


def create(
    app: Sphinx,
    docname: str,
    fill: Callable[[nodes.document], None],
    *,
    orphan: bool = True,
) -> None:
    """Make ``docname`` anew: an empty doctree that ``fill`` completes, then registered.

    Collectors (titles, toctrees, metadata, Chapbook's own) see it as a read
    document; the builder writes it like any other.
    """
    env = app.env
    if docname in env.all_docs:
        _purge(app, env, docname)
    env.prepare_settings(docname)
    doctree = new_document(str(env.srcdir / docname))
    doctree.settings.env = env
    fill(doctree)
    register(app, docname)
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


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """Forget a document everywhere, as Sphinx does before reading a file again."""
    app.events.emit("env-purge-doc", env, docname)
    env.clear_doc(docname)

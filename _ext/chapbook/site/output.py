"""Keep the output folder equal to what a clean build would write.

Sphinx never deletes the output of a document that is gone (a deleted post,
a post turned draft, a tag no post uses any more), nor images only it used,
and its incremental search index keeps words that no page holds any more.
A page that a clean build would not produce must not stay online after an
incremental one.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from chapbook.collecting.state import stamp, state

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def note_purged(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """Remember every purged document; those not read again are gone."""
    state(env).purged.add(docname)


def withdraw(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``, after the pages are refreshed: delete the output of what is gone.

    When something was withdrawn, the root document is named for rewriting, so
    that Sphinx saves the environment (which no longer lists it).
    """
    return [env.config.root_doc] if remove_stale_output(app, env) else []


def remove_stale_output(app: Sphinx, env: BuildEnvironment) -> set[str]:
    """Delete the pages and source copies of documents that are gone; return them."""
    chapbook = state(env)
    gone = chapbook.purged - env.all_docs.keys()
    chapbook.purged = set()
    output_path = getattr(app.builder, "get_output_path", None)
    if output_path is None:
        return gone
    outdir = app.builder.outdir
    for docname in sorted(gone):
        _remove_page(outdir, output_path(docname))
        sources = outdir / "_sources" / docname
        for copy in sources.parent.glob(f"{sources.name}.*"):
            copy.unlink()
    return gone


def _remove_page(outdir: Path, path: Path) -> None:
    path.unlink(missing_ok=True)
    if path.name == "index.html" and path.parent != outdir:
        with contextlib.suppress(OSError):  # the folder still holds images or pages
            path.parent.rmdir()


def write_if_changed(path: Path, data: bytes) -> None:
    """Write ``data`` unless the file already holds it: unchanged output keeps its mtime,
    so servers, sync tools and incremental checks see no change."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)


def replace_files(app: Sphinx, record_name: str, written: set[str]) -> None:
    """Remove the files an earlier build wrote under ``record_name`` and this one did not.

    For outputs Chapbook writes itself at ``build-finished`` (tag feeds,
    redirect pages); the record is build state, kept beside the doctrees.
    """
    outdir = app.builder.outdir
    record = stamp(app, f"{record_name}.txt")
    before = set(record.read_text(encoding="utf-8").splitlines()) if record.exists() else set()
    for relative in sorted(before - written):
        path = (outdir / relative).resolve()
        if path.is_relative_to(outdir.resolve()):
            path.unlink(missing_ok=True)
            _remove_empty_parents(path.parent, outdir.resolve())
    record.write_text("".join(f"{name}\n" for name in sorted(written)), encoding="utf-8")


def _remove_empty_parents(folder: Path, outdir: Path) -> None:
    while folder != outdir and folder.is_relative_to(outdir):
        try:
            folder.rmdir()
        except OSError:
            return  # not empty
        folder = folder.parent


def prune_search_index(app: Sphinx) -> list[Any]:
    """Drop words no page holds any more (``html-collect-pages``, before the dump).

    Sphinx prunes documents from each word's set on an incremental build but
    keeps the emptied words, so the index would differ from a clean build's.
    No public API reaches the index's word maps; these are ``IndexBuilder``'s
    own ``_mapping`` and ``_title_mapping``, read defensively.
    """
    indexer = getattr(app.builder, "indexer", None)
    for mapping in (getattr(indexer, "_mapping", {}), getattr(indexer, "_title_mapping", {})):
        for word in [word for word, docnames in mapping.items() if not docnames]:
            del mapping[word]
    return []


def prune_images(app: Sphinx, exception: Exception | None) -> None:
    """Delete copied images that no document uses any more."""
    images = app.builder.outdir / "_images"
    if exception is not None or app.builder.format != "html" or not images.is_dir():
        return
    used = {unique for _docnames, unique in app.env.images.values()}
    for path in images.iterdir():
        if path.is_file() and path.name not in used:
            path.unlink()


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("env-purge-doc", note_purged)
    # After ``collecting.refresh`` (500), which may drop generated pages.
    app.connect("env-updated", withdraw, priority=550)
    app.connect("html-collect-pages", prune_search_index)
    app.connect("build-finished", prune_images)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Keep the output folder equal to what a clean build would write.

Sphinx never deletes the output of a document that is gone (a deleted post,
a post turned draft, a tag no post uses any more), nor images only it used,
and its incremental search index keeps words that no page holds any more.
A page that a clean build would not produce must not stay online after an
incremental one.

Nor does Sphinx notice a build that did not finish. It saves the environment
before writing pages, so after a build killed while writing, the next one
believes the unwritten pages (generated ones, listings that changed) are up
to date; after a build that failed, it starts from a fresh environment that
knows nothing of what was published. So what each build publishes and
whether it finished are kept beside the doctrees (``freshness.STAMPS``), not in
the environment: a build that finds the previous one unfinished writes every
page again, and one that finds a document of the last manifest gone deletes
its output. Chapbook's own files are written atomically: a kill never leaves
half a feed.
"""

from __future__ import annotations

import functools
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from chapbook.collecting import freshness
from chapbook.collecting.state import state
from chapbook.reading import sitepaths
from chapbook.speedups import sphinxcompat

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


# -- builds that did not finish ---------------------------------------------------------


def begin(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``, after the pages are refreshed: what the last build left to do.

    Every document is written again when the last build into this output folder
    did not finish. When the output of a document that is gone was deleted, the
    root document is named, so that Sphinx saves the environment (which no
    longer lists it) even if nothing else changed.
    """
    rewrite = freshness.rewrite_after_unfinished(app, env)
    if remove_stale_output(app, env):
        rewrite.add(env.config.root_doc)
    return sorted(rewrite)


def finish(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, after every output is written: this build did finish."""
    if exception is None:
        freshness.mark_finished(app)


# -- documents that are gone ---------------------------------------------------------------


def remove_stale_output(app: Sphinx, env: BuildEnvironment) -> set[str]:
    """Delete the output of documents the last build published and that are gone; return them.

    The manifest of published documents is noted after the deletions, so that a build
    killed while deleting leaves it to the next (``freshness.gone_documents``).
    """
    output_path = getattr(app.builder, "get_output_path", None)
    if output_path is None:  # a builder without a page per document
        return set()
    gone = freshness.gone_documents(app, env.all_docs.keys())
    if gone:
        outdir = app.builder.outdir.resolve()
        keep = _current_pages(app)
        for docname in sorted(gone):
            _remove_inside(outdir, output_path(docname), keep)
    _remove_source_copies(app, gone | state(env).pages.keys())
    freshness.note_published(app, env.all_docs)
    return gone


def _remove_source_copies(app: Sphinx, docnames: Set[str]) -> None:
    """Delete the copies of the sources of ``docnames`` (``_sources/<docname>.md.txt``).

    For documents that are gone, and for every generated page, which has no source:
    a generated page takes its address back under the same docname when the writer's
    own file there is deleted or turned draft, and that file's copy (a draft's text)
    must not stay online.  A few exact names looked up per document, at every build:
    no folder listed, no page's path worked out.
    """
    sources = app.builder.outdir / "_sources"
    if not docnames or not sources.is_dir():
        return
    outdir = app.builder.outdir.resolve()
    suffixes = tuple(app.config.source_suffix)
    link = app.config.html_sourcelink_suffix
    for docname in sorted(docnames):
        for copy in _source_copies(sources, docname, suffixes, link):
            _remove_inside(outdir, copy, frozenset())  # a copy is never a page


def _source_copies(sources: Path, docname: str, suffixes: Iterable[str], link: str) -> list[Path]:
    """The copies of ``docname``'s source that are there, named as Sphinx names them: the
    document's name, its source suffix, then ``html_sourcelink_suffix`` unless that is the
    source suffix (``post.md.txt``, ``post.txt``); never ``post.v2.md.txt``, another's."""
    names = {docname + suffix + ("" if suffix == link else link) for suffix in suffixes}
    return [sources / name for name in sorted(names) if (sources / name).is_file()]


def _current_pages(app: Sphinx) -> frozenset[Path]:
    """This build's pages, which no record of an earlier build may delete."""
    output_path = getattr(app.builder, "get_output_path", None)
    if output_path is None:
        return frozenset()
    return frozenset(output_path(docname).resolve() for docname in app.env.all_docs)


def _remove_inside(outdir: Path, path: Path, keep: Set[Path]) -> None:
    """Delete a file Chapbook once wrote, and the folders it leaves empty; never a file
    outside the output folder (``outdir``, resolved) nor one in ``keep``."""
    path = path.resolve()
    if path.is_relative_to(outdir) and path not in keep and path.is_file():
        path.unlink()
        _remove_empty_parents(path.parent, outdir)


def _remove_empty_parents(folder: Path, outdir: Path) -> None:
    while folder != outdir and folder.is_relative_to(outdir):
        try:
            folder.rmdir()
        except OSError:
            return  # not empty: it still holds images or pages
        folder = folder.parent


# -- files Chapbook writes itself ---------------------------------------------------------


def write_if_changed(path: Path, data: bytes) -> None:
    """Write an output as the stamps are written: atomically, and only when it changed
    (``freshness.write_if_changed``)."""
    freshness.write_if_changed(path, data)


def replace_files(
    app: Sphinx,
    record_name: str,
    written: set[str],
    ours: Callable[[Path], bool] | None = None,
) -> None:
    """Remove the files an earlier build wrote under ``record_name`` and this one did not.

    For outputs Chapbook writes itself at ``build-finished`` (tag feeds,
    redirect pages); the record is build state, kept beside the doctrees, as a
    JSON list of paths relative to the output folder (a path may hold any
    character, a line break too). Only files in that record are deleted, never
    one outside the output folder nor a page of this build; a record that
    cannot be read deletes nothing. With ``ours``, only a file it still
    recognises: a file the site now copies to the same place (``html_extra_path``)
    is the site's, as a clean build leaves it.
    """
    outdir = app.builder.outdir.resolve()
    stale = freshness.written_before(app, record_name) - written
    keep = _current_pages(app) if stale else frozenset()
    for relative in sorted(stale):
        path = outdir / relative
        if ours is None or (path.is_file() and ours(path)):
            _remove_inside(outdir, path, keep)
    freshness.note_written(app, record_name, written)


def not_the_sites_own(app: Sphinx) -> Callable[[Path], bool]:
    """For :func:`replace_files`' ``ours``: whether a file of the output folder is not one
    the site copies there itself (``html_extra_path``), which a clean build keeps.

    The extra folders are listed once, and only if a file is to be deleted."""
    outdir = app.builder.outdir.resolve()
    extra = functools.cache(
        lambda: frozenset(sitepaths.extra_files(Path(app.confdir), app.config.html_extra_path))
    )

    def ours(path: Path) -> bool:
        inside = path.resolve().is_relative_to(outdir)
        return inside and path.relative_to(outdir).as_posix() not in extra()

    return ours


def prune_search_index(app: Sphinx) -> list[Any]:
    """Drop words no page holds any more (``html-collect-pages``, before the dump).

    Sphinx prunes documents from each word's set on an incremental build but
    keeps the emptied words, so the index would differ from a clean build's.
    No public API reaches the index's word maps; these are ``IndexBuilder``'s
    own ``_mapping`` and ``_title_mapping``, read defensively.
    """
    indexer = getattr(app.builder, "indexer", None)
    for mapping in sphinxcompat.search_word_maps(indexer):
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
    _remove_empty_parents(images, app.builder.outdir)  # a clean build without images has none


def prune_downloads(app: Sphinx, exception: Exception | None) -> None:
    """Delete copied downloads that no document offers any more.

    Sphinx copies every download it knows into ``_downloads/<digest>/`` and
    never deletes one: a file a post stopped offering (removed from the post,
    or refused since it was edited: an SVG given a script) would stay online.
    """
    downloads = app.builder.outdir / "_downloads"
    if exception is not None or app.builder.format != "html" or not downloads.is_dir():
        return
    offered = {(downloads / dest).resolve() for _docnames, dest in app.env.dlfiles.values()}
    for path in sorted(downloads.rglob("*"), reverse=True):  # files before their folders
        if path.is_file() and path.resolve() not in offered:
            path.unlink()
            _remove_empty_parents(path.parent, app.builder.outdir)


def prune_language_scripts(app: Sphinx, exception: Exception | None) -> None:
    """Delete the search stemmer and script translations of a language the site left.

    Sphinx copies ``_static/<language>-stemmer.js`` and ``translations.js`` for
    the site's ``language`` and never deletes them: after a change of language
    the old one's would stay beside a clean build's.  ``_get_translations_js``
    is the HTML builder's own, read defensively.
    """
    static = app.builder.outdir / "_static"
    indexer = getattr(app.builder, "indexer", None)
    if exception is not None or app.builder.format != "html" or not static.is_dir():
        return
    stemmers = getattr(indexer, "get_js_stemmer_rawcodes", list)() if indexer else []
    wanted = {PurePath(path).name for path in stemmers}
    for path in static.glob("*-stemmer.js"):
        if path.name not in wanted:
            path.unlink()
    translations = sphinxcompat.translations_js(app.builder)
    if callable(translations) and not translations():
        (static / "translations.js").unlink(missing_ok=True)


def remove_build_info_backup(app: Sphinx, exception: Exception | None) -> None:
    """Delete ``.buildinfo.bak``, which a clean build does not have.

    Sphinx's HTML builders move ``.buildinfo`` there when a setting that shapes the
    pages changed (``get_outdated_docs``), and leave it in the output folder.
    """
    if exception is None and app.builder.format == "html":
        (app.builder.outdir / ".buildinfo.bak").unlink(missing_ok=True)


def setup(app: Sphinx) -> dict[str, bool]:
    # After ``collecting.refresh`` (500), which may drop generated pages.
    app.connect("env-updated", begin, priority=550)
    app.connect("html-collect-pages", prune_search_index)
    app.connect("build-finished", prune_images)
    app.connect("build-finished", prune_downloads)
    app.connect("build-finished", prune_language_scripts)
    app.connect("build-finished", remove_build_info_backup)
    # Last: only once feeds, redirects and every other output are written.
    app.connect("build-finished", finish, priority=990)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

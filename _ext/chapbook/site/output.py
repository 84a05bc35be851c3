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
whether it finished are kept beside the doctrees (``state.STAMPS``), not in
the environment: a build that finds the previous one unfinished writes every
page again, and one that finds a document of the last manifest gone deletes
its output. Chapbook's own files are written atomically: a kill never leaves
half a feed.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from chapbook.collecting.state import stamp
from chapbook.speedups import sphinxcompat

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Set
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Ends the name of a file being written; one left by a killed build is deleted by the next.
TEMPORARY = ".chapbook-tmp"


# -- builds that did not finish ---------------------------------------------------------


def begin(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``, after the pages are refreshed: what the last build left to do.

    Every document is written again when the last build into this output folder
    did not finish. When the output of a document that is gone was deleted, the
    root document is named, so that Sphinx saves the environment (which no
    longer lists it) even if nothing else changed.
    """
    rewrite: set[str] = set()
    if _mark_unfinished(app):
        _forget_unfinished_writes(app)
        rewrite |= env.all_docs.keys()
    if remove_stale_output(app, env):
        rewrite.add(env.config.root_doc)
    return sorted(rewrite)


def finish(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, after every output is written: this build did finish."""
    if exception is None:
        record = stamp(app, "unfinished.json")
        unfinished = set(_read_json_list(record)) - {_key(app)}
        if unfinished:
            write_if_changed(record, _json(sorted(unfinished)))
        else:
            record.unlink(missing_ok=True)


def _key(app: Sphinx) -> str:
    """Stamps are kept per output folder: builders may share a doctree folder."""
    return str(app.builder.outdir.resolve())


def _mark_unfinished(app: Sphinx) -> bool:
    """Note that a build into this output folder started; return whether the last one had not
    finished (killed, or failed with an exception)."""
    record = stamp(app, "unfinished.json")
    unfinished = set(_read_json_list(record))
    if _key(app) in unfinished:
        return True
    write_if_changed(record, _json(sorted(unfinished | {_key(app)})))
    return False


def _forget_unfinished_writes(app: Sphinx) -> None:
    """Undo what a killed build may have left half done at ``build-finished``.

    The feeds note their inputs before writing the feeds, so the note may
    describe feeds never written; and a kill between writing a temporary file
    and moving it into place leaves that file behind.
    """
    stamp(app, "feeds.sig").unlink(missing_ok=True)
    stamp(app, "tag-feeds.sig").unlink(missing_ok=True)
    for folder, pattern in ((app.builder.outdir, "**/.*"), (app.doctreedir, ".*")):
        for leftover in folder.glob(pattern + TEMPORARY):
            leftover.unlink(missing_ok=True)


# -- documents that are gone ---------------------------------------------------------------


def remove_stale_output(app: Sphinx, env: BuildEnvironment) -> set[str]:
    """Delete the output of documents the last build published and that are gone; return them.

    The manifest of published documents is written at every build's
    ``env-updated``, so it survives a failed build, after which Sphinx starts
    from a fresh environment that has no record of what it replaced.
    """
    output_path = getattr(app.builder, "get_output_path", None)
    if output_path is None:  # a builder without a page per document
        return set()
    record = stamp(app, "published.json")
    manifest = _read_json_dict(record)
    before = manifest.get(_key(app))
    gone = {d for d in before if isinstance(d, str)} if isinstance(before, list) else set()
    gone -= env.all_docs.keys()
    if gone:
        outdir = app.builder.outdir.resolve()
        keep = _current_pages(app)
        for docname in sorted(gone):
            _remove_inside(outdir, output_path(docname), keep)
            for copy in _source_copies(app.builder.outdir / "_sources" / docname):
                _remove_inside(outdir, copy, keep)
    manifest[_key(app)] = sorted(env.all_docs)
    write_if_changed(record, _json(manifest))
    return gone


def _source_copies(sources: Path) -> list[Path]:
    """``_sources/<docname>.md.txt`` and the like (no glob: a docname may hold ``[``)."""
    if not sources.parent.is_dir():
        return []
    return [path for path in sources.parent.iterdir() if path.name.startswith(sources.name + ".")]


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
    """Write ``data`` unless the file already holds it: unchanged output keeps its mtime,
    so servers, sync tools and incremental checks see no change."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_bytes() != data:
        _write_atomic(path, data)


def _write_atomic(path: Path, data: bytes) -> None:
    """Write a temporary file beside ``path``, then move it into place (one rename): a
    reader, or a build killed half-way, sees the old file or the new one, never half.

    ``open`` gives it the permissions of any new file (``mkstemp`` would make it
    private). No fsync: this guards against a killed process, not a power cut.
    """
    temporary = path.with_name(f".{path.name[:80]}.{os.getpid()}{TEMPORARY}")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


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
    record = stamp(app, f"{record_name}.json")
    stale = set(_read_json_list(record)) - written
    keep = _current_pages(app) if stale else frozenset()
    for relative in sorted(stale):
        path = outdir / relative
        if ours is None or (path.is_file() and ours(path)):
            _remove_inside(outdir, path, keep)
    write_if_changed(record, _json(sorted(written)))


def inputs_unchanged(record: Path, digest: str, outputs: Iterable[Path]) -> bool:
    """Whether every file of ``outputs`` is there and ``record`` holds ``digest``, the
    digest of the inputs they were last made from.  If not, ``record`` takes ``digest``
    and the caller makes them now; a record that cannot be read counts as changed."""
    with contextlib.suppress(OSError, ValueError):
        if all(path.is_file() for path in outputs) and record.read_text() == digest:
            return True
    record.write_text(digest)
    return False


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=0).encode("utf-8")


def _read_json(record: Path) -> object:
    """A stamp's content; ``None`` if missing or unreadable (corrupt, or an older format)."""
    # UnicodeDecodeError is a ValueError; RecursionError: absurdly nested brackets.
    with contextlib.suppress(OSError, ValueError, RecursionError):
        return json.loads(record.read_bytes().decode("utf-8"))
    return None


def _read_json_list(record: Path) -> list[str]:
    found = _read_json(record)
    if isinstance(found, list) and all(isinstance(item, str) for item in found):
        return found
    return []


def _read_json_dict(record: Path) -> dict[str, Any]:
    found = _read_json(record)
    return found if isinstance(found, dict) else {}


def read_record(record: Path) -> dict[str, Any]:
    """A JSON object kept beside the doctrees; empty if missing or unreadable."""
    return _read_json_dict(record)


def write_record(record: Path, value: dict[str, Any]) -> None:
    write_if_changed(record, _json(value))


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


def setup(app: Sphinx) -> dict[str, bool]:
    # After ``collecting.refresh`` (500), which may drop generated pages.
    app.connect("env-updated", begin, priority=550)
    app.connect("html-collect-pages", prune_search_index)
    app.connect("build-finished", prune_images)
    app.connect("build-finished", prune_downloads)
    app.connect("build-finished", prune_language_scripts)
    # Last: only once feeds, redirects and every other output are written.
    app.connect("build-finished", finish, priority=990)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

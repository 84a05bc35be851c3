"""What an incremental build writes again, decided in one place, so that it equals a clean one.

Sphinx writes a page again when its own source changed.  A Chapbook page also
changes when other posts do (a listing, previous and next, a link to an
address that appeared), and some outputs are made after the environment is
saved (feeds, the sitemap, redirect pages), so they cannot keep their notes in
it.  Every rule of that bookkeeping lives here; the modules that make the
outputs ask it:

* digests (:func:`digest`) of what an output is made from, and a random token
  (:func:`next_token`) renewed whenever the listings' inputs change, which
  outputs made later compare instead of digesting every post again;
* in the environment (``BuildState`` holds the data, purged and pickled with
  it; the rules are here): each page's listing signature, the sidebar's
  inputs, the site's URL keys, and from them the pages to write again
  (``refresh`` computes what they are now), and the generated pages to make
  again (``documents``);
* beside the doctrees (:data:`STAMPS`, :func:`stamp`), what must outlive the
  environment: digests of the outputs written at ``build-finished``, the files
  they wrote, the documents each output folder publishes, and whether the last
  build into it finished (the environment is saved before pages are written,
  and deleted when a build fails), which ``site.output`` acts on.

Stamps, like every file Chapbook writes, are written atomically
(:func:`write_if_changed`); one that cannot be read counts as "changed": a
lost stamp costs an output written again, never a stale one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sphinx.environment import CONFIG_OK

from chapbook.builders import is_site_builder
from chapbook.collecting.state import state
from chapbook.model.names import tag_key

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Set
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from chapbook.collecting.state import BuildState, Page, StoredListing, Target

#: Ends the name of a file being written; one left by a killed build is deleted by the next.
TEMPORARY = ".chapbook-tmp"

#: Files beside the doctrees (``chapbook-<name>``), the only build state kept outside the env.
STAMPS = frozenset(
    {
        # Inputs of the main feeds when they were last written (``site.feeds``).
        "feeds.sig",
        # Inputs of the sitemap when it was last written (``site.seo``).
        "sitemap.sig",
        # A digest of each tag feed's inputs when it was last written, as a JSON object.
        "tag-feeds.sig",
        # Files written at ``build-finished``, as JSON lists (``site.output.replace_files``).
        "feeds.json",
        "sitemap.json",
        "tag-feeds.json",
        "redirects.json",
        # Output folders whose build started and has not finished (``site.output``).
        "unfinished.json",
        # The documents each output folder publishes, written after every read phase.
        "published.json",
        # The documents of each output folder whose pages warned as they were written.
        "warned.json",
        # The site's page templates, compiled once and reused by later builds (``site.jinja``).
        "jinja",
    }
)
#: Digests of outputs' inputs.  Some are noted before their outputs are written: a build
#: killed in between leaves one describing outputs never written, so after a build that
#: did not finish, every one is forgotten.
DIGEST_STAMPS = frozenset(name for name in STAMPS if name.endswith(".sig"))
#: The key of :class:`Digests`' digest of every output at once (no output path is empty).
WHOLE = ""


# -- digests and tokens ---------------------------------------------------------------------


def digest(value: object) -> str:
    """A stable digest of what an output is made from, to tell when it must be made again."""
    return hashlib.sha256(pickle.dumps(value, protocol=4)).hexdigest()


def next_token(token: str, *, same_inputs: bool) -> str:
    """The listings' token: kept while their inputs are the same, else a new random one.

    Random rather than a digest of the inputs: renewing it costs nothing, and
    outputs made after the environment is saved compare it in their own digests.
    """
    return token if same_inputs else secrets.token_hex(8)


# -- pages to write again, from the environment ---------------------------------------------


def listing_inputs(env: BuildEnvironment) -> tuple[Any, ...]:
    """Everything ``listings.content_of`` reads besides a listing's definition.

    Copies of the tables, so a later build compares with what was, not with what is.
    Unchanged records are the same objects, so the comparison costs one identity
    check each but for the posts read again.
    """
    chapbook = state(env)
    tables = (
        chapbook.posts, chapbook.ranks, chapbook.tags, chapbook.series, chapbook.authors,
        chapbook.neighbours,
    )  # fmt: skip
    return (env.config.root_doc, *(dict(table) for table in tables))


def note_listings(
    chapbook: BuildState,
    inputs: tuple[Any, ...],
    defs: Mapping[str, list[StoredListing]],
    shown: Callable[[str, list[StoredListing]], object],
) -> set[str]:
    """Note each page's listing signature; return the pages whose signature changed.

    ``shown(docname, listings)`` is what the page's listings show, a function of their
    definitions and of ``inputs`` alone: where neither changed, a signature stands
    (a body edit at 1,250 posts then derives no listing again: 114 selections,
    1,300 digests).  The token is renewed with the inputs.
    """
    same = inputs == chapbook.listing_inputs
    old, before = chapbook.listing_signatures, chapbook.listing_defs
    new = {
        docname: old[docname]
        if same and docname in old and before.get(docname) == found
        else digest(shown(docname, found))
        for docname, found in defs.items()
    }
    chapbook.listing_signatures = new
    chapbook.listing_token = next_token(chapbook.listing_token, same_inputs=same)
    chapbook.listing_inputs = inputs
    chapbook.listing_defs = dict(defs)
    return {docname for docname, sig in new.items() if old.get(docname) != sig}


def note_sidebar(chapbook: BuildState, now: tuple[Any, ...]) -> bool:
    """Note what the sidebar and masthead show; whether it changed (never on a first build,
    which writes every page anyway)."""
    before, chapbook.sidebar = chapbook.sidebar, now
    return before is not None and before != now


def note_url_keys(chapbook: BuildState, now: set[str]) -> set[str]:
    """Note the site's URL keys; return those that appeared or vanished (none on a first build)."""
    before, chapbook.url_keys = chapbook.url_keys, now
    return now ^ before if before else set()


def note_xref_targets(chapbook: BuildState, now: dict[Target, object]) -> set[Target]:
    """Note what each target of a reference between pages resolves to; return those that
    resolve otherwise.  A target not noted before is named only by documents read in this
    build, which are written anyway."""
    before, chapbook.xref_signatures = chapbook.xref_signatures, now
    return {target for target, found in now.items() if target in before and before[target] != found}


#: Between a URL key and the page it goes to in the noted URL keys (``<key>`` NUL
#: ``<docname>``): no URL key holds a NUL, as paths, names and aliases refuse controls.
WITH_PAGE = "\0"


def with_page(key: str, docname: str) -> str:
    """A URL key noted with its page: the key stays while the page it goes to may move
    (an old address to another post, a tag to another spelling's page)."""
    return f"{key}{WITH_PAGE}{docname}"


def tag_with_page(key: str, docname: str) -> str:
    """A tag's URL key noted with its page."""
    return with_page(f"tags/{key}", docname)


def docs_linking_to(env: BuildEnvironment, keys: Set[str]) -> set[str]:
    """Documents whose links resolve differently now that ``keys`` appeared or vanished.

    A key may come with its page (``with_page``).  A link names a tag by any
    spelling (``tags/Some Tag``), so a key under ``tags/`` is also compared by the
    tag's key, as the domain resolves it (an old address under ``tags/`` too: a
    page more is written again, never one less).
    """
    wanted: dict[str, frozenset[str]] = env.domains["chapbook"].data["wanted"]
    plain = {key.partition(WITH_PAGE)[0] for key in keys}
    tags = {key[len("tags/") :] for key in plain if key.startswith("tags/")}
    return {
        docname
        for docname, targets in wanted.items()
        if targets & plain or (tags and any(_names_tag(target, tags) for target in targets))
    }


def _names_tag(target: str, tags: Set[str]) -> bool:
    return target.startswith("tags/") and tag_key(target[len("tags/") :]) in tags


def unwritten_pages(app: Sphinx, env: BuildEnvironment) -> set[str]:
    """Generated pages whose output file is missing (a build killed before writing them, a
    deleted file).  Sphinx writes a page again only when its source is newer than its
    output; a generated page has no source, so Sphinx never notices."""
    if not is_site_builder(app.builder):
        return set()
    output_path = app.builder.get_output_path  # type: ignore[attr-defined]
    return {docname for docname in state(env).pages if not output_path(docname).is_file()}


# -- stamps: notes beside the doctrees --------------------------------------------------------


def stamp(app: Sphinx, name: str) -> Path:
    """A file beside the doctrees where an output written after the env is saved keeps notes."""
    assert name in STAMPS, name
    return app.doctreedir / f"chapbook-{name}"


def _key(app: Sphinx) -> str:
    """Stamps are kept per output folder: builders may share a doctree folder."""
    return str(app.builder.outdir.resolve())


def inputs_unchanged(record: Path, value: str, outputs: Iterable[Path]) -> bool:
    """Whether every file of ``outputs`` is there and ``record`` holds ``value``, the
    digest of the inputs they were last made from.  If not, ``record`` takes ``value``
    and the caller makes them now; a record that cannot be read counts as changed."""
    with contextlib.suppress(OSError, ValueError):
        if all(path.is_file() for path in outputs) and record.read_text() == value:
            return True
    write_if_changed(record, value.encode())
    return False


@dataclass
class Digests:
    """A stamp of one digest per output (by path in ``outdir``), and one of them all.

    For a family of outputs made at ``build-finished`` (the tag feeds): with the
    same digest of them all and every file there, none is made again; else each
    is made again unless its own digest and file are as the last build left them.
    """

    record: Path
    outdir: Path
    whole: str
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, app: Sphinx, name: str, whole: str) -> Digests:
        record = stamp(app, name)
        return cls(record, app.builder.outdir, whole, read_record(record))

    def all_fresh(self) -> bool:
        outputs = (self.outdir / path for path in self.before if path != WHOLE)
        return self.before.get(WHOLE) == self.whole and all(path.is_file() for path in outputs)

    def fresh(self, path: str, value: str) -> bool:
        """Note ``value`` as the digest of ``path``'s inputs; whether its file is there and
        was made from the same."""
        self.after[path] = value
        return self.before.get(path) == value and (self.outdir / path).is_file()

    def save(self) -> None:
        write_record(self.record, {WHOLE: self.whole, **self.after})


# -- builds that did not finish, documents and files that are gone --------------------------


def rewrite_after_unfinished(app: Sphinx, env: BuildEnvironment) -> set[str]:
    """Every document when the last build into this output folder did not finish, else none.

    Sphinx saves the environment before writing pages, so after a build killed while
    writing it believes the unwritten pages up to date.  What that build may have left
    half done is forgotten too.  Notes this build as started (:func:`mark_finished`).
    """
    if not mark_started(app):
        return set()
    forget_unfinished_writes(app)
    return set(env.all_docs)


def stale_page(env: BuildEnvironment, known: Page | None, page: Page) -> bool:
    """Whether a generated page must be made again: its definition changed, it is not
    registered, or the configuration changed (labels or the date format, say)."""
    return env.config_status != CONFIG_OK or known != page or page.docname not in env.all_docs


def mark_started(app: Sphinx) -> bool:
    """Note that a build into this output folder started; return whether the last one had not
    finished (killed, or failed with an exception)."""
    record = stamp(app, "unfinished.json")
    unfinished = set(_read_json_list(record))
    if _key(app) in unfinished:
        return True
    write_if_changed(record, _json(sorted(unfinished | {_key(app)})))
    return False


def mark_finished(app: Sphinx) -> None:
    """The build into this output folder finished: the next one may trust what it wrote."""
    record = stamp(app, "unfinished.json")
    unfinished = set(_read_json_list(record)) - {_key(app)}
    if unfinished:
        write_if_changed(record, _json(sorted(unfinished)))
    else:
        record.unlink(missing_ok=True)


def forget_unfinished_writes(app: Sphinx) -> None:
    """Undo what a killed build may have left half done at ``build-finished``: digests
    noted for outputs never written (:data:`DIGEST_STAMPS`), and a temporary file a kill
    left between writing it and moving it into place."""
    for name in sorted(DIGEST_STAMPS):
        stamp(app, name).unlink(missing_ok=True)
    for folder, pattern in ((app.builder.outdir, "**/.*"), (app.doctreedir, ".*")):
        for leftover in folder.glob(pattern + TEMPORARY):
            leftover.unlink(missing_ok=True)


def gone_documents(app: Sphinx, docnames: Set[str]) -> set[str]:
    """The documents the last build into this output folder published that are gone.

    The manifest (:func:`note_published`) is written at every build's ``env-updated``,
    so it survives a failed build, after which Sphinx starts from a fresh environment
    that has no record of what it replaced.
    """
    return _documents(app, "published.json") - docnames


def note_published(app: Sphinx, docnames: Iterable[str]) -> None:
    """Note the documents this output folder publishes (after the gone ones are deleted)."""
    _note_documents(app, "published.json", docnames)


def warned_before(app: Sphinx) -> set[str]:
    """The documents whose pages warned when the last build into this folder wrote them."""
    return _documents(app, "warned.json")


def note_warned(app: Sphinx, docnames: Iterable[str]) -> None:
    _note_documents(app, "warned.json", docnames)


def _documents(app: Sphinx, name: str) -> set[str]:
    """The documents a stamp of ``name`` holds for this output folder."""
    before = _read_json_dict(stamp(app, name)).get(_key(app))
    return {d for d in before if isinstance(d, str)} if isinstance(before, list) else set()


def _note_documents(app: Sphinx, name: str, docnames: Iterable[str]) -> None:
    record = stamp(app, name)
    notes = _read_json_dict(record)
    notes[_key(app)] = sorted(docnames)
    write_if_changed(record, _json(notes))


def written_before(app: Sphinx, name: str) -> set[str]:
    """The files (relative to the output folder) an earlier build noted under ``name``."""
    return set(_read_json_list(stamp(app, f"{name}.json")))


def note_written(app: Sphinx, name: str, written: Iterable[str]) -> None:
    write_if_changed(stamp(app, f"{name}.json"), _json(sorted(written)))


# -- writing files --------------------------------------------------------------------------


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


def read_record(record: Path) -> dict[str, Any]:
    """A JSON object kept beside the doctrees; empty if missing or unreadable."""
    return _read_json_dict(record)


def write_record(record: Path, value: dict[str, Any]) -> None:
    write_if_changed(record, _json(value))


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

"""Several files, one document: which one is read, and each other one named with its path.

Sphinx names a document by its file's path in Unicode NFC, without the suffix,
and opens the file by that NFC spelling.  So ``café.md`` as macOS writes it
(NFD: ``e`` and a combining accent) and ``café.md`` in NFC are one document,
and so are ``x.md`` and ``x.rst``.  Sphinx reads one of them and says so in
one warning with no file or line ("multiple files found for the document");
and on a file system that keeps names as written (Linux, where the site is
built on CI) a post whose name is only in NFD cannot be opened at all ("Ignored
unreadable document", located at a file that does not exist).

Before Sphinx looks for documents (``config-inited``), the source folder is
walked as Sphinx walks it, and each file it would not read is named here with
its own path: the file read is the one in NFC (for other twins, the first by
name, as Sphinx takes it).  Sphinx's own two warnings about exactly these files
are then left out (verified with Sphinx 9.0.4: its messages in
``sphinx/project.py``, compared translated; any other message passes).

The same walk finds the folders that are symbolic links, and none is read.
Sphinx's walk follows them (``get_matching_files``: ``os.walk(followlinks=True)``):
``loop -> .`` published every post again under ``/loop/loop/...`` until the
path grew too long, and two such links never ended.  So this walk does not
follow links, names each linked folder once with its path, and adds it to
``exclude_patterns`` (as written, its wildcards escaped), where Sphinx prunes
its walk and ``reading.files`` refuses what is under it.  A linked file is the
gate's (``reading.gate``: one leading out of the source folder is refused).

And it finds the files that look like posts but that Sphinx does not read at
all, which were lost without a word, even with ``-W``: a suffix Sphinx reads in
another case (``index.MD``, ``x.Rst``: its match is case-sensitive), or a path
with a line break in it (Sphinx's patterns, ``**`` included, never match across
one).  Each is named once per build, when the gate runs (``env-before-read-docs``,
where a file's name is escaped in the log), unless the writer left it out on
purpose: an ``exclude_patterns`` or hidden folder, or a path ``include_patterns``
does not cover.
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.locale import __
from sphinx.util.matching import compile_matchers

from chapbook.trust.controls import for_the_log
from chapbook.urls import dirhtml_path
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    Matchers = list[Callable[[str], object]]

#: What Sphinx's project excludes besides the configuration (``sphinx.project``).
SPHINX_EXCLUDES = ("**/_sources", ".#*", "**/.#*", "*.lproj/**")
#: Sphinx's warnings about these files, untranslated (``sphinx/project.py``, 9.0.4).
SPHINX_MULTIPLE = 'multiple files found for the document "%s": %s\nUse %r for the build.'
SPHINX_UNREADABLE = "Ignored unreadable document %r."
#: The logger Sphinx's project warns through (``sphinx.util.logging`` adds ``sphinx.``).
SPHINX_LOGGER = "sphinx.sphinx.project"
#: Where the filter of a build is kept on its application, to be taken off at its end.
FILTER = "chapbook_duplicates_filter"
#: Where the files that look like posts but are not read wait, on the application, to be
#: named when the gate runs.
UNREAD = "chapbook_unread_files"


@dataclass
class Found:
    """What a walk of the source folder found that Sphinx would not read."""

    #: file not read (relative path as on disk) -> (the file read, their document)
    twins: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: files named in NFD (relative path as on disk) that Sphinx cannot open by name
    unopenable: list[str] = field(default_factory=list)
    #: Sphinx's arguments for the warnings Chapbook gives instead
    docnames: set[str] = field(default_factory=set)
    paths: set[str] = field(default_factory=set)
    #: folders that are symbolic links (relative paths as on disk): never read
    linked: list[str] = field(default_factory=list)
    #: files that look like posts and that Sphinx does not read (as on disk) -> why
    unread: dict[str, str] = field(default_factory=dict)


def find(srcdir: Path, suffixes: tuple[str, ...], include: list[str], exclude: list[str]) -> Found:
    """Walk ``srcdir`` as Sphinx's project does, and keep what it would not read."""
    found = Found()
    read: dict[str, str] = {}  # docname -> the file Sphinx opens (its NFC name)
    first: dict[str, str] = {}  # docname -> the first of its files found, as on disk
    included, skipped = compile_matchers(include), Skipped(suffixes, include, exclude)
    for raw in _walk(srcdir, exclude, found.linked):
        name, taken = _nfc(raw), _matches(included, raw)
        suffix = next((s for s in suffixes if name.endswith(s)), None)
        if suffix is None or not taken:  # not read: a post's name, maybe, in another case
            if why := skipped.why(raw, included=taken):
                found.unread[raw] = why
            continue
        docname = name.removesuffix(suffix)
        if docname in read:
            # Sphinx opens the NFC name of the first found: that file is read, even if
            # found second (``café.md`` in NFD sorts before the NFC one).
            loser = first[docname] if raw == read[docname] else raw
            first[docname] = read[docname]
            found.twins[loser] = (read[docname], docname)
            found.docnames.add(docname)
        elif os.access(srcdir / name, os.R_OK):
            read[docname], first[docname] = name, raw
        elif name != raw:  # only its NFD spelling is on disk
            found.unopenable.append(raw)
            found.paths.add(name)
    return found


def _walk(srcdir: Path, exclude: list[str], linked: list[str]) -> Iterator[str]:
    """Relative paths as on disk of the files not excluded, in Sphinx's order, matched
    on their NFC spelling as ``sphinx.util.matching.get_matching_files`` matches them
    (which yields only NFC); whether ``include_patterns`` takes them is the caller's.

    Folders that are links are not entered: each one not excluded is added to ``linked``.
    """
    excluded = compile_matchers(exclude)
    for root, dirs, files in os.walk(srcdir):  # links to folders are listed, not followed
        relative = Path(os.path.relpath(root, srcdir))
        for name in sorted(files):
            path = (relative / name).as_posix().removeprefix("./")
            if not _matches(excluded, path):
                yield path
        kept = [d for d in sorted(dirs) if not _matches(excluded, (relative / d).as_posix())]
        links = [d for d in kept if os.path.islink(os.path.join(root, d))]
        linked += [(relative / d).as_posix().removeprefix("./") for d in links]
        dirs[:] = [d for d in kept if d not in links]


class Skipped:
    """Why Sphinx does not read a file that looks like a post, unless the writer meant it.

    A post's look is its suffix: one Sphinx reads, in any case, with any spaces after
    it.  The writer's patterns are Sphinx's (``sphinx.util.matching``), also read with
    ``.`` matching a line break for a path that has one: what the writer meant to
    exclude (``two*``, or a hidden folder) stays unnamed, line break or not.
    """

    def __init__(self, suffixes: tuple[str, ...], include: list[str], exclude: list[str]) -> None:
        self.suffixes = sorted(suffixes, key=len, reverse=True)
        self.include, self.exclude = _across_lines(include), _across_lines(exclude)

    def why(self, raw: str, *, included: bool) -> str | None:
        """The warning for ``raw`` (a relative path as on disk, not excluded, that
        Sphinx does not read), or ``None`` if it is no post or left out on purpose."""
        look = self._post_suffix(raw.rsplit("/", 1)[-1])
        if look is None:
            return None
        written, suffix = look
        if "\n" in raw:
            return None if self._left_out(raw) else _line_break(raw)
        if not included:
            return None  # outside ``include_patterns``: on purpose
        return (f"not read: '{for_the_log(written)}' is not a suffix Sphinx reads (rename it "
                f"to {suffix})")  # fmt: skip

    def _post_suffix(self, name: str) -> tuple[str, str] | None:
        """The end of ``name`` as written and the source suffix it stands for, if its
        end is one in another case, or followed by spaces (``.MD``, ``.md ``)."""
        stripped = name.rstrip()
        for suffix in self.suffixes:
            start = len(stripped) - len(suffix)  # a name, not only a suffix (``.MD``: hidden)
            if start > 0 and stripped[start:].casefold() == suffix.casefold():
                return name[start:], suffix
        return None

    def _left_out(self, raw: str) -> bool:
        """Outside ``include_patterns``, or it or one of its folders excluded."""
        path = _nfc(raw)
        if not _matches(self.include, path):
            return True
        folders = [path.rsplit("/", depth)[0] for depth in range(path.count("/") + 1)]
        return any(_matches(self.exclude, folder) for folder in folders)


def _across_lines(patterns: list[str]) -> Matchers:
    """Sphinx's matchers (each a compiled pattern's ``match``), with ``.`` also matching
    a line break; as they are if Sphinx ever makes them otherwise."""
    matchers: Matchers = []
    for match in compile_matchers(patterns):
        pattern = getattr(match, "__self__", None)
        dotall = isinstance(pattern, re.Pattern)
        matchers.append(re.compile(pattern.pattern, re.DOTALL).match if dotall else match)
    return matchers


def _line_break(raw: str) -> str:
    """The warning for a path with a line break: the first part of it to rename."""
    parts = raw.split("/")
    at = next(index for index, part in enumerate(parts) if "\n" in part)
    what = "the file" if at == len(parts) - 1 else f"the folder '{for_the_log(parts[at])}'"
    return f"not read: Sphinx skips a file whose path has a line break in it (rename {what})"


def _matches(matchers: Matchers, path: str) -> bool:
    normal = _nfc(path.removeprefix("./"))
    return any(match(normal) for match in matchers)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def report(srcdir: Path, root_doc: str, found: Found) -> None:
    """A warning at each file that is not read, naming the file read instead."""
    for raw, (winner, docname) in sorted(found.twins.items()):
        address = dirhtml_path(docname, root_doc)
        url = f"/{address}/" if address else "/"
        why = (
            "their names differ only in Unicode normalisation: this one is in NFD, as macOS "
            "writes names"
            if _nfc(raw) == winner
            else "the same name with another suffix"
        )
        warn(f"not published: {raw} and {winner} would both be {url} ({why}); "
             f"{winner} is published, this file is not", Warn.SOURCE,
             location=f"{srcdir / raw}:1")  # fmt: skip
    for raw in found.unopenable:
        warn("not published: its name is in Unicode NFD (as macOS writes names), and Sphinx "
             "opens files by their NFC name, which this file system keeps apart; rename it",
             Warn.SOURCE, location=f"{srcdir / raw}:1")  # fmt: skip
    for raw in found.linked:
        warn("not read: this folder is a symbolic link, and nothing in a linked folder is "
             "published (a link can lead out of the source folder, or back into it and "
             "publish every post again); put the folder itself here",
             Warn.SOURCE, location=f"{srcdir / raw}:1")  # fmt: skip


#: Wildcards as themselves in a Sphinx pattern: each in a set of its own (``[`` beside
#: NUL, which no path holds, as ``[[]`` is a regular expression Python warns about).
LITERAL = {"*": "[*]", "?": "[?]", "[": "[\x00[]"}


def literal(path: str) -> str:
    """``path`` as an ``exclude_patterns`` entry that matches it alone (NFC, as Sphinx
    matches): ``*``, ``?`` and ``[`` in a folder's name stand for themselves."""
    return re.sub(r"[*?[]", lambda wildcard: LITERAL[wildcard[0]], _nfc(path))


class StandIn(logging.Filter):
    """Leaves out Sphinx's warnings about the files Chapbook named itself."""

    def __init__(self, found: Found) -> None:
        super().__init__()
        self.found = found

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        message = str(record.msg)
        if args and message == str(__(SPHINX_MULTIPLE)):
            return args[0] not in self.found.docnames
        if args and message == str(__(SPHINX_UNREADABLE)):
            return args[0] not in self.found.paths
        return True


def look_before_sphinx(app: Sphinx, config: Config) -> None:
    """``config-inited``: before Sphinx looks for documents, name the files it would not read.

    Sphinx looks as soon as the builder is made, before ``builder-inited``; the
    source suffixes are complete once its own ``config-inited`` handlers ran (800).
    The HTML builders' asset folders are excluded as they exclude them.
    """
    assets = [*config.html_extra_path, *config.html_static_path]
    exclude = [*config.exclude_patterns, *config.templates_path, *assets]
    srcdir = Path(app.srcdir)
    found = find(srcdir, tuple(config.source_suffix), list(config.include_patterns),
                 [*exclude, *SPHINX_EXCLUDES])  # fmt: skip
    report(srcdir, config.root_doc, found)
    setattr(app, UNREAD, found.unread)  # named when the gate runs: see ``name_unread``
    # Sphinx's walk (and ``reading.files``) leave out an excluded folder with all it holds.
    config.exclude_patterns = [*config.exclude_patterns, *map(literal, found.linked)]
    project = logging.getLogger(SPHINX_LOGGER)
    for earlier in [f for f in project.filters if isinstance(f, StandIn)]:
        project.removeFilter(earlier)  # of an application that never built (tests make many)
    stand_in = StandIn(found)
    project.addFilter(stand_in)
    setattr(app, FILTER, stand_in)


def name_unread(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: a warning at each file that looks like a post and is not
    read, in every build (incremental ones too), where the gate names the files it
    refuses."""
    srcdir = Path(app.srcdir)
    for raw, why in sorted(getattr(app, UNREAD, {}).items()):
        warn(why, Warn.SOURCE, location=f"{srcdir / raw}:1")


def take_off(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the filter is this build's only."""
    stand_in = getattr(app, FILTER, None)
    if stand_in is not None:
        logging.getLogger(SPHINX_LOGGER).removeFilter(stand_in)
        setattr(app, FILTER, None)


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("config-inited", look_before_sphinx, priority=900)
    app.connect("env-before-read-docs", name_unread)
    app.connect("build-finished", take_off)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

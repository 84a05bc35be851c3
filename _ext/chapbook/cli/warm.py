"""``chapbook serve``'s rebuilds from a warm process: each save waits for the build alone.

A plain ``sphinx-build`` per save spends most of its time before it reads the
saved post: starting Python, importing Sphinx, MyST, the theme and Chapbook,
setting up every extension and unpickling the environment (benchmarks/loop.py
measures each share). Here a fork server imports those modules once; for each
build it forks a child that sets up a Sphinx application on the blog as it is
now (config, extensions, the pickled environment) and waits. When a post is
saved, the waiting child builds at once and exits; the next one is prepared
while the writer reads.

Every build is still a fresh process, forked from one that only imported
modules: no state of an earlier build is kept, so the output equals a clean
build's as a ``sphinx-build`` per save does (``tests/test_serve_loop.py``).
A child is used only for the saves it may see: it was set up before them, so
if anything other than a post's text changed (a file added or removed, an
image, a template) it is dropped and a new one set up after the save.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import pkgutil
import sys
import traceback
from dataclasses import dataclass, field
from multiprocessing import forkserver
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chapbook.cli import blog as blogs
from chapbook.cli.build import quiet_log
from chapbook.speedups import preview

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from multiprocessing.connection import Connection

#: Imported once, in the fork server: its import loads what every build imports.
PRELOAD = ("chapbook.cli.warmup",)
#: Chapbook's package folder (this module is ``chapbook/cli/warm.py``).
PACKAGE = Path(__file__).resolve().parents[1]
#: Saves to these files change only what the build reads from them again.
SOURCES = blogs.MARKDOWN


def available() -> bool:
    """Forking is POSIX's; elsewhere (Windows) ``chapbook serve`` starts a process per save."""
    return hasattr(os, "fork") and "forkserver" in multiprocessing.get_all_start_methods()


def warm_up() -> None:
    """Import what a build imports (run in the fork server, once)."""
    for name in ("sphinx.application", "sphinx.builders.dirhtml", "sphinx.cmd.build",
                 "myst_parser", "myst_parser.sphinx_ext.main", "sphinx_book_theme"):  # fmt: skip
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    for module in pkgutil.walk_packages([str(PACKAGE)], "chapbook."):
        if not module.name.startswith("chapbook.cli"):
            with contextlib.suppress(Exception):  # an optional dependency missing: imported later
                importlib.import_module(module.name)


@dataclass(frozen=True)
class Settings:
    """One build's arguments, as ``sphinx-build`` takes them."""

    srcdir: Path
    confdir: Path
    outdir: Path
    doctreedir: Path
    overrides: dict[str, str] = field(default_factory=dict)
    builder: str = "dirhtml"
    #: Sphinx's whole log (``-v``); otherwise only warnings, as ``chapbook build`` prints.
    verbose: bool = False


@dataclass(frozen=True)
class Written:
    """Said by a build once the saved posts' pages are written, before the rest:
    their addresses, as the builder links to them (``third/``, ``index.html``)."""

    addresses: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    """How a build ended: Sphinx's status, and the error that stopped it, if any."""

    status: int
    error: str = ""


def _child(settings: Settings, conn: Connection) -> None:
    """In a forked child: set up the application, wait for the word, build, exit."""
    try:
        from sphinx.application import Sphinx
        from sphinx.util.docutils import docutils_namespace, patch_docutils

        status = quiet_log(verbose=settings.verbose)
        with patch_docutils(settings.confdir), docutils_namespace():
            app = Sphinx(str(settings.srcdir), str(settings.confdir), str(settings.outdir),
                         str(settings.doctreedir), settings.builder,
                         confoverrides=dict(settings.overrides), status=status,
                         warning=sys.stderr)  # fmt: skip
            preview.discover_ahead(app)  # what the build can do before the save
            conn.send("ready")
            if conn.recv() != "build":
                os._exit(0)
            _build(app, settings, lambda addresses: conn.send(Written(tuple(addresses))))
        conn.send(Result(app.statuscode))
    except BaseException as error:
        with contextlib.suppress(OSError):
            conn.send(Result(2, _described(error)))
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        # The parent's objects were never this child's to clean up; the build is saved.
        os._exit(0)


def _build(app: Any, settings: Settings, written: Callable[[list[str]], None]) -> None:
    """Build, the environment pickled beside the writing (``speedups.preview``), the
    saved posts' pages written first and ``written`` told their addresses."""
    from sphinx.application import ENV_PICKLE_FILENAME

    forked = preview.install(app, written)
    try:
        app.build()
    finally:
        if forked is not None and not forked.wait():
            # A part-written environment: the next build starts from a fresh one.
            (settings.doctreedir / ENV_PICKLE_FILENAME).unlink(missing_ok=True)


def _described(error: BaseException) -> str:
    from sphinx.errors import SphinxError

    if isinstance(error, SphinxError):
        return f"{error.category}: {error}"
    return "".join(traceback.format_exception(error))


def listing(folder: Path) -> frozenset[str]:
    """Every file under the folder: a new or removed one needs a new set-up."""
    return frozenset(
        os.path.join(root, name) for root, _, names in os.walk(folder) for name in names
    )


#: Set while the fork server starts: Python's own rule puts the working folder first on
#: the path of ``python -c`` (how the server starts), and from inside ``docs/`` a post's
#: folder could then bring a ``pygments.py`` that every build imports.
SAFE_PATH = {"PYTHONSAFEPATH": "1"}


def start_fork_server() -> None:
    """Start the fork server with this Chapbook first on its path, and not the folder the
    writer is in.

    Python before 3.13 starts it without the parent's ``sys.path``, so it
    would import whichever Chapbook is installed, not the one running.
    """
    here = str(PACKAGE.parent)
    path = os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")]))
    with _environment({"PYTHONPATH": path, **SAFE_PATH}):
        forkserver.ensure_running()


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """These environment variables set, then as they were."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value


class Rebuilder:
    """Builds the blog in children forked from a warm process, one prepared ahead."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.context: Any = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(list(PRELOAD))
        start_fork_server()
        self.prepared: tuple[Any, Connection, frozenset[str]] | None = None

    def prepare(self) -> None:
        """Fork the next build's child: it sets up while the writer writes."""
        files = listing(self.settings.srcdir)
        ours, theirs = self.context.Pipe()
        process = self.context.Process(target=_child, args=(self.settings, theirs), daemon=True)
        process.start()
        theirs.close()
        self.prepared = (process, ours, files)

    def build(
        self, changed: Iterable[Path] = (), written: Callable[[Written], None] | None = None
    ) -> Result:
        """Build now, with the prepared child if it may see these changes.

        ``written`` hears of the saved posts' pages as soon as they are written
        (from this thread, while the build goes on).
        """
        if self.prepared is None or not self._still_fits(changed):
            self.discard()
            self.prepare()
        assert self.prepared is not None
        process, conn, _ = self.prepared
        self.prepared = None
        try:
            return self._run(conn, written or (lambda _word: None))
        finally:
            conn.close()
            process.join()

    def _still_fits(self, changed: Iterable[Path]) -> bool:
        """Whether the prepared child was set up on the blog as it is now, but for posts' text.

        Its set-up reads no post: only the list of files (which posts exist, what
        the watcher's filter passed) and what is not a post can change it.
        """
        assert self.prepared is not None
        process, _, files = self.prepared
        if not process.is_alive():
            return False
        return all(Path(p).suffix in SOURCES for p in changed) and files == listing(
            self.settings.srcdir
        )

    @staticmethod
    def _run(conn: Connection, written: Callable[[Written], None]) -> Result:
        try:
            ready = conn.recv()  # the set-up's end, if the child is still setting up
            if isinstance(ready, Result):  # the set-up failed
                return ready
            conn.send("build")
            while isinstance(word := conn.recv(), Written):
                written(word)
            return word
        except EOFError:
            return Result(2, "the build stopped without a word (see the output above)")

    def discard(self) -> None:
        """Drop the prepared child (the blog changed under it, or the server stops)."""
        if self.prepared is None:
            return
        process, conn, _ = self.prepared
        self.prepared = None
        with contextlib.suppress(OSError):
            conn.send("stop")
        conn.close()
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()

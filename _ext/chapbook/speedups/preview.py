"""``chapbook serve``'s builds save the environment beside the writing, not before it.

Sphinx pickles the whole environment after reading and before it writes a
page (``Builder.build``): at 1,250 posts that is the largest step between a
save and the saved post's page, and the page does not need it.  In a serve
child (a process that builds once and exits), the pickling runs in a process
forked at the moment Sphinx would pickle: the fork holds the environment
exactly as Sphinx would have written it, writes it to the file Sphinx
opened, and exits; the build writes its pages meanwhile, and waits for the
fork before it says it is done, so the next build loads a whole file.

If the fork fails to write, the file is incomplete and the next build reads
every post again (Sphinx starts a fresh environment from a file it cannot
load): slower, never wrong.

The prepared child also walks the blog's folder before the save (the
project's ``discover``: every name matched against ``exclude_patterns``); the
build's own walk then takes that result.  The server uses a prepared child only
when the saves changed posts' text and no file came or went
(``warm.Rebuilder``), so the walk finds what the build's would.

And the posts the save changed are written first: the page the writer is
looking at is served before the listings that show its title (Sphinx writes
in name order; the files written are the same).  Once they are written, the
build says so (``written``, with their addresses), and the server reloads
those pages at once, before the listings, search index and feeds are done.

Sphinx 9.0's ``sphinx.builders`` module pickles through its module name
``pickle``, its project keeps what it found in ``docnames`` and two private
mappings, and its builder writes through ``_write_serial``; these are what
this replaces, in the serve child only.
Elsewhere, or with ``chapbook_speedups = False``, Sphinx pickles and walks
the folder as it always does.
"""

from __future__ import annotations

import os
import pickle
from typing import IO, TYPE_CHECKING, Any

from chapbook.speedups.guard import Shortcut, Verified, enabled

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sphinx.application import Sphinx

SPEEDUP = Shortcut("preview", (Verified("sphinx", ">=9.0,<9.1"),))


class ForkedPickle:
    """Stands for the ``pickle`` module in ``sphinx.builders``: the environment is
    dumped by a forked process; anything else, as the module does."""

    HIGHEST_PROTOCOL = pickle.HIGHEST_PROTOCOL

    def __init__(self, environment: object) -> None:
        self.environment = environment
        self.forks: list[int] = []

    def dump(self, obj: object, file: IO[bytes], protocol: int | None = None) -> None:
        if obj is not self.environment:
            pickle.dump(obj, file, protocol)
            return
        pid = os.fork()
        if pid == 0:  # the fork: write, then leave without running the parent's exit
            status = 1
            try:
                pickle.dump(obj, file, protocol)
                file.flush()
                status = 0
            finally:
                os._exit(status)
        self.forks.append(pid)

    def __getattr__(self, name: str) -> Any:
        return getattr(pickle, name)

    def wait(self) -> bool:
        """Wait for every fork; whether each wrote its file whole."""
        done = [os.waitpid(pid, 0)[1] for pid in self.forks]
        self.forks.clear()
        return all(os.waitstatus_to_exitcode(status) == 0 for status in done)


def install(app: Sphinx, written: Callable[[list[str]], None] | None = None) -> ForkedPickle | None:
    """In a process that builds once and exits: pickle the environment in a fork.

    ``written`` is told the addresses of the pages of the documents read, once they
    are written.  Returns the stand-in to ``wait`` on after the build, or None (the
    stock path, which writes in Sphinx's order and tells nobody).
    """
    import sphinx.builders

    if not enabled(app.config, SPEEDUP) or sphinx.builders.pickle is not pickle:
        return None
    stand_in = ForkedPickle(app.env)
    sphinx.builders.pickle = stand_in  # type: ignore[assignment]
    _read_first(app, written or (lambda _addresses: None))
    return stand_in


def _read_first(app: Sphinx, written: Callable[[list[str]], None]) -> None:
    """The documents read in this build are written before the others; then
    ``written`` is told their addresses."""
    read: set[str] = set()
    app.connect("env-before-read-docs", lambda _app, _env, docnames: read.update(docnames))
    write = app.builder._write_serial

    def in_order(docnames: Sequence[str]) -> None:
        first = [docname for docname in docnames if docname in read]  # in Sphinx's order
        write(first)
        if first:
            written([app.builder.get_target_uri(docname) for docname in first])
        write([docname for docname in docnames if docname not in read])

    app.builder._write_serial = in_order  # type: ignore[method-assign]


def discover_ahead(app: Sphinx) -> bool:
    """In the prepared child, before the save: walk the blog's folder now.

    The build's next walk (``find_files`` calls the project's ``discover``)
    takes this one's result, once.  Whether it did (the stock path walks in
    the build).
    """
    if not enabled(app.config, SPEEDUP):
        return False
    project = app.env.project
    walk = project.discover
    app.env.find_files(app.config, app.builder)  # as the build would, with its arguments
    found = (set(project.docnames), dict(project._path_to_docname),
             dict(project._docname_to_path))  # fmt: skip

    def walked(*_arguments: object, **_keywords: object) -> set[str]:
        project.discover = walk  # once: a later walk is Sphinx's own
        # In place, as ``discover`` fills them: others hold the same objects.
        for kept, now in zip(found, (project.docnames, project._path_to_docname,
                                     project._docname_to_path), strict=True):  # fmt: skip
            now.clear()
            now.update(kept)  # type: ignore[arg-type]
        return project.docnames

    project.discover = walked  # type: ignore[method-assign]
    return True

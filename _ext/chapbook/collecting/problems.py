"""Each document's warnings, kept in the environment until the document is read again.

An incremental build reads only what changed, so it prints only the warnings
of what it read: a post with a problem that was not read again said nothing,
and the summary said "0 warnings".  The warnings shown while documents are
read (those whose location names a document read) are kept here, per document,
with the rest of the environment: cleared when the document is read again or
removed, so an incremental build knows what a clean one would say.  At the
end, ``site.summary`` counts those of the kept warnings this build did not show.

Some warnings come as a page is written (a link to no page is found out as links
are resolved), and pages are written after the environment is saved.  The site
builders note beside the doctrees (``freshness.note_warned``) the documents whose
pages warned as they were written, and write those pages again in the next build,
which prints their warnings again, as a clean build would.

The warnings are seen through a filter placed last on Sphinx's warning handler,
after its own (``suppress_warnings``, ``once``): a warning counts only if it is
printed.  With ``-j N`` the readers' warnings are printed by the main process,
which records them there; ``merge_other`` takes what a reader's environment holds.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util.logging import NAMESPACE, WarningStreamHandler

from chapbook.builders import is_site_builder
from chapbook.collecting import freshness
from chapbook.trust.controls import for_the_log

if TYPE_CHECKING:
    from collections.abc import Set

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The environment's attribute: docname -> the warnings shown when it was read.
KEY = "chapbook_problems"
#: The application's attribute: this build's ``Recorder``.
RECORDER = "chapbook_problem_recorder"


def problems(env: BuildEnvironment) -> dict[str, list[str]]:
    if not hasattr(env, KEY):
        setattr(env, KEY, {})
    return getattr(env, KEY)


class ProblemsCollector(EnvironmentCollector):
    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        problems(env).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        theirs = problems(other)
        for docname in docnames & theirs.keys():
            problems(env).setdefault(docname, []).extend(theirs[docname])

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        pass  # the warnings come through the Recorder, as they are printed


class Recorder(logging.Filter):
    """Sees every warning Sphinx prints in this build, and keeps those of reading.

    Reading starts before Sphinx purges the documents it reads again: the gate
    (``env-before-read-docs``) reads their front-matter first.  So the warnings of
    reading are held until it ends, then kept for the documents read (a withdrawn
    draft is not in the environment: it is examined every build).
    """

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__()
        self.env = env
        self.reading = True
        self.held: list[tuple[str, str]] = []
        self.read: set[str] = set()
        self.shown: set[tuple[str, str]] = set()
        #: The documents whose pages were written in this build, and those that warned after
        #: reading (as they were written).
        self.written: set[str] = set()
        self.warned: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING and (docname := self.docname(record)):
            message = record.getMessage()
            self.shown.add((docname, message))
            if self.reading:
                self.held.append((docname, message))
            else:
                self.warned.add(docname)
        return True  # a witness: it never holds a warning back

    def docname(self, record: logging.LogRecord) -> str | None:
        """The document a warning names: Sphinx's handler has made its location
        ``path``, ``path:line`` or nothing."""
        location = getattr(record, "location", None)
        if not isinstance(location, str) or not location:
            return None
        path, colon, line = location.rpartition(":")
        if not (colon and line.isdigit()):
            path = location
        return self.env.path2doc(path)

    def keep(self) -> None:
        """Reading is over: the warnings of the documents read go into the environment."""
        self.reading = False
        kept = problems(self.env)
        for docname, message in self.held:
            if docname in self.read:
                kept.setdefault(docname, []).append(message)
        self.held = []


class VisibleLocation(logging.Filter):
    """The file a warning names, as a log line may show it (``controls.for_the_log``): a
    post's file name is the contributor's, and it is printed before any rule can refuse it."""

    def filter(self, record: logging.LogRecord) -> bool:
        location = getattr(record, "location", None)
        if isinstance(location, str):
            record.location = for_the_log(location)
        return True


#: One filter, so that each build's setup adds it once and its end takes it off.
VISIBLE = VisibleLocation()


def warning_handlers() -> list[logging.Handler]:
    """Sphinx's handlers that print warnings (one per application's log setup)."""
    handlers = logging.getLogger(NAMESPACE).handlers
    return [h for h in handlers if isinstance(h, WarningStreamHandler)]


def start(app: Sphinx) -> None:
    """``builder-inited``: the recorder goes last on Sphinx's warning handler."""
    recorder = Recorder(app.env)
    setattr(app, RECORDER, recorder)
    for handler in warning_handlers():
        handler.addFilter(recorder)  # the name as it is, to tell its document
        handler.removeFilter(VISIBLE)  # so that it stays last
        handler.addFilter(VISIBLE)


def show_names(app: Sphinx, config: object) -> None:
    """``config-inited``, first: file names are escaped in the log from the first warning
    on (``reading.duplicates`` names folders then)."""
    for handler in warning_handlers():
        handler.addFilter(VISIBLE)


def reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``, last: the documents read in this build."""
    getattr(app, RECORDER).read = set(docnames)


def read(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``, first: Sphinx holds the warnings of reading until it has read
    everything (``pending_warnings``), then prints them, then emits this, then pickles
    the environment.  What follows (writing) is no one document's reading.

    Returns the pages that warned as the last build wrote them: written again, they
    warn again."""
    getattr(app, RECORDER).keep()
    if not is_site_builder(app.builder):
        return []  # a book is written whole every build
    return sorted(freshness.warned_before(app) & env.all_docs.keys())


def written(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: this document's page is being written (in the main process,
    with ``-j`` too)."""
    getattr(app, RECORDER).written.add(docname)


def note_warned(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the pages that warned as they were written, for the next build.
    A page not written again keeps its note; one that is gone loses it."""
    recorder: Recorder | None = getattr(app, RECORDER, None)
    if exception is not None or recorder is None or not is_site_builder(app.builder):
        return
    kept = freshness.warned_before(app) - recorder.written
    now = recorder.warned & recorder.written
    freshness.note_warned(app, (kept | now) & app.env.all_docs.keys())


def stop(app: Sphinx, exception: Exception | None) -> None:
    recorder = getattr(app, RECORDER, None)
    for handler in warning_handlers():
        handler.removeFilter(recorder)
        handler.removeFilter(VISIBLE)


def not_shown(app: Sphinx) -> dict[str, int]:
    """Document -> how many of its kept warnings this build did not print (it did not
    read the document again)."""
    recorder: Recorder | None = getattr(app, RECORDER, None)
    shown = recorder.shown if recorder else set()
    counts: dict[str, int] = {}
    for docname, messages in problems(app.env).items():
        hidden = sum((docname, message) not in shown for message in messages)
        if hidden and docname in app.env.all_docs:
            counts[docname] = hidden
    return counts


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_env_collector(ProblemsCollector)
    app.connect("config-inited", show_names, priority=0)
    app.connect("builder-inited", start)
    app.connect("env-before-read-docs", reading, priority=999)
    app.connect("env-get-updated", read, priority=0)
    app.connect("doctree-resolved", written, priority=0)
    app.connect("build-finished", note_warned, priority=940)
    # After site.summary (900), which counts what the recorder saw.
    app.connect("build-finished", stop, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

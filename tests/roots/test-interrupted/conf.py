"""A small blog with the site's theme, and two test-only hooks that stop a build on demand.

``CHAPBOOK_TEST_KILL_AT_PAGE=N`` in the environment SIGKILLs the build just before
it writes its Nth page (pages 1 to N-1 are complete): an interrupted build, at
a known point. A source holding ``FAIL-THIS-BUILD`` makes the build raise while
its page is written: a failed build, after which Sphinx deletes its pickled
environment. ``CHAPBOOK_TEST_KILL_AT_REPLACE=name`` SIGKILLs the build when a
file of that name is about to replace its previous version (``os.replace``), so
in the middle of an atomic write. ``CHAPBOOK_TEST_KILL_AT_READ=N`` SIGKILLs it
as it starts reading its Nth document (the doctrees of the others are written).
"""

from __future__ import annotations

import os
import signal
from typing import Any

extensions = ["chapbook"]
project = "Interrupted"
html_baseurl = "https://blog.example.com/"
html_theme = "sphinx_book_theme"
html_sidebars = {"**": ["navbar-logo.html", "chapbook-nav.html"]}
exclude_patterns = ["_build"]

KILL_AT = "CHAPBOOK_TEST_KILL_AT_PAGE"
KILL_AT_REPLACE = "CHAPBOOK_TEST_KILL_AT_REPLACE"
KILL_AT_READ = "CHAPBOOK_TEST_KILL_AT_READ"
MARKER = "FAIL-THIS-BUILD"
_pages_started: list[str] = []
_documents_read: list[str] = []


def _kill_at_nth_read(app: Any, docname: str, source: Any) -> None:
    _documents_read.append(docname)
    if len(_documents_read) == int(os.environ.get(KILL_AT_READ, "0")):
        os.kill(os.getpid(), signal.SIGKILL)


def _kill_at_nth_page(
    app: Any, pagename: str, templatename: str, context: Any, doctree: Any
) -> None:
    if doctree is None:  # not a document (search, genindex)
        return
    _pages_started.append(pagename)
    if len(_pages_started) == int(os.environ.get(KILL_AT, "0")):
        os.kill(os.getpid(), signal.SIGKILL)


def _fail_on_marker(app: Any, doctree: Any, docname: str) -> None:
    source = app.env.doc2path(docname)
    if source.is_file() and MARKER in source.read_text(encoding="utf-8"):
        raise RuntimeError(f"{docname} asks this build to fail")


def _kill_when_replacing(name: str) -> None:
    replace = os.replace

    def replace_or_die(source: Any, target: Any, **options: Any) -> None:
        if os.path.basename(target) == name:
            os.kill(os.getpid(), signal.SIGKILL)
        replace(source, target, **options)

    os.replace = replace_or_die


def setup(app: Any) -> None:
    app.connect("html-page-context", _kill_at_nth_page)
    app.connect("source-read", _kill_at_nth_read)
    app.connect("doctree-resolved", _fail_on_marker)
    if os.environ.get(KILL_AT_REPLACE):
        _kill_when_replacing(os.environ[KILL_AT_REPLACE])

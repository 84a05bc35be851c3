"""Shared fixtures: Sphinx's testing fixtures over ``tests/roots/test-*``.

Helpers that tests import live in ``tests/helpers.py``, not here.

Every test builds in a folder of its own: Sphinx's fixtures copy a root into
``sphinx_test_tempdir / <root>`` and build in its ``_build``, and ``freshenv``
empties neither, so with the session-wide folder two tests of one root saw
each other's output (a preview build of drafts left ``wip/`` for the next
test to find).  The cost is a copy of a few small files per test.
"""

from __future__ import annotations

import functools
import inspect
import re
import sys
from typing import TYPE_CHECKING

import pytest

from tests.helpers import BLOG, ROOT, ROOTS, TESTS, build_site

if TYPE_CHECKING:
    from pathlib import Path

# The extension is imported from the checkout, installed or not.
sys.path.insert(0, str(ROOT / "_ext"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--reverse",
        action="store_true",
        help="run the tests in reverse order: a test that needs another to run first fails",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        mark_tier(item)
    if config.getoption("--reverse"):
        items.reverse()


# -- tiers: `make test-fast` runs `-m fast`, `make test` everything -----------------------

#: Where the fast tier's tests live: the model, reading, and unit tests anywhere.
FAST_FOLDERS = ("model", "reading")
FAST_FILES = "test_*_units.py"
#: Calls that mean a test needs more than Python and Sphinx: a tool outside them
#: (``require``: TeX, Chromium, Node, epubcheck...) or the whole blog built by
#: ``sphinx-build`` in a subprocess.
SLOW_CALLS = re.compile(r"\b(require|epubcheck|build_site)\(")


def mark_tier(item: pytest.Item) -> None:
    """``slow`` for a test that needs a tool or the whole blog; ``fast`` for the fast tier.

    Worked out from where the test lives and what it calls, so a new test lands
    in its tier unmarked: a test in ``tests/model/`` or ``tests/reading/``, or in
    a ``test_*_units.py`` file, is fast unless its module or one of its fixtures
    calls ``require``, ``epubcheck`` or ``build_site`` (a browser test in
    ``tests/reading/`` runs in ``make test`` only).  ``@pytest.mark.slow`` keeps
    any other long test out of the fast tier.
    """
    if item.get_closest_marker("slow") is None and _calls_slow(item):
        item.add_marker(pytest.mark.slow)
    if item.get_closest_marker("slow") is None and _in_fast_place(item.path):
        item.add_marker(pytest.mark.fast)


def _in_fast_place(path: Path) -> bool:
    folder = path.parent.relative_to(TESTS).as_posix() if path.is_relative_to(TESTS) else ""
    return folder in FAST_FOLDERS or path.match(FAST_FILES)


def _calls_slow(item: pytest.Item) -> bool:
    texts = [_source(getattr(item, "module", None))]
    texts += [_source(function) for function in _fixture_functions(item)]
    return any(SLOW_CALLS.search(text) for text in texts)


def _fixture_functions(item: pytest.Item) -> list[object]:
    """The functions of the fixtures a test uses, its own module's or imported (``browser``).

    pytest's resolved fixtures, ``_fixtureinfo`` (pytest 8 and 9); without it,
    the module's text alone decides.
    """
    info = getattr(item, "_fixtureinfo", None)
    names = getattr(item, "fixturenames", ())
    if info is None:
        return []
    return [fixture.func for name in names for fixture in info.name2fixturedefs.get(name, ())]


@functools.cache
def _source(thing: object) -> str:
    try:
        return inspect.getsource(thing)  # type: ignore[arg-type]
    except (OSError, TypeError):
        return ""


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture
def sphinx_test_tempdir(tmp_path: Path) -> Path:
    """Where Sphinx's ``app`` fixture copies its root and builds: this test's own folder."""
    return tmp_path


@pytest.fixture(scope="session")
def blog_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture blog (``tests/roots/blog``), built once per session with -W.

    It is built with the project's own conf.py, as ``make html`` builds docs/:
    the real theme, sidebar and settings, on posts whose every number the
    tests know.  Nothing here reads docs/, which a user replaces with their own.
    """
    out = tmp_path_factory.mktemp("site")
    result = build_site(BLOG, out, "-W", "--keep-going")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return out / "html"

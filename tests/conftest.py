"""Shared fixtures: Sphinx's testing fixtures over ``tests/roots/test-*``.

Helpers that tests import live in ``tests/helpers.py``, not here.

Every test builds in a folder of its own: Sphinx's fixtures copy a root into
``sphinx_test_tempdir / <root>`` and build in its ``_build``, and ``freshenv``
empties neither, so with the session-wide folder two tests of one root saw
each other's output (a preview build of drafts left ``wip/`` for the next
test to find).  The cost is a copy of a few small files per test.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import pytest

from tests.helpers import BLOG, ROOT, ROOTS, build_site

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
    if config.getoption("--reverse"):
        items.reverse()


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

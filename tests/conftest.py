"""Shared fixtures: Sphinx's testing fixtures over ``tests/roots/test-*``.

Helpers that tests import live in ``tests/helpers.py``, not here.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import pytest

from tests.helpers import ROOT, ROOTS, build_site

if TYPE_CHECKING:
    from pathlib import Path

# The extension is imported from the checkout, installed or not.
sys.path.insert(0, str(ROOT / "_ext"))


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample blog in docs/, built once per test session with -W."""
    out = tmp_path_factory.mktemp("site")
    result = build_site(ROOT / "docs", out, "-W", "--keep-going")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return out / "html"

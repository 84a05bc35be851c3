"""Shared fixtures: Sphinx's testing fixtures over ``tests/roots/test-*``."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).parent / "roots"


def warnings_of(app: SphinxTestApp) -> list[str]:
    """The build's warning lines, with the temporary source folder made relative."""
    text = _ANSI.sub("", app.warning.getvalue())
    text = text.replace(str(app.srcdir) + "/", "")
    return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]


def page(app: SphinxTestApp, docname: str) -> BeautifulSoup:
    """Parse the written page of ``docname`` (``dirhtml`` or ``html``)."""
    outdir = Path(app.outdir)
    path = outdir / docname / "index.html"
    if app.builder.name == "html" or docname == "index":
        path = outdir / f"{docname}.html" if app.builder.name == "html" else outdir / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def article(soup: BeautifulSoup) -> BeautifulSoup:
    found = soup.select_one("article") or soup.select_one("div.body") or soup.body
    assert found is not None
    return found


def build_site(docs: Path, out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """``sphinx-build -b dirhtml`` with the site's own conf.py, as ``make html`` runs it."""
    command = [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-q", "--no-color", *options]
    command += ["-c", str(ROOT), "-d", str(out / "doctrees"), str(docs), str(out / "html")]
    return subprocess.run(command, capture_output=True, text=True, check=False)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample blog in docs/, built once per test session with -W."""
    out = tmp_path_factory.mktemp("site")
    result = build_site(ROOT / "docs", out, "-W", "--keep-going")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return out / "html"

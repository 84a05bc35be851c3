"""What tests share: paths, reading a build's warnings and pages, and the system tools.

Imported as ``from tests.helpers import ...``; fixtures live in ``tests/conftest.py``.

Tests of the whole site build the fixture blog (``BLOG``, ``tests/roots/blog``)
with the project's conf.py, never docs/: docs/ is the user's, and a user who
replaces it with their own posts still gets a green ``make test``
(``tests/test_independence.py`` holds the suite to it).  A subprocess that
imports ``chapbook`` runs with ``checkout_env()``: the code under test, not an
installed copy.

System tools (TeX, epubcheck, poppler, Chromium): locally a missing tool skips
the test with the apt package to install; in CI (``CHAPBOOK_REQUIRE_TOOLS=1``,
set by ``.ci/run``, which installs them) it fails it, so a test can never pass
by not running.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest
from bs4 import BeautifulSoup

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
#: ``make`` for the repository's Makefile without its install step: a test must never
#: reinstall the shared environment (``pip install -e`` from a worktree moves it there).
MAKE = ("make", "-o", ".venv/.chapbook-installed")
ROOTS = TESTS / "roots"
#: The fixture blog: tests of the whole site build it, never docs/ (a user's own posts).
BLOG = ROOTS / "blog"

_ANSI = re.compile(r"\x1b\[[0-9;]*m")

# -- a build's warnings and pages ------------------------------------------------------


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


def checkout_env(**extra: str) -> dict[str, str]:
    """The environment of a subprocess that imports ``chapbook``: the checkout's ``_ext`` first.

    A conf.py other than the project's (a test root's, a moved blog's) does not
    put ``_ext`` on the path; without this, the subprocess would import whatever
    ``chapbook`` is installed, not the code under test.
    """
    path = os.pathsep.join(filter(None, [str(ROOT / "_ext"), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, **extra}


def build_site(docs: Path, out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """``sphinx-build -b dirhtml`` with the site's own conf.py, as ``make html`` runs it."""
    command = [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-q", "--no-color", *options]
    command += ["-c", str(ROOT), "-d", str(out / "doctrees"), str(docs), str(out / "html")]
    return subprocess.run(command, capture_output=True, text=True, check=False, env=checkout_env())


# -- system tools ------------------------------------------------------------------------

PACKAGES = {
    "xelatex": "texlive-xetex",
    "latexmk": "latexmk",
    "pdftotext": "poppler-utils",
    "pdfimages": "poppler-utils",
    "java": "default-jre-headless",
    "fc-match": "fontconfig",
    "chromium": "chromium",
    "node": "nodejs",
}
EPUBCHECK = Path("/usr/share/java/epubcheck.jar")


def require(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if tools and "epubcheck" in tools:
        missing = [t for t in missing if t != "epubcheck"]
        if not EPUBCHECK.is_file():
            missing.append("epubcheck")
    if not missing:
        return
    packages = sorted({PACKAGES.get(tool, tool) for tool in missing})
    unavailable(f"needs {', '.join(missing)} (apt-get install {' '.join(packages)})")


def unavailable(message: str) -> NoReturn:
    """Skip a test that lacks something installed before tests run; in CI, fail it.

    Tests install nothing themselves (no ``npm ci``, no download): set-up is
    ``.ci/run``'s and the Makefile's, and a test runs offline.
    """
    if os.environ.get("CHAPBOOK_REQUIRE_TOOLS") == "1":
        pytest.fail(message)
    pytest.skip(message)


def epubcheck(path: Path) -> subprocess.CompletedProcess[str]:
    require("java", "epubcheck")
    return subprocess.run(
        ["java", "-jar", str(EPUBCHECK), "--quiet", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )

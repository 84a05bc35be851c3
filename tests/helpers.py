"""System tools some tests need (TeX, epubcheck, poppler, Chromium).

Locally a missing tool skips the test with the apt package to install; in CI
(``CHAPBOOK_REQUIRE_TOOLS=1``, set by ``.ci/run``, which installs them) it
fails it, so a test can never pass by not running.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

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
    message = f"needs {', '.join(missing)} (apt-get install {' '.join(packages)})"
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

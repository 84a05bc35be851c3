"""The wheel: built quietly and cleanly, and shipping everything the extension needs.

The wheel is built once per module, from the checkout, with the setuptools of this
environment (``--no-build-isolation --no-index``: nothing is downloaded; the ``test`` extra
brings a setuptools new enough for ``pyproject.toml``). The build must not print setuptools'
"Package would be ignored" banner, must not leave an untracked ``build/`` or ``*.egg-info``
in the work tree, and the wheel must hold every module of ``_ext/chapbook``, the templates
and static files, the licence, and the metadata PyPI shows.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from dataclasses import dataclass
from email.parser import Parser
from typing import TYPE_CHECKING

import pytest

from tests.helpers import ROOT

if TYPE_CHECKING:
    from email.message import Message
    from pathlib import Path

PACKAGE_DIR = ROOT / "_ext" / "chapbook"

CLASSIFIERS = {
    "Framework :: Sphinx :: Extension",
    "Programming Language :: Python :: 3",
    "Programming Language :: Python :: 3.11",
    "Programming Language :: Python :: 3.12",
    "Programming Language :: Python :: 3.13",
    "Topic :: Text Processing :: Markup :: Markdown",
}


@dataclass(frozen=True)
class Built:
    output: str
    names: frozenset[str]
    metadata: Message
    new_untracked: frozenset[str]


def _untracked() -> set[str]:
    """Untracked, not ignored paths of the work tree, as ``git status`` names them."""
    status = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line[3:] for line in status.splitlines() if line.startswith("?? ")}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out: Path = tmp_path_factory.mktemp("wheel")
    before = _untracked()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-v",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--disable-pip-version-check",
            "-w",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    after = _untracked()
    assert result.returncode == 0, output
    wheels = list(out.glob("chapbook-*.whl"))
    assert len(wheels) == 1, (wheels, output)
    with zipfile.ZipFile(wheels[0]) as wheel:
        names = frozenset(wheel.namelist())
        (metadata_name,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(wheel.read(metadata_name).decode("utf-8"))
    return Built(output, names, metadata, frozenset(after - before))


def test_no_package_would_be_ignored_banner(built: Built) -> None:
    assert "Package would be ignored" not in built.output, built.output
    assert "is absent from the `packages` configuration" not in built.output, built.output


def test_build_leaves_no_untracked_build_output(built: Built) -> None:
    leftovers = {
        path for path in built.new_untracked if path.split("/")[0] == "build" or ".egg-info" in path
    }
    assert not leftovers, leftovers


def test_wheel_holds_every_module_of_the_source_tree(built: Built) -> None:
    modules = {
        "chapbook/" + path.relative_to(PACKAGE_DIR).as_posix()
        for path in PACKAGE_DIR.rglob("*.py")
        if "__pycache__" not in path.parts
    }
    for package in ("model", "reading", "collecting", "site", "book"):
        assert f"chapbook/{package}/__init__.py" in modules
    assert modules - built.names == set()


def test_wheel_holds_templates_and_static_files(built: Built) -> None:
    data = {
        "chapbook/" + path.relative_to(PACKAGE_DIR).as_posix()
        for folder in ("site/templates", "site/static")
        for path in (PACKAGE_DIR / folder).iterdir()
        if path.is_file()
    }
    assert any(name.endswith(".html") for name in data)
    assert any(name.startswith("chapbook/site/static/") for name in data)
    assert data - built.names == set()


def test_wheel_holds_the_licence(built: Built) -> None:
    licences = [
        name
        for name in built.names
        if ".dist-info/" in name and name.rsplit("/", 1)[-1] == "LICENSE"
    ]
    assert licences, sorted(built.names)
    assert built.metadata.get_all("License-File") == ["LICENSE"]
    licence_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence_text.startswith("MIT License")
    assert "The Chapbook authors" in licence_text


def test_metadata(built: Built) -> None:
    metadata = built.metadata
    assert metadata["License-Expression"] == "MIT" or metadata["License"] == "MIT"
    assert CLASSIFIERS - set(metadata.get_all("Classifier") or []) == set()
    urls = dict(
        (part.strip() for part in url.split(",", 1))
        for url in metadata.get_all("Project-URL") or []
    )
    assert {key.lower() for key in urls} >= {"homepage", "documentation", "source"}, urls
    assert "https://github.com/example/chapbook" in urls.values()
    assert "https://chapbook.example.org/" in urls.values()
    assert "The Chapbook authors" in (metadata["Author"] or "")
    assert metadata["Requires-Python"] == ">=3.11"

"""The wheel: built quietly and cleanly, and shipping everything the extension needs.

The wheel is built once per module, from the checkout, with the setuptools of this
environment (``--no-build-isolation --no-index``: nothing is downloaded; the ``test`` extra
brings a setuptools new enough for ``pyproject.toml``). The build must not print setuptools'
"Package would be ignored" banner, must not leave an untracked ``build/`` or ``*.egg-info``
in the work tree, and the wheel must hold every module of ``_ext/chapbook``, the templates
and static files, the starter blog, the licence, and the metadata PyPI shows.

Then a new user's path: the wheel in a fresh virtual environment, ``chapbook new``, the
starter's ``make html`` (no warning), ``chapbook post``, ``make pdf`` and ``make epub``
(epubcheck finds nothing).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from email.parser import Parser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.helpers import ROOT, epubcheck, require

if TYPE_CHECKING:
    from email.message import Message

PACKAGE_DIR = ROOT / "_ext" / "chapbook"
#: An address nobody owns, or a template's: the package index would show it as a link.
PLACEHOLDER = re.compile(
    r"example\.(com|org|net)|//(www\.)?github\.com/example/|your[-_]?name|your-org|username",
    re.IGNORECASE,
)

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
    wheels: tuple[Path, ...]


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
    return Built(output, names, metadata, frozenset(after - before), tuple(wheels))


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


def test_wheel_holds_templates_static_files_and_the_starter(built: Built) -> None:
    data = {
        "chapbook/" + path.relative_to(PACKAGE_DIR).as_posix()
        for folder in ("site/templates", "site/static", "cli/starter")
        for path in (PACKAGE_DIR / folder).iterdir()
        if path.is_file()
    }
    assert any(name.endswith(".html") for name in data)
    assert any(name.startswith("chapbook/site/static/") for name in data)
    assert "chapbook/cli/starter/conf.py.in" in data
    assert data - built.names == set()


def test_wheel_holds_the_message_catalogs(built: Built) -> None:
    """Sphinx reads the compiled .mo; without it a French site would read English."""
    catalogs = {
        "chapbook/" + path.relative_to(PACKAGE_DIR).as_posix()
        for path in (PACKAGE_DIR / "locale").glob("*/LC_MESSAGES/chapbook.*")
    }
    for language in ("de", "fr"):
        assert f"chapbook/locale/{language}/LC_MESSAGES/chapbook.mo" in catalogs
    assert catalogs - built.names == set()


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
    urls = metadata.get_all("Project-URL") or []
    assert [url for url in urls if PLACEHOLDER.search(url)] == []
    assert "The Chapbook authors" in (metadata["Author"] or "")
    assert metadata["Requires-Python"] == ">=3.11"


def test_pyproject_names_no_placeholder_address() -> None:
    """``[project.urls]`` holds real addresses or none (they are blocked on the owner's)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    addresses = [str(value) for value in project.get("urls", {}).values()]
    assert [url for url in addresses if PLACEHOLDER.search(url)] == []
    assert not PLACEHOLDER.search(str(project)), project


# -- a new user: the wheel in a fresh environment, `chapbook new`, the site and the book ----


@dataclass(frozen=True)
class Fresh:
    """A virtual environment holding only the wheel (its dependencies borrowed, not copied)."""

    bin: Path
    env: dict[str, str]

    def run(self, *command: str, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(command),
            cwd=cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


@pytest.fixture(scope="module")
def fresh(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Fresh:
    """The wheel installed into a new venv, nothing downloaded.

    The dependencies are this environment's: a ``.pth`` file adds its
    site-packages after the new venv's own, so ``chapbook`` comes from the
    wheel (the checkout's editable install is a ``.pth`` of a folder that is no
    site folder there, so it is never read). Console scripts of the
    dependencies are not installed; ``sphinx-build`` is written as pip would.
    """
    root = tmp_path_factory.mktemp("fresh")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = sysconfig.get_path("purelib")
    (Path(purelib) / "borrowed-dependencies.pth").write_text(ours + "\n", encoding="utf-8")
    (wheel,) = built.wheels
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "--disable-pip-version-check", "--quiet", str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    script = venv / "bin" / "sphinx-build"
    script.write_text(
        f"#!{python}\nimport sys\nfrom sphinx.cmd.build import main\nsys.exit(main(sys.argv[1:]))\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    path = f"{venv / 'bin'}:{os.environ['PATH']}"
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    return Fresh(venv / "bin", {**env, "PATH": path})


def test_the_wheel_is_what_the_fresh_environment_imports(fresh: Fresh, tmp_path: Path) -> None:
    found = fresh.run("python", "-c", "import chapbook; print(chapbook.__file__)", cwd=tmp_path)
    assert found.returncode == 0, found.stderr
    assert str(fresh.bin.parent) in found.stdout, found.stdout
    assert (fresh.bin / "chapbook").is_file()


@pytest.fixture(scope="module")
def starter(fresh: Fresh, tmp_path_factory: pytest.TempPathFactory) -> Path:
    blog = tmp_path_factory.mktemp("starter") / "my-blog"
    made = fresh.run(
        "chapbook", "new", str(blog), "--title", "Field notes", "--author", "A. Writer",
        "--url", "https://notes.example.org/", cwd=blog.parent,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    return blog


def test_a_new_blog_builds_its_site_without_a_warning(fresh: Fresh, starter: Path) -> None:
    result = fresh.run("make", "html", cwd=starter)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    assert "0 warnings" in result.stdout
    html = starter / "_build" / "html"
    for page in ("index.html", "hello-world/index.html", "about/index.html", "rss.xml"):
        assert (html / page).is_file(), page
    home = (html / "index.html").read_text(encoding="utf-8")
    assert "sbt-" in home and "chapbook-masthead" in home  # the book theme and the masthead


def test_chapbook_post_adds_a_post_the_next_build_publishes(fresh: Fresh, starter: Path) -> None:
    added = fresh.run("chapbook", "post", "Second thoughts", "--tags", "notes", cwd=starter)
    assert added.returncode == 0, added.stderr
    assert (starter / "docs" / "second-thoughts" / "index.md").is_file()
    result = fresh.run("make", "html", cwd=starter)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert (starter / "_build" / "html" / "second-thoughts" / "index.html").is_file()


def test_a_new_blog_makes_a_pdf_and_a_valid_epub(fresh: Fresh, starter: Path) -> None:
    require("xelatex", "latexmk", "epubcheck")
    pdf = fresh.run("make", "pdf", cwd=starter, timeout=900)
    assert pdf.returncode == 0, pdf.stdout[-3000:] + pdf.stderr
    assert [p.name for p in (starter / "_build" / "pdf").iterdir()] == ["field-notes.pdf"]
    book = fresh.run("make", "epub", cwd=starter)
    assert book.returncode == 0, book.stdout[-3000:] + book.stderr
    (epub,) = (starter / "_build" / "epub").glob("*.epub")
    checked = epubcheck(epub)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_book_and_serve_are_extras_the_site_does_not_need(built: Built) -> None:
    metadata = built.metadata
    assert {"book", "serve"} <= set(metadata.get_all("Provides-Extra") or [])
    requires = metadata.get_all("Requires-Dist") or []
    by_extra: dict[str, set[str]] = {}
    for requirement in requires:
        name, _, marker = requirement.partition(";")
        extra = marker.split("extra ==")[-1].strip(" '\"") if "extra ==" in marker else ""
        by_extra.setdefault(extra, set()).add(name.split("[")[0].split(">")[0].strip().lower())
    book = {"sphinxcontrib-svg2pdfconverter", "fonttools", "latex2mathml"}
    assert book <= by_extra["book"]
    # The warm server (cli/live.py) imports starlette, uvicorn and watchfiles itself.
    assert by_extra["serve"] == {"sphinx-autobuild", "starlette", "uvicorn", "watchfiles"}
    assert not by_extra[""] & {*book, "sphinx-autobuild"}


def test_the_sdist_leaves_the_tests_out_and_builds_the_same_package(tmp_path: Path) -> None:
    # Without their roots, docs/ and tools the tests could not run from an sdist.
    made = subprocess.run(
        [sys.executable, "-c",
         "import sys; from setuptools import build_meta; print(build_meta.build_sdist(sys.argv[1]))",
         str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    with tarfile.open(tmp_path / made.stdout.strip().splitlines()[-1]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert not {name for name in names if name.startswith("tests")}
    assert "_ext/chapbook/cli/starter/conf.py.in" in names
    assert "_ext/chapbook/site/templates/chapbook-nav.html" in names
    assert "_ext/chapbook/locale/fr/LC_MESSAGES/chapbook.mo" in names
    assert {"LICENSE", "README.md", "pyproject.toml"} <= names

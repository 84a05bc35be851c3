"""Read the Docs: its config is valid, and the commands it runs build the sample blog's site, PDF and ePub.

The commands are run here as Read the Docs runs them (in a copy of the
project, with ``$READTHEDOCS_OUTPUT`` set), and their PDF and ePub are then
checked the strictest way there is: LaTeX's log, the PDF's text and links,
and epubcheck.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

from tests.helpers import ROOT, TESTS, epubcheck, require
from tests.sitecheck import front_matter_at

# Read the Docs' own schema of .readthedocs.yaml (readthedocs/rtd_config/v2.json), vendored.
SCHEMA = TESTS / "readthedocs-v2.schema.json"
BASE = "https://chapbook.example.org/"


def config() -> dict:
    return yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())


def test_config_is_valid_against_read_the_docs_schema() -> None:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.validate(config(), schema)
    assert sorted(config()["formats"]) == ["epub", "pdf"]
    assert set(config()["build"]["jobs"]["build"]) == {"html", "pdf", "epub"}


def post_titles() -> list[str]:
    """Titles of the sample blog's posts, read from their front-matter."""
    docs = ROOT / "docs"
    found = (front_matter_at(docs, path.relative_to(docs)) for path in sorted(docs.rglob("*.md")))
    return [str(data["title"]) for data in found if data]


@pytest.fixture(scope="module")
def rtd(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run every command of ``build.jobs.build`` in a copy of the project."""
    require("xelatex", "latexmk")
    project = tmp_path_factory.mktemp("rtd") / "project"
    project.mkdir()
    for name in ("docs", "_static", "conf.py", ".readthedocs.yaml"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        else:
            shutil.copy2(source, project / name)
    output = project.parent / "output"
    environment = {
        **os.environ,
        "READTHEDOCS_OUTPUT": str(output),
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "PYTHONPATH": str(ROOT / "_ext"),
    }
    for fmt in ("html", "pdf", "epub"):
        for command in config()["build"]["jobs"]["build"][fmt]:
            result = subprocess.run(
                ["bash", "-ec", command],
                cwd=project,
                env=environment,
                capture_output=True,
                text=True,
                check=False,
            )
            assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr}"
    return output


def test_commands_write_one_file_per_format(rtd: Path) -> None:
    assert (rtd / "html" / "index.html").is_file()
    assert [p.name for p in (rtd / "pdf").iterdir()] == ["chapbook.pdf"]
    assert [p.name for p in (rtd / "epub").iterdir()] == ["chapbook.epub"]


def test_pdf_holds_every_post_with_every_glyph(rtd: Path) -> None:
    require("pdftotext")
    log = next((rtd.parent / "project" / "_build" / "book" / "latex").glob("chapbook.log"))
    assert "Missing character" not in log.read_text(errors="replace")
    text = subprocess.run(
        ["pdftotext", str(rtd / "pdf" / "chapbook.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    normalized = " ".join(text.split()).replace("\u2019", "'")
    titles = post_titles()
    assert len(titles) >= 8
    for title in titles:
        assert " ".join(title.split()).replace("\u2019", "'") in normalized, title


def test_links_between_posts_stay_inside_the_pdf(rtd: Path) -> None:
    reader = PdfReader(rtd / "pdf" / "chapbook.pdf")
    internal, web = 0, []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            action = link.get("/A")
            if link.get("/Dest") is not None or (action and action.get("/S") == "/GoTo"):
                internal += 1
            elif action and action.get("/S") == "/URI":
                web.append(str(action["/URI"]))
    assert internal >= 10
    # PDF bookmarks: one per post at least (the book's outline).
    assert len(flatten(reader.outline)) >= len(post_titles())
    # Every post of the sample blog is in the default book: no link to one of
    # them leaves the PDF.  Links to the site's listings and tag pages do.
    leaving = [url for url in web if url.startswith(BASE)]
    assert all(
        url.startswith((f"{BASE}tags/", f"{BASE}archive/", f"{BASE}popular/")) for url in leaving
    ), leaving


def flatten(outline: list) -> list:
    return [
        item
        for entry in outline
        for item in (flatten(entry) if isinstance(entry, list) else [entry])
    ]


def test_epub_passes_epubcheck_and_lists_every_post(rtd: Path) -> None:
    path = rtd / "epub" / "chapbook.epub"
    result = epubcheck(path)
    assert result.returncode == 0, result.stdout + result.stderr
    with zipfile.ZipFile(path) as archive:
        nav = BeautifulSoup(archive.read("nav.xhtml"), "xml")
        names = archive.namelist()
    listed = [" ".join(a.get_text().split()) for a in nav.find_all("a")]
    for title in post_titles():
        assert " ".join(title.split()) in listed, title
    assert not [name for name in names if name.startswith(("tags/", "archive/", "popular"))]
    assert any(name.startswith("_images/") for name in names)

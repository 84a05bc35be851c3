"""Read the Docs: its config is valid, and the commands it runs build a blog's site, PDF and ePub.

The commands are run here as Read the Docs runs them (in a copy of the
project, with ``$READTHEDOCS_OUTPUT`` set), and their PDF and ePub are then
checked the strictest way there is: LaTeX's log, the PDF's text and links,
and epubcheck.  The copy's docs/ is the fixture blog (``tests/roots/blog``),
whose posts and links are known, not the checkout's docs/ (a user's own).
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

from tests.helpers import BLOG, ROOT, TESTS, epubcheck, require

# Read the Docs' own schema of .readthedocs.yaml (readthedocs/rtd_config/v2.json), vendored.
SCHEMA = TESTS / "readthedocs-v2.schema.json"
BASE = "https://chapbook.example.org/"
# The fixture blog's posts, in publication order (their ``order``).
TITLES = [
    "First light on the harbour",
    "Knots for beginners",
    "Reading a tide table",
    "Mending nets in February",
    "Winter storms and the harbour wall",
    "The names of boats",
]
# Its links from post to post: first-light -> knots, knots -> first-light,
# tide-tables -> knots#the-bowline, winter-storms -> tide-tables,
# boat-names -> mending-nets (the link to /tags/harbour leaves the book).
LINKS_BETWEEN_POSTS = 5


def config() -> dict:
    return yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())


def test_config_is_valid_against_read_the_docs_schema() -> None:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.validate(config(), schema)
    assert sorted(config()["formats"]) == ["epub", "pdf"]
    assert set(config()["build"]["jobs"]["build"]) == {"html", "pdf", "epub"}


@pytest.fixture(scope="module")
def rtd(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run every command of ``build.jobs.build`` in a copy of the project."""
    require("xelatex", "latexmk")
    project = tmp_path_factory.mktemp("rtd") / "project"
    project.mkdir()
    shutil.copytree(BLOG, project / "docs")
    shutil.copytree(ROOT / "_static", project / "_static")
    for name in ("conf.py", ".readthedocs.yaml"):
        shutil.copy2(ROOT / name, project / name)
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
    for title in TITLES:
        assert " ".join(title.split()).replace("\u2019", "'") in normalized, title


def test_links_between_posts_stay_inside_the_pdf(rtd: Path) -> None:
    reader = PdfReader(rtd / "pdf" / "chapbook.pdf")
    internal, web = [], []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            action = link.get("/A")
            if action and action.get("/S") == "/GoTo":
                internal.append(str(action["/D"]))
            elif action and action.get("/S") == "/URI":
                web.append(str(action["/URI"]))
    # The table of contents (a chapter per post, in order), then each post's links in page
    # order, each to the destination the contents gives its chapter (chapters are not
    # numbered, so hyperref names them by a counter of its own: compare, don't spell).
    contents = internal[: len(TITLES)]
    assert len(set(contents)) == len(TITLES) and all(d.startswith("chapter") for d in contents)
    chapter = dict(zip(TITLES, contents, strict=True))
    links = internal[len(TITLES) :]
    assert links[4].startswith("section")  # Reading a tide table -> Knots#the-bowline
    assert links[:4] + links[5:] == [
        chapter["Knots for beginners"],  # First light -> Knots for beginners
        "Hfootnote.1",  # Knots for beginners: its first footnote
        chapter["First light on the harbour"],  # Knots for beginners -> First light
        "Hfootnote.2",  # Knots for beginners: its second footnote
        chapter["Reading a tide table"],  # Winter storms -> Reading a tide table
        chapter["Mending nets in February"],  # The names of boats -> Mending nets
    ]
    assert len(internal) - len(TITLES) - 2 == LINKS_BETWEEN_POSTS  # less the footnotes
    # Every post is in the default book: only the link to a tag page leaves the PDF.
    assert web == [f"{BASE}tags/harbour/"]
    # PDF bookmarks: the book's outline, a chapter per post and its sections.
    titles = [item.title for item in flatten(reader.outline)]
    assert titles == [*TITLES[:2], "The bowline", "The clove hitch", *TITLES[2:]]


def flatten(outline: list) -> list:
    return [
        item
        for entry in outline
        for item in (flatten(entry) if isinstance(entry, list) else [entry])
    ]


def test_epub_passes_epubcheck(rtd: Path) -> None:
    result = epubcheck(rtd / "epub" / "chapbook.epub")
    assert result.returncode == 0, result.stdout + result.stderr


def test_epub_holds_every_post_and_no_listing(rtd: Path) -> None:
    with zipfile.ZipFile(rtd / "epub" / "chapbook.epub") as archive:
        nav = BeautifulSoup(archive.read("nav.xhtml"), "xml")
        names = archive.namelist()
    listed = [" ".join(a.get_text().split()) for a in nav.find_all("a")]
    assert listed == ["Chapbook", *TITLES]
    assert sorted(name for name in names if name.endswith(".xhtml")) == [
        "_book.xhtml",
        "epub-cover.xhtml",
        "first-light/index.xhtml",
        "knots-for-beginners.xhtml",
        "mending-nets.xhtml",
        "nav.xhtml",
        "notes/boat-names.xhtml",
        "tide-tables.xhtml",
        "winter-storms.xhtml",
    ]
    assert [name for name in names if name.startswith("_images/")] == [
        "_images/clove-hitch.svg",
        "_images/harbour.png",
    ]

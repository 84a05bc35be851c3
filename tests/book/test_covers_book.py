"""Covers in the book: at the top of each chapter in the PDF and the ePub; remote ones left out."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.helpers import epubcheck, require, warnings_of

MISSING = (
    "missing.md:4: WARNING: cover image 'gone.png' is not there; it is left out [chapbook.source]"
)


def chapter_sources(tex: str) -> dict[str, str]:
    """Each chapter's LaTeX, by its title."""
    parts = re.split(r"\\chapter\{(.*)\}", tex)[1:]
    return dict(zip(parts[::2], parts[1::2], strict=True))


@pytest.mark.sphinx("latex", testroot="covers", freshenv=True)
def test_each_chapter_opens_with_its_cover(app) -> None:
    app.build()
    tex = (Path(app.outdir) / "covers-test.tex").read_text(encoding="utf-8")
    chapters = chapter_sources(tex)
    graphics = {t: re.findall(r"\\sphinxincludegraphics\{(.*)\}", c) for t, c in chapters.items()}
    assert graphics == {
        "The boat": ["{sail}.png"],
        "The wave": ["{wave}.pdf"],  # the SVG, converted as any SVG of a post is
        "From elsewhere": [],  # a book fetches nothing from the network
        "No cover": [],
        "Lost cover": [],
    }
    boat = chapters["The boat"]
    assert boat.index("sphinxincludegraphics") < boat.index("The boat has a sail.")
    assert warnings_of(app) == [MISSING]


@pytest.mark.sphinx("latex", testroot="covers", freshenv=True)
def test_the_pdf_holds_the_covers(app) -> None:
    require("xelatex", "latexmk", "pdftotext", "pdfimages")
    app.build()
    outdir = Path(app.outdir)
    result = subprocess.run(
        ["make", "-C", str(outdir), "all-pdf"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]
    pdf = str(outdir / "covers-test.pdf")
    listed = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True, check=True)
    rows = [line.split() for line in listed.stdout.splitlines()[2:]]
    # The PNG cover at its pixel size; the SVG one is vector art, drawn, not an image.
    assert [(row[3], row[4]) for row in rows] == [("40", "30")]
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True)
    for title in ("The boat", "The wave", "From elsewhere", "Lost cover"):
        assert title in text.stdout


# The pages read as HTML, on purpose: a reading system renders them so.
@pytest.mark.filterwarnings("ignore::bs4.XMLParsedAsHTMLWarning")
@pytest.mark.sphinx("epub", testroot="covers", freshenv=True)
def test_the_epub_holds_the_covers(app) -> None:
    app.build()
    path = Path(app.outdir) / "covers-test.epub"
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        pages = {
            name: BeautifulSoup(archive.read(name), "lxml")
            for name in names
            if name.endswith(".xhtml")
        }
    assert {"_images/sail.png", "_images/wave.svg"} <= names
    [boat] = pages["boat/index.xhtml"].select("div.chapbook-cover img")
    assert (boat["src"], boat["alt"]) == ("../_images/sail.png", "A blue sail & <b>rope</b>")
    assert pages["boat/index.xhtml"].select("div.chapbook-cover b") == []
    assert [i["src"] for i in pages["wave.xhtml"]("img")] == ["_images/wave.svg"]
    assert pages["remote.xhtml"]("img") == []
    assert warnings_of(app) == [MISSING]


@pytest.mark.sphinx("epub", testroot="covers", freshenv=True)
def test_the_epub_with_covers_passes_epubcheck(app) -> None:
    app.build()
    result = epubcheck(Path(app.outdir) / "covers-test.epub")
    assert result.returncode == 0, result.stdout + result.stderr

"""Math in the PDF and the ePub; Mermaid diagrams left out of the book, with a warning."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.helpers import epubcheck, require, warnings_of

LEFT_OUT = (
    "equations.md:13: WARNING: a Mermaid diagram cannot be shown in the book; "
    "it is left out [chapbook.diagram]"
)
NOTE = "A diagram is shown here on the web site."


def tex(app) -> str:
    return (Path(app.outdir) / "math-test.tex").read_text(encoding="utf-8")


@pytest.mark.sphinx("latex", testroot="math", freshenv=True)
def test_math_is_latex_math(app) -> None:
    app.build()
    source = tex(app)
    assert r"\(e^{i\pi} + 1 = 0\)" in source
    assert r"\int_0^1 x\,dx = \frac{1}{2}" in source
    assert r"costs \$5 and \$10 to print." in source


@pytest.mark.sphinx("latex", testroot="math", freshenv=True)
def test_a_diagram_is_left_out_of_the_pdf_with_a_warning(app) -> None:
    app.build()
    assert warnings_of(app) == [LEFT_OUT]
    source = tex(app)
    assert "graph TD" not in source and "mermaid" not in source
    link = (
        r"\sphinxhref{https://blog.example.com/equations/}{A diagram is shown here on the web site}"
    )
    assert link in source


@pytest.mark.sphinx("latex", testroot="math", freshenv=True)
def test_the_pdf_typesets_the_math(app) -> None:
    require("xelatex", "latexmk", "pdftotext")
    app.build()
    outdir = Path(app.outdir)
    result = subprocess.run(
        ["make", "-C", str(outdir), "all-pdf"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]
    text = subprocess.run(
        ["pdftotext", str(outdir / "math-test.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert NOTE in " ".join(text.split())
    assert "\\frac" not in text and "e^{" not in text  # typeset, not printed as source


@pytest.mark.sphinx("epub", testroot="math", freshenv=True)
def test_the_epub_leaves_the_diagram_out_and_passes_epubcheck(app) -> None:
    app.build()
    assert warnings_of(app) == [LEFT_OUT]
    path = Path(app.outdir) / "math-test.epub"
    result = epubcheck(path)
    assert result.returncode == 0, result.stdout + result.stderr
    with zipfile.ZipFile(path) as archive:
        xhtml = archive.read("equations.xhtml").decode()
    soup = BeautifulSoup(xhtml, "xml")
    assert soup.find("script") is None  # no mermaid.js (nor MathJax) from a CDN
    assert soup.select_one("pre.mermaid") is None
    assert " ".join(soup.select_one("p.chapbook-diagram-note").get_text().split()) == NOTE
    assert soup.select_one("div.math") is not None

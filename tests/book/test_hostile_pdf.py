"""The hostile blog as a PDF, built as ``make pdf`` builds it, with a secret in the environment.

Every case of ``tests/hostile/corpus.py`` is built at once with the site's own
``conf.py`` by ``sphinx-build -M latexpdf`` (Sphinx's LaTeX builder, then latexmk
and XeLaTeX through the Makefile Sphinx writes), with the site's configuration as
it is and with posts trusted with every power: the build finishes with a PDF, each
case the book reports is named by one warning with its file and line, and no byte
of a file from outside ``docs/``, of the environment's secret or of a draft reaches
the ``.tex`` or the PDF.  Trusted, a post's TeX runs as written; only the engine's
own settings keep files out, and the payloads say so in the PDF ("...-NOT-READ").
"""

from __future__ import annotations

import re
import subprocess
import sys
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from tests.helpers import ROOT, checkout_env, require
from tests.hostile import corpus, tex

if TYPE_CHECKING:
    from pathlib import Path

    from tests.hostile.corpus import Case

#: What each math or raw LaTeX payload would put in the ``.tex`` if it reached it as TeX.
PRIMITIVES = (
    r"\IfFileExists{/etc/hostname}",
    r"\catcode0=9",
    r"\openin1=",
    "^^5c",
    r"\csname IfFileExists",
    r"\href{javascript:",
    r"\immediate\write18",
    r"\begin{tabular}{l}x",
    r"\def\pwn",
    r"\newread\chapbookpwn",
)
SECRETS = (corpus.SENTINEL, corpus.SECRET_VALUE, "Secret draft")


def build(root: Path, *, trusted: bool) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(root / "docs"),
               str(root / "out"), "-c", str(ROOT), "-q", "--no-color"]  # fmt: skip
    if trusted:
        command += ["-D", f"chapbook_trust={corpus.ALL_POWERS}"]
    env = checkout_env(**{corpus.SECRET_ENV: corpus.SECRET_VALUE})
    # stdin closed: a TeX error must end the run, never wait for an answer.
    return subprocess.run(command, capture_output=True, text=True, check=False, env=env,
                          stdin=subprocess.DEVNULL, timeout=600)  # fmt: skip


@dataclass(frozen=True)
class Built:
    latex: Path  # the LaTeX folder: the .tex, latexmk's files, the PDF
    result: subprocess.CompletedProcess[str]
    expected: list[tuple[Case, str]]  # each case and its warning for ``latex``
    trusted: bool


@pytest.fixture(scope="module", params=[False, True], ids=["default", "trusted"])
def hostile_pdf(request, tmp_path_factory) -> Built:
    require("xelatex", "latexmk", "pdftotext")
    trusted = request.param
    root = tmp_path_factory.mktemp(f"hostile-pdf-{'trusted' if trusted else 'default'}")
    _, cases = corpus.write(root)
    result = build(root, trusted=trusted)
    expected = [(case, case.expected("latex", trusted=trusted)) for case in cases]
    return Built(root / "out" / "latex", result, expected, trusted)


def pdf_of(latex: Path) -> Path:
    (tex,) = latex.glob("*.tex")  # the book; SVG images converted to PDF sit beside it
    pdf = tex.with_suffix(".pdf")
    return pdf


def pdf_text(pdf: Path) -> str:
    command = ["pdftotext", str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def pdf_streams(pdf: Path) -> bytes:
    """Every stream of the PDF, inflated: what no viewer shows is still in the file."""
    data = pdf.read_bytes()
    inflated = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.DOTALL):
        try:
            inflated.append(zlib.decompressobj().decompress(match.group(1)))
        except zlib.error:
            continue  # not deflated: its bytes are in ``data`` already
    return b"".join(inflated)


def test_the_trusted_build_has_every_power_but_the_network() -> None:
    from chapbook.trust.policy import POWERS

    powers = set(corpus.ALL_POWERS.split(","))
    assert powers == set(POWERS) - corpus.OFFLINE_POWERS_LEFT_OUT


def test_the_build_finishes_with_a_pdf(hostile_pdf: Built) -> None:
    latex, result = hostile_pdf.latex, hostile_pdf.result
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Traceback" not in result.stderr + result.stdout
    assert pdf_of(latex).read_bytes().startswith(b"%PDF")


def test_each_case_the_book_reports_is_one_warning(hostile_pdf: Built) -> None:
    expected = hostile_pdf.expected
    found = [line.split("/docs/", 1)[-1] for line in hostile_pdf.result.stderr.splitlines()
             if "WARNING" in line or "ERROR" in line]  # fmt: skip
    for case, warning in expected:
        if warning:
            matching = [line for line in found if line.startswith(warning)]
            assert len(matching) == 1, (case.name, warning, found)
    named = {warning.split(":", 1)[0] for _, warning in expected if warning}
    assert [line for line in found if line.split(":", 1)[0] not in named] == []


def test_no_secret_reaches_the_tex_or_the_pdf(hostile_pdf: Built) -> None:
    latex = hostile_pdf.latex
    source = "".join(path.read_text(encoding="utf-8") for path in latex.glob("*.tex"))
    text = pdf_text(pdf_of(latex))
    streams = pdf_streams(pdf_of(latex))
    for secret in SECRETS:
        assert secret not in source, secret
        assert secret not in text, secret
        assert secret.encode() not in streams, secret
    # Trusted, the payloads ran: TeX asked for each file and was refused.
    shown = " ".join(text.split())
    assert [m for m in tex.NOT_READ if m in shown] == (
        list(tex.NOT_READ) if hostile_pdf.trusted else []
    )


def test_the_tex_runs_no_program(hostile_pdf: Built) -> None:
    assert list(hostile_pdf.latex.glob("pwned*")) == []
    (log,) = hostile_pdf.latex.glob("*.log")
    assert "write18 enabled" not in log.read_text(errors="replace")


def test_refused_tex_never_reaches_the_tex_file(hostile_pdf: Built) -> None:
    source = "".join(path.read_text(encoding="utf-8") for path in hostile_pdf.latex.glob("*.tex"))
    for primitive in PRIMITIVES:
        # Trusted, a post's TeX is written as it is: the engine's settings keep files out.
        assert (primitive in source) is hostile_pdf.trusted, primitive

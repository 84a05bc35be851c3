"""The book's TeX reads nothing outside its folder and runs no program, even raw LaTeX.

A post trusted with ``raw-latex`` asks TeX for ``/etc/hostname``, for a secret by
its absolute path and by a ``../`` path from the LaTeX folder, and for a shell
command.  The PDF is made as ``make -C <latex folder>`` makes it (latexmk reads the
``latexmkrc`` Sphinx wrote there): each request is refused by the engine, which the
PDF shows by its fallback text, and no byte of the secret is in it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from chapbook.book.tex import MARK, latexmk_settings
from tests.helpers import require, warnings_of

SECRET = "SENTINEL-TEX-5d01"
RAW = r"""```{{raw}} latex
\IfFileExists{{/etc/hostname}}{{\input{{/etc/hostname}}}}{{HOSTNAME-NOT-READ}}\par
\IfFileExists{{{absolute}}}{{\input{{{absolute}}}}}{{ABSOLUTE-NOT-READ}}\par
\IfFileExists{{../../secret.txt}}{{\input{{../../secret.txt}}}}{{PARENT-NOT-READ}}\par
\newread\probe \openin\probe={absolute}
\ifeof\probe OPENIN-ABSOLUTE-NOT-READ\else\read\probe to\probed \probed\fi\par
\openin\probe=../../secret.txt
\ifeof\probe OPENIN-PARENT-NOT-READ\else\read\probe to\probed \probed\fi\par
\immediate\write18{{touch shell-escape-ran}}
```
"""
NOT_READ = ("HOSTNAME-NOT-READ", "ABSOLUTE-NOT-READ", "PARENT-NOT-READ",
            "OPENIN-ABSOLUTE-NOT-READ", "OPENIN-PARENT-NOT-READ")  # fmt: skip


def raw_latex_blog(tmp_path: Path) -> Path:
    """A blog in ``tmp_path/src`` (built into ``src/_build/latex``) and a secret beside it."""
    source = tmp_path / "src"
    source.mkdir()
    secret = tmp_path / "secret.txt"  # ../../secret.txt from src/_build/latex
    secret.write_text(f"{SECRET}\n", encoding="utf-8")
    (source / "conf.py").write_text('extensions = ["chapbook"]\nexclude_patterns = ["_build"]\n')
    (source / "index.md").write_text("# Files\n\nHome.\n")
    body = RAW.format(absolute=secret)
    (source / "post.md").write_text(f"---\ntitle: Raw\ndate: '2024-05-01'\n---\n\n{body}")
    return source


@pytest.fixture
def raw_book(make_app, tmp_path: Path):
    app = make_app("latex", srcdir=raw_latex_blog(tmp_path), freshenv=True,
                   confoverrides={"chapbook_trust": ["raw-latex"]})  # fmt: skip
    app.build()
    return app


def test_the_latexmkrc_closes_the_engine(raw_book) -> None:
    rc = (Path(raw_book.outdir) / "latexmkrc").read_text(encoding="utf-8")
    assert rc.endswith(latexmk_settings())
    assert rc.count(MARK) == 1
    for line in ("$ENV{'openin_any'} = 'p';", "$ENV{'openout_any'} = 'p';",
                 "$ENV{'shell_escape'} = 'f';", "delete $ENV{'TEXMFOUTPUT'};",
                 "  $$command =~ s/ %O / -no-shell-escape %O / if defined $$command;"):  # fmt: skip
        assert line in rc.splitlines()
    assert warnings_of(raw_book) == []
    source = (Path(raw_book.outdir) / "project-name-not-set.tex").read_text(encoding="utf-8")
    assert r"\IfFileExists{/etc/hostname}" in source  # trusted: as written


def test_the_settings_are_added_once_per_build(raw_book, make_app) -> None:
    again = make_app("latex", srcdir=raw_book.srcdir,
                     confoverrides={"chapbook_trust": ["raw-latex"]})  # fmt: skip
    again.build()
    rc = (Path(again.outdir) / "latexmkrc").read_text(encoding="utf-8")
    assert rc.count(MARK) == 1


def test_tex_reads_no_file_outside_and_runs_nothing(raw_book) -> None:
    require("xelatex", "latexmk", "pdftotext")
    outdir = Path(raw_book.outdir)
    result = subprocess.run(["make", "-C", str(outdir), "all-pdf"], capture_output=True,
                            text=True, check=False, stdin=subprocess.DEVNULL)  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]
    pdf = outdir / "project-name-not-set.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert SECRET not in text
    assert SECRET.encode() not in pdf.read_bytes()
    shown = text.split()
    assert [marker for marker in NOT_READ if marker in shown] == list(NOT_READ)  # one a line
    assert not (outdir / "shell-escape-ran").exists()
    assert "-no-shell-escape" in result.stdout  # latexmk prints the command it runs
    log = (outdir / "project-name-not-set.log").read_text(errors="replace")
    assert "write18 enabled" not in log

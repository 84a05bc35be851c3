"""Every TeX run of the book reads and writes only its own folder, and runs no program.

TeX Live lets TeX read any file (``openin_any = a``): ``\\input{/etc/hostname}``
typesets the file, ``\\input{/proc/self/environ}`` the build's environment
with its secrets.  Its shell escape runs a list of programs.  What a post's
math may say is checked as it is read (``reading.mathcheck``), but a site
may trust its authors with raw LaTeX, and a list can miss something: so the
engine is closed as well.  kpathsea's paranoid mode (``openin_any = p``,
``openout_any = p``: no absolute path, no ``..``, no hidden file) and shell
escape off (:data:`chapbook.trust.tex.TEX_ENVIRONMENT`) are set where the
engine starts: in the ``latexmkrc`` Sphinx writes into the LaTeX output
folder.  latexmk reads it whoever runs it, so ``make pdf`` (Sphinx's
``-M latexpdf``), ``make -C <folder>`` and Read the Docs' own latexmk all get
them: latexmk sets the environment of the engine it starts, and adds
``-no-shell-escape`` to its command line.

``TEXMFOUTPUT`` names a folder whose absolute paths paranoid mode allows; the
book needs none, so it is removed from the engine's environment.

What this does not close: ``xdvipdfmx``, which XeTeX runs to write the PDF,
reads a file named in ``\\special{pdf:fstream ...}`` wherever it is, and XeTeX
includes a picture from any path.  Neither can be reached from a post's math
(``trust.tex`` refuses ``\\special`` and every file command); raw LaTeX, a
power a site gives its own authors, can reach both.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from chapbook.trust.tex import NO_SHELL_ESCAPE, TEX_ENVIRONMENT

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: latexmk's configuration files in Sphinx's LaTeX output (``latexmkjarc`` for Japanese
#: engines is read after ``latexmkrc``).
RC_FILES = ("latexmkrc", "latexmkjarc")
MARK = "# Chapbook: the book's TeX reads and writes only this folder and runs no program"


def latexmk_settings() -> str:
    """Perl for latexmk: the engine's environment, and shell escape off on its command line."""
    lines = ["", MARK, "# (chapbook.book.tex; posts are untrusted)."]
    lines += [f"$ENV{{'{name}'}} = '{value}';" for name, value in TEX_ENVIRONMENT.items()]
    lines += [
        "delete $ENV{'TEXMFOUTPUT'};",
        "foreach my $command (\\$latex, \\$pdflatex, \\$xelatex, \\$lualatex) {",
        f"  $$command =~ s/ %O / {NO_SHELL_ESCAPE} %O / if defined $$command;",
        "}",
    ]
    return "\n".join(lines) + "\n"


def close_tex(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: add the settings to the latexmk files Sphinx has just written."""
    if exception is not None or app.builder.name != "latex":
        return
    for name in RC_FILES:
        path = Path(app.outdir) / name
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            if MARK not in text:
                path.write_text(text + latexmk_settings(), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("build-finished", close_tex)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

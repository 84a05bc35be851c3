"""``chapbook build [html|pdf|epub|all]``: the site, the PDF book, the ePub.

Sphinx runs in this process (``sphinx.application.Sphinx``), so the
``chapbook`` command is all a writer needs on ``PATH``: no ``make``, no
``sphinx-build``, on Linux, macOS and Windows alike. The folders are the
starter Makefile's:

- ``html``: the ``dirhtml`` builder into ``_build/html`` (doctrees in ``_build/doctrees``);
- ``pdf``: the ``latex`` builder into ``_build/book/<book>/latex``, then ``latexmk`` there
  (what ``sphinx-build -M latexpdf`` does, without its ``make``), the PDF copied to
  ``_build/pdf/``;
- ``epub``: the ``epub`` builder into ``_build/book/<book>/epub``, copied to ``_build/epub/``.

``<book>`` is ``--book NAME`` (the outline ``docs/NAME.book.md``) or ``all-posts``.
The log is quiet: Sphinx's status stream is off (MyST's configuration dump,
sphinx-tags' notice, "loading pickled environment" ...), warnings are printed as
they come, then Chapbook's summary line and where the output is. ``-v`` gives
Sphinx's whole log back.

A build reads only the posts changed since the last one, so it prints only their
warnings; the summary counts those of the others and names ``--fresh`` (``-E``,
as sphinx-build has it), which reads every post again.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, TextIO

from chapbook.cli import blog as blogs

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

TARGETS = ("html", "pdf", "epub")
#: From this many posts, a site build that reads every post (the first, or ``--fresh``)
#: and is given no ``-j`` reads and writes with one process per CPU: at 250 posts on two cores
#: that is already faster, while a rebuild that reads a few posts is slower with it
#: (benchmarks/RESULTS.md), so a rebuild keeps one process.
PARALLEL_FROM = 300
#: Sphinx's saved environment, in the doctrees folder: a build without it reads every post.
ENVIRONMENT = "environment.pickle"
DEFAULT_BOOK = "all-posts"
#: The summary line site/summary.py keeps on the application (its ``LINE``); the
#: command may not import the site stage, so the name is repeated here.
SUMMARY = "chapbook_summary"
#: What the build left out on purpose, one line each (``warnings_.NOTICES``), printed
#: under the summary.
NOTICES = "chapbook_notices"
#: Where site/summary.py reads the command that shows the warnings of posts an
#: incremental build did not read again (its ``FRESH``).
FRESH = "chapbook_fresh_command"
#: The summary's part on warnings of posts not read again (site/summary.py's
#: ``NOT_READ_AGAIN``), on which ``-W`` fails as a clean build would.
NOT_READ_AGAIN = "chapbook_not_read_again"
TEX_PACKAGES = (
    "texlive-xetex texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended "
    "tex-gyre latexmk fonts-freefont-otf fonts-symbola fonts-noto-core"
)
NO_TEX = (
    "chapbook build pdf needs XeLaTeX and latexmk, and {missing} is not on PATH.\n"
    f"  Debian or Ubuntu: sudo apt-get install {TEX_PACKAGES}\n"
    "  macOS: MacTeX (https://tug.org/mactex/); Windows: MiKTeX or TeX Live"
)
PREVIEW_HELP = "a preview, never for publishing: "


class BuildError(RuntimeError):
    """A build that cannot run or did not finish; the message says why."""


@dataclass(frozen=True)
class Job:
    """One Sphinx run: which builder, from where, into where."""

    builder: str
    outdir: Path
    doctrees: Path
    overrides: dict[str, str]
    #: This target's command with ``--fresh``: what the summary names.
    fresh: str = "chapbook build --fresh"


def add_preview_options(parser: argparse.ArgumentParser) -> None:
    """``--drafts``, ``--future`` and ``-D``, shared with ``chapbook serve``."""
    parser.add_argument(
        "--drafts", action="store_true", help=PREVIEW_HELP + "show posts marked draft: true"
    )
    parser.add_argument(
        "--future", action="store_true", help=PREVIEW_HELP + "show posts dated after today"
    )
    parser.add_argument(
        "-D", dest="define", action="append", default=[], metavar="name=value",
        help="override a conf.py setting, as sphinx-build -D does",
    )  # fmt: skip


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "target", nargs="?", default="html", choices=(*TARGETS, "all"),
        help="html (the site, default), pdf (the book, needs XeLaTeX), epub, or all three",
    )  # fmt: skip
    parser.add_argument("--book", help="an outline, docs/NAME.book.md (default: every post)")
    add_preview_options(parser)
    parser.add_argument(
        "-j", dest="jobs", type=jobs, default=0, metavar="N",
        help="read and write with N processes (auto: one per CPU; by default, one per CPU "
        f"when every post is read and there are {PARALLEL_FROM} or more, else one)",
    )  # fmt: skip
    parser.add_argument("-W", dest="strict", action="store_true",
                        help="fail when there is any warning, those of posts not read "
                        "again included")  # fmt: skip
    parser.add_argument(
        "--fresh", "-E", dest="fresh", action="store_true",
        help="read every post again (an incremental build reads only what changed; "
        "its summary counts the warnings of posts it did not read)",
    )  # fmt: skip
    # Sphinx 8.1 and later always go on to the end; kept so that SPHINXOPTS of old still work.
    parser.add_argument("--keep-going", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("-v", dest="verbose", action="store_true", help="Sphinx's whole log")


def jobs(text: str) -> int:
    """``-j N`` or ``-j auto``, as sphinx-build takes it."""
    if text == "auto":
        return os.cpu_count() or 1
    number = int(text)
    if number < 1:
        raise ValueError(text)
    return number


def overrides(args: argparse.Namespace) -> dict[str, str]:
    """``-D`` values, then the preview switches (which win over a ``-D`` of theirs)."""
    values = {}
    for define in args.define:
        name, equals, value = define.partition("=")
        if not equals or not name.strip():
            raise BuildError(f"-D {define!r}: write it name=value, e.g. -D language=fr")
        values[name.strip()] = value
    if args.drafts:
        values["chapbook_show_drafts"] = "1"
    if args.future:
        values["chapbook_show_future"] = "1"
    return values


def book_name(book: str | None) -> str:
    """``essays``, ``essays.book.md``, ``docs/essays.book.md``: the outline ``essays``."""
    if not book:
        return DEFAULT_BOOK
    name = Path(book).name
    return name.removesuffix(".md").removesuffix(".book")


def job(blog: blogs.Blog, target: str, book: str | None, values: dict[str, str]) -> Job:
    if target == "html":
        return Job("dirhtml", blog.build / "html", blog.build / "doctrees", values)
    name = book_name(book)
    folder = blog.build / "book" / name
    if book:
        values = {"chapbook_book": name, **values}
    builder = "latex" if target == "pdf" else "epub"
    fresh = f"chapbook build {target}{f' --book {name}' if book else ''} --fresh"
    return Job(builder, folder / builder, folder / "doctrees", values, fresh)


def sphinx(blog: blogs.Blog, job: Job, args: argparse.Namespace) -> str:
    """Run one Sphinx build in this process; its summary line."""
    from sphinx.application import Sphinx
    from sphinx.errors import SphinxError
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    status = quiet_log(verbose=args.verbose)
    try:
        with patch_docutils(blog.confdir), docutils_namespace():
            app = Sphinx(
                blog.source, blog.confdir, job.outdir, job.doctrees, job.builder,
                confoverrides=job.overrides, status=status, warning=sys.stderr,
                warningiserror=args.strict, parallel=processes(blog, job, args),
                freshenv=args.fresh,
            )  # fmt: skip
            setattr(app, FRESH, job.fresh)
            app.build()
    except SphinxError as error:
        raise BuildError(f"{error.category}: {error}") from error
    if app.statuscode:
        raise BuildError(f"the {job.builder} build failed (see the warnings above)")
    if args.strict and (hidden := getattr(app, NOT_READ_AGAIN, "")):
        raise BuildError(f"the {job.builder} build failed (-W): {hidden}")
    summary = getattr(app, SUMMARY, f"chapbook: {job.builder} built")
    return "\n".join([summary, *getattr(app, NOTICES, ())])


def quiet_log(*, verbose: bool) -> TextIO | None:
    """Sphinx's status stream for a build of the command: none unless ``verbose`` (its
    warnings still go to stderr), and colour codes only as :func:`colours` says."""
    from sphinx.util.console import nocolor

    if not colours(os.environ, (sys.stdout, sys.stderr)):
        nocolor()
    return sys.stdout if verbose else None


def colours(environ: Mapping[str, str], streams: Iterable[IO[str]]) -> bool:
    """Colour codes where every stream is a terminal, or where ``FORCE_COLOR`` asks for
    them; never with ``NO_COLOR`` (https://no-color.org). Sphinx also colours whenever
    ``CI`` is set, which put codes into a log file ``chapbook serve`` wrote on CI."""
    if "NO_COLOR" in environ:
        return False
    if "FORCE_COLOR" in environ:
        return True
    return all(_terminal(stream) for stream in streams)


def _terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no such method, or a closed file
        return False


def processes(blog: blogs.Blog, job: Job, args: argparse.Namespace) -> int:
    """``-j`` as given; else one per CPU for a site build reading every post of a large blog
    (the books keep one: their parallel reading is not tested against serial)."""
    if args.jobs:
        return args.jobs
    cpus = os.cpu_count() or 1
    rereads = args.fresh or not (job.doctrees / ENVIRONMENT).is_file()
    if cpus < 2 or not rereads or job.builder != "dirhtml":
        return 1
    posts = itertools.islice(blogs.markdown_files(blog.source), PARALLEL_FROM)
    return cpus if sum(1 for _ in posts) >= PARALLEL_FROM else 1


def require_tex() -> None:
    missing = [tool for tool in ("xelatex", "latexmk") if shutil.which(tool) is None]
    if missing:
        raise BuildError(NO_TEX.format(missing=" and ".join(missing)))


def latexmk(latex: Path, verbose: bool) -> list[Path]:
    """Each ``.tex`` of the folder made a PDF, as Sphinx's LaTeX Makefile does; the PDFs."""
    env = {**os.environ, "LATEXOPTS": "-halt-on-error"}
    pdfs = []
    for tex in sorted(latex.glob("*.tex")):
        log = latex / f"{tex.stem}.latexmk.log"
        # latexmk reads the latexmkrc Sphinx wrote there: xelatex, makeindex's style.
        command = ["latexmk", "-pdf", "-dvi-", "-ps-", "-interaction=nonstopmode", tex.name]
        with log.open("w", encoding="utf-8") as out:
            output = None if verbose else out
            done = subprocess.run(command, cwd=latex, env=env, stdout=output,
                                  stderr=subprocess.STDOUT, check=False)  # fmt: skip
        if done.returncode != 0:
            raise BuildError(f"LaTeX failed on {tex.name}: see {log} and {tex.with_suffix('.log')}")
        pdfs.append(tex.with_suffix(".pdf"))
    return pdfs


def copy_out(files: list[Path], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy2(file, folder / file.name)) for file in files]


def build(blog: blogs.Blog, target: str, args: argparse.Namespace) -> str:
    """One target built; the lines to print (its summary, where the output is)."""
    if target == "pdf":
        require_tex()
    this = job(blog, target, args.book, overrides(args))
    summary = sphinx(blog, this, args)
    if target == "html":
        return f"{summary}\nthe site: {blog.relative(this.outdir / 'index.html')}"
    if target == "pdf":
        files = copy_out(latexmk(this.outdir, args.verbose), blog.build / "pdf")
    else:
        files = copy_out(sorted(this.outdir.glob("*.epub")), blog.build / "epub")
    names = ", ".join(str(blog.relative(file)) for file in files)
    return f"{summary}\nthe {'book' if target == 'pdf' else 'ePub'}: {names}"


def run(args: argparse.Namespace) -> int:
    targets = TARGETS if args.target == "all" else (args.target,)
    try:
        blog = blogs.find()
        overrides(args)  # a malformed -D is named before anything is built
    except (blogs.NoBlogError, BuildError) as error:
        print(f"chapbook build: {error}", file=sys.stderr)
        return 2
    failed = 0
    for target in targets:
        try:
            print(build(blog, target, args), flush=True)
        except (BuildError, OSError) as error:
            print(f"chapbook build {target}: {error}", file=sys.stderr, flush=True)
            failed = 1
        except KeyboardInterrupt:
            print(f"chapbook build {target}: interrupted", file=sys.stderr)
            return 130
    return failed

"""``chapbook serve``: the blog served and rebuilt on each save, from the ``serve`` extra.

The site is built with the same builder and folders as ``make html``
(``dirhtml``, ``docs/`` into ``_build/html``), rebuilt on every save and
reloaded in the browser. Where Python can fork (not on Windows), each build
is forked from a warm process that imported Sphinx, MyST, the theme and
Chapbook once, and set up ahead of the save (``warm``, ``live``); elsewhere,
or with ``--cold``, sphinx-autobuild runs a ``sphinx-build`` process per save.
Chapbook writes nothing into ``docs/``, so a build never triggers another.
The blog is found upward from the current folder, as ``chapbook build`` finds
it, unless ``--docs`` names the folder of posts;
``--drafts``, ``--future`` and ``-D`` are ``chapbook build``'s (previews only).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from chapbook.cli import blog as blogs
from chapbook.cli import build as builds
from chapbook.cli import warm

INSTALL = 'pip install "chapbook[serve]"'


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--docs", type=Path, help="the folder of posts (default: the blog's, found upward)"
    )
    parser.add_argument("--build", type=Path, default=Path("_build"), help="the build folder")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    parser.add_argument(
        "--cold", action="store_true",
        help="start a new sphinx-build for each save (sphinx-autobuild), as on Windows",
    )  # fmt: skip
    parser.add_argument("-v", dest="verbose", action="store_true",
                        help="Sphinx's whole log (by default: its warnings only)")  # fmt: skip
    builds.add_preview_options(parser)


def command(args: argparse.Namespace, where: Path | None = None) -> list[str]:
    """sphinx-autobuild's command line, to run in ``where`` (default: the current folder)."""
    build: Path = args.build
    docs: Path = args.docs or Path(blogs.SOURCE)
    where = where or Path.cwd()
    line = [sys.executable, "-m", "sphinx_autobuild", "--host", args.host, "--port", args.port]
    line += ["-b", "dirhtml", "-d", str(build / "doctrees")]
    if blogs.runs_conf_of(where):
        line += ["-c", "."]
    for name, value in builds.overrides(args).items():
        line += ["-D", f"{name}={value}"]
    return [*line, str(docs), str(build / "html")]


def settings(args: argparse.Namespace, where: Path) -> warm.Settings:
    """The warm builds' folders: those of :func:`command`, made absolute."""
    docs = (where / args.docs).resolve()
    confdir = where if blogs.runs_conf_of(where) else docs
    build = (where / args.build).resolve()
    return warm.Settings(docs, confdir.resolve(), build / "html", build / "doctrees",
                         builds.overrides(args),
                         verbose=bool(getattr(args, "verbose", False)))  # fmt: skip


def located(args: argparse.Namespace) -> tuple[argparse.Namespace, Path]:
    """The arguments with the blog's folder of posts, and where to run: the blog's
    ``conf.py`` folder, found upward; the current folder when ``--docs`` is given."""
    if args.docs is not None:
        return args, Path.cwd()
    blog = blogs.find()
    docs = blog.source.relative_to(blog.confdir)
    return argparse.Namespace(**{**vars(args), "docs": docs}), blog.confdir


def run(args: argparse.Namespace) -> int:
    if importlib.util.find_spec("sphinx_autobuild") is None:
        print(f"chapbook serve needs sphinx-autobuild, from the serve extra: {INSTALL}",
              file=sys.stderr)  # fmt: skip
        return 1
    try:
        args, where = located(args)
        line = command(args, where)
        warm_settings = settings(args, where)
    except (blogs.NoBlogError, builds.BuildError) as error:
        print(f"chapbook serve: {error}", file=sys.stderr)
        return 2
    if warm.available() and not getattr(args, "cold", False):
        from chapbook.cli import live

        return live.serve(warm_settings, args.host, int(args.port))
    try:
        # Not the working folder first on sphinx-autobuild's path (``python -m``): see
        # ``warm.SAFE_PATH``.
        return subprocess.call(line, cwd=where, env={**os.environ, **warm.SAFE_PATH})
    except KeyboardInterrupt:
        return 0

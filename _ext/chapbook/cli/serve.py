"""``chapbook serve``: sphinx-autobuild on the blog, from the ``serve`` extra.

The site is built with the same builder and folders as ``make html``
(``dirhtml``, ``docs/`` into ``_build/html``), rebuilt on every save and
reloaded in the browser. Chapbook writes nothing into ``docs/``, so a build
never triggers another. The blog is found upward from the current folder, as
``chapbook build`` finds it, unless ``--docs`` names the folder of posts;
``--drafts``, ``--future`` and ``-D`` are ``chapbook build``'s (previews only).
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
from pathlib import Path

from chapbook.cli import blog as blogs
from chapbook.cli import build as builds

INSTALL = 'pip install "chapbook[serve]"'


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--docs", type=Path, help="the folder of posts (default: the blog's, found upward)"
    )
    parser.add_argument("--build", type=Path, default=Path("_build"), help="the build folder")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    builds.add_preview_options(parser)


def command(args: argparse.Namespace, where: Path | None = None) -> list[str]:
    """sphinx-autobuild's command line, to run in ``where`` (default: the current folder)."""
    build: Path = args.build
    docs: Path = args.docs or Path(blogs.SOURCE)
    where = where or Path.cwd()
    line = [sys.executable, "-m", "sphinx_autobuild", "--host", args.host, "--port", args.port]
    line += ["-b", "dirhtml", "-d", str(build / "doctrees")]
    # conf.py beside docs/ (as `chapbook new` writes it), or inside it (Sphinx's own layout).
    if (where / "conf.py").is_file() and not (where / docs / "conf.py").is_file():
        line += ["-c", "."]
    for name, value in builds.overrides(args).items():
        line += ["-D", f"{name}={value}"]
    return [*line, str(docs), str(build / "html")]


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
    except (blogs.NoBlogError, builds.BuildError) as error:
        print(f"chapbook serve: {error}", file=sys.stderr)
        return 2
    try:
        return subprocess.call(line, cwd=where)
    except KeyboardInterrupt:
        return 0

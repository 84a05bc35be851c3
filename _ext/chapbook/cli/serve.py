"""``chapbook serve``: sphinx-autobuild on the blog, from the ``serve`` extra.

The site is built with the same builder and folders as ``make html``
(``dirhtml``, ``docs/`` into ``_build/html``), rebuilt on every save and
reloaded in the browser. Chapbook writes nothing into ``docs/``, so a build
never triggers another.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

INSTALL = 'pip install "chapbook[serve]"'


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--docs", type=Path, default=Path("docs"), help="the folder of posts")
    parser.add_argument("--build", type=Path, default=Path("_build"), help="the build folder")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")


def command(args: argparse.Namespace) -> list[str]:
    build: Path = args.build
    line = [sys.executable, "-m", "sphinx_autobuild", "--host", args.host, "--port", args.port]
    line += ["-b", "dirhtml", "-d", str(build / "doctrees")]
    # conf.py beside docs/ (as `chapbook new` writes it), or inside it (Sphinx's own layout).
    if Path("conf.py").is_file() and not (args.docs / "conf.py").is_file():
        line += ["-c", "."]
    return [*line, str(args.docs), str(build / "html")]


def run(args: argparse.Namespace) -> int:
    if importlib.util.find_spec("sphinx_autobuild") is None:
        print(f"chapbook serve needs sphinx-autobuild, from the serve extra: {INSTALL}",
              file=sys.stderr)  # fmt: skip
        return 1
    try:
        return subprocess.call(command(args))
    except KeyboardInterrupt:
        return 0

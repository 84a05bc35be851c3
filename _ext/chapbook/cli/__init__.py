"""chapbook: start a blog, start a post, preview the site, check old addresses.

::

    chapbook new DIR [--title T] [--author A] [--url U]   a ready blog in an empty folder
    chapbook post "Title" [--tags a,b]                    a new post in docs/
    chapbook build [html|pdf|epub|all] [--book NAME]      the site, the PDF book, the ePub
    chapbook serve [--drafts] [--future] [--port N]       live preview (the serve extra)
    chapbook check-links [[SITE] old-urls.txt]            do all pages, links, old addresses answer?
    chapbook --version

Each subcommand lives in its own module with ``add_arguments`` and ``run``
(``check-links`` in ``links``, around the leaf ``chapbook.deploycheck``); this
module only dispatches. The command imports leaves and the model only: no stage
that needs a build (``build`` runs Sphinx, which loads the extension from
``conf.py``). ``build``, ``serve`` and ``check-links`` find the blog upward from
the current folder (``blog``).
"""

from __future__ import annotations

import argparse
import gc
import platform
import sys
from importlib import metadata

from chapbook.cli import build, links, new, post, serve

COMMANDS = {
    "new": (new, "start a blog in an empty folder"),
    "post": (post, "start a post in the blog's folder of posts"),
    "build": (build, "build the site (html), the PDF book (pdf), the ePub (epub), or all"),
    "serve": (serve, "live preview, rebuilt and reloaded on every save"),
    "check-links": (links, "do the site's pages and links, and the old site's addresses, answer?"),
}


def version() -> str:
    """``chapbook 0.1.0 (Sphinx 9.0.4, Python 3.11.7)``: what a bug report needs."""

    def of(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    return f"chapbook {of('chapbook')} (Sphinx {of('sphinx')}, Python {platform.python_version()})"


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="chapbook", description=__doc__.splitlines()[0])
    top.add_argument("--version", action="version", version=version())
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module, summary) in COMMANDS.items():
        sub = commands.add_parser(name, help=summary, description=summary)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.run(args))


def leaving() -> None:
    """The process is about to exit: keep Python's shutdown from walking what is left alive.

    After a build, the environment of every post and the theme's templates are
    still alive; the interpreter's last full collections would walk all of them,
    and the operating system frees them anyway. Frozen objects are never walked.
    Called only where this process ends (the ``chapbook`` script), never from
    ``main``: a test runner or a server that calls ``main`` keeps its heap as it was.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()


def console() -> int:
    """The ``chapbook`` script and ``python -m chapbook.cli``: ``main``, then the process's end."""
    status = main()
    leaving()
    return status


if __name__ == "__main__":
    sys.exit(console())

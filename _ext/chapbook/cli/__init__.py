"""chapbook: start a blog, start a post, preview the site, check old addresses.

::

    chapbook new DIR [--title T] [--author A] [--url U]   a ready blog in an empty folder
    chapbook post "Title" [--tags a,b]                    a new post in docs/
    chapbook serve                                        live preview (the serve extra)
    chapbook check-links _build/html old-urls.txt         do the old site's addresses answer?

Each subcommand lives in its own module with ``add_arguments`` and ``run``
(``check-links`` in the leaf ``chapbook.deploycheck``); this module only
dispatches. The command imports leaves and the model only: no stage that
needs a build.
"""

from __future__ import annotations

import argparse
import sys

from chapbook import deploycheck
from chapbook.cli import new, post, serve

COMMANDS = {
    "new": (new, "start a blog in an empty folder"),
    "post": (post, "start a post in the blog's folder of posts"),
    "serve": (serve, "live preview, rebuilt and reloaded on every save"),
    "check-links": (deploycheck, "request every old address of a list from the built site"),
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="chapbook", description=__doc__.splitlines()[0])
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module, summary) in COMMANDS.items():
        sub = commands.add_parser(name, help=summary, description=summary)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())

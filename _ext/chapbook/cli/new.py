"""``chapbook new DIR``: a ready blog in an empty folder.

Writes ``conf.py`` (the blog's identity, and every Chapbook option with its
default as a comment), a Makefile whose ``html``, ``serve``, ``post``, ``pdf``,
``epub`` and ``clean`` run the ``chapbook`` command (``make`` stays optional),
``.readthedocs.yaml``, ``.gitignore``, a
``requirements.txt`` that pins this Chapbook, a README, a first post and an
about page. It never writes into a folder that holds anything.

The starter files are package data (``chapbook/cli/starter/``), separate from
the repository's own ``docs/``, which is Chapbook's user guide. Values typed
by the user reach Python as literals (``repr``) and Markdown escaped, so a
title with quotes, backslashes or markup stays text.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from chapbook.cli import post
from chapbook.config import OPTIONS
from chapbook.trust.controls import one_line

if TYPE_CHECKING:
    import argparse
    import datetime as dt

#: Starter file -> where it goes in the new blog.
FILES = {
    "conf.py.in": "conf.py",
    "Makefile": "Makefile",
    "readthedocs.yaml": ".readthedocs.yaml",
    "gitignore": ".gitignore",
    "requirements.txt": "requirements.txt",
    "README.md": "README.md",
    "about.md": "docs/about.md",
    "first-post.md": "docs/hello-world/index.md",
}
#: Options conf.py sets itself rather than listing as a comment.
SET_IN_CONF = frozenset({"chapbook_description"})
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$&:\"'])")


class StarterError(ValueError):
    """The blog cannot be written where or as asked; the message says why."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path, help="an empty or new folder for the blog")
    parser.add_argument("--title", help="the blog's name (default: from the folder's name)")
    parser.add_argument("--author", default="Anonymous", help="who writes it")
    parser.add_argument(
        "--url", default="https://example.org/", help="the blog's address, such as https://me.org/"
    )


def run(args: argparse.Namespace) -> int:
    try:
        written = create(args.folder, args.title, args.author, args.url, post.today())
    except (StarterError, OSError) as error:
        print(f"chapbook new: {error}", file=sys.stderr)
        return 1
    print(f"created a blog in {args.folder} ({len(written)} files)")
    print(f"next: cd {args.folder}, then chapbook serve (a preview), chapbook build (the site)")
    return 0


def create(folder: Path, title: str | None, author: str, url: str, day: dt.date) -> list[Path]:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise StarterError(f"{folder} is not an empty folder; choose a new one")
    name = one_line(title or "") or one_line(folder.resolve().name.replace("-", " ").title())
    values = _values(name or "My blog", one_line(author or "") or "Anonymous", _address(url), day)
    written = []
    for source, target in FILES.items():
        path = folder / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_fill(_starter(source), values), encoding="utf-8")
        written.append(path)
    return written


def _values(name: str, author: str, url: str, day: dt.date) -> dict[str, str]:
    return {
        "@TITLE@": repr(name),
        "@AUTHOR@": repr(author),
        "@COPYRIGHT@": repr(f"{day.year}, {author}"),
        "@URL@": repr(url),
        "@NAME@": _markdown(name),
        "@AUTHOR_TEXT@": _markdown(author),
        "@DATE@": day.isoformat(),
        "@PIN@": _pin(),
        "@OPTIONS@": options_block(),
    }


def options_block() -> str:
    """Every Chapbook option but those conf.py sets, each with its help and default."""
    lines = []
    for option in OPTIONS:
        if option.name not in SET_IN_CONF:
            lines += [f"# {option.help}", f"# {option.name} = {option.default!r}", "#"]
    return "\n".join(lines[:-1])


def _pin() -> str:
    """``==<this version>`` of the installed Chapbook; nothing when run from a checkout."""
    try:
        return f"=={metadata.version('chapbook')}"
    except metadata.PackageNotFoundError:
        return ""


def _address(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c in url for c in "\"'<> "):
        raise StarterError(f"--url {url!r} is not a web address such as https://me.org/")
    return url.strip().rstrip("/") + "/"


def _markdown(text: str) -> str:
    """Text that Markdown shows as typed (every punctuation mark escaped)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _starter(name: str) -> str:
    return (resources.files("chapbook.cli") / "starter" / name).read_text(encoding="utf-8")


def _fill(text: str, values: dict[str, str]) -> str:
    # One pass, so that a value holding another placeholder's name stays as typed.
    pattern = re.compile("|".join(re.escape(key) for key in values))
    return pattern.sub(lambda match: values[match.group(0)], text)

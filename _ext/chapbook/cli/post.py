"""``chapbook post "My new post" --tags "ai, writing"``: start a post in the blog's own format.

Creates ``docs/<slug>/index.md`` with its front-matter filled in: the title,
an empty description, the next ``order`` after the highest any post uses,
today's date (quoted, as the blog writes it) and the tags.  It never
overwrites a post: a slug already taken, as a file or a folder, is an error,
and so is a slug the site itself uses (``tags``, ``archive``, ``404``, ...).

``make post TITLE=... TAGS=...`` runs ``chapbook post`` and hands the title and
tags over in the environment (``CHAPBOOK_POST_TITLE``, ``CHAPBOOK_POST_TAGS``),
never through a shell command line, so they are kept exactly as typed; a title
and ``--tags`` on the command line win over them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import runpy
import sys
import unicodedata
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfoNotFoundError

from chapbook.cli.blog import MARKDOWN, NoBlogError, find, markdown_files
from chapbook.model import frontmatter, schedule
from chapbook.model.names import slugify
from chapbook.sitenames import reserved as reserved_names

TITLE_ENV = "CHAPBOOK_POST_TITLE"
TAGS_ENV = "CHAPBOOK_POST_TAGS"


def is_reserved(slug: str, reserved: frozenset[str] | None = None) -> bool:
    """A top-level name the site uses itself (``sitenames.reserved``, as the build sees
    them: from the blog's conf.py, its defaults when none is read), or a ``_``/``.`` name."""
    names = reserved_names({}) if reserved is None else reserved
    return slug.casefold() in names or slug.startswith(("_", "."))


def _order_of(path: Path) -> int | None:
    """The ``order`` in one file's front-matter; ``None`` for a file that cannot be read.

    A FIFO or a folder named ``x.md`` is never opened; a file that does not
    decode, or whose front-matter cannot be built, is skipped: one broken post
    must not stop a new one.
    """
    try:
        if not path.is_file():
            return None
        return frontmatter.read(path.read_text(encoding="utf-8", errors="replace")).order
    except Exception:  # any failure on one file only skips that file
        return None


def next_order(docs: Path) -> int:
    orders = (_order_of(path) for path in markdown_files(docs))
    return max([0, *(order for order in orders if order is not None)]) + 1


def render(title: str, tags: list[str], order: int, day: dt.date) -> str:
    # JSON strings are valid YAML flow scalars: quotes and colons in a title are safe.
    return (
        "---\n"
        f"title: {json.dumps(title, ensure_ascii=False)}\n"
        "description:\n"
        f"order: {order}\n"
        f"date: '{day.isoformat()}'\n"
        f"tags: {json.dumps(tags, ensure_ascii=False)}\n"
        "---\n\n"
        "Write the first paragraph here; it is the post's summary until you fill in\n"
        "`description`.\n\n"
        "### A first section\n"
    )


def today(zone: str = "UTC") -> dt.date:
    """Today in the site's time zone (``chapbook_timezone``), as the build sees it.

    A post dated after the build's today is held back until then (scheduled posts):
    a writer east of the site's zone after their midnight would otherwise date a post
    "tomorrow" and not see it published.  The clock is the build's own
    (``schedule.clock``), so tests fix it for both.
    """
    try:
        return schedule.now(zone).date()
    except (ZoneInfoNotFoundError, ValueError):  # conf.py's zone is checked by the build
        return schedule.now("UTC").date()


def readable_slug(title: str, day: dt.date) -> str:
    """The title's slug, readable: a title of symbols alone (``🤖``, ``!!!``) is named by
    its symbols' Unicode names (``robot-face``), punctuation left out, else by its date
    (``post-2026-12-07``), where ``slugify`` would give code points (``u1f916``)."""
    slug = slugify(title)
    if any(char.isalnum() for char in title):
        return slug
    words = [unicodedata.name(char, "") for char in title if not _punctuation(char)]
    return slugify(" ".join(filter(None, words))) or f"post-{day.isoformat()}"


def _punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PZC"


def _slug_for(docs: Path, title: str, day: dt.date, reserved: frozenset[str] | None) -> str:
    """The new post's slug; ``ValueError`` or ``FileExistsError`` when it cannot be used."""
    slug = readable_slug(title, day)
    if not slug:
        raise ValueError(f"cannot make a file name from the title {title!r}")
    if is_reserved(slug, reserved):
        raise ValueError(
            f"the title {title!r} would publish at /{slug}/, which the site itself uses; "
            "choose another title"
        )
    files = [folder / f"{slug}{suffix}" for folder in (docs, docs / "posts") for suffix in MARKDOWN]
    for taken in (docs / slug, *files):
        if taken.exists():
            raise FileExistsError(f"{taken} already exists; choose another title")
    return slug


def create(
    docs: Path, title: str, tags_text: str, day: dt.date, reserved: frozenset[str] | None = None
) -> Path:
    title = " ".join(title.split())
    if not title:
        raise ValueError('a title is needed: chapbook post "My new post" (or make post TITLE=...)')
    slug = _slug_for(docs, title, day, reserved)
    tags = [t.strip() for t in tags_text.split(",") if t.strip()]
    path = docs / slug / "index.md"
    path.parent.mkdir(parents=True)
    path.write_text(render(title, tags, next_order(docs), day), encoding="utf-8")
    return path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("title", nargs="?", help=f"the post's title (default: ${TITLE_ENV})")
    parser.add_argument("--title", dest="title_option", help=argparse.SUPPRESS)
    parser.add_argument("--tags", help=f"comma-separated tags (default: ${TAGS_ENV})")
    parser.add_argument(
        "--date", type=dt.date.fromisoformat, default=None, help="the post's date (default: today)"
    )
    parser.add_argument(
        "--docs", type=Path, default=None,
        help="the folder of posts (default: the blog's, found from here upward)",
    )  # fmt: skip


def run(args: argparse.Namespace) -> int:
    title = args.title_option or args.title or os.environ.get(TITLE_ENV, "")
    tags = args.tags if args.tags is not None else os.environ.get(TAGS_ENV, "")
    try:
        docs, values = _where(args.docs)
        day = args.date or today(str(values.get("chapbook_timezone", "UTC")))
        path = create(docs, title, tags, day, reserved_names(values))
    except (ValueError, FileExistsError, NoBlogError) as error:
        print(f"chapbook post: {error}", file=sys.stderr)
        return 1
    print(f"created {path}")
    return 0


def _where(docs: Path | None) -> tuple[Path, dict[str, Any]]:
    """The folder of posts and the names conf.py sets.  Without ``--docs``, the blog
    holding the current folder: outside one, nothing is created (a post in a stray
    ``docs/`` would never be published)."""
    try:
        blog = find(docs)
    except NoBlogError:
        if docs is None:
            raise
        return docs, {}  # a folder named on purpose, with no conf.py above it
    return (docs or blog.source), conf_values(blog.confdir / "conf.py")


def conf_values(conf: Path) -> dict[str, Any]:
    """The names the blog's conf.py sets (it is the site's own code, run as Sphinx runs
    it); none when it fails, and the build will say why."""
    try:
        return runpy.run_path(str(conf), run_name="chapbook_conf")
    except (Exception, SystemExit):  # any error in conf.py is the build's to report
        return {}

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
import sys
from pathlib import Path

from chapbook.model import frontmatter
from chapbook.model.names import slugify

TITLE_ENV = "CHAPBOOK_POST_TITLE"
TAGS_ENV = "CHAPBOOK_POST_TAGS"

#: Top-level names the site writes itself or Sphinx keeps (the generated
#: pages at their default places, Sphinx's own pages, the folders for posts
#: and drafts); ``_`` and ``.`` names are Sphinx's and the web server's.
RESERVED = frozenset(
    {
        "tags",
        "archive",
        "popular",
        "page",
        "search",
        "genindex",
        "py-modindex",
        "404",
        "index",
        "posts",
        "drafts",
    }
)


def is_reserved(slug: str) -> bool:
    return slug in RESERVED or slug.startswith(("_", "."))


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
    orders = (_order_of(path) for path in docs.rglob("*.md"))
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


def today() -> dt.date:
    """The writer's date, or UTC's when that is earlier.

    A post dated after the site's today is held back until then (scheduled
    posts). The site's day is UTC unless ``chapbook_timezone`` says otherwise,
    so a writer east of UTC after their midnight would date a post "tomorrow"
    and not see it: the earlier of the two dates is never in the future for a
    site on UTC or on the writer's own time zone.
    """
    return min(dt.date.today(), dt.datetime.now(dt.UTC).date())


def _slug_for(docs: Path, title: str) -> str:
    """The new post's slug; ``ValueError`` or ``FileExistsError`` when it cannot be used."""
    slug = slugify(title)
    if not slug:
        raise ValueError(f"cannot make a file name from the title {title!r}")
    if is_reserved(slug):
        raise ValueError(
            f"the title {title!r} would publish at /{slug}/, which the site itself uses; "
            "choose another title"
        )
    for taken in (docs / slug, docs / f"{slug}.md", docs / "posts" / f"{slug}.md"):
        if taken.exists():
            raise FileExistsError(f"{taken} already exists; choose another title")
    return slug


def create(docs: Path, title: str, tags_text: str, day: dt.date) -> Path:
    title = " ".join(title.split())
    if not title:
        raise ValueError('a title is needed: chapbook post "My new post" (or make post TITLE=...)')
    slug = _slug_for(docs, title)
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
        "--docs", type=Path, default=Path("docs"), help="the folder of posts (default: docs)"
    )


def run(args: argparse.Namespace) -> int:
    title = args.title_option or args.title or os.environ.get(TITLE_ENV, "")
    tags = args.tags if args.tags is not None else os.environ.get(TAGS_ENV, "")
    try:
        path = create(args.docs, title, tags, args.date or today())
    except (ValueError, FileExistsError) as error:
        print(f"chapbook post: {error}", file=sys.stderr)
        return 1
    print(f"created {path}")
    return 0

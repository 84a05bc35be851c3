"""``make post TITLE="My new post" TAGS="ai, writing"``: start a post in the blog's own format.

Creates ``docs/<slug>/index.md`` with its front-matter filled in: the title,
an empty description, the next ``order`` after the highest any post uses,
today's date (quoted, as the blog writes it) and the tags.  It never
overwrites a post: a slug already taken, as a file or a folder, is an error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from chapbook.model import frontmatter
from chapbook.model.names import slugify


def next_order(docs: Path) -> int:
    highest = 0
    for path in docs.rglob("*.md"):
        fm = frontmatter.read(path.read_text(encoding="utf-8", errors="replace"))
        if fm.order is not None:
            highest = max(highest, fm.order)
    return highest + 1


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


def create(docs: Path, title: str, tags_text: str, day: dt.date) -> Path:
    title = " ".join(title.split())
    if not title:
        raise ValueError('a title is needed: make post TITLE="My new post"')
    slug = slugify(title)
    if not slug:
        raise ValueError(f"cannot make a file name from the title {title!r}")
    for taken in (docs / slug, docs / f"{slug}.md", docs / "posts" / f"{slug}.md"):
        if taken.exists():
            raise FileExistsError(f"{taken} already exists; choose another title")
    tags = [t.strip() for t in tags_text.split(",") if t.strip()]
    path = docs / slug / "index.md"
    path.parent.mkdir(parents=True)
    path.write_text(render(title, tags, next_order(docs), day), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--title", required=True)
    parser.add_argument("--tags", default="")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("docs", type=Path, nargs="?", default=Path("docs"))
    args = parser.parse_args(argv)
    try:
        path = create(args.docs, args.title, args.tags, args.date)
    except (ValueError, FileExistsError) as error:
        print(f"make post: {error}", file=sys.stderr)
        return 1
    print(f"created {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

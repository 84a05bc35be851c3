"""The book outline: a writer's own list of parts and posts, as a small Markdown file.

A curated book is a file ``docs/<name>.book.md``::

    ---
    title: Looking inside the machine
    subtitle: Essays, 2024-2026
    author: A. Writer
    date: 2026-11-01
    ---

    # Part one: Beginnings

    An optional introduction, one or more paragraphs.

    - [Getting started](/getting-started)
    - /front-matter
    - tags-and-topics

    # Part two: Further

    - /links-between-posts

Every ``#`` or ``##`` heading starts a part; list items name posts by link,
site path or bare slug; other text is the part's introduction.  Items before
the first heading form a book without parts.  This module only reads the
file; which posts the names match is decided once the posts are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from chapbook.model import frontmatter

SUFFIX = ".book.md"
#: The generated document whose toctrees list the book's posts.
ROOT = "_book"

_HEADING = re.compile(r"^(#{1,2})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*?)\s*$")
_LINK = re.compile(r"^\[(?P<text>[^\]]*)\]\(\s*<?(?P<href>[^)>]*?)>?\s*\)$")


@dataclass(frozen=True)
class Entry:
    """One post named by the outline, as written, with its line."""

    target: str
    line: int


@dataclass(frozen=True)
class Part:
    title: str | None
    intro: tuple[str, ...]
    entries: tuple[Entry, ...]


@dataclass
class Outline:
    title: str | None = None
    subtitle: str = ""
    author: str = ""
    date: str = ""
    parts: list[Part] = field(default_factory=list)
    problems: list[frontmatter.Problem] = field(default_factory=list)


def parse(text: str) -> Outline:
    """Read an outline; problems (with their lines) are collected, never raised."""
    fm = frontmatter.read(text)
    outline = Outline(problems=list(fm.problems), title=fm.title)
    for key in ("subtitle", "author"):
        value = fm.data.get(key)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            setattr(outline, key, " ".join(str(value).split()))
        elif value is not None:
            line = fm.lines.get(key, 1)
            outline.problems.append(frontmatter.Problem(line, f"outline '{key}': expected text"))
    outline.date = fm.datetime[:10] if fm.datetime else ""
    block = frontmatter.split(text)
    _body(text.split("\n"), block.body_line - 1 if block else 0, outline)
    return outline


def _body(lines: list[str], start: int, outline: Outline) -> None:
    title: str | None = None
    intro: list[str] = []
    paragraph: list[str] = []
    entries: list[Entry] = []

    def close_paragraph() -> None:
        if paragraph:
            intro.append(" ".join(paragraph))
            paragraph.clear()

    def close_part() -> None:
        close_paragraph()
        if title is not None or entries or intro:
            outline.parts.append(Part(title, tuple(intro), tuple(entries)))

    for number, line in enumerate(lines[start:], start=start + 1):
        heading, item = _HEADING.match(line), _ITEM.match(line)
        if heading:
            close_part()
            title, intro, entries = heading.group(2), [], []
        elif item:
            close_paragraph()
            entries.append(Entry(target_of(item.group(1)), number))
        elif line.strip():
            paragraph.append(line.strip())
        else:
            close_paragraph()
    close_part()


def target_of(item: str) -> str:
    """``[Title](/slug)``, ``</slug>``, ``/slug`` or ``slug`` -> what it points at."""
    link = _LINK.match(item)
    if link:
        return link.group("href").strip()
    return item.strip("<>").strip()


# -- the book, once the outline's names are matched with posts ----------------------


@dataclass(frozen=True)
class BookPart:
    title: str | None
    intro: tuple[str, ...]
    docnames: tuple[str, ...]


@dataclass(frozen=True)
class Book:
    """A book resolved against the posts: what the builders need."""

    name: str
    title: str
    subtitle: str
    author: str
    date: str
    parts: tuple[BookPart, ...]

    @property
    def docnames(self) -> tuple[str, ...]:
        return tuple(doc for part in self.parts for doc in part.docnames)

    @property
    def all_docnames(self) -> tuple[str, ...]:
        """The posts and the book's root document."""
        return (ROOT, *self.docnames)

    @property
    def has_parts(self) -> bool:
        return any(part.title for part in self.parts)

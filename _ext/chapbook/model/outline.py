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
site path or bare slug; other text is the part's introduction, in Markdown
(emphasis, code, links), kept here as written and typeset like a post's text
by the book builders.  Items before the first heading are the book's front
matter when parts follow (unnumbered chapters before Part I), or the whole
book when no heading does.  This module only reads the file; which posts the
names match is decided once the posts are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from chapbook.model import frontmatter

SUFFIX = ".book.md"
#: The generated document whose toctrees list the book's posts.
ROOT = "_book"
#: The ePub's generated page of each part (its title and introduction): ``_book-part-1``, ...
PART_PAGE = f"{ROOT}-part-"

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
    """A heading of the outline (``None`` before the first), its introduction and posts.

    ``intro`` holds the introduction's paragraphs as Markdown source, each
    paragraph's lines joined: markup is not interpreted here (no Sphinx in the model).
    """

    title: str | None
    intro: tuple[str, ...]
    entries: tuple[Entry, ...]
    #: The introduction's first line: where a problem in it is reported.
    intro_line: int = 0


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
    intro_line = 0
    paragraph: list[str] = []
    entries: list[Entry] = []

    def close_paragraph() -> None:
        if paragraph:
            intro.append(" ".join(paragraph))
            paragraph.clear()

    def close_part() -> None:
        close_paragraph()
        if title is not None or entries or intro:
            outline.parts.append(Part(title, tuple(intro), tuple(entries), intro_line))

    for number, line in enumerate(lines[start:], start=start + 1):
        heading, item = _HEADING.match(line), _ITEM.match(line)
        if heading:
            close_part()
            title, intro, intro_line, entries = heading.group(2), [], 0, []
        elif item:
            close_paragraph()
            entries.append(Entry(target_of(item.group(1)), number))
        elif line.strip():
            intro_line = intro_line or number
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
    """A part of the book: its title (``None``: no heading), introduction and posts."""

    title: str | None
    intro: tuple[str, ...]
    docnames: tuple[str, ...]
    #: The introduction's first line in the outline: where a problem in it is reported.
    intro_line: int = 0

    @property
    def markdown(self) -> str:
        """The introduction as one Markdown text, for the builders to parse as a post is."""
        return "\n\n".join(self.intro)


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
        """The posts, the book's root document and the ePub's part pages."""
        return (ROOT, *self.part_pages, *self.docnames)

    @property
    def has_parts(self) -> bool:
        return bool(self.titled_parts)

    @property
    def front_matter(self) -> BookPart | None:
        """Posts listed before the first part: unnumbered chapters before Part I, not a part.

        Without any part they are the whole book (numbered chapters), so ``None``.
        """
        first = self.parts[0] if self.parts else None
        return first if first and first.title is None and self.has_parts else None

    @property
    def titled_parts(self) -> tuple[BookPart, ...]:
        """The parts with a heading, in order: Part I, Part II, ..."""
        return tuple(part for part in self.parts if part.title is not None)

    @property
    def part_pages(self) -> tuple[str, ...]:
        """The docname of each titled part's page in the ePub (its title and introduction)."""
        return tuple(f"{PART_PAGE}{number}" for number in range(1, len(self.titled_parts) + 1))

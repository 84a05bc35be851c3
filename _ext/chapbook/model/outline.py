"""The book outline: a writer's own list of parts and posts, as a small Markdown file.

A curated book is a file ``docs/<name>.book.md``::

    ---
    title: Looking inside the machine
    subtitle: Essays, 2024-2026
    author: A. Writer
    date: 2026-11-01
    copyright: © 2026 A. Writer
    edition: First edition
    isbn: 978-0-306-40615-7
    dedication: For R., who read every draft.
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

The front-matter also gives the book's front pages (:class:`Imprint`): the
copyright page (``copyright``, ``edition``, ``isbn``), a ``dedication``, and
whether the title page shows ``date`` (``show_date``).  ``copyright`` and
``dedication`` keep their line breaks (YAML's ``|``); every other value is one
line.  A value of the wrong type is a problem with its line, and left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from chapbook.model import frontmatter
from chapbook.trust.controls import strip_controls

SUFFIX = ".book.md"
#: Front-matter keys of one line of text, and of lines (``copyright``, ``dedication``).
TEXT_KEYS = ("subtitle", "author", "edition", "isbn")
LINES_KEYS = ("copyright", "dedication")
#: Longest value of any of them: a dedication is a few lines, never a chapter.
MAX_TEXT = 2_000
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


@dataclass(frozen=True)
class Imprint:
    """What the front pages print besides the title, subtitle and author."""

    #: The copyright page's first lines (default: "© <year> <author>", :attr:`Book.copyright`).
    copyright: tuple[str, ...] = ()
    edition: str = ""
    #: As written, without a leading "ISBN" (the page prints its own).
    isbn: str = ""
    dedication: tuple[str, ...] = ()
    #: The title page shows the book's date (never by default: a date dates the book).
    show_date: bool = False


@dataclass
class Outline:
    title: str | None = None
    subtitle: str = ""
    author: str = ""
    date: str = ""
    imprint: Imprint = field(default_factory=Imprint)
    parts: list[Part] = field(default_factory=list)
    problems: list[frontmatter.Problem] = field(default_factory=list)


def parse(text: str) -> Outline:
    """Read an outline; problems (with their lines) are collected, never raised."""
    fm = frontmatter.read(text)
    outline = Outline(problems=list(fm.problems), title=fm.title)
    values = {key: _text(fm, key, outline.problems) for key in (*TEXT_KEYS, *LINES_KEYS)}
    outline.subtitle, outline.author = _line(values["subtitle"]), _line(values["author"])
    outline.date = fm.datetime[:10] if fm.datetime else ""
    outline.imprint = Imprint(
        copyright=lines_of(values["copyright"]),
        edition=_line(values["edition"]),
        isbn=_isbn(fm, _line(values["isbn"]), outline.problems),
        dedication=lines_of(values["dedication"]),
        show_date=_flag(fm, "show_date", outline.problems),
    )
    block = frontmatter.split(text)
    _body(text.split("\n"), block.body_line - 1 if block else 0, outline)
    return outline


def _text(fm: frontmatter.FrontMatter, key: str, problems: list[frontmatter.Problem]) -> str:
    """``key``'s value as text (a number is text too), or "" with a problem at its line."""
    value = fm.data.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        problems.append(_problem(fm, key, "expected text"))
        return ""
    text = strip_controls(str(value))
    if len(text) > MAX_TEXT:
        problems.append(_problem(fm, key, f"too long ({len(text)} characters, at most {MAX_TEXT})"))
        return ""
    return text


def _problem(fm: frontmatter.FrontMatter, key: str, message: str) -> frontmatter.Problem:
    return frontmatter.Problem(fm.lines.get(key, 1), f"outline '{key}': {message}")


def _line(text: str) -> str:
    return " ".join(text.split())


def lines_of(text: str) -> tuple[str, ...]:
    """Text of several lines (YAML's ``|``), each on one line; blank lines dropped."""
    return tuple(line for line in map(_line, text.splitlines()) if line)


def _flag(fm: frontmatter.FrontMatter, key: str, problems: list[frontmatter.Problem]) -> bool:
    value = fm.data.get(key)
    if value is None or isinstance(value, bool):
        return bool(value)
    problems.append(_problem(fm, key, f"expected true or false, got {value!r}"))
    return False


ISBN_PREFIX = re.compile(r"^ISBN(?:-1[03])?:?\s*", re.IGNORECASE)


def _isbn(fm: frontmatter.FrontMatter, text: str, problems: list[frontmatter.Problem]) -> str:
    isbn = ISBN_PREFIX.sub("", text)
    problem = isbn_problem(isbn) if isbn else None
    if problem:
        problems.append(_problem(fm, "isbn", f"{problem}; printed as written"))
    return isbn


def isbn_problem(isbn: str) -> str | None:
    """Why ``isbn`` is not an ISBN-10 or ISBN-13 (a typo printed on a book stays there)."""
    digits = re.sub(r"[\s-]", "", isbn).upper()
    if not re.fullmatch(r"\d{9}[\dX]|\d{13}", digits):
        return f"{isbn!r} is not an ISBN (10 or 13 digits)"
    if len(digits) == 10:
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        valid = total % 11 == 0
    else:
        valid = sum((3 if i % 2 else 1) * int(c) for i, c in enumerate(digits)) % 10 == 0
    return None if valid else f"{isbn!r} is not an ISBN (its check digit is wrong)"


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
    imprint: Imprint = Imprint()

    @property
    def copyright(self) -> tuple[str, ...]:
        """The copyright page's first lines: the writer's, or "© <year> <author>".

        The year is the book's date's (the same book built twice says the same), and
        is left out without one; without an author either, there is no line.
        """
        if self.imprint.copyright:
            return self.imprint.copyright
        holder = " ".join(filter(None, (self.date[:4], self.author)))
        return (f"\u00a9 {holder}",) if holder else ()

    @property
    def byline(self) -> str:
        """The author as the title page shows it: never twice, so not when it is the title.

        A blog named after its writer ("Ada Lovelace", by Ada Lovelace) would
        otherwise print the name as title and again as author.
        """
        same = " ".join(self.author.casefold().split()) == " ".join(self.title.casefold().split())
        return "" if same else self.author

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

"""Finding the front-matter block: the ``---`` fences, and blocks MyST would not read."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from chapbook.model.frontmatter.record import Problem

if TYPE_CHECKING:
    from chapbook.model.frontmatter.record import Record

_FENCE_RE = re.compile(r"^---[ \t]*$")
_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
#: A front-matter block in TOML (Hugo's ``+++``), which MyST does not read.
_TOML_RE = re.compile(r"^\+\+\+[ \t]*$")


class Block(NamedTuple):
    """A leading front-matter block: its YAML text and where it and the body start."""

    text: str
    first_line: int  # of the YAML text, 1-based
    body_line: int  # the first line after the closing fence, 1-based


def split(source: str) -> Block | None:
    """The leading ``---`` block of a document, or ``None``.

    The block must open on the first line and close with ``---`` or ``...``,
    as MyST (and Jekyll, Hugo) require.  An unclosed block is not front-matter.
    """
    # Files saved with a byte-order mark start with U+FEFF, as MyST reads them.
    head, sep, rest = source.removeprefix("\ufeff").partition("\n")
    if not sep or not _FENCE_RE.match(head):
        return None
    lines = rest.split("\n")
    for index, line in enumerate(lines):
        if _CLOSE_RE.match(line):
            return Block("\n".join(lines[:index]), 2, index + 3)
    return None


def misplaced(source: str, fm: Record) -> None:
    """Front-matter MyST would not read: the post's settings (``draft`` among them) would be
    lost, so the file is not published (fail closed) and the problem is named."""
    lines = source.removeprefix("\ufeff").split("\n")
    if _TOML_RE.match(lines[0]) and any(_TOML_RE.match(line) for line in lines[1:]):
        problem = "front-matter in TOML (between +++ lines) is not read; write it in YAML"
        _unreadable(fm, 1, problem + " between --- lines")
        return
    first = next((n for n, line in enumerate(lines) if line.strip()), 0)
    if first and split("\n".join(lines[first:])) is not None:
        _unreadable(fm, first + 1, "front-matter must start on the first line of the file")


def _unreadable(fm: Record, line: int, message: str) -> None:
    fm.present, fm.readable = True, False
    fm.problems.append(Problem(line, message))

"""Finding the front-matter block: the ``---`` fences, and blocks MyST would not read.

Chapbook reads a block between lines of exactly ``---``.  MyST has two readers
of its own, each with a looser rule: its Markdown parser (mdit-py-plugins'
``front_matter``) hides a block opened by three or more dashes and closed by
a line of at least as many (indented up to three spaces) or ``...``, and its
``read_topmatter`` takes its settings from the lines after a first line that
starts with ``---``, up to one that starts with ``---`` or ``...``.  Where the
three do not find the same block, what Chapbook reads as a post's settings
(``draft`` among them) is not what MyST hides or obeys, so the file is not
published (:func:`disagreement`).  The Markdown parser itself is asked, not a
copy of its rule.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, NamedTuple

from chapbook.model.frontmatter.loading import load
from chapbook.model.frontmatter.record import Problem, Record

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_FENCE_RE = re.compile(r"^---[ \t]*$")
_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_LATE = "front-matter must start on the first line of the file"
_INDENTED = "front-matter must open with --- at the start of the line"
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


def disagreement(source: str, block: Block | None) -> tuple[int, str] | None:
    """Where MyST's readers would find another front-matter block than ``block``
    (Chapbook's, from :func:`split`): the line and the problem, or ``None``."""
    source = source.removeprefix("\ufeff")
    if not source.startswith("---"):
        return None  # no reader sees a block (a late one is :func:`misplaced`'s)
    ours = block.body_line if block else None
    settings = _topmatter_until(source)
    hidden = _hidden_until(source, max(ours or 0, settings))
    if ours == hidden == settings:
        return None
    if ours is None and hidden is None:
        return 1, "the front-matter is never closed: end it with a line of exactly ---"
    if not _FENCE_RE.match(source.partition("\n")[0]):
        return 1, "front-matter must open with a line of exactly ---"
    first_end = min(line for line in (ours, hidden, settings) if line is not None) - 1
    return first_end, ("MyST and Chapbook would end the front-matter on different lines: "
                       "close it with a line of exactly ---")  # fmt: skip


def _hidden_until(source: str, within: int) -> int | None:
    """The first body line after the block MyST's Markdown parser hides, or ``None``.

    Only the lines before ``within`` are parsed: a block that ends later differs
    from the others anyway, and a long post is not parsed twice.
    """
    head = "\n".join(source.split("\n")[: within - 1]) + "\n"
    tokens = _markdown().parse(head)
    if tokens and tokens[0].type == "front_matter" and tokens[0].map:
        return tokens[0].map[1] + 1
    return None


def _topmatter_until(source: str) -> int:
    """The first body line after the block ``read_topmatter`` (myst-parser 4 and 5) reads
    its settings from: it ends at a line starting with ``---`` or ``...``, or the file's end.

    It splits lines as ``str.splitlines`` does (at U+2028 too); the line returned
    is counted at ``\n``, as Chapbook and the Markdown parser count them.
    """
    offset = 0
    for index, line in enumerate(source.splitlines(keepends=True)):
        if index and line.startswith(("---", "...")):
            return source.count("\n", 0, offset) + 2
        offset += len(line)
    return source.count("\n") + 2


@functools.cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("zero").use(front_matter_plugin)


def misplaced(source: str, fm: Record) -> None:
    """Front-matter MyST would not read: the post's settings (``draft`` among them) would be
    lost, so the file is not published (fail closed) and the problem is named."""
    lines = source.removeprefix("\ufeff").split("\n")
    if _TOML_RE.match(lines[0]) and any(_TOML_RE.match(line) for line in lines[1:]):
        problem = "front-matter in TOML (between +++ lines) is not read; write it in YAML"
        unreadable(fm, 1, problem + " between --- lines")
        return
    first = next((n for n, line in enumerate(lines) if line.strip()), 0)
    if first and split("\n".join(lines[first:])) is not None:
        unreadable(fm, first + 1, _LATE)
        return
    # A fence with spaces before it, or after one line (a comment): no reader takes it,
    # so its draft: true would be published as text.  Only a block of keys counts (two
    # setext headings are no front-matter; a code fence first only shows some).
    shown = lines[first].lstrip().startswith(("```", "~~~"))
    for n in range(first, min(first + 1 if shown else first + 2, len(lines))):
        if lines[n].strip() == "---" and _keys_below(lines[n + 1 :]):
            unreadable(fm, n + 1, _INDENTED if n == first else _LATE)
            return


def _keys_below(lines: list[str]) -> bool:
    """Whether these lines, up to a ``---`` line, are a YAML mapping (a front-matter's keys)."""
    block = split("\n".join(["---", *lines]))
    return block is not None and bool(load(block.text, 2, Record()))


def unreadable(fm: Record, line: int, message: str) -> None:
    fm.present, fm.readable = True, False
    fm.problems.append(Problem(line, message))

"""The front-matter model: the one place where a post's YAML is read and checked.

Everything else in Chapbook works from :class:`FrontMatter`; nothing re-parses
``env.metadata`` (where MyST leaves every value as a string).  This package has
no Sphinx dependency so that it can be tested, and reused by the draft filter,
without a build.  One module a concern:

* ``fence``: finding the block (``---`` lines, a byte-order mark, TOML refused);
* ``loading``: its YAML, within hostile-input limits;
* ``fields``: the table of keys, from which :class:`FrontMatter` is built;
* ``kinds``: one validator per type of value;
* ``record``: problems and what reading records besides the values.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from chapbook.model.frontmatter.fence import Block, disagreement, misplaced, split, unreadable
from chapbook.model.frontmatter.fields import (
    KEYS,
    KNOWN_KEYS,
    MAX_AUTHORS,
    MAX_TAGS,
    MAX_TEXT,
    MAX_TITLE,
    MODEL_KEYS,
    NOT_FOR_MYST,
    READ_ELSEWHERE,
    FrontMatter,
    validate,
)
from chapbook.model.frontmatter.key import Key
from chapbook.model.frontmatter.kinds import MAX_ALIAS, MAX_SEGMENT
from chapbook.model.frontmatter.loading import MAX_BLOCK_BYTES, MAX_DEPTH, MAX_NODES, load
from chapbook.model.frontmatter.record import UNPUBLISHED_DRAFT, Problem
from chapbook.trust.controls import CONTROL

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "CLOSE",
    "CONTROL",
    "KEYS",
    "KNOWN_KEYS",
    "MAX_ALIAS",
    "MAX_AUTHORS",
    "MAX_BLOCK_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "MAX_SEGMENT",
    "MAX_TAGS",
    "MAX_TEXT",
    "MAX_TITLE",
    "MODEL_KEYS",
    "NOT_FOR_MYST",
    "READ_ELSEWHERE",
    "UNPUBLISHED_DRAFT",
    "Block",
    "FrontMatter",
    "Key",
    "Problem",
    "myst_data",
    "read",
    "split",
    "unknown_keys",
]

#: How close an unknown key must be to a known one to be named as what it may mean.
CLOSE = 0.75


def read(source: str) -> FrontMatter:
    """Parse and validate the front-matter of a document's source text.

    Line ends are read as Sphinx reads the file (``\\r\\n`` and ``\\r`` are line ends
    too), so that what is a draft here is a draft to MyST.
    """
    fm = FrontMatter()
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    block = split(source)
    mismatch = disagreement(source, block)
    if mismatch is not None:
        unreadable(fm, *mismatch)
        return fm
    if block is None:
        misplaced(source, fm)
        return fm
    fm.present = True
    mapping = load(block.text, block.first_line, fm)
    if mapping is None:
        fm.readable = False
        return fm
    fm.data = mapping
    validate(fm)
    return fm


def unknown_keys(fm: FrontMatter, declared: Iterable[str] = ()) -> list[Problem]:
    """A problem for each key with no meaning that the site has not declared, naming the
    known key it is closest to (``tag`` -> ``tags``), in the order of the keys' lines."""
    known = KNOWN_KEYS | set(declared)
    problems = []
    for key, line in sorted(fm.lines.items(), key=lambda item: item[1]):
        if key in known or key in fm.rejected:  # a refused key is reported already
            continue
        close = difflib.get_close_matches(key.casefold(), sorted(KNOWN_KEYS), n=1, cutoff=CLOSE)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        message = (
            f"front-matter '{key}' is not a key Chapbook knows{hint}; it is kept for "
            "templates: list it in chapbook_extra_keys in conf.py if you meant it"
        )
        problems.append(Problem(line, message))
    return problems


def myst_data(fm: FrontMatter) -> dict[str, Any]:
    """What MyST may see of the front-matter: the values that passed validation.

    MyST turns these into docinfo fields (and so into ``env.metadata``, where
    templates and other extensions look); refused values never get that far,
    and an empty description does not arrive as the string ``'null'``.
    """
    dropped = set(fm.rejected) | NOT_FOR_MYST
    if not fm.description:
        dropped.add("description")
    return {k: v for k, v in fm.data.items() if k not in dropped}

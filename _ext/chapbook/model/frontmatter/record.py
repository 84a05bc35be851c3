"""What reading a front-matter block records besides its keys' values: problems, lines.

The values of the keys themselves are attributes of :class:`FrontMatter`, which
``fields`` builds from its table on top of :class:`Record`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One content error, with the source line it belongs to."""

    line: int
    message: str


@dataclass
class Record:
    """A document's front-matter as read: the mapping, its lines, what went wrong."""

    #: The mapping as written (safe to hand on: bounded in size and depth).
    data: dict[str, Any] = field(default_factory=dict)
    #: Source line of each top-level key.
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: Keys whose value was refused (reported in ``problems``).
    rejected: set[str] = field(default_factory=set)
    present: bool = False
    #: False when a front-matter block is there but cannot be read (YAML error, too
    #: large, not a mapping): such a document is not published (fail closed).
    readable: bool = True
    #: Values of ``draft`` given before its last one (a key given twice).
    earlier_drafts: list[Any] = field(default_factory=list)
    #: Keys read as ``draft`` that hold the post back (``Draft: true``, ``darft: true``).
    draft_by: list[str] = field(default_factory=list)
    #: Every key the model does not consume (``fields.MODEL_KEYS``), for templates.
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_post(self) -> bool:
        """A post is a document whose front-matter gives a usable title and a date."""
        return getattr(self, "title", None) is not None and "date" in self.data

    def problem_of(self, key: str) -> Problem | None:
        """The first problem reported about ``key``."""
        prefix = f"front-matter '{key}'"
        return next((p for p in self.problems if p.message.startswith(prefix)), None)

    def warn(self, key: str | None, message: str) -> None:
        # A problem of the whole block (no key) is on the opening fence's line, even
        # when the YAML has a key named "" (whose line ``lines`` holds).
        line = self.lines.get(key, 1) if key else 1
        if key:
            self.rejected.add(key)
        prefix = f"front-matter '{key}'" if key else "front-matter"
        self.problems.append(Problem(line, f"{prefix}{message}"))

    def note(self, key: str, message: str) -> None:
        """A problem at ``key``'s line that does not refuse its value."""
        self.problems.append(Problem(self.lines.get(key, 1), f"front-matter '{key}'{message}"))


#: Why a post whose ``draft`` says neither true nor false is not published (``reading.gate``).
UNPUBLISHED_DRAFT = "it may mean true"

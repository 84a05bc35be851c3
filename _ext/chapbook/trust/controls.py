"""Control characters: the one rule for taking them out of text.

They are invisible on the web, stop LaTeX, and XML (feeds, ePub) forbids
them; YAML refuses them outright.  Post text and front-matter lose them
through :func:`strip_controls` (tabs and line breaks are kept: they are
text).  A configured name that must be one line of printable text goes
through :func:`one_line`, a stricter rule: format characters go too.
"""

from __future__ import annotations

import re

#: C0 and C1 control characters but tab and line breaks, lone surrogates and the
#: noncharacters U+FFFE and U+FFFF: invisible, and fatal to LaTeX and XML.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def strip_controls(text: str) -> str:
    """``text`` without its control characters; the same string when it has none.

    A caller that reports them compares the result with ``text``.
    """
    return CONTROL.sub("", text) if CONTROL.search(text) else text


def one_line(text: str) -> str:
    """Printable text on one line: every non-printable character (controls, format
    characters) dropped, every run of whitespace one space."""
    return " ".join("".join(c for c in text if c.isprintable() or c.isspace()).split())


def for_the_log(text: str) -> str:
    """``text`` as a log line may show it: each character that is not printable (a
    control, an escape sequence's start, a line break, a direction mark) as its
    escape, so that a file's name cannot recolour, hide or add a line of a build's log."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)

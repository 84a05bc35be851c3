"""Chapbook's warnings: one helper and the list of every subtype.

Every content or configuration problem goes through :func:`warn` with a
location and ``type="chapbook"``, so that ``-W`` fails the build and
``suppress_warnings = ["chapbook.<subtype>"]`` silences one kind.  The
subtypes are listed here once (as MyST lists its own in ``MystWarnings``);
the README's table of warnings is checked against this enum by the tests.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sphinx.util import logging

logger = logging.getLogger("chapbook")

TYPE = "chapbook"


class Warn(StrEnum):
    """Warning subtypes: ``suppress_warnings = ["chapbook.<value>"]``."""

    ALIAS = "alias"
    """Two posts claim the same old URL in ``aliases``."""
    AUTHORS = "authors"
    """Two authors share a URL (one gets a numbered one), or an avatar is not on the site."""
    BOOK = "book"
    """The book: outline problems, content or characters a book cannot show."""
    CONFIG = "config"
    """A Chapbook setting in conf.py has a value that cannot be used."""
    DIAGRAM = "diagram"
    """A diagram the book cannot show (Mermaid) is left out of it."""
    FEED = "feed"
    """Feeds cannot be written (no ``html_baseurl``)."""
    FONTS = "fonts"
    """A font the PDF needs is not installed."""
    HOSTING = "hosting"
    """Read the Docs serves the site under a prefix that moves its old addresses."""
    FRONTMATTER = "frontmatter"
    """A post's front-matter is invalid, or a value is refused."""
    IMAGE = "image"
    """An image has no alt text."""
    LINK = "link"
    """A link to a site path matches no page or no section."""
    NESTING = "nesting"
    """A post nests deeper than the engines can follow; the deeper part is left out."""
    POSTLIST = "postlist"
    """A ``postlist`` directive that cannot do what it asks."""
    SERIES = "series"
    """Two series share a URL; one gets a numbered one."""
    SOURCE = "source"
    """A source file is not published: unsafe, unreadable, or shadowed by another."""
    REDIRECT = "redirect"
    """A redirect page would replace a page or leave the site."""
    TAGS = "tags"
    """Two tags share a URL; one gets a numbered one."""
    TEX = "tex"
    """XeLaTeX or latexmk is missing: no PDF can be made."""
    TRUST = "trust"
    """A post uses what the trust policy refuses: a directive, role, file, URL or setting."""
    TEXT = "text"
    """Control characters removed from a post's text."""


def warn(message: str, subtype: Warn, *, location: Any, once: bool = False) -> None:
    """A located, typed warning, so that ``suppress_warnings`` and ``-W`` work.

    ``location`` is a node, a docname, ``(docname, line)``, or ``"path:line"``
    for files that are not documents (a book outline), or ``None``.
    """
    logger.warning(message, location=location, type=TYPE, subtype=str(subtype), once=once)

"""Chapbook's warnings: one helper and the list of every subtype.

Every content or configuration problem goes through :func:`warn` with a
location and ``type="chapbook"``, so that ``-W`` fails the build and
``suppress_warnings = ["chapbook.<subtype>"]`` silences one kind.  The
subtypes are listed here once (as MyST lists its own in ``MystWarnings``);
the guide's table of warnings (docs/warnings.md) is written from this enum
(tools/reference.py).
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
    """Two posts claim the same old address in ``aliases`` (it goes to the one published
    first, then to the first by file name)."""
    AUTHORS = "authors"
    """Two authors with the same URL (one gets a numbered one), or an avatar path that is
    no file of the site."""
    BOOK = "book"
    """The book: outline problems, raw HTML, characters or SVG labels a book cannot show,
    an SVG that is not XML, an image the PDF or ePub cannot read (empty, cut short,
    undecodable, a kind it cannot show, an SVG CairoSVG cannot convert), left out."""
    CONFIG = "config"
    """A Chapbook setting with a value that cannot be used, or a ``chapbook_`` name in
    conf.py that is no setting (with the closest one)."""
    DIAGRAM = "diagram"
    """A Mermaid diagram left out of the book (the web site draws it; the book says where
    it is)."""
    FEED = "feed"
    """Feeds not written: ``html_baseurl`` is not set."""
    FONTS = "fonts"
    """A font the PDF needs is not installed."""
    HOSTING = "hosting"
    """A build on Read the Docs served under a prefix (``/en/latest/``) while the blog
    keeps old addresses, or has feeds whose subscribers will keep the prefix: choose
    "Single version without translations"."""
    FOOTNOTE = "footnote"
    """A footnote cited but never written (``[^1] text`` without its colon): the
    citation stays as typed."""
    FRONTMATTER = "frontmatter"
    """Invalid front-matter, a refused value, or a key Chapbook does not know and
    ``chapbook_extra_keys`` does not list (with the closest known key)."""
    IMAGE = "image"
    """An image without alt text."""
    LINK = "link"
    """A link to a site path that matches no page or no section."""
    NESTING = "nesting"
    """A post nested deeper than the engines can follow (quotes, lists, emphasis,
    directives, includes, reStructuredText): the deeper part is left out, the rest is
    published; in the PDF, a note inside a note or a list deeper than TeX nests keeps
    its words without its frame."""
    POSTLIST = "postlist"
    """A ``postlist`` that cannot do what it asks."""
    SERIES = "series"
    """Two series with the same URL (one gets a numbered one)."""
    SOURCE = "source"
    """A file that is not published (outside ``docs/``, not a regular file, not UTF-8,
    unreadable front-matter, a name that cannot be a URL or is too long for the file
    system, a page where the site writes a file of its own such as ``rss.xml``, two
    files for one page or one document), a folder that is a symbolic link (nothing in it is
    read), a file named like a post that Sphinx does not read (its suffix in another case,
    ``index.MD``; a line break in its path), or a file a post includes or shows (an image, a
    cover) from outside ``docs/`` or missing."""
    REDIRECT = "redirect"
    """A redirect page that would replace a page or a file the site writes (in any spelling
    of its name: case and Unicode normalisation, which some file systems and hosts ignore),
    or another redirect page leading elsewhere, or leave the site."""
    TAGS = "tags"
    """Two tags with the same URL (one gets a numbered one)."""
    TEX = "tex"
    """XeLaTeX or latexmk missing: no PDF can be made here."""
    TRUST = "trust"
    """What the trust policy refuses a post: a directive, role or option, a file outside
    ``docs/`` or unpublished, a link or image whose address is not ``http``, ``https``,
    ``mailto`` or relative, a MyST setting in front-matter, a substitution outside
    Jinja's sandbox, math that uses a TeX or MathJax command outside the typesetting
    allowlist (shown as its source), a remote image the book would fetch, what an SVG
    image lost to be served (``<script>``, ``onload=``), an SVG download holding script."""
    TEXT = "text"
    """Control characters removed from a post's text, or raw HTML that would run removed."""


def warn(message: str, subtype: Warn, *, location: Any, once: bool = False) -> None:
    """A located, typed warning, so that ``suppress_warnings`` and ``-W`` work.

    ``location`` is a node, a docname, ``(docname, line)``, or ``"path:line"``
    for files that are not documents (a book outline), or ``None``.
    """
    logger.warning(message, location=location, type=TYPE, subtype=str(subtype), once=once)


#: The application's attribute: this build's notices (:func:`notice`).
NOTICES = "chapbook_notices"


def notice(app: Any, message: str) -> None:
    """A line about what the build left out on purpose (notes, scheduled posts): logged,
    and kept on the application (which lives for one build) for ``chapbook build``,
    whose quiet log prints it under the summary."""
    logger.info(message)
    if not hasattr(app, NOTICES):
        setattr(app, NOTICES, [])
    getattr(app, NOTICES).append(message)

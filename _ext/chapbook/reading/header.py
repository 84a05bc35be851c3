"""The post header under the title: its authors, the date as ``<time>``, reading time, tags.

The byline is a placeholder (``chapbook.nodes.listing``): an author's name and
page come from the whole blog (``collecting.authors``), so it is filled in when
the page is written, like any listing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from chapbook.locale import format_date, ngettext
from chapbook.model.names import tag_key
from chapbook.nodes import listing, time_node

_WORD = re.compile(r"\w+")
#: Not read as prose: code, raw HTML, comments, and the front-matter MyST keeps as fields.
_NOT_READ = (nodes.literal_block, nodes.raw, nodes.comment, nodes.docinfo, nodes.field_list)

if TYPE_CHECKING:
    import datetime as dt

    from sphinx.config import Config

    from chapbook.model.frontmatter import FrontMatter


def date_node(fm_datetime: str, day: dt.date, config: Config) -> nodes.Element:
    """A post's date as the reader sees it, in ``chapbook_date_format`` or the language's."""
    return time_node(format_date(day, config), fm_datetime)


def tag_link(name: str) -> addnodes.pending_xref:
    """A link to a tag's page, resolved at write time (tag slugs depend on all tags)."""
    xref = addnodes.pending_xref(
        refdomain="chapbook", reftype="tag", reftarget=tag_key(name), refexplicit=True
    )
    xref += nodes.inline(name, name, classes=["chapbook-tag"])
    return xref


WORDS_PER_MINUTE = 230


def reading_minutes(document: nodes.document) -> int:
    """Words of prose (code and raw HTML not counted) / 230, rounded; at least 1."""
    words = 0
    # One walk that never enters code or raw HTML, rather than each Text's ancestors.
    stack: list[nodes.Node] = [document]
    while stack:
        for child in stack.pop().children:
            if isinstance(child, nodes.Text):
                words += len(_WORD.findall(str(child)))
            elif not isinstance(child, _NOT_READ):
                stack.append(child)
    return max(1, round(words / WORDS_PER_MINUTE))


def reading_time(config: Config, minutes: int) -> str:
    """The reading time ("3 min read"): ``chapbook_reading_time``, or the language's words."""
    template = config.chapbook_reading_time
    if template is None:
        template = ngettext("{minutes} min read", "{minutes} min read", minutes)
    return template.format(minutes=minutes)


def post_header(
    fm: FrontMatter, config: Config, minutes: int = 0, *, docname: str = ""
) -> nodes.container:
    header = nodes.container(classes=["chapbook-post-meta"])
    if fm.authors:
        # Whose byline: the PDF resolves every chapter's listings in one tree, the book's.
        header += listing("byline", post=docname)
    if fm.date is not None and fm.datetime is not None:
        line = nodes.paragraph("", "", date_node(fm.datetime, fm.date, config))
        text = reading_time(config, minutes) if minutes else ""
        if text:
            line += nodes.inline(" · ", " · ", classes=["chapbook-separator"])
            line += nodes.inline(text, text, classes=["chapbook-reading-time"])
        header += line
    if fm.tags:
        line = nodes.paragraph(classes=["chapbook-tags"])
        line += nodes.inline(text=f"{config.tags_intro_text} ", classes=["chapbook-tags-intro"])
        for index, name in enumerate(fm.tags):
            if index:
                line += nodes.Text(", ")
            line += tag_link(name)
        header += line
    return header


def insert_header(
    document: nodes.document, fm: FrontMatter, config: Config, *, docname: str
) -> None:
    """Put the header right under the title, where readers look for the date."""
    section = document.next_node(nodes.section)
    header = post_header(fm, config, reading_minutes(document), docname=docname)
    if section is None or not header.children:
        return
    for node in header.findall(nodes.Element):
        node.source, node.line = document.get("source"), fm.lines.get("date", 1)
    section.insert(1, header)

"""A post list as the site's HTML writer would write it, made directly.

The site's lists (the archive, year, tag and author pages, the home page) are
the largest pages: the archive of 1,250 posts is 7,500 docutils nodes, which
took docutils' HTML writer 0.3 s to write, a fifth of a rebuild after a title
edit (which rewrites the archive).  The same markup is made here from the
listing's data (``collecting.listings.Entry``) in a few milliseconds.

It is the markup the nodes of ``site.listings.post_item`` give with Sphinx's
HTML5 writer and pydata-sphinx-theme's, byte for byte (a test builds a site
both ways and compares every page): every text escaped by docutils' own table
of special characters, every attribute value also freed of line breaks and
tabs, as docutils' ``attval`` does.  Nothing of a post reaches the page
unescaped.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils.writers.html5_polyglot import HTMLTranslator

from chapbook.locale import format_date
from chapbook.nodes import NO_SEARCH

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.builders import Builder

    from chapbook.collecting.listings import Entry

#: docutils' escapes for text and attribute values (``&``, ``<``, ``>``, ``"``, ``@``).
SPECIAL = HTMLTranslator.special_characters
#: What docutils' ``attval`` turns into spaces in an attribute value.
LINE_BREAKS = re.compile("[\n\r\t\v\f]")


def text(value: str) -> str:
    return value.translate(SPECIAL)


def attribute(value: str) -> str:
    return LINE_BREAKS.sub(" ", value).translate(SPECIAL)


def list_classes(fmt: str) -> list[str]:
    """A post list's classes, whichever way it is written."""
    return ["chapbook-postlist", f"chapbook-{fmt}", NO_SEARCH]


def listing_html(
    builder: Builder,
    docname: str,
    entries: Iterable[Entry],
    fmt: str,
    *,
    compact_lists: bool = True,
) -> str:
    """``<ul>`` of ``entries`` on page ``docname``, in list format ``fmt``.

    As docutils writes a list: "simple" when every item is one paragraph (and the
    ``compact_lists`` setting is on), and no line break between a lone paragraph
    and the end of its item.
    """
    items = [_entry(builder, docname, entry) for entry in entries]
    simple = compact_lists and all(len(paragraphs) == 1 for paragraphs in items)
    shown = [*list_classes(fmt), "simple"] if simple else list_classes(fmt)
    parts = [f'<ul class="{attribute(" ".join(shown))}">\n']
    for paragraphs in items:
        if len(paragraphs) == 1:
            parts.append(f"<li>{paragraphs[0]}</li>\n")
        else:
            parts.append("<li>" + "".join(f"{p}\n" for p in paragraphs) + "</li>\n")
    parts.append("</ul>\n")
    return "".join(parts)


def _entry(builder: Builder, docname: str, entry: Entry) -> list[str]:
    """The entry's paragraphs: its line (title and date), description, tags."""
    line = _link(builder, docname, entry.docname, entry.title)
    if entry.date is not None and entry.datetime is not None:
        shown = format_date(entry.date, builder.config)
        line += (
            f' <time class="chapbook-date" datetime="{attribute(entry.datetime)}">'
            f"{text(shown)}</time>"
        )
    paragraphs = [f'<p class="chapbook-entry">{line}</p>']
    if entry.summary:
        paragraphs.append(f'<p class="chapbook-summary">{text(entry.summary)}</p>')
    if entry.tags:
        paragraphs.append(_tags(builder, docname, entry.tags))
    return paragraphs


def _tags(builder: Builder, docname: str, tags: tuple[tuple[str, str | None], ...]) -> str:
    shown = [
        text(name) if page is None else _link(builder, docname, page, name) for name, page in tags
    ]
    # A space between chips, as ``site.listings.tag_separator`` has it for the site.
    return f'<p class="chapbook-tags">{" ".join(shown)}</p>'


def _link(builder: Builder, fromdoc: str, todoc: str, title: str) -> str:
    # Sphinx writes an empty address (a page listing itself) as "#".
    uri = builder.get_relative_uri(fromdoc, todoc) or "#"
    return f'<a class="reference internal" href="{attribute(uri)}">{text(title)}</a>'

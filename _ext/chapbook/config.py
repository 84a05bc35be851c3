"""Chapbook's configuration values: prefixed, typed, with their rebuild scope."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: name -> (default, rebuild scope, types); 'env' where the value shapes doctrees.
CONFIG_VALUES: dict[str, tuple[object, str, frozenset[type]]] = {
    "chapbook_date_format": ("%B %-d, %Y", "env", frozenset({str})),
    "chapbook_em_dashes": (True, "env", frozenset({bool})),
    # Under the date: "{minutes} min read" (words / 230, rounded); "" hides it.
    "chapbook_reading_time": ("{minutes} min read", "env", frozenset({str})),
    "chapbook_drafts_dir": ("drafts", "env", frozenset({str})),
    "chapbook_show_drafts": (False, "env", frozenset({bool})),
    "chapbook_no_posts_text": ("No posts yet.", "html", frozenset({str})),
    "chapbook_archive_dir": ("archive", "env", frozenset({str})),
    "chapbook_archive_title": ("Archive", "env", frozenset({str})),
    "chapbook_archive_year_title": ("Posts from {year}", "env", frozenset({str})),
    "chapbook_popular_dir": ("popular", "env", frozenset({str})),
    "chapbook_popular_title": ("Popular posts", "env", frozenset({str})),
    "chapbook_page_title": ("{title} (page {page})", "env", frozenset({str})),
    "chapbook_feeds": (
        {"rss.xml": "rss", "feed.xml": "rss", "atom.xml": "atom"},
        "html",
        frozenset({dict}),
    ),
    "chapbook_feed_length": (30, "html", frozenset({int})),
    "chapbook_feed_description": ("", "html", frozenset({str})),
    "chapbook_tag_feeds": (True, "html", frozenset({bool})),
    "chapbook_timezone": ("UTC", "html", frozenset({str})),
    "chapbook_default_image": ("", "html", frozenset({str})),
    "chapbook_tag_space_redirects": (False, "html", frozenset({bool})),
    "chapbook_nav": (
        [("Home", "/"), ("Popular", "/popular/"), ("Archive", "/archive/"), ("Tags", "/tags/")],
        "html",
        frozenset({list, tuple}),
    ),
    # The book (PDF and ePub): an outline name, or "" for every post in order.
    "chapbook_book": ("", "env", frozenset({str})),
    "chapbook_book_title": ("", "env", frozenset({str})),
    "chapbook_book_newest_first": (False, "env", frozenset({bool})),
    "chapbook_book_fallback_fonts": (
        ["Symbola", "DejaVu Sans", "Noto Sans Symbols2"],
        "",
        frozenset({list, tuple}),
    ),
}


def setup_config(app: Sphinx) -> None:
    for name, (default, rebuild, types) in CONFIG_VALUES.items():
        app.add_config_value(name, default, rebuild, types=types)

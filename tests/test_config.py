"""Settings are checked once, when the configuration is read: a bad value is named, not used."""

from __future__ import annotations

import pytest

from chapbook.config import OPTIONS, _typed, default_of
from tests.helpers import warnings_of

BAD = {
    "chapbook_feeds": {"rss.xml": "rss", "feed.xml": "rdf"},
    "chapbook_timezone": "Mars/Olympus",
    "chapbook_archive_dir": "/",
    "chapbook_drafts_dir": "/private/../notes/",
    "chapbook_archive_year_title": "Posts from {yaer}",
    "chapbook_feed_length": -3,
    "chapbook_book": "docs/essays.book.md",
    "tags_output_dir": "_tags",
    "tags_create_tags": True,
}


@pytest.mark.sphinx("dirhtml", testroot="urls", freshenv=True, confoverrides=BAD)
def test_bad_values_are_reported_once_and_replaced(app) -> None:
    config = app.config
    assert warnings_of(app) == [
        "WARNING: chapbook_archive_dir = '/' needs a folder name; using 'archive' "
        "[chapbook.config]",
        "WARNING: chapbook_archive_year_title = 'Posts from {yaer}' is not a template with "
        "{year} ('yaer'); using 'Posts from {year}' [chapbook.config]",
        "WARNING: chapbook_feeds = {'rss.xml': 'rss', 'feed.xml': 'rdf'} entry 'feed.xml': "
        "'rdf' must be 'rss' or 'atom', at a file name; using "
        "{'rss.xml': 'rss', 'feed.xml': 'rss', 'atom.xml': 'atom'} [chapbook.config]",
        "WARNING: chapbook_feed_length = -3 must be a whole number, 0 or more; using 30 "
        "[chapbook.config]",
        "WARNING: chapbook_timezone = 'Mars/Olympus' is not a known time zone "
        "(such as 'Europe/Berlin'); using 'UTC' [chapbook.config]",
        "WARNING: tags_create_tags is ignored: Chapbook makes the tag pages itself "
        "[chapbook.config]",
    ]
    assert config.chapbook_timezone == "UTC"
    assert config.chapbook_archive_dir == "archive"
    assert config.chapbook_drafts_dir == "private/notes"
    assert config.chapbook_book == "essays"
    assert config.tags_output_dir == "tags"
    assert config.tags_create_tags is False


@pytest.mark.parametrize("option", OPTIONS, ids=lambda option: option.name)
def test_every_default_passes_its_own_check(option) -> None:
    """The fallback for a bad value is the default, checked again: it must pass."""
    assert _typed(option)(default_of(option)) == default_of(option)


def test_each_setting_is_declared_once() -> None:
    names = [option.name for option in OPTIONS]
    assert sorted(name for name in set(names) if names.count(name) > 1) == []

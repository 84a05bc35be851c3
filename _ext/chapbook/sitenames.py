"""The names at the site's top level that the site uses itself, derived from the configuration once.

Two kinds, each with its own consequence for a source file of that name:

* pages and folders the builders make (``search``, ``genindex``, ``_static``,
  the 404 page, the book's root ``_book``): a source there is not published
  (the gate refuses it, through ``reading.sitepaths``);
* folders Chapbook fills with its own pages (the home page and its pages 2,
  3 at ``page/``, tags, series, authors, the archive, popular posts) and the
  drafts folder: a writer's file there takes the place of the site's page, with
  a warning (``collecting.documents``), and one in the drafts folder is a draft.

``chapbook post`` refuses both (a new post must neither vanish nor push a page
of the site aside): it reads conf.py's values, the build its configuration, and
both ask :func:`reserved` here, so they refuse the same names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chapbook.config import kept
from chapbook.urls import clean_folder

if TYPE_CHECKING:
    from collections.abc import Mapping

#: Folders the HTML builders fill themselves.
BUILDER_FOLDERS = ("_static", "_images", "_sources", "_downloads", "_modules")
#: Pages the builders make without a source: Sphinx's search and indices, and the book's
#: root (``model.outline.ROOT``); the 404 page's name is configured (:data:`NOT_FOUND`).
BUILDER_PAGES = ("search", "genindex", "py-modindex", "_book")
#: sphinx-notfound-page's setting and its default.
NOT_FOUND = ("notfound_pagename", "404")
#: Where a paginated listing's further pages go: the home page's are ``page/2``, ``page/3``.
PAGINATION = "page"
#: Settings naming a top-level folder Chapbook fills itself, or whose files are drafts.
FOLDER_SETTINGS = ("chapbook_archive_dir", "chapbook_series_dir", "chapbook_authors_dir",
                   "chapbook_popular_dir", "chapbook_drafts_dir", "tags_output_dir")  # fmt: skip
#: Every setting the names depend on (the home page is the root document's).
SETTINGS = (*FOLDER_SETTINGS, NOT_FOUND[0], "root_doc")


def builder_pages(values: Mapping[str, Any]) -> frozenset[str]:
    """Docnames of the pages the builders make without a source (``search``, ``404``)."""
    return frozenset((*BUILDER_PAGES, str(values.get(NOT_FOUND[0], NOT_FOUND[1]))))


def chapbook_folders(values: Mapping[str, Any]) -> frozenset[str]:
    """The top-level names of Chapbook's own pages and of the drafts folder."""
    folders = [kept(values, name) for name in FOLDER_SETTINGS]
    home = str(values.get("root_doc", "index"))
    return frozenset(_top(name) for name in (*folders, home, PAGINATION) if _top(name))


def reserved(values: Mapping[str, Any]) -> frozenset[str]:
    """Every top-level name the site uses itself under ``values`` (a setting missing from
    them has its default), casefolded: hosts and the site's links ignore case."""
    names = builder_pages(values) | chapbook_folders(values) | set(BUILDER_FOLDERS)
    return frozenset(name.casefold() for name in names)


def values_of(config: Any) -> dict[str, Any]:
    """The settings :func:`reserved` reads, from a build's configuration (a Sphinx
    ``Config``: sphinx-notfound-page's setting exists only when it is loaded)."""
    return {name: getattr(config, name) for name in SETTINGS if hasattr(config, name)}


def _top(path: str) -> str:
    return clean_folder(str(path)).split("/")[0]

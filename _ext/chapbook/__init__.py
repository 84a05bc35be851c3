"""Chapbook: a folder of front-matter Markdown posts as a blog, a book and a site.

``setup`` reads as the pipeline: each stage is a package that sets itself up,
and data flows one way, from a post's file to every output::

    model       front-matter, the post record, outlines, what a listing selects
    reading     one source file -> one doctree (MyST, post header, site links)
    collecting  the environment: posts, listings, tags, links, generated pages
    site | book the outputs: pages, feeds, SEO, redirects | PDF and ePub

Leaves used by every stage: ``config``, ``warnings_``, ``urls``, ``nodes``,
``builders``, ``locale`` (Chapbook's words in the site's language), and
``speedups`` (shortcuts through other projects' internals, each guarded by
the versions it was verified against).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"

PIPELINE = (
    "chapbook.locale",
    "chapbook.config",
    "chapbook.speedups",
    "chapbook.nodes",
    "chapbook.reading",
    "chapbook.collecting",
    "chapbook.site",
    "chapbook.book",
)


def setup(app: Sphinx) -> ExtensionMetadata:
    for stage in PIPELINE:
        app.setup_extension(stage)
    return {
        "version": __version__,
        # The environment's shape (8: series, anchors of generated sections; 9: authors;
        # 10: the neighbours' inputs; 11: the listings' inputs; 12: the tags' counts and
        # the dates among the neighbours' inputs; 14: each page's link targets; 15: the files
        # the gate withdrew).
        "env_version": 15,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }

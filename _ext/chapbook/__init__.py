"""Chapbook: a folder of front-matter Markdown posts as a blog, a book and a site.

This module only wires the concerns together; each lives in its own module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chapbook.book import setup_book
from chapbook.bookhtml import setup_bookhtml
from chapbook.comfort import setup_comfort
from chapbook.config import setup_config
from chapbook.controlchars import setup_controlchars
from chapbook.drafts import setup_drafts
from chapbook.epub import setup_epub
from chapbook.errorpage import setup_errorpage
from chapbook.feeds import setup_feeds
from chapbook.header import setup_header
from chapbook.images import setup_images
from chapbook.latexfonts import setup_latexfonts
from chapbook.links import setup_links
from chapbook.listings import setup_listings
from chapbook.navigation import setup_navigation
from chapbook.output import setup_output
from chapbook.pages import setup_pages
from chapbook.parser import setup_parser
from chapbook.posts import setup_posts
from chapbook.redirects import setup_redirects
from chapbook.seo import setup_seo
from chapbook.summary import setup_summary
from chapbook.tags import setup_tags
from chapbook.typography import setup_typography
from chapbook.updates import setup_updates

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("myst_parser")
    setup_config(app)
    setup_tags(app)
    setup_parser(app)
    setup_posts(app)
    setup_header(app)
    setup_links(app)
    setup_typography(app)
    setup_drafts(app)
    setup_pages(app)
    setup_listings(app)
    setup_output(app)
    setup_navigation(app)
    setup_updates(app)
    setup_seo(app)
    setup_feeds(app)
    setup_redirects(app)
    setup_errorpage(app)
    setup_controlchars(app)
    setup_images(app)
    setup_book(app)
    setup_bookhtml(app)
    setup_latexfonts(app)
    setup_epub(app)
    setup_comfort(app)
    setup_summary(app)
    # SVG images in the PDF, converted with CairoSVG.
    app.setup_extension("sphinxcontrib.cairosvgconverter")
    return {
        "version": __version__,
        "env_version": 3,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }

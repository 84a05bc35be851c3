"""The web site: pages, listings and sidebar, feeds, SEO, redirects, the 404 page.

Everything here reads the environment when pages are written
(``html-page-context``, ``doctree-resolved``) or after they are
(``build-finished``), and keeps the output folder equal to a clean build's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STEPS = (
    "chapbook.site.listings",
    "chapbook.site.output",
    "chapbook.site.sidebar",
    "chapbook.site.masthead",
    "chapbook.site.contents",
    "chapbook.site.taglist",
    "chapbook.site.postfooter",
    "chapbook.site.jinja",
    "chapbook.site.seo",
    "chapbook.site.feeds",
    "chapbook.site.redirects",
    "chapbook.site.hosting",
    "chapbook.site.errorpage",
    "chapbook.site.assets",
    "chapbook.site.images",
    "chapbook.site.summary",
    "chapbook.site.served",
    "chapbook.site.videos",
)


def setup(app: Sphinx) -> dict[str, bool]:
    for step in STEPS:
        app.setup_extension(step)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Reading: one source file -> one doctree.

MyST with the front-matter model in front of it (the title, the post header,
links written as site paths), the ``postlist`` directive, drafts kept out
before they are read, text transforms, and the trust policy where the parsers
act: directives and roles (``guard``), files (``files``), URLs (``urls``),
raw HTML (``sanitize``), math (``mathcheck``) and translation catalogs
(``catalogs``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STEPS = (
    "chapbook.reading.catalogs",
    "chapbook.reading.duplicates",
    "chapbook.reading.gate",
    "chapbook.reading.depth",
    "chapbook.reading.guard",
    "chapbook.reading.parser",
    "chapbook.reading.markup",
    "chapbook.reading.postlist",
    "chapbook.reading.files",
    "chapbook.reading.cover",
    "chapbook.reading.transforms",
    "chapbook.reading.sanitize",
    "chapbook.reading.mathcheck",
    "chapbook.reading.webaddress",
    "chapbook.reading.urls",
)


def setup(app: Sphinx) -> dict[str, bool]:
    for step in STEPS:
        app.setup_extension(step)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

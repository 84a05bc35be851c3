"""Collecting: what the build environment keeps of every document, and what follows from it.

Collectors (posts, listings, each document's warnings in ``problems``) and the
``chapbook`` domain (URL keys, anchors, old addresses) record per-document data
with purge and merge; after every
read phase ``refresh`` derives the tag and neighbour tables, creates the
generated pages and names the pages to write again.  ``state`` declares it
all; ``freshness`` owns the rules (digests, tokens, stamps) that say what an
incremental build writes again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STEPS = (
    "chapbook.collecting.interrupted",
    "chapbook.collecting.tags",
    "chapbook.collecting.posts",
    "chapbook.collecting.domain",
    "chapbook.collecting.listings",
    "chapbook.collecting.links",
    "chapbook.collecting.documents",
    "chapbook.collecting.pages",
    "chapbook.collecting.refresh",
    "chapbook.collecting.problems",
)


def setup(app: Sphinx) -> dict[str, bool]:
    for step in STEPS:
        app.setup_extension(step)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

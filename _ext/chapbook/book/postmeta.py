"""A chapter is an essay, not a blog post: no tags, reading time or date under its title.

Every post's doctree carries the site's header under its title
(``reading.header``): the byline, the date with the reading time, and
"Tags: ...".  On the web they place a post among others; in a book they are
furniture.  The book keeps the byline (a book of several authors names each)
and, when ``chapbook_book_date`` is set, the date alone; the reading time and
the tags are left out.  Done when the book is written, so the doctree the
site shares keeps them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from chapbook.builders import BOOK_BUILDERS
from chapbook.nodes import chapbook_time

if TYPE_CHECKING:
    from sphinx.application import Sphinx

HEADER = "chapbook-post-meta"  # reading.header's container
TAGS = "chapbook-tags"


class BookPostHeader(SphinxPostTransform):
    """Each post header of the book, reduced to its byline (and its date, if asked)."""

    builders: ClassVar = tuple(sorted(BOOK_BUILDERS))
    default_priority = 15  # before the site's tag list (20) would see the header

    def run(self, **kwargs: object) -> None:
        keep_date = self.config.chapbook_book_date
        for header in list(self.document.findall(nodes.container)):
            if HEADER in header["classes"]:
                reduce(header, keep_date=keep_date)


def reduce(header: nodes.container, *, keep_date: bool) -> None:
    for line in list(header.children):
        if not isinstance(line, nodes.paragraph):
            continue  # the byline
        date = line.next_node(chapbook_time)
        if TAGS in line["classes"] or date is None or not keep_date:
            line.parent.remove(line)
        else:
            line.replace_self(nodes.paragraph("", "", date.deepcopy(), classes=line["classes"]))
    if not header.children:
        header.parent.remove(header)


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_post_transform(BookPostHeader)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

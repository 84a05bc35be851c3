"""A post's tags on the site: a list of chips, with no commas between them.

The post header (``reading.header``) writes a post's tags as a line of text,
"Tags: sailing, Deep Learning", which is what the PDF and the ePub print.  On
the site each tag is drawn as a chip, and commas between chips read as stray
marks.  There the line becomes a list: the chips stand apart without
punctuation, and a screen reader announces a list of so many tags.  It is
made when the site's pages are written, so the doctree every builder shares
keeps the line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from chapbook.builders import SITE_BUILDERS

if TYPE_CHECKING:
    from sphinx.application import Sphinx

HEADER = "chapbook-post-meta"
TAGS = "chapbook-tags"
INTRO = "chapbook-tags-intro"


class TagList(SphinxPostTransform):
    """The post header's line of tags, as a list (site builders only)."""

    builders = tuple(sorted(SITE_BUILDERS))
    # After Sphinx resolves the tags' links (ReferencesResolver, 10): the list holds links.
    default_priority = 20

    def run(self, **kwargs: object) -> None:
        for line in _tag_lines(self.document):
            line.replace_self(tag_list(line))


def _tag_lines(document: nodes.document) -> list[nodes.paragraph]:
    """The header's tag line: in the post's header, under its title (never a listing's)."""
    section = document.next_node(nodes.section)
    if section is None:
        return []
    return [
        line
        for header in section.children
        if isinstance(header, nodes.container) and HEADER in header["classes"]
        for line in header.children
        if isinstance(line, nodes.paragraph) and TAGS in line["classes"]
    ]


def tag_list(line: nodes.paragraph) -> nodes.container:
    """``Tags: a, b`` as the words before the list, and a list of the links, one item each."""
    box = nodes.container(classes=[TAGS])
    items = nodes.bullet_list(classes=["chapbook-tag-list"])
    for child in line.children:
        if isinstance(child, nodes.inline) and INTRO in child["classes"]:
            box += child.deepcopy()
        elif not isinstance(child, nodes.Text):  # a comma between two tags
            items += nodes.list_item("", nodes.paragraph("", "", child.deepcopy()))
    box += items
    return box


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_post_transform(TagList)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

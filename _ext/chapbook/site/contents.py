"""The contents column only where a reader needs it: a long page, never a listing.

The book theme shows a page's sections in a right-hand column (and a button
that opens it on a phone) on every page with one heading under its title: a
post of one section, or the home page with its "Popular" and "Recent posts",
got a column repeating what the reader sees.  A page keeps it from
``chapbook_contents_min_sections`` sections up (headings under its title, at
any depth), and a page that lists posts (the home page, tag, archive and
author pages) never has it.

The contents come to the theme through Sphinx's own template variable, the
page's ``toc``: a page without it gets none from the theme, whose templates
then leave out the column, its button and the printed contents.  Whatever
else a site puts in that column (``secondary_sidebar_items``) stays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from chapbook.builders import is_site_builder
from chapbook.collecting.documents import is_generated
from chapbook.collecting.listings import listings_of
from chapbook.collecting.state import posts_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Listings that make a page a listing page (a post's own byline or series box do not).
LISTING_KINDS = frozenset({"posts", "tags", "authors", "series-page"})


def contents_where_long(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: no ``toc`` for a short page or a listing page."""
    if doctree is None or "toc" not in context or not is_site_builder(app.builder):
        return
    enough = sections_under_title(doctree) >= app.config.chapbook_contents_min_sections
    if listing_page(app.env, pagename) or not enough:
        del context["toc"]
        context["display_toc"] = False


def sections_under_title(doctree: nodes.document) -> int:
    """Sections inside the page's top sections (its title's), at any depth.

    Sections nest only in sections, so only their children are visited, never the text.
    """
    count = 0
    stack = [child for child in doctree.children if isinstance(child, nodes.section)]
    while stack:
        inner = [child for child in stack.pop().children if isinstance(child, nodes.section)]
        count += len(inner)
        stack.extend(inner)
    return count


def listing_page(env: BuildEnvironment, docname: str) -> bool:
    """A page that lists posts: one Chapbook made, or a page with a list of posts or tags."""
    if docname in posts_of(env):
        return False
    kinds = {kind for kind, _ in listings_of(env).get(docname, ())}
    return is_generated(env, docname) or bool(kinds & LISTING_KINDS)


def setup(app: Sphinx) -> dict[str, bool]:
    # Before the theme's handler (500), which makes its page functions from the context.
    app.connect("html-page-context", contents_where_long, priority=450)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""The ``postlist`` directive: a list of posts chosen by tags, authors, year and popularity.

The directive only records its query on a placeholder node; the posts are
chosen when the page is written (``site.listings``), from the environment,
so a listing is never stale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from chapbook.model import selection
from chapbook.model.selection import Query
from chapbook.nodes import listing
from chapbook.urls import url_key

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx


def _names(argument: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (argument or "").split(",") if part.strip())


def _popular(argument: str | None) -> bool:
    """``:popular:`` alone (the old flag) or ``true``: popular only; ``false``: the others."""
    value = (argument or "true").strip().lower()
    return directives.choice(value, ("true", "false")) == "true"


def _per_page(argument: str | None) -> int:
    """``:paginate: 15``; ``:paginate:`` alone is 0 here: the site's number (see ``run``)."""
    if argument is None or not argument.strip():
        return 0
    return directives.positive_int(argument)


class PostListDirective(SphinxDirective):
    """``postlist``: a list of posts chosen by tags, year and popularity."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "tags": directives.unchanged,
        "match": lambda arg: directives.choice(arg, ("any", "all")),
        "authors": directives.unchanged,
        "year": directives.positive_int,
        "popular": _popular,
        "exclude": directives.unchanged,
        "exclude-tags": directives.unchanged,
        "sort": lambda arg: directives.choice(arg, selection.SORTS),
        "reverse": directives.flag,
        "limit": directives.nonnegative_int,
        "format": lambda arg: directives.choice(arg, selection.FORMATS),
        "paginate": _per_page,
    }

    def run(self) -> list[nodes.Node]:
        options = self.options
        query = Query(
            tags=_names(options.get("tags")),
            match=options.get("match", "any"),
            authors=_names(options.get("authors")),
            year=options.get("year"),
            popular=options.get("popular"),
            exclude=tuple(url_key(name) for name in _names(options.get("exclude"))),
            exclude_tags=_names(options.get("exclude-tags")),
            sort=options.get("sort", "publication"),
            reverse="reverse" in options,
            limit=options.get("limit"),
            format=options.get("format", "title-date-tags"),
            paginate=self._per_page(),
        )
        node = listing("posts", query.as_data())
        self.set_source_info(node)
        return [node]

    def _per_page(self) -> int | None:
        """Posts a page, if paginated: as written, or ``chapbook_posts_per_page``.

        A home page of the writer's own then pages as the made-up one would, and as
        ``conf.py`` says (the option is read with the page: changing it re-reads).
        """
        per_page = self.options.get("paginate")
        if per_page == 0:
            return self.config.chapbook_posts_per_page
        return per_page


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_directive("postlist", PostListDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""The collector of posts: one plain, picklable record per post in the environment."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.environment.collectors import EnvironmentCollector

if TYPE_CHECKING:
    from collections.abc import Iterable, Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from chapbook.frontmatter import FrontMatter

EXCERPT_LENGTH = 200

#: Key under which the parser leaves a document's front-matter in
#: ``env.current_document`` for the collector to pick up at ``doctree-read``.
CURRENT_KEY = "chapbook_frontmatter"


@dataclass(frozen=True)
class Post:
    """What every listing, tag page, feed and book needs to know of one post."""

    docname: str
    title: str
    date: dt.date | None
    datetime: str | None
    description: str
    excerpt: str
    order: int | None
    tags: tuple[str, ...]
    popular: bool
    popularity: dict[str, Any] | None
    aliases: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        """The description, or failing that the first paragraph's plain text."""
        return self.description or self.excerpt

    @property
    def sort_key(self) -> tuple[Any, ...]:
        """Publication order: date, then the writer's ``order``, then title."""
        return (
            self.date or dt.date.min,
            self.datetime or "",
            self.order if self.order is not None else -(2**63),
            self.title.casefold(),
            self.docname,
        )


def newest_first(posts: Iterable[Post]) -> list[Post]:
    return sorted(posts, key=lambda post: post.sort_key, reverse=True)


def excerpt(doctree: nodes.document, *, length: int = EXCERPT_LENGTH) -> str:
    """Plain text of the body's first paragraph, cut at a word near ``length``."""
    for paragraph in doctree.findall(nodes.paragraph):
        if _outside_body(paragraph):
            continue
        copy = paragraph.deepcopy()
        # Footnote numbers and image alt texts are not prose.
        for node in list(copy.findall(_not_prose)):
            node.parent.remove(node)
        text = " ".join(copy.astext().split())
        if not text:
            continue
        if len(text) <= length:
            return text
        return text[:length].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return ""


def _not_prose(node: nodes.Node) -> bool:
    return isinstance(node, nodes.footnote_reference | nodes.image | nodes.raw)


def _outside_body(node: nodes.Element) -> bool:
    skip = (nodes.docinfo, nodes.field_list, nodes.footnote, nodes.admonition, nodes.sidebar)
    parent = node.parent
    while parent is not None:
        if isinstance(parent, skip) or "chapbook-post-meta" in parent.get("classes", ()):
            return True
        parent = parent.parent
    return False


def record(docname: str, fm: FrontMatter, doctree: nodes.document) -> Post:
    assert fm.title is not None
    return Post(
        docname=docname,
        title=_shown_title(doctree) or fm.title,
        date=fm.date,
        datetime=fm.datetime,
        description=fm.description,
        excerpt=excerpt(doctree),
        order=fm.order,
        tags=fm.tags,
        popular=fm.popular,
        popularity=fm.popularity,
        aliases=fm.aliases,
        extra=fm.extra,
        lines=dict(fm.lines),
    )


def _shown_title(doctree: nodes.document) -> str:
    """The title as the page shows it (after smart quotes), for listings to match."""
    section = doctree.next_node(nodes.section)
    return section[0].astext() if section is not None and section.children else ""


class PostsCollector(EnvironmentCollector):
    """Keeps ``env.chapbook_posts``: docname -> :class:`Post`."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        posts_of(env).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        mine, theirs = posts_of(env), posts_of(other)
        for docname in docnames & theirs.keys():
            mine[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        # Posts and pages are reached through listings, tag pages, links and
        # Chapbook's sidebar, not a toctree: adding a post is adding a file.
        env.metadata[env.docname]["orphan"] = True
        fm: FrontMatter | None = env.current_document.get(CURRENT_KEY)
        if fm is not None and fm.is_post:
            posts_of(env)[env.docname] = record(env.docname, fm, doctree)
            env.domains["chapbook"].note_aliases(env.docname, fm.aliases)
            # Previous / next / related, resolved when the page is written.
            from chapbook.listings import listing

            doctree += listing("postnav")


def posts_of(env: BuildEnvironment) -> dict[str, Post]:
    if not hasattr(env, "chapbook_posts"):
        env.chapbook_posts = {}
    return env.chapbook_posts


def setup_posts(app: Sphinx) -> None:
    app.add_env_collector(PostsCollector)

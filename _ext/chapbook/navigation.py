"""Reading on: previous and next post, one related post, and the sidebar.

The table of neighbours and related posts is computed once per build from the
environment (``refresh``); each post page reads its own row when written, so
a page costs the same to write whatever the number of posts.  The sidebar is
Chapbook's own: a handful of sections (Home, Popular, Archive by year, Tags,
...) instead of a toctree of every post, which made the book theme's sidebar
grow with the blog (252 s against 19 s at 1,000 posts).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes

from chapbook import selection
from chapbook.header import time_node
from chapbook.posts import posts_of
from chapbook.tags import tag_key

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from chapbook.posts import Post

    PathTo = Callable[..., str]


class Row(NamedTuple):
    previous: str | None
    next: str | None
    related: str | None


def publication_order(posts: dict[str, Post]) -> list[Post]:
    """Oldest first: date, then order, then title."""
    return sorted(
        posts.values(),
        key=lambda p: (selection.sort_key(p, "date"), p.title.casefold(), p.docname),
    )


def refresh(env: BuildEnvironment) -> None:
    """Recompute every post's neighbours and related post (``env-updated``)."""
    posts = posts_of(env)
    ordered = publication_order(posts)
    rank = {post.docname: index for index, post in enumerate(ordered)}
    by_tag: dict[str, set[str]] = defaultdict(set)
    for post in ordered:
        for name in post.tags:
            by_tag[tag_key(name)].add(post.docname)
    table: dict[str, Row] = {}
    for index, post in enumerate(ordered):
        table[post.docname] = Row(
            ordered[index - 1].docname if index > 0 else None,
            ordered[index + 1].docname if index + 1 < len(ordered) else None,
            _related(post, by_tag, rank),
        )
    env.chapbook_nav = table


def _related(post: Post, by_tag: dict[str, set[str]], rank: dict[str, int]) -> str | None:
    """Most shared tags; then an older post over a newer one; then the newer date."""
    shared: dict[str, int] = defaultdict(int)
    for name in {tag_key(t) for t in post.tags}:
        for other in by_tag[name]:
            if other != post.docname:
                shared[other] += 1
    if not shared:
        return None
    mine = rank[post.docname]
    return max(shared, key=lambda d: (shared[d], rank[d] < mine, rank[d]))


def row(env: BuildEnvironment, docname: str) -> Row:
    return getattr(env, "chapbook_nav", {}).get(docname, Row(None, None, None))


def content(env: BuildEnvironment, docname: str) -> tuple[Any, ...]:
    """What a post's navigation shows: its signature for incremental rebuilds."""
    posts = posts_of(env)
    shown = []
    for other in row(env, docname):
        post = posts.get(other) if other else None
        shown.append((post.docname, post.title, post.datetime, post.excerpt) if post else None)
    return tuple(shown)


def render(app: Sphinx, docname: str) -> list[nodes.Node]:
    from chapbook.listings import link

    posts = posts_of(app.env)
    previous, following, related = (posts.get(d) if d else None for d in row(app.env, docname))
    result: list[nodes.Node] = []
    if previous or following:
        nav = nodes.container(classes=["chapbook-postnav"])
        for post, label, css in ((previous, "Previous", "prev"), (following, "Next", "next")):
            if post is not None:
                line = nodes.paragraph(classes=[f"chapbook-{css}"])
                line += nodes.inline(text=f"{label}: ", classes=["chapbook-label"])
                line += link(app.builder, docname, post.docname, post.title)
                nav += line
        result.append(nav)
    if related is not None:
        box = nodes.container(classes=["chapbook-related"])
        box += nodes.paragraph(text="Related", classes=["chapbook-label"])
        line = nodes.paragraph(classes=["chapbook-entry"])
        line += link(app.builder, docname, related.docname, related.title)
        if related.date is not None and related.datetime is not None:
            line += nodes.Text(" ")
            line += time_node(related.datetime, related.date, app.config)
        box += line
        if related.excerpt:
            box += nodes.paragraph(text=related.excerpt, classes=["chapbook-summary"])
        result.append(box)
    return result


# -- the sidebar -------------------------------------------------------------------


def sidebar(app: Sphinx, pagename: str, pathto: PathTo) -> list[dict[str, Any]]:
    """Sidebar entries for one page: a fixed handful, never one per post.

    URLs come from the page's own ``pathto``, which the 404 page replaces with one
    giving absolute paths, so the sidebar works wherever that page is served.
    """
    env = app.env
    domain = env.domains["chapbook"]
    current_year = _year_of(env, pagename)
    items = []
    for title, target in app.config.chapbook_nav:
        docname = domain.lookup(str(target).strip("/").casefold())
        if docname is None:
            continue
        item: dict[str, Any] = {
            "title": title,
            "url": pathto(docname),
            "current": docname == pagename,
            "children": [],
        }
        if docname == archive_docname(app.config):
            item["children"] = _years(app, pathto, current_year)
        items.append(item)
    return items


def archive_docname(config: Config) -> str:
    return config.chapbook_archive_dir


def _years(app: Sphinx, pathto: PathTo, current: int | None) -> list[dict[str, Any]]:
    folder = archive_docname(app.config)
    return [
        {
            "title": str(year),
            "url": pathto(f"{folder}/{year}"),
            "current": year == current,
        }
        for year in selection.years(posts_of(app.env).values())
        if f"{folder}/{year}" in app.env.all_docs
    ]


def _year_of(env: BuildEnvironment, pagename: str) -> int | None:
    post = posts_of(env).get(pagename)
    if post is not None and post.date is not None:
        return post.date.year
    folder, _, year = pagename.rpartition("/")
    return int(year) if folder == env.config.chapbook_archive_dir and year.isdigit() else None


def add_sidebar(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    context["chapbook_nav"] = sidebar(app, pagename, context["pathto"])


def add_templates(app: Sphinx, config: Config) -> None:
    folder = str(Path(__file__).parent / "templates")
    if folder not in config.templates_path:
        config.templates_path = [*config.templates_path, folder]


def setup_navigation(app: Sphinx) -> None:
    app.connect("config-inited", add_templates)
    app.connect("html-page-context", add_sidebar)

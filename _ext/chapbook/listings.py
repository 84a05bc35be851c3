"""Listings of posts, resolved late from the environment.

A listing is a placeholder node in a doctree; at ``doctree-resolved`` it is
replaced with links to the posts it selects, so a page's doctree never holds
another post's title or date.  After every read phase (``env-updated``) the
tag table and generated pages are brought up to date, and each listing page
whose content changed is handed back to Sphinx to be written again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from chapbook import links, output, pages, tags
from chapbook.header import time_node
from chapbook.posts import Post, newest_first, posts_of
from chapbook.util import doc_key

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


class chapbook_listing(nodes.General, nodes.Element):  # noqa: N801 - docutils style
    """Placeholder for a listing; never reaches a writer."""


def listing(**attributes: str) -> chapbook_listing:
    return chapbook_listing("", **attributes)


# -- what each listing shows -----------------------------------------------------


def tag_posts(env: BuildEnvironment, key: str) -> list[Post]:
    entry = tags.table(env).get(key)
    posts = posts_of(env)
    return newest_first(posts[d] for d in entry.posts if d in posts) if entry else []


def content_of(env: BuildEnvironment, attributes: dict[str, Any]) -> tuple[Any, ...]:
    """The data a listing renders: also its signature for incremental rebuilds."""
    kind = attributes.get("kind")
    if kind == "tag":
        return tuple(
            (p.docname, p.title, p.datetime, p.order) for p in tag_posts(env, attributes["tag"])
        )
    if kind == "tags":
        return tuple(
            (e.name, e.docname, len(e.posts)) for e in sorted_tags(tags.table(env).values())
        )
    return ()


def sorted_tags(entries: Any) -> list[tags.TagEntry]:
    return sorted(entries, key=lambda e: (e.name.casefold(), e.slug))


# -- rendering -------------------------------------------------------------------


def resolve_listings(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(chapbook_listing)):
        kind = node.get("kind")
        if kind == "tag":
            posts = tag_posts(app.env, node["tag"])
            node.replace_self(_post_list(app, docname, posts))
        elif kind == "tags":
            node.replace_self(_tag_list(app.builder, docname, app.env))
        else:
            node.replace_self([])


def _link(builder: Builder, fromdoc: str, todoc: str, text: str) -> nodes.reference:
    uri = builder.get_relative_uri(fromdoc, todoc)
    return nodes.reference(text, text, internal=True, refuri=uri)


def _post_list(app: Sphinx, docname: str, posts: list[Post]) -> nodes.Node:
    if not posts:
        return nodes.paragraph(text=app.config.chapbook_no_posts_text, classes=["chapbook-empty"])
    items = nodes.bullet_list(classes=["chapbook-postlist"])
    for post in posts:
        line = nodes.paragraph()
        line += _link(app.builder, docname, post.docname, post.title)
        if post.date is not None and post.datetime is not None:
            line += nodes.Text(" ")
            line += time_node(post.datetime, post.date, app.config)
        items += nodes.list_item("", line)
    return items


def _tag_list(builder: Builder, docname: str, env: BuildEnvironment) -> nodes.Node:
    items = nodes.bullet_list(classes=["chapbook-taglist"])
    for entry in sorted_tags(tags.table(env).values()):
        line = nodes.paragraph()
        line += _link(builder, docname, entry.docname, entry.name)
        line += nodes.inline(text=f" ({len(entry.posts)})", classes=["chapbook-count"])
        items += nodes.list_item("", line)
    return items


# -- keeping generated pages and listings current --------------------------------


def wanted_pages(env: BuildEnvironment) -> list[pages.Page]:
    config = env.config
    table = tags.table(env)
    if not table:
        return []
    index = pages.Page(
        f"{tags.tags_dir(config)}/index", config.tags_overview_title, {"kind": "tags"}
    )
    return [index] + [
        pages.Page(
            entry.docname, f"{config.tags_page_title}: {entry.name}", {"kind": "tag", "tag": key}
        )
        for key, entry in table.items()
    ]


def update(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: refresh tags and pages; return pages whose output changed."""
    tags.refresh(env)
    created = pages.sync(app, wanted_pages(env))
    rewrite = created | _changed_listings(env) | _changed_link_targets(env)
    if output.remove_stale_output(app, env):
        # Something was withdrawn: make sure Sphinx saves the environment.
        rewrite.add(env.config.root_doc)
    return sorted(rewrite & env.all_docs.keys())


def _changed_listings(env: BuildEnvironment) -> set[str]:
    old: dict[str, str] = getattr(env, "chapbook_listing_sigs", {})
    new = {
        docname: pages.signature(content_of(env, page.listing))
        for docname, page in pages.registry(env).items()
    }
    env.chapbook_listing_sigs = new
    return {docname for docname, sig in new.items() if old.get(docname) != sig}


def _changed_link_targets(env: BuildEnvironment) -> set[str]:
    """Pages linking to a URL that appeared or vanished must be written again."""
    root = env.config.root_doc
    now = {doc_key(docname, root) for docname in env.all_docs} | {
        f"tags/{key}" for key in tags.table(env)
    }
    before: set[str] = getattr(env, "chapbook_url_keys", set())
    env.chapbook_url_keys = now
    changed = now ^ before
    return links.docs_linking_to(env, changed) if before and changed else set()


def setup_listings(app: Sphinx) -> None:
    app.add_node(chapbook_listing)
    app.connect("doctree-resolved", resolve_listings)
    app.connect("env-updated", update)

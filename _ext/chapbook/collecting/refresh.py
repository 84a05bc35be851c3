"""After every read phase: bring derived data and pages up to date, and say what to rewrite.

At ``env-updated`` the environment holds every post.  From it this module
rebuilds the tag, series and author tables, the neighbour table and the old-address table,
creates or drops generated pages, and returns the documents whose output
changed without their source changing: pages whose listing now shows
something else, posts whose neighbours changed, pages linking to a URL that
appeared, vanished or moved, or to a page or label that changed (``links``),
every page when the sidebar changed, generated pages whose output file is
missing.  Comparing what each listing shows (its signature) before and after
is what makes an incremental build write exactly those pages, and equal a
clean one.  This module says what each of them is now; ``freshness`` compares
it with the last build and decides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chapbook.collecting import (
    authors,
    documents,
    domain,
    freshness,
    links,
    listings,
    navigation,
    pages,
    series,
    tags,
)
from chapbook.collecting.state import posts_of, state
from chapbook.model import selection
from chapbook.model.selection import Query
from chapbook.trust.policy import url_scheme
from chapbook.urls import doc_key

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from chapbook.collecting.state import StoredListing


def update(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: refresh derived data and pages; return the pages to rewrite."""
    listings.refresh_order(env)
    state(env).any_popular = any(post.popular for post in posts_of(env).values())
    tags.refresh(env)
    series.refresh(env)
    authors.refresh(env, app.confdir)
    navigation.refresh(env)
    domain.refresh_aliases(env)
    domain.refresh_site_files(env, app.confdir)
    created = documents.sync(app, pages.wanted(env))
    rewrite = created | _changed_listings(env) | _changed_link_targets(env) | links.changed(env)
    rewrite |= freshness.unwritten_pages(app, env)
    if _sidebar_changed(env):  # every page shows the masthead, and maybe the sidebar
        rewrite |= env.all_docs.keys()
    return sorted(rewrite & env.all_docs.keys())


def _changed_listings(env: BuildEnvironment) -> set[str]:
    """Pages whose listings show something else (``freshness.note_listings``)."""
    inputs = freshness.listing_inputs(env)
    return freshness.note_listings(state(env), inputs, listings.listings_of(env), _shown(env))


def _shown(env: BuildEnvironment) -> Callable[[str, list[StoredListing]], object]:
    """What a page's listings show, as ``listings.content_of`` derives it."""

    def shown(docname: str, found: list[StoredListing]) -> object:
        return [
            listings.content_of(env, docname, kind, Query.from_data(data) if data else None)
            for kind, data in found
        ]

    return shown


def _sidebar_changed(env: BuildEnvironment) -> bool:
    """The sidebar depends on which years have posts and which sections exist, the
    masthead on which of its links' pages and files exist; both on whether any post is
    popular (``pages.left_out_of_links``)."""
    lookup = env.domains["chapbook"].lookup
    now = (
        tuple(selection.years(posts_of(env).values())),
        tuple(lookup(str(target).strip("/").casefold()) for _, target in env.config.chapbook_nav),
        tuple(
            domain.site_target(env, address.partition("#")[0])
            for _, address in env.config.chapbook_masthead_links
            if url_scheme(address) is None
        ),
        state(env).any_popular,
    )
    return freshness.note_sidebar(state(env), now)


def _changed_link_targets(env: BuildEnvironment) -> set[str]:
    """Pages linking to a URL that appeared, vanished or moved must be written again.

    A tag's key is noted with its page: a new tag can move another tag's page
    (two spellings, one slug), and only links to those two tags change.  So is an
    old address: it moves to another post when an earlier one claims it, or when
    the post it goes to is renamed, and the links to it with it.
    """
    root = env.config.root_doc
    chapbook = state(env)
    now = (
        {doc_key(docname, root) for docname in env.all_docs}
        | {freshness.tag_with_page(key, entry.docname) for key, entry in chapbook.tags.items()}
        | {freshness.with_page(key, docname) for key, docname in chapbook.aliases.items()}
        | chapbook.site_files
    )
    return freshness.docs_linking_to(env, freshness.note_url_keys(chapbook, now))


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("env-updated", update)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

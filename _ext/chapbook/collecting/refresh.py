"""After every read phase: bring derived data and pages up to date, and say what to rewrite.

At ``env-updated`` the environment holds every post.  From it this module
rebuilds the tag, series and author tables, the neighbour table and the old-address table,
creates or drops generated pages, and returns the documents whose output
changed without their source changing: pages whose listing now shows
something else, posts whose neighbours changed, pages linking to a URL that
appeared or vanished, every page when the sidebar changed, generated pages
whose output file is missing.  Comparing what each listing shows (its
signature) before and after is what makes an incremental build write exactly
those pages, and equal a clean one.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from chapbook.builders import is_site_builder
from chapbook.collecting import (
    authors,
    documents,
    domain,
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
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


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
    rewrite = created | _changed_listings(env) | _changed_link_targets(env)
    rewrite |= _unwritten_pages(app, env)
    if _sidebar_changed(env):  # every page shows the masthead, and maybe the sidebar
        rewrite |= env.all_docs.keys()
    return sorted(rewrite & env.all_docs.keys())


def _changed_listings(env: BuildEnvironment) -> set[str]:
    chapbook = state(env)
    old = chapbook.listing_signatures
    inputs = _listing_inputs(env)
    # What a listing shows is a function of its own definition and of ``inputs`` alone
    # (``listings.content_of``): where neither changed, its signature stands. A body edit
    # at 1,250 posts then derives no listing again (114 selections, 1,300 digests).
    unchanged = inputs == chapbook.listing_inputs
    before = chapbook.listing_defs
    new = {
        docname: old[docname]
        if unchanged and docname in old and before.get(docname) == found
        else documents.signature(
            [
                listings.content_of(env, docname, kind, Query.from_data(data) if data else None)
                for kind, data in found
            ]
        )
        for docname, found in listings.listings_of(env).items()
    }
    chapbook.listing_signatures = new
    if not unchanged:  # outputs made after the environment is saved compare this token
        chapbook.listing_token = secrets.token_hex(8)
    chapbook.listing_inputs = inputs
    chapbook.listing_defs = dict(listings.listings_of(env))
    return {docname for docname, sig in new.items() if old.get(docname) != sig}


def _listing_inputs(env: BuildEnvironment) -> tuple[Any, ...]:
    """Everything ``listings.content_of`` reads besides a listing's definition.

    Copies of the tables, so a later build compares with what was, not with what is.
    Unchanged records are the same objects, so the comparison costs one identity
    check each but for the posts read again.
    """
    chapbook = state(env)
    tables = (
        chapbook.posts, chapbook.ranks, chapbook.tags, chapbook.series, chapbook.authors,
        chapbook.neighbours,
    )  # fmt: skip
    return (env.config.root_doc, *(dict(table) for table in tables))


def _unwritten_pages(app: Sphinx, env: BuildEnvironment) -> set[str]:
    """Generated pages whose output file is missing (a build killed before writing them, a
    deleted file).  Sphinx writes a page again only when its source is newer than its
    output; a generated page has no source, so Sphinx never notices."""
    if not is_site_builder(app.builder):
        return set()
    output_path = app.builder.get_output_path  # type: ignore[attr-defined]
    return {docname for docname in state(env).pages if not output_path(docname).is_file()}


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
    chapbook = state(env)
    before, chapbook.sidebar = chapbook.sidebar, now
    return before is not None and before != now


def _changed_link_targets(env: BuildEnvironment) -> set[str]:
    """Pages linking to a URL that appeared or vanished must be written again."""
    root = env.config.root_doc
    chapbook = state(env)
    now = (
        {doc_key(docname, root) for docname in env.all_docs}
        | {f"tags/{key}" for key in chapbook.tags}
        | set(chapbook.aliases)
        | chapbook.site_files
    )
    before, chapbook.url_keys = chapbook.url_keys, now
    changed = now ^ before
    return docs_linking_to(env, changed) if before and changed else set()


def docs_linking_to(env: BuildEnvironment, keys: Set[str]) -> set[str]:
    """Documents whose links resolve differently now that ``keys`` appeared or vanished."""
    wanted: dict[str, frozenset[str]] = env.domains["chapbook"].data["wanted"]
    tag_keys = {k for k in keys if k.startswith("tags/")}
    return {
        docname
        for docname, targets in wanted.items()
        if targets & keys or (tag_keys and any(t.startswith("tags/") for t in targets))
    }


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("env-updated", update)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

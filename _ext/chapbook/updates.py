"""After every read phase: bring derived pages up to date, and say what to rewrite.

At ``env-updated`` the environment holds every post.  From it this module
rebuilds the tag table and the navigation table, creates or drops generated
pages (tag pages, the archive, popular posts, further pages of a paginated
listing), and returns the documents whose output changed without their
source changing: pages whose listing now shows something else, posts whose
neighbours changed, pages linking to a URL that appeared or vanished.
Comparing what each listing shows (its signature) before and after is what
makes an incremental build write exactly those pages, and equal a clean one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chapbook import links, listings, navigation, output, pages, selection, tags
from chapbook.posts import posts_of
from chapbook.selection import Query
from chapbook.util import doc_key

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def _posts(query: Query, **attributes: Any) -> dict[str, Any]:
    return {"kind": "posts", **query.to_attributes(), **attributes}


def tag_pages(env: BuildEnvironment) -> list[pages.Page]:
    config = env.config
    table = tags.table(env)
    if not table:
        return []
    index = pages.Page(
        f"{tags.tags_dir(config)}/index", config.tags_overview_title, ((None, {"kind": "tags"}),)
    )
    return [index] + [
        pages.Page(
            entry.docname,
            f"{config.tags_page_title}: {entry.name}",
            ((None, _posts(Query(tags=(entry.name,), format="title-date-tags"))),),
        )
        for entry in table.values()
    ]


def archive_pages(env: BuildEnvironment) -> list[pages.Page]:
    config = env.config
    folder = config.chapbook_archive_dir
    years = selection.years(posts_of(env).values())
    if not posts_of(env):
        return []
    by_year = tuple(
        (str(year), _posts(Query(year=year, format="title-date-tags"))) for year in years
    )
    undated = Query(format="title")
    result = [
        pages.Page(folder, config.chapbook_archive_title, by_year or ((None, _posts(undated)),))
    ]
    result += [
        pages.Page(
            f"{folder}/{year}",
            config.chapbook_archive_year_title.format(year=year),
            ((None, _posts(Query(year=year, format="title-date-tags"))),),
        )
        for year in years
    ]
    popular = Query(popular=True, sort="popularity", format="title-date-description")
    result.append(
        pages.Page(
            config.chapbook_popular_dir, config.chapbook_popular_title, ((None, _posts(popular)),)
        )
    )
    return result


def pagination_pages(env: BuildEnvironment) -> list[pages.Page]:
    """Pages 2..n of each paginated listing: real documents, searchable and in the sitemap."""
    result = []
    root = env.config.root_doc
    for host, found in sorted(listings.listings_of(env).items()):
        if pages.is_generated(env, host):
            continue
        queries = [
            Query.from_attributes({"query": q}) for kind, q in found if kind == "posts" and q
        ]
        paginated = [q for q in queries if q.paginate]
        if not paginated:
            continue
        query = paginated[0]
        total = len(listings.selected(env, query))
        title = env.titles[host].astext() if host in env.titles else host
        for number in range(2, selection.page_count(total, query.paginate) + 1):
            docname = listings.page_docname(host, number, root)
            result.append(
                pages.Page(
                    docname,
                    env.config.chapbook_page_title.format(title=title, page=number),
                    ((None, _posts(query.on_page(number), host=host)),),
                )
            )
    return result


def update(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: refresh derived data and pages; return the pages to rewrite."""
    tags.refresh(env)
    navigation.refresh(env)
    wanted = tag_pages(env) + archive_pages(env) + pagination_pages(env)
    created = pages.sync(app, wanted)
    rewrite = created | _changed_listings(env) | _changed_link_targets(env)
    if _sidebar_changed(env):  # every page shows the sidebar
        rewrite |= env.all_docs.keys()
    if output.remove_stale_output(app, env):
        # Something was withdrawn: make sure Sphinx saves the environment.
        rewrite.add(env.config.root_doc)
    return sorted(rewrite & env.all_docs.keys())


def _changed_listings(env: BuildEnvironment) -> set[str]:
    old: dict[str, str] = getattr(env, "chapbook_listing_sigs", {})
    new = {
        docname: pages.signature(
            [
                listings.content_of(
                    env, docname, kind, Query.from_attributes({"query": q}) if q else None
                )
                for kind, q in found
            ]
        )
        for docname, found in listings.listings_of(env).items()
    }
    env.chapbook_listing_sigs = new
    return {docname for docname, sig in new.items() if old.get(docname) != sig}


def _sidebar_changed(env: BuildEnvironment) -> bool:
    """The sidebar depends on which years have posts and which sections exist."""
    domain = env.domains["chapbook"]
    now = (
        tuple(selection.years(posts_of(env).values())),
        tuple(
            domain.lookup(str(target).strip("/").casefold())
            for _, target in env.config.chapbook_nav
        ),
    )
    before = getattr(env, "chapbook_sidebar", None)
    env.chapbook_sidebar = now
    return before is not None and before != now


def _changed_link_targets(env: BuildEnvironment) -> set[str]:
    """Pages linking to a URL that appeared or vanished must be written again."""
    root = env.config.root_doc
    now = (
        {doc_key(docname, root) for docname in env.all_docs}
        | {f"tags/{key}" for key in tags.table(env)}
        | set(env.domains["chapbook"].data["aliases"])
    )
    before: set[str] = getattr(env, "chapbook_url_keys", set())
    env.chapbook_url_keys = now
    changed = now ^ before
    return links.docs_linking_to(env, changed) if before and changed else set()


def setup_updates(app: Sphinx) -> None:
    app.connect("env-updated", update)

"""Which generated pages the blog has: tag, series and author pages, the archive, page 2, 3, ...

Each is a :class:`~chapbook.collecting.state.Page` (a title and listing
queries), computed from the environment after every read phase; ``refresh``
hands them to ``documents.sync``, which creates exactly the ones that changed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from chapbook.collecting import documents, listings
from chapbook.collecting.documents import has_source, is_generated
from chapbook.collecting.state import Page, Section, StoredListing, posts_of, state
from chapbook.locale import _
from chapbook.model import selection
from chapbook.model.selection import Query
from chapbook.reading import readloop

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def wanted(env: BuildEnvironment) -> list[Page]:
    home = home_pages(env)
    generated = tag_pages(env) + series_pages(env) + author_pages(env) + archive_pages(env)
    return home + generated + pagination_pages(env, home)


#: The made-up home page's lists: what the old site's home showed of each post.
RECENT_FORMAT = "title-date-tags"
#: The popular posts, as the popular page lists them: the home page shows the first few.
POPULAR = Query(popular=True, sort="popularity", format="title-date-description")
#: Tag and author pages: a compact list of titles and dates, as the old site's tag pages
#: were a plain list of titles; a description is shown where a listing asks for one.
TAG_FORMAT = "title-date"


def left_out_of_links(env: BuildEnvironment, docname: str) -> bool:
    """Whether the masthead and the sidebar leave out their link to this page for now:
    the made-up popular page while no post says ``popular: true`` (a blog with posts
    whose "Popular" says "No posts yet." surprises its readers).  The page itself stays,
    for old addresses and links in posts."""
    if docname != env.config.chapbook_popular_dir or not is_generated(env, docname):
        return False
    return not state(env).any_popular  # once a build, not once a page written


def home_pages(env: BuildEnvironment) -> list[Page]:
    """A home page when the blog has no ``index.md`` of its own: recent, then popular posts.

    A blog moved from another generator has no home page written for Chapbook.
    The old site's was a list of titles, dates and tags, ``chapbook_posts_per_page``
    (15) a page, its further pages at ``/page/2/``, ``/page/3/``, ...: the same
    posts are at the same addresses.  A reader comes for what is new, so the
    newest post comes first; then the few most popular (``chapbook_home_popular``,
    as the old site's home had them, highest ``popularity.score`` first) and a link
    to the page listing them all.
    """
    config = env.config
    root = config.root_doc
    if has_source(env, root):
        return []
    recent = Query(format=RECENT_FORMAT, paginate=config.chapbook_posts_per_page)
    sections: list[Section] = [(_("Recent posts"), _posts(recent))]
    shown = config.chapbook_home_popular
    if shown and state(env).any_popular:
        popular = replace(POPULAR, limit=shown)
        more = {"more": config.chapbook_popular_dir, "more_text": _("All popular posts \u2192")}
        sections.append((config.chapbook_popular_title, _posts(popular, **more)))
    return [Page(root, config.project or _("Home"), tuple(sections))]


def _posts(query: Query, **attributes: Any) -> dict[str, Any]:
    return {"kind": "posts", "query": query.as_data(), **attributes}


def tag_pages(env: BuildEnvironment) -> list[Page]:
    config = env.config
    table = state(env).tags
    if not table:
        return []
    index = Page(
        f"{config.tags_output_dir}/index", config.tags_overview_title, ((None, {"kind": "tags"}),)
    )
    return [index] + [
        Page(
            entry.docname,
            tagged(config.tags_page_title, entry.name),
            ((None, _posts(Query(tags=(entry.name,), format=TAG_FORMAT))),),
        )
        for entry in table.values()
    ]


def tagged(title: str, name: str) -> str:
    """A tag page's title: "Tag: python" (in French, "Étiquette : python")."""
    return _("{title}: {name}").format(title=title, name=name)


def series_pages(env: BuildEnvironment) -> list[Page]:
    """A page per series: its posts in reading order (the listing finds them by docname)."""
    title = env.config.chapbook_series_title
    return [
        Page(entry.docname, title.format(name=entry.name), ((None, {"kind": "series-page"}),))
        for entry in state(env).series.values()
    ]


def author_pages(env: BuildEnvironment) -> list[Page]:
    """A page per author (who they are, then their posts, as a tag page lists them) and an index."""
    config = env.config
    table = state(env).authors
    if not table:
        return []
    index = Page(
        f"{config.chapbook_authors_dir}/index",
        config.chapbook_authors_title,
        ((None, {"kind": "authors"}),),
    )
    return [index] + [
        Page(
            entry.docname,
            config.chapbook_author_title.format(name=entry.name),
            (
                (None, {"kind": "author-card"}),
                (None, _posts(Query(authors=(entry.key,), format=TAG_FORMAT))),
            ),
        )
        for entry in table.values()
    ]


def archive_pages(env: BuildEnvironment) -> list[Page]:
    config = env.config
    folder = config.chapbook_archive_dir
    posts = posts_of(env)
    if not posts:
        return []
    years = selection.years(posts.values())
    by_year = tuple(
        (str(year), _posts(Query(year=year, format="title-date-tags"))) for year in years
    )
    undated = Query(format="title")
    result = [Page(folder, config.chapbook_archive_title, by_year or ((None, _posts(undated)),))]
    result += [
        Page(
            f"{folder}/{year}",
            config.chapbook_archive_year_title.format(year=year),
            ((None, _posts(Query(year=year, format="title-date-tags"))),),
        )
        for year in years
    ]
    result.append(
        Page(config.chapbook_popular_dir, config.chapbook_popular_title, ((None, _posts(POPULAR)),))
    )
    return result


def pagination_pages(env: BuildEnvironment, home: list[Page]) -> list[Page]:
    """Pages 2..n of each paginated listing: real documents, searchable and in the sitemap.

    ``home``: the made-up home page as this build makes it.  Its listings and title are
    taken from it, not from the environment, which holds the page the last build made
    (``documents.sync`` makes it again only after this): a new ``chapbook_posts_per_page``
    or ``project`` changes its further pages in the same build, as a clean one has them.
    """
    result = []
    root = env.config.root_doc
    hosts = _paginating_hosts(env, home)
    for host, (title, found) in sorted(hosts.items()):
        paginated = [
            query
            for kind, data in found
            if kind == "posts" and data and (query := Query.from_data(data)).paginate
        ]
        if not paginated:
            continue
        query = paginated[0]
        total = len(listings.selected(env, query))
        for number in range(2, selection.page_count(total, query.paginate) + 1):
            result.append(
                Page(
                    listings.page_docname(host, number, root),
                    env.config.chapbook_page_title.format(title=title, page=number),
                    ((None, _posts(query.on_page(number), host=host)),),
                )
            )
    return result


def _paginating_hosts(
    env: BuildEnvironment, home: list[Page]
) -> dict[str, tuple[str, list[StoredListing]]]:
    """The pages that may paginate, with their titles and listings: the writer's pages as
    read, the made-up home page as ``home`` makes it (other generated pages never do)."""
    hosts = {
        host: (env.titles[host].astext() if host in env.titles else host, found)
        for host, found in listings.listings_of(env).items()
        if not is_generated(env, host)
    }
    for page in home:
        found = [(attributes["kind"], attributes.get("query")) for _, attributes in page.sections]
        hosts[page.docname] = (page.title, found)
    return hosts


def make_home(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: a blog without ``index.md`` gets its home page now.

    Sphinx stops right after reading when the root document is missing, before
    generated pages are made; this one is made first, and refreshed with the
    others once the posts are read.
    """
    root = env.config.root_doc
    if root in env.all_docs or has_source(env, root):
        return
    (page,) = home_pages(env)
    state(env).pages[root] = page
    state(env).made_early.add(root)
    readloop.create(app, root, lambda doctree: doctree.append(documents.page_section(page)))


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("env-before-read-docs", make_home)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

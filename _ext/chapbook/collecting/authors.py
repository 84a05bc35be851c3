"""The author table: every author across the blog, their page, web site, avatar and posts.

Posts name their authors in front-matter (``author``, ``authors``); the post
record already holds who they are (``model.authors``, matched against
``chapbook_authors`` when the post was read: that setting re-reads every
post when it changes).  The table is derived after every read phase
(``refresh``), as the tag and series tables are; a post's byline, an author's
page and the index of authors are listings over it, so an incremental build
rewrites exactly the pages whose byline or list changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chapbook.collecting import taxonomy
from chapbook.collecting.state import AuthorEntry, posts_of, state
from chapbook.model.authors import profiles
from chapbook.urls import page_url
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from chapbook.model.authors import Author
    from chapbook.model.post import Post


AUTHOR = taxonomy.Kind("author", Warn.AUTHORS, pronoun="their")


def refresh(env: BuildEnvironment, confdir: Path) -> dict[str, AuthorEntry]:
    """Rebuild the author table (``env-updated``), reporting authors that share a URL."""
    people = profiles(env.config.chapbook_authors)
    folder = env.config.chapbook_authors_dir
    table: dict[str, AuthorEntry] = {}
    for group in taxonomy.groups(posts_of(env), _authors):
        person = people.get(group.key)
        # The spelling most of their posts use, unless the map names them.
        name = person.name if person else group.name
        url, avatar = (person.url, person.avatar) if person else ("", "")
        docname = f"{folder}/{group.slug}"
        table[group.key] = AuthorEntry(group.key, name, docname, group.docnames, url, avatar)
        taxonomy.report(AUTHOR, group, name, docname, _where(group.posts[0]))
    _check_avatars(env.config, confdir)
    state(env).authors = table
    return table


def _authors(post: Post) -> Iterable[tuple[str, str]]:
    return ((author.key, author.name) for author in post.authors)


def _where(post: Post) -> tuple[str, int]:
    line = post.lines.get("author") or post.lines.get("authors") or 1
    return (post.docname, line)


def _check_avatars(config: Config, confdir: Path) -> None:
    """An avatar given as a site path must be a file the site publishes (static or extra)."""
    for key, person in sorted(config.chapbook_authors.items()):
        path = person.get("avatar", "")
        if path.startswith("/") and not published_file(config, confdir, path):
            warn(f"chapbook_authors: the avatar of {key!r}, {path!r}, is not a file of "
                 "html_static_path (/_static/...) or html_extra_path", Warn.AUTHORS,
                 location=None)  # fmt: skip


def published_file(config: Config, confdir: Path, path: str) -> bool:
    """Whether a site path names a file that ``html_static_path`` or ``html_extra_path`` copies."""
    relative = path.strip("/")
    candidates = [confdir / folder / relative for folder in config.html_extra_path]
    if relative.startswith("_static/"):
        inside = relative.removeprefix("_static/")
        candidates += [confdir / folder / inside for folder in config.html_static_path]
    return any(candidate.is_file() for candidate in candidates)


def of_post(env: BuildEnvironment, docname: str) -> list[tuple[Author, AuthorEntry | None]]:
    """The authors of ``docname`` as it names them, each with their entry in the table."""
    post = posts_of(env).get(docname)
    if post is None:
        return []
    table = state(env).authors
    return [(author, table.get(author.key)) for author in post.authors]


def page_of(env: BuildEnvironment, docname: str) -> AuthorEntry | None:
    """The author whose page ``docname`` is."""
    return next((e for e in state(env).authors.values() if e.docname == docname), None)


def sorted_authors(env: BuildEnvironment) -> list[AuthorEntry]:
    """The index's order: by name, A-Z."""
    return sorted(state(env).authors.values(), key=lambda e: (e.name.casefold(), e.docname))


def web_address(builder: Builder, entry: AuthorEntry) -> str:
    """Where a reader learns who wrote a post: the author's own site, else their page here."""
    return entry.url or page_url(builder, entry.docname)

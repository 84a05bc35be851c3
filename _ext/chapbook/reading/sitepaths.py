"""The site's own addresses: what a build writes besides the pages of its sources.

Sphinx, its HTML builders and Chapbook write files and pages of their own next
to the posts' pages: the feeds (``chapbook_feeds``), every tag's feed, the
sitemap, ``robots.txt``, ``_redirects``, the 404 page (also as ``404.html``),
the search page and index, ``objects.inv``, the files of ``html_extra_path``,
and folders such as ``_static/``.  A source whose page lands on one of them
breaks the build or loses a page: ``rss.xml.md`` becomes the folder
``rss.xml/``, and the feed can no longer be written.

They are derived from the configuration here, once, for everyone who must not
step on them: the gate refuses such a source (``reading.gate``), and links to
them are links, not broken ones (``collecting.domain``).  A page is checked in
both layouts of the site (``dirhtml``'s ``x/index.html`` and ``html``'s
``x.html``), so the same files make the same site whichever builder runs; and
without regard to case or Unicode normalisation, as the site's addresses are
looked up (``urls.url_key``) and as many hosts serve them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from chapbook import sitenames
from chapbook.sitenames import BUILDER_FOLDERS
from chapbook.urls import dirhtml_path, path_key

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from sphinx.config import Config

#: Files Sphinx's HTML builders write at the site's root.
BUILDER_FILES = ("searchindex.js", "objects.inv", ".buildinfo")
#: Files Chapbook writes at the site's root whatever the configuration.
CHAPBOOK_FILES = ("sitemap.xml", "robots.txt", ".nojekyll")
#: The file Netlify and Cloudflare Pages read redirects from (``site.redirects``).
HOST_FILE = "_redirects"
#: Each tag's feed, beside its page: ``<tags_output_dir>/<slug>/atom.xml``.
TAG_FEED = "atom.xml"


@dataclass(frozen=True)
class SitePaths:
    """What the site writes itself, as relative POSIX paths (``rss.xml``, ``_static``)."""

    files: frozenset[str]
    folders: frozenset[str]
    #: Docnames of the pages the builders make themselves (``search``, ``404``).
    pages: frozenset[str]
    #: The tags folder, every tag of which has a feed (empty: no tag feeds).
    tags: str
    root_doc: str = "index"


def of(config: Config, confdir: Path | None = None) -> SitePaths:
    """The site's own paths under ``config`` (``confdir``: where ``html_extra_path`` starts)."""
    files = [*BUILDER_FILES, *CHAPBOOK_FILES, *config.chapbook_feeds]
    notfound = not_found_page(config)
    files.append(f"{notfound}.html")  # sphinx-notfound-page's page, copied to the root
    if config.chapbook_redirects_file:
        files.append(HOST_FILE)
    if confdir is not None:
        files += extra_files(confdir, config.html_extra_path)
    tags = config.tags_output_dir if config.chapbook_tag_feeds else ""
    return SitePaths(
        files=frozenset(files),
        folders=frozenset(BUILDER_FOLDERS),
        pages=builder_pages(config),
        tags=tags,
        root_doc=config.root_doc,
    )


def extra_files(confdir: Path, folders: Iterable[str]) -> list[str]:
    """The files ``html_extra_path`` copies to the site's root, as relative POSIX paths."""
    found = []
    for folder in folders:
        root = (confdir / folder).resolve()
        if root.is_dir():
            found += [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]
        elif root.is_file():
            found.append(root.name)
    return found


def not_found_page(config: Config) -> str:
    """sphinx-notfound-page's docname (``404`` unless configured)."""
    return str(getattr(config, *sitenames.NOT_FOUND))


def builder_pages(config: Config) -> frozenset[str]:
    """Docnames of the pages the builders make without a source (``sitenames``, which
    ``chapbook post`` asks too)."""
    return sitenames.builder_pages(sitenames.values_of(config))


def tag_feed(tag_docname: str) -> str:
    """A tag's feed, beside its page in ``dirhtml``: ``tags/<slug>/atom.xml``."""
    return f"{tag_docname}/{TAG_FEED}"


def claimed(paths: SitePaths, docname: str) -> str | None:
    """The site's own path that the page of ``docname`` would land on (``/rss.xml``,
    ``/search/``), in either layout of the site, or ``None``."""
    own = dirhtml_path(docname, paths.root_doc)
    layouts = (f"{own}/index.html" if own else "index.html", f"{docname}.html")
    return next(filter(None, (at_output(paths, output) for output in layouts)), None)


def at_output(paths: SitePaths, relative: str) -> str | None:
    """The site's own path that a file written at ``relative`` (in the output folder)
    would replace or be inside of, or ``None``.

    A file lands on another when it is that file or lies under it (the other
    would have to be a folder).
    """
    key = _key(relative)
    keyed = _keyed(paths)
    if key.split("/", 1)[0] in keyed.folders:
        return f"/{relative.split('/', 1)[0]}/"
    for page, as_folder, as_file in keyed.pages:
        if key in (as_folder, as_file):
            return f"/{page}/"
    for name, name_key in keyed.files:
        if key == name_key or key.startswith(name_key + "/"):
            return f"/{name}"
    return _tag_feed_at(paths, key)


class _Keyed(NamedTuple):
    """A ``SitePaths``' names as keys, in the order ``at_output`` tries them."""

    folders: frozenset[str]
    #: (page, key of ``page/index.html``, key of ``page.html``), by page.
    pages: tuple[tuple[str, str, str], ...]
    #: (name, its key), by name.
    files: tuple[tuple[str, str], ...]


@functools.lru_cache(maxsize=8)
def _keyed(paths: SitePaths) -> _Keyed:
    """Keyed once per configuration: the gate asks ``at_output`` for every document of
    every build, each time against all of them."""
    return _Keyed(
        folders=frozenset(_keys(paths.folders)),
        pages=tuple(
            (page, _key(f"{page}/index.html"), _key(f"{page}.html")) for page in sorted(paths.pages)
        ),
        files=tuple((name, _key(name)) for name in sorted(paths.files)),
    )


def _tag_feed_at(paths: SitePaths, key: str) -> str | None:
    """``tags/<any slug>/atom.xml/...``: a tag's feed, whichever tags the posts have.

    Tags are known only once every post is read; the gate decides before that.
    """
    if not paths.tags:
        return None
    folder = _key(paths.tags).split("/")
    parts = key.split("/")
    depth = len(folder)
    if len(parts) >= depth + 2 and parts[:depth] == folder and parts[depth + 1] == TAG_FEED:
        return "/" + "/".join([paths.tags, parts[depth], TAG_FEED])
    return None


def _key(path: str) -> str:
    """How hosts compare paths: without regard to case or Unicode normalisation."""
    return path_key(path)


def _keys(names: Iterable[str]) -> set[str]:
    return {_key(name) for name in names}

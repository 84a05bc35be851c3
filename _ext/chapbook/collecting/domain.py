"""The ``chapbook`` domain: every page's URL key, anchors and old addresses, for links.

Links written as site paths (``reading.sitelinks``) are resolved here when
each page is written, from URL keys recorded per document, so they come out
relative (working under any URL prefix) in HTML and as internal links in
other builders.  A link that matches nothing is a warning and stays a link to
the path it named.

An old address (front-matter ``aliases``) claimed by two posts goes to the
first of them by docname, whatever order they were read in, serially or in
parallel; the claim is kept per post, so the choice is made when links are
resolved and reported after every read phase.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain
from sphinx.util.nodes import make_refnode
from sphinx.util.osutil import relative_uri

from chapbook.builders import is_book_builder, leaves_book, web_reference
from chapbook.collecting.state import posts_of, state
from chapbook.model.names import tag_key
from chapbook.model.post import day_key
from chapbook.reading import sitepaths
from chapbook.trust.policy import url_scheme
from chapbook.urls import base_url, doc_key, split_target, url_key
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from collections.abc import Set
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


class ChapbookDomain(Domain):
    """Where every document's URL key and anchors are kept for link resolution."""

    name = "chapbook"
    label = "Chapbook"
    initial_data: dict[str, Any] = {  # noqa: RUF012 - Sphinx's declared shape
        "urls": {},  # url key -> docname
        "anchors": {},  # docname -> frozenset of ids
        "wanted": {},  # docname -> frozenset of url keys it links to
        "aliases": {},  # docname -> frozenset of url keys of its old addresses
    }

    @property
    def urls(self) -> dict[str, str]:
        return self.data["urls"]

    def clear_doc(self, docname: str) -> None:
        key = doc_key(docname, self.env.config.root_doc)
        if self.urls.get(key) == docname:
            del self.urls[key]
        self.data["anchors"].pop(docname, None)
        self.data["wanted"].pop(docname, None)
        self.data["aliases"].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key, docname in otherdata["urls"].items():
            if docname in docnames:
                self.urls[key] = docname
        for field in ("anchors", "wanted", "aliases"):
            for docname in docnames & otherdata[field].keys():
                self.data[field][docname] = otherdata[field][docname]

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        self.note_document(docname, document)

    def note_document(self, docname: str, document: nodes.document) -> None:
        self.urls[doc_key(docname, self.env.config.root_doc)] = docname
        ids = {i for node in document.findall(nodes.Element) for i in node.get("ids", ())}
        self.data["anchors"][docname] = frozenset(ids)
        wanted = {
            xref["reftarget"]
            for xref in document.findall(addnodes.pending_xref)
            if xref.get("refdomain") == "chapbook" and xref.get("reftype") == "site"
        }
        self.data["wanted"][docname] = frozenset(wanted)

    def note_aliases(self, docname: str, aliases: tuple[str, ...]) -> None:
        if aliases:
            self.data["aliases"][docname] = frozenset(split_target(a)[0] for a in aliases)

    def alias_table(self) -> dict[str, list[str]]:
        """URL key of each old address -> the posts claiming it, the one it goes to first."""
        table: dict[str, list[str]] = {}
        for docname, keys in sorted(self.data["aliases"].items()):
            for key in keys:
                table.setdefault(key, []).append(docname)
        return table

    def lookup(self, key: str) -> str | None:
        """The docname a URL key names: a page, a post's old address, or a tag."""
        docname = self.urls.get(key) or state(self.env).aliases.get(key)
        if docname is None and key.startswith("tags/"):
            entry = state(self.env).tags.get(tag_key(key[len("tags/") :]))
            docname = entry.docname if entry else None
        return docname

    def resolve_xref(  # noqa: PLR0913, PLR0917 - Sphinx's signature
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        if typ == "tag":
            entry = state(env).tags.get(target)
            if entry is None or is_book_builder(builder):
                return None  # in a book, tags are plain words under the title
            return make_refnode(builder, fromdocname, entry.docname, None, contnode)
        if typ != "site":
            return None
        return self._resolve_site(fromdocname, builder, target, node, contnode)

    def _resolve_site(
        self,
        fromdocname: str,
        builder: Builder,
        key: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        docname = self.lookup(key)
        anchor = node.get("chapbook_anchor", "")
        if docname is None and key in state(self.env).site_files:
            return _unresolved(builder, fromdocname, node, contnode, broken=False)
        if docname is None:
            warn(f"link target {node['chapbook_href']!r} matches no page", Warn.LINK, location=node)
            return _unresolved(builder, fromdocname, node, contnode)
        if anchor and anchor not in self.data["anchors"].get(docname, ()):
            warn(
                f"link target {node['chapbook_href']!r}: no section '{anchor}' on that page; "
                "the link goes to the page",
                Warn.LINK,
                location=node,
            )
            anchor = ""  # a link to nowhere fails epubcheck, and goes nowhere on the web
        if leaves_book(builder, docname, state(self.env).book_docnames()):
            return web_reference(builder, docname, anchor or None, contnode)
        return make_refnode(builder, fromdocname, docname, anchor or None, contnode)

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[tuple[str, nodes.Element]]:
        return []


def _unresolved(
    builder: Builder,
    fromdocname: str,
    node: addnodes.pending_xref,
    contnode: nodes.Element,
    *,
    broken: bool = True,
) -> nodes.reference | nodes.Element:
    """Keep a link that matches nothing as a link to the path it named.

    In HTML the path is made relative to the page, so it points where the old
    site's link pointed whatever the URL prefix; elsewhere (the PDF, the ePub)
    it needs the site's absolute URL, and without one only the text is kept.
    """
    path, hash_, anchor = str(node["chapbook_path"]).lstrip("/").partition("#")
    if builder.format == "html" and not is_book_builder(builder):
        uri = relative_uri(builder.get_target_uri(fromdocname), path) or "./"
        if url_scheme(uri) is not None:  # /javascript:x from the home page is "javascript:x"
            uri = "./" + uri
    elif builder.config.html_baseurl:
        uri = base_url(builder.config) + path
    else:
        return contnode
    uri += hash_ + anchor
    classes = ["chapbook-broken"] if broken else []
    reference = nodes.reference("", "", internal=False, refuri=uri, classes=classes)
    reference += contnode
    return reference


def refresh_site_files(env: BuildEnvironment, confdir: Path) -> None:
    """URL keys of the files a link may name that are no page: feeds, the sitemap, extras.

    ``/rss.xml`` and a file of ``html_extra_path`` (a web manifest, a favicon)
    are real addresses on the site; links to them are links, not broken ones.
    They are the site's own paths (``reading.sitepaths``), and each tag's feed.
    """
    paths = sitepaths.of(env.config, confdir)
    names = [*paths.files, *paths.pages]
    names += [sitepaths.tag_feed(entry.docname) for entry in state(env).tags.values()]
    state(env).site_files = frozenset(url_key(name) for name in names)


def site_target(env: BuildEnvironment, path: str) -> tuple[str, str] | None:
    """What a site path (``/about/``, ``/rss.xml``, ``/search/``) names on this site.

    ``("doc", docname)`` for a page of the sources or a generated one, ``("page",
    name)`` for a page a builder makes (search, 404), ``("file", path)`` for a file the
    site writes (a feed, a file of ``html_extra_path``); ``None`` for nothing.
    Links Chapbook writes outside a post (the masthead) are resolved here, as a
    post's links are, so they come out relative to each page.
    """
    key = url_key(path)
    docname = env.domains["chapbook"].lookup(key)
    if docname is not None:
        return ("doc", docname)
    if key not in state(env).site_files:
        return None
    pages = {name.casefold(): name for name in sitepaths.builder_pages(env.config)}
    return ("page", pages[key]) if key in pages else ("file", path.strip("/"))


#: Where a claim of a document that is no post sorts: after every post's.
LAST = (dt.date.max, "")


def refresh_aliases(env: BuildEnvironment) -> None:
    """Give each old address to one post, and report contested ones.

    It goes to the post published first (by date; then the first by docname): an
    old address is older than a post written after it, so a post added later,
    imported or contributed, cannot take another's old address by its file name.
    """
    domain: ChapbookDomain = env.domains["chapbook"]  # type: ignore[assignment]
    posts = posts_of(env)
    table = {
        key: sorted(claims, key=lambda d: (day_key(posts[d]) if d in posts else LAST, d))
        for key, claims in domain.alias_table().items()
    }
    state(env).aliases = {key: claims[0] for key, claims in table.items()}
    for key, claims in sorted(table.items()):
        for loser in claims[1:]:
            line = posts[loser].lines.get("aliases", 1) if loser in posts else 1
            warn(
                f"old address '/{key}' is also an alias of '{claims[0]}', where it goes; "
                f"remove it from one of the two posts",
                Warn.ALIAS,
                location=(loser, line),
            )


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_domain(ChapbookDomain)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

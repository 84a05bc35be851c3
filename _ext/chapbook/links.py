"""Links between posts: ``/slug``, ``/tags/some tag`` and the site's own absolute URLs.

The old blog wrote links as site-root paths.  MyST sees those as document
references it cannot find, warns, and renders the text unlinked.  Here the
renderer turns them into ``pending_xref`` nodes of the ``chapbook`` domain; the
domain resolves them when each page is written, from URL keys recorded per
document, so they come out relative (working under any URL prefix) in HTML and
as internal links in other builders.  A link that matches nothing is a
warning and stays a link to the path it named.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast
from urllib.parse import unquote

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain
from sphinx.util.nodes import make_refnode
from sphinx.util.osutil import relative_uri

from chapbook import book, tags
from chapbook.util import base_url, doc_key, url_key, warn

if TYPE_CHECKING:
    from collections.abc import Set

    from markdown_it.rules_inline import StateInline
    from markdown_it.tree import SyntaxTreeNode
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


def site_path(href: str, *, base_url: str) -> str | None:
    """The site-root path an href points at, or ``None`` for any other link."""
    if href.startswith("//"):
        return None
    if href.startswith("/"):
        return href
    if not base_url:
        return None
    for candidate in _base_variants(base_url):
        if href.lower().startswith(candidate):
            return "/" + href[len(candidate) :]
        if href.lower() == candidate.rstrip("/"):
            return "/"
    return None


def _base_variants(base_url: str) -> list[str]:
    """``https://x/blog/`` also matches ``http://x/blog/``: old posts mix both."""
    base = base_url.lower().rstrip("/") + "/"
    _, _, rest = base.partition("://")
    return [base] if not rest else [f"{other}://{rest}" for other in ("https", "http")]


def split_target(path: str) -> tuple[str, str]:
    """``/a/b?x#sec`` -> (``a/b`` key, ``sec``)."""
    path, _, anchor = path.partition("#")
    path = path.partition("?")[0]
    return url_key(path), unquote(anchor)


def spaced_site_link(state: StateInline, silent: bool) -> bool:
    """``[text](/tags/some tag)``: a site-root destination with spaces, as the old blog wrote.

    CommonMark ends a bare destination at the first space, so markdown-it
    leaves such a link as literal text; this rule (run before ``link``) takes
    it as a link.  A space followed by a quote or parenthesis starts a link
    title and is left to the standard rule.
    """
    src = state.src
    if src[state.pos] != "[":
        return False
    label_end = state.md.helpers.parseLinkLabel(state, state.pos, True)
    if label_end < 0 or label_end + 1 >= state.posMax or src[label_end + 1] != "(":
        return False
    close = src.find(")", label_end + 2, state.posMax)
    destination = src[label_end + 2 : close].strip() if close > 0 else ""
    if not _spaced_site_path(destination):
        return False
    if not silent:
        maximum = state.posMax
        state.pos, state.posMax = state.pos + 1, label_end
        state.push("link_open", "a", 1).attrs = {"href": state.md.normalizeLink(destination)}
        state.linkLevel += 1
        state.md.inline.tokenize(state)
        state.linkLevel -= 1
        state.push("link_close", "a", -1)
        state.posMax = maximum
    state.pos = close + 1
    return True


def _spaced_site_path(destination: str) -> bool:
    if not destination.startswith("/") or destination.startswith("//"):
        return False
    _, space, rest = destination.partition(" ")
    return bool(space) and "\n" not in destination and rest.lstrip()[:1] not in ('"', "'", "(")


def site_xref(href: str, path: str) -> addnodes.pending_xref:
    """The reference the ``chapbook`` domain resolves for a link to a site path."""
    key, anchor = split_target(path)
    return addnodes.pending_xref(
        refdomain="chapbook",
        reftype="site",
        reftarget=key,
        refexplicit=True,
        refwarn=False,
        chapbook_anchor=anchor,
        chapbook_href=href,
        chapbook_path=path,
    )


class SiteLinkMixin:
    """Renderer mixin: site-root links become ``chapbook:site`` references."""

    def render_link(self, token: SyntaxTreeNode) -> None:
        renderer = cast("Any", self)
        href = str(token.attrGet("href") or "")
        env = renderer.sphinx_env
        path = site_path(href, base_url=env.config.html_baseurl) if env else None
        if path is None:
            return cast("Any", super()).render_link(token)
        xref = site_xref(href, path)
        renderer.add_line_and_source_path(xref, token)
        inner = nodes.inline("", "", classes=["chapbook-link"])
        renderer.current_node.append(xref)
        xref.append(inner)
        with renderer.current_node_context(inner):
            if token.info == "auto" or not token.children:
                inner.append(nodes.Text(href))
            else:
                renderer.render_children(token)
        return None


class ChapbookDomain(Domain):
    """Where every document's URL key and anchors are kept for link resolution."""

    name = "chapbook"
    label = "Chapbook"
    initial_data: dict[str, Any] = {  # noqa: RUF012 - Sphinx's declared shape
        "urls": {},  # url key -> docname
        "anchors": {},  # docname -> frozenset of ids
        "wanted": {},  # docname -> frozenset of url keys it links to
        "aliases": {},  # url key of an old address (front-matter ``aliases``) -> docname
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
        aliases = self.data["aliases"]
        for alias in [k for k, owner in aliases.items() if owner == docname]:
            del aliases[alias]

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for field in ("urls", "aliases"):
            for key, docname in otherdata[field].items():
                if docname in docnames:
                    self.data[field][key] = docname
        for field in ("anchors", "wanted"):
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
        for alias in aliases:
            self.data["aliases"].setdefault(split_target(alias)[0], docname)

    def lookup(self, key: str) -> str | None:
        """The docname a URL key names: a page, a post's old address, or a tag."""
        docname = self.urls.get(key) or self.data["aliases"].get(key)
        if docname is None and key.startswith("tags/"):
            entry = tags.table(self.env).get(tags.tag_key(key[len("tags/") :]))
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
            entry = tags.table(env).get(target)
            if entry is None or book.is_book_builder(builder):
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
        if docname is None:
            warn(f"link target {node['chapbook_href']!r} matches no page", "link", location=node)
            return _unresolved(builder, fromdocname, node, contnode)
        if anchor and anchor not in self.data["anchors"].get(docname, ()):
            warn(
                f"link target {node['chapbook_href']!r}: no section '{anchor}' on that page",
                "link",
                location=node,
            )
        if book.leaves_book(builder, docname):
            return book.web_reference(builder, docname, anchor or None, contnode)
        return make_refnode(builder, fromdocname, docname, anchor or None, contnode)

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[tuple[str, nodes.Element]]:
        return []


def _unresolved(
    builder: Builder, fromdocname: str, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.reference | nodes.Element:
    """Keep a link that matches nothing as a link to the path it named.

    In HTML the path is made relative to the page, so it points where the old
    site's link pointed whatever the URL prefix; elsewhere (the PDF, the ePub)
    it needs the site's absolute URL, and without one only the text is kept.
    """
    path, hash_, anchor = str(node["chapbook_path"]).lstrip("/").partition("#")
    if builder.format == "html" and not book.is_book_builder(builder):
        uri = relative_uri(builder.get_target_uri(fromdocname), path) or "./"
    elif builder.config.html_baseurl:
        uri = base_url(builder.config) + path
    else:
        return contnode
    uri += hash_ + anchor
    reference = nodes.reference("", "", internal=False, refuri=uri, classes=["chapbook-broken"])
    reference += contnode
    return reference


def docs_linking_to(env: BuildEnvironment, keys: Set[str]) -> set[str]:
    """Documents whose links resolve differently now that ``keys`` appeared or vanished."""
    wanted: dict[str, frozenset[str]] = env.domains["chapbook"].data["wanted"]
    tag_keys = {k for k in keys if k.startswith("tags/")}
    return {
        docname
        for docname, targets in wanted.items()
        if targets & keys or (tag_keys and any(t.startswith("tags/") for t in targets))
    }


def setup_links(app: Sphinx) -> None:
    app.add_domain(ChapbookDomain)

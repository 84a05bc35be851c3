"""Search engines and link previews: description, OpenGraph and Twitter tags, sitemap, robots.

sphinxext-opengraph was the first choice, but it escapes only quotes in its
tags (a title with ``<`` or ``&`` goes out raw in an attribute), describes a
page by its first 200 characters (here the date and tag line) and has no
``article:*`` tags; sphinx-sitemap collects URLs from the pages written in the
current build only, so an incremental build shrinks the sitemap.  Both are
small jobs done here from the environment instead.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit
from xml.etree import ElementTree as ET

from docutils import nodes

from chapbook.builders import is_site_builder
from chapbook.collecting import authors, freshness
from chapbook.collecting.state import posts_of, state
from chapbook.model.post import excerpt
from chapbook.nodes import NO_SEARCH
from chapbook.site import output
from chapbook.site.errorpage import is_error_page
from chapbook.site.served import is_svg
from chapbook.urls import base_url, page_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from chapbook.model.post import Post

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: docutils' HTML5 writer adds a viewport tag to a page's meta tags, and Sphinx's
#: basic layout, which every theme's page extends, writes one: a page keeps the layout's.
VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>\n?')


def meta(attribute: str, name: str, content: str) -> str:
    return f'<meta {attribute}="{escape(name)}" content="{escape(content)}" />\n'


def page_tags(
    app: Sphinx, pagename: str, doctree: nodes.document | None
) -> list[tuple[str, str, str]]:
    env = app.env
    post = posts_of(env).get(pagename)
    title = env.titles[pagename].astext() if pagename in env.titles else ""
    description = post.summary if post else page_description(app, doctree)
    found: list[tuple[str, str, str]] = []
    if description:
        found += [("name", "description", description), ("property", "og:description", description)]
    if title:
        found += [("property", "og:title", title), ("name", "twitter:title", title)]
    found.append(("property", "og:type", "article" if post else "website"))
    found.append(("property", "og:site_name", app.config.html_title or app.config.project))
    if base_url(app.config):
        found.append(("property", "og:url", page_url(app.builder, pagename)))
    cover = _cover(app, post) if post is not None and post.cover else ""
    image = cover or _image(app, doctree)
    if image:
        found.append(("property", "og:image", image))
    if cover and post is not None and post.cover_alt:
        found.append(("property", "og:image:alt", post.cover_alt))
    found.append(("name", "twitter:card", "summary_large_image" if image else "summary"))
    if post is not None and post.datetime:
        found.append(("property", "article:published_time", post.datetime))
        found += [("property", "article:tag", name) for name in post.tags]
    if post is not None and post.authors:
        found += _author_tags(app, pagename)
    return found


def page_description(app: Sphinx, doctree: nodes.document | None) -> str:
    """A page's own first paragraph, else the blog's description (``chapbook_description``).

    A listing page's paragraphs are the posts it lists: read as its own, the home
    page, ``/page/N/``, tag pages and the archive each took the first listed post's
    description (or "Page 2 of 4").  Nothing Chapbook lists or links to is the
    page's own (:data:`NOT_OWN`).
    """
    config = app.config
    own = _own_excerpt(doctree) if doctree is not None else ""
    site = config.chapbook_description or config.chapbook_feed_description
    return own or " ".join(site.split()) or _named(config.project, doctree)


def _named(project: str, doctree: nodes.document | None) -> str:
    """The last resort, never empty (search engines and link previews want one): the
    blog's name and the page's title ("Field notes: Posts tagged knots")."""
    title = doctree.next_node(nodes.title) if doctree is not None else None
    text = " ".join(title.astext().split()) if title is not None else ""
    return f"{project}: {text}" if text and text != project else project


#: Classes of what Chapbook adds to a page that is not its own text: what the search
#: index leaves out (listings, previous/next, related post), a listing's pager and
#: the text of an empty listing.
NOT_OWN = frozenset({NO_SEARCH, "chapbook-pager", "chapbook-empty"})


def _own_excerpt(doctree: nodes.document) -> str:
    if not _not_own(doctree):
        return excerpt(doctree)
    own = doctree.deepcopy()  # the page is still to be written: cut a copy
    for node in _not_own(own):
        node.parent.remove(node)  # one inside another already cut: cut from the cut part
    return excerpt(own)


def _not_own(doctree: nodes.document) -> list[nodes.Element]:
    return [n for n in doctree.findall(nodes.Element) if NOT_OWN.intersection(n["classes"])]


def _shown_in_previews(path: str) -> bool:
    """Link previews (Facebook, X, LinkedIn, chat apps) show no SVG; and an SVG that cannot
    be checked is not published (``site.served``), so ``og:image`` would name nothing."""
    return not is_svg(urlsplit(path).path)


def _cover(app: Sphinx, post: Post) -> str:
    """The post's cover as an absolute URL (a local one is copied by ``copy_cover``)."""
    if not _shown_in_previews(post.cover):
        return ""
    if "://" in post.cover:
        return post.cover
    base = base_url(app.config)
    known = app.env.images.get(post.cover)
    if not base or known is None:
        return ""
    return base + app.builder.imagedir + "/" + quote(known[1])


def copy_cover(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Have the builder copy a post's cover even when its page does not show it.

    ``og:image`` names the file whatever ``chapbook_show_cover`` says.  Done at
    ``doctree-resolved``, in the main process: pages are written in worker
    processes under ``-j``, which would lose what they add to ``builder.images``.
    """
    post = posts_of(app.env).get(docname)
    if post is None or not post.cover or not is_site_builder(app.builder):
        return
    known = app.env.images.get(post.cover)
    if known is not None:
        app.builder.images[post.cover] = known[1]  # type: ignore[attr-defined]


def _author_tags(app: Sphinx, pagename: str) -> list[tuple[str, str, str]]:
    """``author`` (the names) and an ``article:author`` (a URL, as OpenGraph asks) per author."""
    found = authors.of_post(app.env, pagename)
    names = ", ".join(author.name for author, _ in found)
    profiles = [
        ("property", "article:author", authors.web_address(app.builder, entry))
        for _, entry in found
        if entry is not None and (entry.url or base_url(app.config))
    ]
    return [("name", "author", names), *profiles]


def _image(app: Sphinx, doctree: nodes.document | None) -> str:
    """The page's first image, or the site's default, as an absolute URL."""
    base = base_url(app.config)
    if not base:
        return ""
    builder = app.builder
    # The HTML writer has already made ``uri`` page-relative; the source path
    # is kept among the candidates.
    images = doctree.findall(nodes.image) if doctree is not None else ()
    sources = (image.get("candidates", {}).get("*", "") for image in images)
    source = next((path for path in sources if _shown_in_previews(path)), None)
    if source in getattr(builder, "images", {}):
        return base + builder.imagedir + "/" + builder.images[source]
    default = app.config.chapbook_default_image.lstrip("/")
    return base + default if default else ""


def add_meta(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not is_site_builder(app.builder):
        return
    tags = page_tags(app, pagename, doctree)
    if is_error_page(app, pagename):
        tags.append(("name", "robots", "noindex"))
    own = VIEWPORT.sub("", context.get("metatags", ""))
    context["metatags"] = own + "".join(meta(*tag) for tag in tags)
    post = posts_of(app.env).get(pagename)
    if post is not None:
        context["chapbook_post"] = post


#: The files ``write_sitemap`` writes.
SITEMAP_FILES = ("sitemap.xml", "robots.txt")


def write_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """``sitemap.xml`` of every page (posts, pages, generated pages) and ``robots.txt``."""
    site = base_url(app.config)
    if exception is not None or not is_site_builder(app.builder):
        return
    # Without a base URL there is none, as in a clean build: the last one's is deleted.
    written = set(SITEMAP_FILES) if site else set()
    output.replace_files(app, "sitemap", written, ours=output.not_the_sites_own(app))
    if not site or _sitemap_unchanged(app, site):
        return
    ET.register_namespace("", SITEMAP_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    posts = posts_of(app.env)
    for docname in sorted(app.env.all_docs, key=lambda d: page_url(app.builder, d)):
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = page_url(app.builder, docname)
        post = posts.get(docname)
        if post is not None and post.date is not None:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = post.date.isoformat()
    ET.indent(urlset)
    data = ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"
    output.write_if_changed(app.builder.outdir / "sitemap.xml", data)
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {site}sitemap.xml\n"
    output.write_if_changed(app.builder.outdir / "robots.txt", robots.encode())


def _sitemap_unchanged(app: Sphinx, site: str) -> bool:
    """Whether the pages, the posts' dates and the addresses are those of the last sitemap.

    The posts' dates and order are among the listings' inputs, whose token changes with
    them (``refresh``); a body edit leaves all of it as it was.
    """
    inputs = [state(app.env).listing_token, sorted(app.env.all_docs), site, app.builder.name]
    outputs = [app.builder.outdir / name for name in SITEMAP_FILES]
    record = freshness.stamp(app, "sitemap.sig")
    return freshness.inputs_unchanged(record, freshness.digest(inputs), outputs)


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("html-page-context", add_meta)
    app.connect("doctree-resolved", copy_cover)
    app.connect("build-finished", write_sitemap)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""RSS and Atom feeds, written from the environment at the end of every HTML build.

The old blog's subscribers point at ``/rss.xml``, ``/feed.xml`` (RSS 2.0 with
the full post in ``content:encoded``) and ``/atom.xml``; each keeps its URL,
and each entry's id is the post's permanent URL, so readers never see a post
twice.  A moved blog keeps its old generator's ids with ``chapbook_feed_id``
(``"{site_url}/{path}"`` for Gatsby's ``https://example.com//slug/``): new
ids would show subscribers the newest posts again as new.  Dates come from
the posts, never from the clock: an unchanged blog gives byte-identical feeds.
Every tag also gets ``/tags/<slug>/atom.xml``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import posixpath
from html import escape
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import nh3
from docutils import nodes
from sphinx import addnodes
from sphinx.locale import admonitionlabels
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from chapbook.builders import is_site_builder
from chapbook.collecting import authors, freshness
from chapbook.collecting.freshness import digest
from chapbook.collecting.listings import selected
from chapbook.collecting.pages import tagged
from chapbook.collecting.state import state
from chapbook.model.selection import Query
from chapbook.reading import sitepaths
from chapbook.site import output
from chapbook.urls import base_url, dirhtml_path, page_url
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from pathlib import Path

    from feedgen.feed import FeedGenerator
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder

    from chapbook.collecting.state import TagEntry
    from chapbook.model.post import Post

#: Blocks that belong to the page around a post, not to the post (they change with other posts).
PAGE_ONLY = frozenset(
    {
        "chapbook-post-meta",
        "chapbook-postnav",
        "chapbook-related",
        "chapbook-series",
        "chapbook-post-footer",
    }
)

#: What a feed reader gets of a post's HTML (ammonia's safe defaults, plus):
#: every element keeps its id (footnote and section anchors), tables, figures
#: and sections keep their structure; ``style`` and event handlers go, and of
#: the classes only the mark of a link the build reported as broken stays.
FEED_TAGS = frozenset(nh3.ALLOWED_TAGS | {"section", "tfoot"})
FEED_ATTRIBUTES = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"id", "title", "lang", "dir"},
    "a": {"href", "hreflang", "title", "class"},  # only BROKEN stays, see _keep
    "img": {"src", "alt", "width", "height", "title"},
    "details": {"open"},
}
BROKEN = "chapbook-broken"  # a link the build reported: tests and tools tell it apart
#: Elements dropped with everything inside them; others not allowed keep their text.
FEED_DROPPED = frozenset({"script", "style", "iframe", "template"})
#: The cleaning rules and sanitiser, in the feeds' signature: feeds written before are rewritten.
CLEANING = (
    getattr(nh3, "__version__", ""),
    sorted(FEED_TAGS),
    sorted(FEED_DROPPED),
    sorted((tag, sorted(names)) for tag, names in FEED_ATTRIBUTES.items()),
    BROKEN,
)


def timezone(app: Sphinx) -> dt.tzinfo:
    """The zone of dates given without one (checked once, in ``config``)."""
    return ZoneInfo(app.config.chapbook_timezone)


def published(post: Post, zone: dt.tzinfo) -> dt.datetime:
    """The post's moment: its own offset if it gave a time, else midnight in ``zone``."""
    assert post.date is not None
    if post.datetime and "T" in post.datetime:
        moment = dt.datetime.fromisoformat(post.datetime)
        return moment if moment.tzinfo else moment.replace(tzinfo=zone)
    return dt.datetime.combine(post.date, dt.time(), tzinfo=zone)


def newest(app: Sphinx, query: Query) -> list[Post]:
    """The newest dated posts ``query`` selects, in the site's publication order.

    The site's order, kept from the build's refresh, rather than ranks computed again
    for each feed (one sort of every post per tag feed, the largest part of a
    one-post rebuild at 1,250 posts).
    """
    chosen = (post for post in selected(app.env, query) if post.date is not None)
    return list(itertools.islice(chosen, app.config.chapbook_feed_length))


# -- the post body, as a feed reader gets it ----------------------------------------


def body_html(app: Sphinx, docname: str) -> str:
    """The post as HTML without its title and page furniture, every URL absolute."""
    with logging.suppress_logging():  # the page itself already reported its problems
        return _render(app, docname)


def _render(app: Sphinx, docname: str) -> str:
    builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
    doctree = app.env.get_and_resolve_doctree(docname, builder, tags=builder.tags)
    for node in list(doctree.findall(nodes.container)):
        if PAGE_ONLY & set(node["classes"]):
            node.parent.remove(node)
    section = doctree.next_node(nodes.section)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.remove(section[0])
    _generic_see_also(doctree)
    body = nodes.container()
    body.extend(doctree.children)
    builder.post_process_images(body)  # also records the images' output names
    # The translator takes image paths from the builder's per-page state.
    builder.current_docname = docname
    builder.imgpath = relative_uri(builder.get_target_uri(docname), builder.imagedir)
    builder.secnumbers = app.env.toc_secnumbers.get(docname, {})
    builder.fignumbers = app.env.toc_fignumbers.get(docname, {})
    fragment = builder.render_partial(body)["fragment"]
    return clean(absolute(fragment, page_url(app.builder, docname)))


def _generic_see_also(doctree: nodes.document) -> None:
    """``{seealso}`` as a titled box: ``render_partial`` runs docutils' admonition
    transform, which knows no label for Sphinx's ``seealso`` node and stops the build."""
    for node in list(doctree.findall(addnodes.seealso)):
        title = nodes.title("", admonitionlabels["seealso"])
        box = nodes.admonition(node.rawsource, title, *node.children, **node.attributes)
        box["classes"].append("seealso")
        node.replace_self(box)


def absolute(fragment: str, base: str) -> str:
    import lxml.html  # here, with feedgen below: most rebuilds write no feed (10 ms)

    if not fragment.strip():
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for anchor in root.find_class("headerlink"):  # the page's "#" links, noise in a reader
        anchor.drop_tree()
    root.make_links_absolute(base, resolve_base_href=False)
    text = root.text or ""
    return text + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)


def clean(fragment: str) -> str:
    """Raw HTML from a post made safe for a reader: no scripts, handlers or odd URLs.

    Runs last, on absolute URLs: a URL still relative here is not one the page
    links to (``java%09script:``) and is dropped.  No ``rel`` is added: no
    ``target`` survives, so links open as on the site.
    """
    failed: list[BaseException] = []

    def keep(tag: str, name: str, value: str) -> str | None:
        try:
            return _keep(tag, name, value)
        except BaseException as error:  # any, a Ctrl-C too: raised again below
            failed.append(error)
            return None

    cleaned = nh3.clean(
        fragment,
        tags=set(FEED_TAGS),
        clean_content_tags=set(FEED_DROPPED),
        attributes=FEED_ATTRIBUTES,
        attribute_filter=keep,
        url_relative="deny",
        link_rel=None,
    )
    # nh3 prints what a filter raises and goes on without the attribute: a Ctrl-C there
    # gave a feed with a link gone, which later builds kept as up to date.
    if failed:
        raise failed[0]
    return cleaned


def _keep(tag: str, name: str, value: str) -> str | None:
    """An attribute's value as the feed keeps it; ``None`` drops it."""
    if name != "class":
        return value
    return BROKEN if BROKEN in value.split() else None


# -- writing ---------------------------------------------------------------------


def _feed(  # noqa: PLR0913 - one feed's inputs
    app: Sphinx, posts: list[Post], url: str, title: str, alternate: str, *, kind: str = "atom"
) -> FeedGenerator:
    from feedgen.feed import FeedGenerator

    config = app.config
    zone = timezone(app)
    feed = FeedGenerator()
    feed.id(url)
    feed.title(title)
    feed.link(href=url, rel="self")
    feed.link(href=alternate, rel="alternate")  # last: RSS's <link> is the site
    description = config.chapbook_feed_description or title
    # As an entry's: RSS descriptions are HTML, Atom's subtitle is text.
    feed.description(escape(description) if kind == "rss" else description)
    feed.language(config.language or "en")
    if config.author:
        feed.author({"name": config.author})
    if kind == "rss" and any(post.authors for post in posts):
        # RSS's own <author> must be an email address; names go in Dublin Core's creator.
        feed.load_extension("dc", atom=False, rss=True)
    stamp = max((published(p, zone) for p in posts), default=dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    feed.updated(stamp)  # RSS's lastBuildDate too: feedgen's lastBuildDate is this field
    return feed


def feed_title(app: Sphinx) -> str:
    """The feeds' title: a moved blog may name its feed apart from its pages."""
    config = app.config
    return config.chapbook_feed_title or config.html_title or config.project


def entry_id(app: Sphinx, docname: str) -> str:
    """The entry's id from ``chapbook_feed_id``: from the configuration alone, so stable."""
    config = app.config
    path = app.builder.get_target_uri(docname)
    return config.chapbook_feed_id.format(
        site_url=config.html_baseurl,
        base=base_url(config),
        path=path,
        slug=posixpath.basename(dirhtml_path(docname, config.root_doc)),
        page_url=page_url(app.builder, docname),
    )


def _entry(  # noqa: PLR0913, PLR0917 - one entry's inputs
    feed: FeedGenerator, app: Sphinx, post: Post, body: str | None, kind: str, zone: dt.tzinfo
) -> None:
    url = page_url(app.builder, post.docname)
    ident = entry_id(app, post.docname)
    moment = published(post, zone)
    entry = feed.add_entry(order="append")
    # isPermaLink promises readers the guid opens the post: only true of the page URL.
    entry.guid(ident, permalink=ident == url)
    entry.title(post.title)
    entry.link(href=url)
    entry.published(moment)
    entry.updated(moment)
    if post.summary and kind == "rss":
        # RSS descriptions are HTML by convention; the summary is plain text.
        entry.description(escape(post.summary))
    elif post.summary:
        entry.summary(post.summary, type="text")
    if body:
        # RSS readers expect content:encoded as CDATA; Atom wants escaped type="html".
        entry.content(body, type="CDATA" if kind == "rss" else "html")
    for name in post.tags:
        entry.category(term=name)
    for author, found in authors.of_post(app.env, post.docname):
        if kind == "rss":
            entry.dc.dc_creator(author.name)
        else:
            uri = authors.web_address(app.builder, found) if found else None
            entry.author({"name": author.name, **({"uri": uri} if uri else {})})


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not is_site_builder(app.builder):
        return
    site = base_url(app.config)
    if not site:
        warn("html_baseurl is not set: feeds need absolute URLs and were not written",
             Warn.FEED, location=None, once=True)  # fmt: skip
        _remove_feeds(app, set())
        output.replace_files(app, "tag-feeds", set())
        return
    posts = newest(app, Query())
    title = feed_title(app)
    _write_tag_feeds(app, title)
    _remove_feeds(app, set(app.config.chapbook_feeds))
    if _unchanged(app, posts):
        return  # rendering 30 posts again would give the same bytes
    bodies = {post.docname: body_html(app, post.docname) for post in posts}
    zone = timezone(app)
    for name, kind in app.config.chapbook_feeds.items():
        feed = _feed(app, posts, site + name, title, site, kind=kind)
        for post in posts:
            _entry(feed, app, post, bodies[post.docname], kind, zone)
        _write(app.builder.outdir / name, feed, kind)


def _remove_feeds(app: Sphinx, kept: set[str]) -> None:
    """Delete the main feeds an earlier build wrote that ``chapbook_feeds`` no longer names
    (or all of them, with no ``html_baseurl``): a clean build would not have them, and a
    feed left behind, never updated again, would keep its subscribers on old posts."""
    not_the_sites = output.not_the_sites_own(app)

    def ours(path: Path) -> bool:
        """A feed Chapbook wrote, not a file the site copies there (``html_extra_path``)."""
        if not not_the_sites(path):
            return False
        with path.open("rb") as file:
            return FEEDGEN in file.read(65536)  # in the head, before any post

    output.replace_files(app, "feeds", kept, ours=ours)


#: What feedgen writes in a feed's head (``<generator>``): how a feed of Chapbook's is told.
FEEDGEN = b">python-feedgen</generator>"


def _unchanged(app: Sphinx, posts: list[Post]) -> bool:
    """Whether the main feeds' inputs are those of the last build that wrote them."""
    inputs = digest([_settings(app), _shown(app, posts)])
    outputs = [app.builder.outdir / name for name in app.config.chapbook_feeds]
    return freshness.inputs_unchanged(freshness.stamp(app, "feeds.sig"), inputs, outputs)


def _settings(app: Sphinx) -> str:
    """What every feed depends on besides its posts: the URLs links may resolve to,
    the authors, and the feed settings (a digest, made once for the 50 tag feeds)."""
    env = app.env
    return digest(
        (
            sorted(state(env).url_keys),
            sorted(state(env).authors.items()),
            sorted(app.config.chapbook_feeds.items()),
            base_url(app.config),
            app.config.chapbook_timezone,
            app.config.chapbook_feed_description,
            app.config.chapbook_feed_id,
            feed_title(app),
            app.config.author,
            app.config.language,
            CLEANING,
        )
    )


def _shown(app: Sphinx, posts: list[Post]) -> list[tuple[Post, Any]]:
    """The posts a feed shows: their records and when each was read."""
    return [(post, app.env.all_docs.get(post.docname)) for post in posts]


def _write_tag_feeds(app: Sphinx, title: str) -> None:
    """One Atom feed per tag, written again only when its inputs changed.

    Rendering the 50 feeds of a 1,250-post blog on every build was most of the
    feeds' part of a one-post rebuild.  The digest of each feed's inputs is kept
    in ``tag-feeds.sig`` (``freshness.Digests``); a missing file or an unreadable
    record writes it again.
    """
    written: set[str] = set()
    site, zone = base_url(app.config), timezone(app)
    outdir = app.builder.outdir
    settings = _settings(app)
    # A tag feed shows records only (no body): with the same settings and the same
    # posts, tags and order as when every feed was last written, every feed is the same.
    whole = digest([settings, title, state(app.env).listing_token, _tag_feed_config(app)])
    digests = freshness.Digests.read(app, "tag-feeds.sig", whole)
    if digests.all_fresh():
        return
    for entry in state(app.env).tags.values() if app.config.chapbook_tag_feeds else ():
        posts = newest(app, Query(tags=(entry.name,)))
        path = tag_feed_path(entry)
        written.add(path)
        inputs = digest([settings, title, entry.name, entry.docname, _shown(app, posts)])
        if digests.fresh(path, inputs):
            continue
        alternate = page_url(app.builder, entry.docname)
        feed = _feed(app, posts, site + path, tagged(title, entry.name), alternate)
        for post in posts:
            _entry(feed, app, post, None, "atom", zone)
        _write(outdir / path, feed, "atom")
    output.replace_files(app, "tag-feeds", written)
    digests.save()


def _tag_feed_config(app: Sphinx) -> tuple[Any, ...]:
    """What else decides the tag feeds: which exist, how long, how they link."""
    config = app.config
    return (config.chapbook_tag_feeds, config.chapbook_feed_length, app.builder.name)


def tag_feed_path(entry: TagEntry) -> str:
    """``tags/<slug>/atom.xml``, beside the tag page in ``dirhtml``."""
    return sitepaths.tag_feed(entry.docname)


def _write(path: Path, feed: FeedGenerator, kind: str) -> None:
    data = feed.rss_str(pretty=True) if kind == "rss" else feed.atom_str(pretty=True)
    output.write_if_changed(path, data)


def feed_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``<link rel="alternate">`` to the feeds, in every page's head."""
    base = base_url(app.config)
    if not base or not is_site_builder(app.builder):
        return
    title = feed_title(app)
    links = [
        _alternate(kind, title, base + name) for name, kind in app.config.chapbook_feeds.items()
    ]
    entry = next((e for e in state(app.env).tags.values() if e.docname == pagename), None)
    if entry is not None and app.config.chapbook_tag_feeds:
        url = base + tag_feed_path(entry)
        links.append(_alternate("atom", tagged(title, entry.name), url))
    context["metatags"] = context.get("metatags", "") + "".join(links)


def _alternate(kind: str, title: str, url: str) -> str:
    mime = "application/rss+xml" if kind == "rss" else "application/atom+xml"
    return f'<link rel="alternate" type="{mime}" title="{escape(title)}" href="{escape(url)}" />\n'


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("build-finished", write_feeds)
    app.connect("html-page-context", feed_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""The feeds, function by function: each setting and each field to its exact written value.

``test_feeds.py`` builds sites and reads their feeds; these call ``feeds.py``'s
functions on a stand-in application (only the settings and the builder methods
they read) and parse what feedgen writes, so that a field written wrongly, a
fallback lost or a branch inverted fails here by name (mutation testing found
each of those unnoticed by the site builds).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import lxml.etree
import pytest

from chapbook.collecting.state import AuthorEntry, TagEntry, state
from chapbook.model.authors import Author
from chapbook.model.post import Post
from chapbook.site import feeds

if TYPE_CHECKING:
    from pathlib import Path

    from feedgen.feed import FeedGenerator

SITE = "https://blog.example.com/blog/"
PARIS = ZoneInfo("Europe/Paris")
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "http://purl.org/dc/elements/1.1/"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


class Builder:
    """What the feeds read of a ``dirhtml`` builder: its name, settings and page URIs."""

    name = "dirhtml"

    def __init__(self, config: SimpleNamespace) -> None:
        self.config = config

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return "" if docname == "index" else docname.removesuffix("/index") + "/"


def make_app(**settings: Any) -> Any:
    """A stand-in Sphinx application with the feed settings' defaults, changed by ``settings``."""
    config = SimpleNamespace(
        **{
            "html_baseurl": SITE,
            "root_doc": "index",
            "project": "Project",
            "html_title": "",
            "author": "",
            "language": None,
            "chapbook_timezone": "Europe/Paris",
            "chapbook_feeds": {"rss.xml": "rss", "atom.xml": "atom"},
            "chapbook_feed_title": "",
            "chapbook_feed_description": "",
            "chapbook_feed_id": "{page_url}",
            "chapbook_tag_feeds": True,
            **settings,
        }
    )
    return SimpleNamespace(config=config, builder=Builder(config), env=SimpleNamespace())


def make_post(docname: str = "first", **fields: Any) -> Post:
    values: dict[str, Any] = {
        "title": "First",
        "date": dt.date(2025, 3, 1),
        "datetime": None,
        "description": "",
        "excerpt": "",
        "order": None,
        "tags": (),
        "popular": False,
        "popularity": None,
        **fields,
    }
    return Post(docname=docname, **values)


def rss(feed: FeedGenerator) -> lxml.etree._Element:
    return lxml.etree.fromstring(feed.rss_str())


def atom(feed: FeedGenerator) -> lxml.etree._Element:
    return lxml.etree.fromstring(feed.atom_str())


def one_entry(
    app: Any, post: Post, kind: str, body: str | None = None
) -> tuple[FeedGenerator, lxml.etree._Element]:
    """A feed of ``kind`` holding ``post`` alone, and its one written item or entry."""
    feed = feeds._feed(app, [post], SITE + "feed", "Site", SITE, kind=kind)
    feeds._entry(feed, app, post, body, kind, PARIS)
    if kind == "rss":
        return feed, rss(feed).find("channel/item")
    return feed, atom(feed).find(f"{ATOM}entry")


# -- when a post was published ---------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "datetime", "expected"),
    [
        pytest.param(
            dt.date(2025, 3, 1), None, dt.datetime(2025, 3, 1, tzinfo=PARIS), id="date-only"
        ),
        pytest.param(
            dt.date(2025, 3, 1),
            "2025-03-01",
            dt.datetime(2025, 3, 1, tzinfo=PARIS),
            id="date-as-text",
        ),
        pytest.param(
            dt.date(2024, 6, 1),
            "2024-06-01T18:30:00",
            dt.datetime(2024, 6, 1, 18, 30, tzinfo=PARIS),
            id="time-without-offset",
        ),
        pytest.param(
            dt.date(2024, 6, 1),
            "2024-06-01T18:30:00+02:00",
            dt.datetime(2024, 6, 1, 18, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            id="time-with-offset",
        ),
    ],
)
def test_published_is_the_posts_moment_in_its_own_or_the_sites_zone(
    date: dt.date, datetime: str | None, expected: dt.datetime
) -> None:
    moment = feeds.published(make_post(date=date, datetime=datetime), PARIS)
    assert (moment, moment.tzinfo) == (expected, expected.tzinfo)


# -- the feed's own fields -------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        pytest.param(
            {"chapbook_feed_title": "Feed", "html_title": "Pages"}, "Feed", id="feed-title"
        ),
        pytest.param({"html_title": "Pages"}, "Pages", id="html-title"),
        pytest.param({}, "Project", id="project"),
    ],
)
def test_feed_title_falls_back_from_the_feed_to_the_pages_to_the_project(
    settings: dict[str, str], expected: str
) -> None:
    assert feeds.feed_title(make_app(**settings)) == expected


def test_an_atom_feed_links_itself_and_the_site() -> None:
    feed = feeds._feed(make_app(), [], SITE + "atom.xml", "Site", SITE + "home/")
    links = {link.get("rel"): link.get("href") for link in atom(feed).iter(f"{ATOM}link")}
    assert links == {"self": SITE + "atom.xml", "alternate": SITE + "home/"}


def test_an_rss_channel_links_the_site_and_itself() -> None:
    feed = feeds._feed(make_app(), [], SITE + "rss.xml", "Site", SITE + "home/", kind="rss")
    channel = rss(feed).find("channel")
    assert channel.findtext("link") == SITE + "home/"
    assert [(link.get("rel"), link.get("href")) for link in channel.iter(f"{ATOM}link")] == [
        ("self", SITE + "rss.xml")
    ]


def test_a_feed_is_known_by_its_url_and_title() -> None:
    feed = feeds._feed(make_app(), [], SITE + "atom.xml", "Site", SITE)
    root = atom(feed)
    assert (root.findtext(f"{ATOM}id"), root.findtext(f"{ATOM}title")) == (
        SITE + "atom.xml",
        "Site",
    )


def test_a_feed_without_a_description_is_described_by_its_title() -> None:
    feed = feeds._feed(make_app(), [], SITE + "atom.xml", "Site", SITE)
    assert atom(feed).findtext(f"{ATOM}subtitle") == "Site"


def test_an_atom_subtitle_is_the_description_as_text() -> None:
    app = make_app(chapbook_feed_description="A <b>bold</b> claim")
    feed = feeds._feed(app, [], SITE + "atom.xml", "Site", SITE)
    assert atom(feed).findtext(f"{ATOM}subtitle") == "A <b>bold</b> claim"


def test_an_rss_description_is_the_description_escaped_as_html() -> None:
    app = make_app(chapbook_feed_description="A <b>bold</b> claim")
    feed = feeds._feed(app, [], SITE + "rss.xml", "Site", SITE, kind="rss")
    assert rss(feed).findtext("channel/description") == "A &lt;b&gt;bold&lt;/b&gt; claim"


@pytest.mark.parametrize(("language", "expected"), [(None, "en"), ("fr", "fr")])
def test_a_feeds_language_is_the_sites_or_english(language: str | None, expected: str) -> None:
    feed = feeds._feed(make_app(language=language), [], SITE + "rss.xml", "Site", SITE, kind="rss")
    assert rss(feed).findtext("channel/language") == expected


def test_an_atom_feed_names_the_sites_author() -> None:
    feed = feeds._feed(make_app(author="A. Writer"), [], SITE + "atom.xml", "Site", SITE)
    assert [a.findtext(f"{ATOM}name") for a in atom(feed).iter(f"{ATOM}author")] == ["A. Writer"]


def test_an_atom_feed_without_a_site_author_names_none() -> None:
    feed = feeds._feed(make_app(), [], SITE + "atom.xml", "Site", SITE)
    assert atom(feed).find(f"{ATOM}author") is None


def test_a_feed_is_as_new_as_its_newest_post() -> None:
    posts = [
        make_post("newer", date=dt.date(2025, 3, 1)),
        make_post("timed", date=dt.date(2025, 3, 2), datetime="2025-03-02T08:15:00+00:00"),
        make_post("older", date=dt.date(2024, 1, 1)),
    ]
    feed = feeds._feed(make_app(), posts, SITE + "rss.xml", "Site", SITE, kind="rss")
    assert rss(feed).findtext("channel/lastBuildDate") == "Sun, 02 Mar 2025 08:15:00 +0000"
    assert atom(feed).findtext(f"{ATOM}updated") == "2025-03-02T08:15:00+00:00"


def test_a_feed_without_posts_is_dated_at_the_epoch() -> None:
    feed = feeds._feed(make_app(), [], SITE + "atom.xml", "Site", SITE)
    assert atom(feed).findtext(f"{ATOM}updated") == "1970-01-01T00:00:00+00:00"


def test_rss_names_authors_in_dublin_core_only_when_a_post_has_some() -> None:
    def declares_dublin_core(posts: list[Post]) -> bool:
        feed = feeds._feed(make_app(), posts, SITE + "rss.xml", "Site", SITE, kind="rss")
        return DC in rss(feed).nsmap.values()

    ada = make_post("ada", authors=(Author("ada", "Ada"),))
    assert [declares_dublin_core([ada]), declares_dublin_core([make_post()])] == [True, False]


# -- each entry ----------------------------------------------------------------------


def test_an_entrys_guid_is_a_permalink_when_it_is_the_pages_url() -> None:
    _, item = one_entry(make_app(), make_post(), "rss")
    guid = item.find("guid")
    assert (guid.text, guid.get("isPermaLink")) == (SITE + "first/", "true")


def test_an_entrys_guid_from_an_old_generator_is_no_permalink() -> None:
    app = make_app(chapbook_feed_id="{site_url}/{path}")
    _, item = one_entry(app, make_post(), "rss")
    guid = item.find("guid")
    assert (guid.text, guid.get("isPermaLink")) == (SITE + "/first/", "false")


def test_an_entry_id_fills_every_field() -> None:
    app = make_app(
        html_baseurl="https://blog.example.com/blog",
        chapbook_feed_id="{site_url}|{base}|{path}|{slug}|{page_url}",
    )
    assert feeds.entry_id(app, "notes/first/index") == (
        f"https://blog.example.com/blog|{SITE}|notes/first/|first|{SITE}notes/first/"
    )


def test_the_root_documents_slug_is_empty() -> None:
    app = make_app(root_doc="home", chapbook_feed_id="{slug}|{path}")
    assert feeds.entry_id(app, "home") == "|home/"


def test_an_atom_entry_has_its_title_link_and_dates() -> None:
    post = make_post(title="Tom & Jerry", datetime="2025-03-01T09:00:00")
    _, entry = one_entry(make_app(), post, "atom")
    assert {
        "id": entry.findtext(f"{ATOM}id"),
        "title": entry.findtext(f"{ATOM}title"),
        "link": entry.find(f"{ATOM}link").get("href"),
        "published": entry.findtext(f"{ATOM}published"),
        "updated": entry.findtext(f"{ATOM}updated"),
    } == {
        "id": SITE + "first/",
        "title": "Tom & Jerry",
        "link": SITE + "first/",
        "published": "2025-03-01T09:00:00+01:00",
        "updated": "2025-03-01T09:00:00+01:00",
    }


def test_an_rss_item_has_its_title_link_and_date() -> None:
    _, item = one_entry(make_app(), make_post(title="Tom & Jerry"), "rss")
    assert (item.findtext("title"), item.findtext("link"), item.findtext("pubDate")) == (
        "Tom & Jerry",
        SITE + "first/",
        "Sat, 01 Mar 2025 00:00:00 +0100",
    )


def test_an_rss_items_description_is_its_summary_escaped_as_html() -> None:
    _, item = one_entry(make_app(), make_post(description="Q&A <b>x</b>"), "rss")
    assert item.findtext("description") == "Q&amp;A &lt;b&gt;x&lt;/b&gt;"


def test_an_atom_entrys_summary_is_its_summary_as_text() -> None:
    _, entry = one_entry(make_app(), make_post(description="Q&A <b>x</b>"), "atom")
    summary = entry.find(f"{ATOM}summary")
    assert (summary.get("type"), summary.text) == ("text", "Q&A <b>x</b>")


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_an_entry_without_a_summary_has_none(kind: str) -> None:
    _, element = one_entry(make_app(), make_post(), kind)
    assert [child.tag for child in element if child.tag in {"description", f"{ATOM}summary"}] == []


def test_an_rss_items_body_is_cdata_in_content_encoded() -> None:
    post = make_post(description="Summary")
    feed, item = one_entry(make_app(), post, "rss", body="<p>Body &amp; soul</p>")
    assert (item.findtext("description"), item.findtext(CONTENT)) == (
        "Summary",
        "<p>Body &amp; soul</p>",
    )
    assert b"<content:encoded><![CDATA[<p>Body &amp; soul</p>]]></content:encoded>" in (
        feed.rss_str()
    )


def test_an_atom_entrys_body_is_escaped_html() -> None:
    _, entry = one_entry(make_app(), make_post(), "atom", body="<p>Body &amp; soul</p>")
    content = entry.find(f"{ATOM}content")
    assert (content.get("type"), content.text) == ("html", "<p>Body &amp; soul</p>")


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_an_entry_without_a_body_has_no_content(kind: str) -> None:
    _, element = one_entry(make_app(), make_post(), kind, body=None)
    assert [child.tag for child in element if child.tag in {CONTENT, f"{ATOM}content"}] == []


def test_an_entrys_categories_are_its_tags() -> None:
    _, entry = one_entry(make_app(), make_post(tags=("deep learning", "R&D")), "atom")
    assert [c.get("term") for c in entry.iter(f"{ATOM}category")] == ["deep learning", "R&D"]


def with_authors(app: Any, post: Post, *entries: AuthorEntry) -> Post:
    """Record ``post`` and the authors' table in the stand-in environment."""
    state(app.env).posts[post.docname] = post
    state(app.env).authors.update({entry.key: entry for entry in entries})
    return post


AUTHORS = (Author("ada", "Ada Lovelace"), Author("bob", "Bob"), Author("eve", "Eve"))
ADA = AuthorEntry("ada", "Ada Lovelace", "authors/ada", ("first",), url="https://ada.example.org/")
BOB = AuthorEntry("bob", "Bob", "authors/bob", ("first",))


def test_an_atom_entry_names_its_authors_with_their_web_addresses() -> None:
    app = make_app()
    post = with_authors(app, make_post(authors=AUTHORS), ADA, BOB)
    _, entry = one_entry(app, post, "atom")
    found = [
        (author.findtext(f"{ATOM}name"), author.findtext(f"{ATOM}uri"))
        for author in entry.iter(f"{ATOM}author")
    ]
    assert found == [
        ("Ada Lovelace", "https://ada.example.org/"),  # their own site
        ("Bob", SITE + "authors/bob/"),  # their page here
        ("Eve", None),  # not in the table: a name alone
    ]


def test_an_rss_item_names_its_authors_as_dublin_core_creators() -> None:
    app = make_app()
    post = with_authors(app, make_post(authors=AUTHORS), ADA, BOB)
    _, item = one_entry(app, post, "rss")
    assert [c.text for c in item.iter(f"{{{DC}}}creator")] == ["Ada Lovelace", "Bob", "Eve"]
    assert item.find("author") is None  # RSS's own wants an email address


def test_entries_keep_the_order_they_are_added_in() -> None:
    app = make_app()
    posts = [make_post("b", title="B"), make_post("a", title="A"), make_post("c", title="C")]
    feed = feeds._feed(app, posts, SITE + "atom.xml", "Site", SITE)
    for post in posts:
        feeds._entry(feed, app, post, None, "atom", PARIS)
    assert [e.findtext(f"{ATOM}title") for e in atom(feed).iter(f"{ATOM}entry")] == ["B", "A", "C"]


# -- writing and linking -------------------------------------------------------------


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_feed_is_written_pretty_in_its_own_format(tmp_path: Path, kind: str) -> None:
    feed = feeds._feed(make_app(), [make_post()], SITE + "feed", "Site", SITE, kind=kind)
    feeds._write(tmp_path / "feeds" / "feed.xml", feed, kind)
    expected = feed.rss_str(pretty=True) if kind == "rss" else feed.atom_str(pretty=True)
    assert (tmp_path / "feeds" / "feed.xml").read_bytes() == expected


def test_a_tag_feed_lives_beside_its_tag_page() -> None:
    entry = TagEntry("r&d", "R&D", "r-d", "tags/r-d", ("first",))
    assert feeds.tag_feed_path(entry) == "tags/r-d/atom.xml"


@pytest.mark.parametrize(
    ("kind", "mime"), [("rss", "application/rss+xml"), ("atom", "application/atom+xml")]
)
def test_a_feed_link_names_its_type_and_escapes_its_title_and_url(kind: str, mime: str) -> None:
    assert feeds._alternate(kind, 'Fish & "Chips"', SITE + "a.xml?x=1&y=2") == (
        f'<link rel="alternate" type="{mime}" title="Fish &amp; &quot;Chips&quot;" '
        f'href="{SITE}a.xml?x=1&amp;y=2" />\n'
    )


def tag_app(**settings: Any) -> Any:
    app = make_app(**settings)
    state(app.env).tags["r&d"] = TagEntry("r&d", "R&D", "r-d", "tags/r-d", ("first",))
    return app


def links_of(app: Any, pagename: str) -> str:
    context = {"metatags": "<meta>\n"}
    feeds.feed_links(app, pagename, "page.html", context, None)
    return context["metatags"]


def test_every_page_links_the_main_feeds_after_its_own_tags() -> None:
    assert links_of(tag_app(), "about") == (
        "<meta>\n"
        + feeds._alternate("rss", "Project", SITE + "rss.xml")
        + feeds._alternate("atom", "Project", SITE + "atom.xml")
    )


def test_a_tag_page_also_links_its_tag_feed() -> None:
    assert links_of(tag_app(), "tags/r-d") == (
        "<meta>\n"
        + feeds._alternate("rss", "Project", SITE + "rss.xml")
        + feeds._alternate("atom", "Project", SITE + "atom.xml")
        + feeds._alternate("atom", "Project: R&D", SITE + "tags/r-d/atom.xml")
    )


def test_a_tag_page_links_no_tag_feed_when_there_are_none() -> None:
    assert links_of(tag_app(chapbook_tag_feeds=False), "tags/r-d") == links_of(tag_app(), "about")


def test_a_page_without_metatags_gets_the_links_alone() -> None:
    context: dict[str, Any] = {}
    feeds.feed_links(tag_app(), "about", "page.html", context, None)
    assert context == {
        "metatags": feeds._alternate("rss", "Project", SITE + "rss.xml")
        + feeds._alternate("atom", "Project", SITE + "atom.xml")
    }


def test_pages_link_no_feeds_without_a_base_url() -> None:
    assert links_of(tag_app(html_baseurl=""), "tags/r-d") == "<meta>\n"


def test_pages_outside_the_site_link_no_feeds() -> None:
    app = tag_app()
    app.builder.name = "epub"
    assert links_of(app, "tags/r-d") == "<meta>\n"


def test_setup_writes_feeds_after_the_build_and_links_them_from_pages() -> None:
    connected: list[tuple[str, Any]] = []
    app = SimpleNamespace(connect=lambda event, handler: connected.append((event, handler)))
    assert feeds.setup(app) == {"parallel_read_safe": True, "parallel_write_safe": True}  # type: ignore[arg-type]
    assert connected == [
        ("build-finished", feeds.write_feeds),
        ("html-page-context", feeds.feed_links),
    ]

"""Feeds: the old URLs, full content with absolute links, stable from build to build."""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import lxml.etree
import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from tests.collecting.test_incremental import assert_same_tree
from tests.helpers import ROOTS, page, warnings_of

BASE = "https://blog.example.com/blog/"
NEWEST_FIRST = ["With image", "Timed", "Tom & Jerry <script>alert(1)</script>"]


def local(outdir: Path, url: str) -> Path:
    """The built file an absolute site URL points at."""
    assert url.startswith(BASE), url
    path = outdir / url[len(BASE) :].split("#", maxsplit=1)[0]
    return path / "index.html" if url.split("#", maxsplit=1)[0].endswith("/") else path


@pytest.fixture
def built(app):
    app.build()
    return Path(app.outdir)


@pytest.mark.sphinx("dirhtml", testroot="feeds", freshenv=True)
@pytest.mark.parametrize(
    ("name", "version"), [("rss.xml", "rss20"), ("feed.xml", "rss20"), ("atom.xml", "atom10")]
)
def test_feeds_parse_newest_first_with_links_to_built_pages(built, name: str, version: str) -> None:
    feed = feedparser.parse((built / name).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    assert [e.title for e in feed.entries] == NEWEST_FIRST  # chapbook_feed_length = 3
    dates = [e.published_parsed for e in feed.entries]
    assert dates == sorted(dates, reverse=True)
    for entry in feed.entries:
        assert entry.id == entry.link
        assert local(built, entry.link).is_file()


@pytest.mark.sphinx("dirhtml", testroot="feeds", freshenv=True)
def test_entries_carry_full_content_with_absolute_urls(built) -> None:
    feed = feedparser.parse((built / "rss.xml").read_bytes())
    image_post = feed.entries[0]
    html = BeautifulSoup(image_post.content[0].value, "lxml")
    assert "First paragraph of the image post." in html.get_text()
    assert html.find("h1") is None  # the title is the entry's own
    assert not html.select(".chapbook-postnav, .chapbook-related, .chapbook-post-meta")
    img = html.find("img")
    assert img["src"].startswith(BASE) and local(built, img["src"]).is_file()
    links = [a["href"] for a in html.find_all("a")]
    assert f"{BASE}hostile/" in links
    assert image_post.summary == "First paragraph of the image post."


@pytest.mark.sphinx("dirhtml", testroot="feeds", freshenv=True)
def test_dates_use_the_configured_time_zone(built) -> None:
    feed = feedparser.parse((built / "rss.xml").read_bytes())
    published = {e.title: e.published for e in feed.entries}
    assert published["With image"] == "Sat, 01 Mar 2025 00:00:00 +0100"  # date only: Paris midnight
    assert published["Timed"] == "Sat, 01 Jun 2024 18:30:00 +0200"  # its own offset
    atom = feedparser.parse((built / "atom.xml").read_bytes())
    assert atom.entries[0].published == "2025-03-01T00:00:00+01:00"


@pytest.mark.sphinx("dirhtml", testroot="feeds", freshenv=True)
def test_markup_in_front_matter_is_escaped_in_feeds(built) -> None:
    for name in ("rss.xml", "atom.xml", "tags/r-d/atom.xml"):
        raw = (built / name).read_text()
        assert "<script>" not in raw.split("<content")[0], name
        assert "&lt;script&gt;" in raw, name
    rss = feedparser.parse((built / "rss.xml").read_bytes()).entries[2]
    assert BeautifulSoup(rss.summary, "lxml").get_text() == "Q&A <b>x</b>"  # shown as text
    atom = feedparser.parse((built / "atom.xml").read_bytes()).entries[2]
    assert atom.title == "Tom & Jerry <script>alert(1)</script>"
    assert atom.summary_detail.type == "text/plain" and atom.summary == "Q&A <b>x</b>"


@pytest.mark.sphinx("dirhtml", testroot="feeds", freshenv=True)
def test_tag_feeds(built) -> None:
    feed = feedparser.parse((built / "tags/deep-learning/atom.xml").read_bytes())
    assert not feed.bozo
    assert [e.title for e in feed.entries] == NEWEST_FIRST
    assert [
        e.title for e in feedparser.parse((built / "tags/misc/atom.xml").read_bytes()).entries
    ] == ["Oldest"]


@pytest.mark.sphinx("dirhtml", testroot="feeds", freshenv=True)
def test_every_page_links_its_feeds(app, built) -> None:
    for docname in ("index", "about", "hostile", "archive", "tags/deep-learning"):
        links = page(app, docname).select('link[rel="alternate"]')
        assert {link["href"] for link in links} >= {
            BASE + n for n in ("rss.xml", "feed.xml", "atom.xml")
        }
    tag_links = [
        link["href"] for link in page(app, "tags/deep-learning").select('link[rel="alternate"]')
    ]
    assert f"{BASE}tags/deep-learning/atom.xml" in tag_links


def test_feeds_are_byte_identical_from_build_to_build(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-feeds", src)
    outputs = []
    for name, fresh in (("a", True), ("a", False), ("b", True)):
        app = SphinxTestApp("dirhtml", srcdir=src, builddir=tmp_path / name, freshenv=fresh)
        app.build()
        app.cleanup()
        outputs.append(
            {
                f: (Path(app.outdir) / f).read_bytes()
                for f in ("rss.xml", "feed.xml", "atom.xml", "sitemap.xml")
            }
        )
    assert outputs[0] == outputs[1] == outputs[2]


# -- raw HTML and markup from posts (testroot feedclean: the site's theme and sidebars) ------

CLEAN_BASE = "https://blog.example.com/"
FEEDS = ("rss.xml", "feed.xml", "atom.xml")
CONTENT = (
    "{http://purl.org/rss/1.0/modules/content/}encoded",
    "{http://www.w3.org/2005/Atom}content",
)
HOSTILE_TITLE = "Fish & <Chips> “quoted”"  # smart quotes, as the post's page shows it
SITE_TITLE = 'Fish & <Chips> "quoted"'
DESCRIPTION = "A <b>bold</b> claim & more"
HOSTILE_PAGE = f"{CLEAN_BASE}hostile/#"


def written_contents(path: Path) -> list[str]:
    """Each entry's HTML as written: lxml, since feedparser would clean it itself."""
    return [element.text or "" for element in lxml.etree.parse(path).iter(*CONTENT)]


def assert_nothing_live(html: BeautifulSoup) -> None:
    assert not html.find_all(["script", "style", "iframe", "object", "embed", "form", "input"])
    for element in html.find_all(True):
        assert not [name for name in element.attrs if name.lower().startswith("on")], element
        for name in ("href", "src"):
            assert element.get(name, "https://").startswith("https://"), element


def assert_kept(html: BeautifulSoup) -> None:
    link = html.find("a", href="https://example.org/page")
    assert link is not None and link.get_text() == "normal link" and link["title"] == "Example page"
    image = html.find("img", alt="A square")
    assert image is not None and image["src"] == f"{CLEAN_BASE}_images/square.png"
    page_links = [a["href"] for a in html.find_all("a", href=True)]
    anchors = {href.partition("#")[2] for href in page_links if href.startswith(HOSTILE_PAGE)}
    assert anchors == {"note", "id1"}  # the footnote and its way back
    assert all(html.find(id=anchor) is not None for anchor in anchors)


@pytest.mark.sphinx("dirhtml", testroot="feedclean", freshenv=True)
@pytest.mark.parametrize("name", FEEDS)
def test_raw_html_from_posts_is_cleaned_from_feeds(built, name: str) -> None:
    (body,) = written_contents(built / name)
    for left_out in ("alert(", "display: none", "<!--"):
        assert left_out not in body, left_out
    html = BeautifulSoup(body, "html.parser")
    assert_nothing_live(html)
    assert_kept(html)


def reader_text(detail: feedparser.FeedParserDict) -> str:
    """What a reader shows of a title or summary: HTML must be text, with no live markup."""
    if detail.type == "text/plain":
        return detail.value
    assert detail.type == "text/html", detail
    html = BeautifulSoup(detail.value, "html.parser")
    assert html.find(True) is None, detail.value
    return html.get_text()


@pytest.mark.sphinx(
    "dirhtml",
    testroot="feedclean",
    freshenv=True,
    confoverrides={"html_title": SITE_TITLE, "chapbook_feed_description": DESCRIPTION},
)
@pytest.mark.parametrize("name", [*FEEDS, "tags/html/atom.xml"])
def test_titles_and_descriptions_reach_readers_as_exact_text(built, name: str) -> None:
    feed = feedparser.parse((built / name).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    tag = ": html" if name.startswith("tags/") else ""
    assert reader_text(feed.feed.title_detail) == SITE_TITLE + tag
    assert reader_text(feed.feed.subtitle_detail) == DESCRIPTION
    (entry,) = feed.entries
    assert reader_text(entry.title_detail) == HOSTILE_TITLE
    assert reader_text(entry.summary_detail) == DESCRIPTION


# -- entry ids and the feeds' own names (a moved blog keeps its subscribers) ---------------

GATSBY = {"html_baseurl": "https://example.com/", "chapbook_feed_id": "{site_url}/{path}"}


def guids(path: Path) -> list[tuple[str, str]]:
    """Each RSS item's guid and its isPermaLink, as written."""
    return [(g.text or "", g.get("isPermaLink", "")) for g in lxml.etree.parse(path).iter("guid")]


def atom_ids(path: Path) -> list[str]:
    entries = lxml.etree.parse(path).iter("{http://www.w3.org/2005/Atom}entry")
    return [entry.findtext("{http://www.w3.org/2005/Atom}id") or "" for entry in entries]


@pytest.mark.sphinx("dirhtml", testroot="feeds", freshenv=True)
def test_entry_ids_are_permalinks_by_default(built) -> None:
    assert guids(built / "rss.xml")[0] == (f"{BASE}with-image/", "true")
    assert atom_ids(built / "atom.xml")[0] == f"{BASE}with-image/"


@pytest.mark.sphinx("dirhtml", testroot="feeds", freshenv=True, confoverrides=GATSBY)
def test_a_moved_gatsby_blog_keeps_its_double_slash_ids(built) -> None:
    old = "https://example.com//with-image/"
    assert guids(built / "rss.xml")[0] == (old, "false")  # not the page's URL: no permalink
    assert atom_ids(built / "atom.xml")[0] == old
    assert atom_ids(built / "tags/deep-learning/atom.xml")[0] == old
    entry = feedparser.parse((built / "atom.xml").read_bytes()).entries[0]
    assert entry.link == "https://example.com/with-image/"  # readers still open the page


@pytest.mark.sphinx(
    "dirhtml",
    testroot="feeds",
    freshenv=True,
    confoverrides={
        "html_baseurl": "https://blog.example.com/blog",
        "chapbook_feed_id": "{site_url}|{base}|{path}|{slug}|{page_url}",
    },
)
def test_every_entry_id_field(built) -> None:
    site, page_url = "https://blog.example.com/blog", f"{BASE}with-image/"
    expected = f"{site}|{BASE}|with-image/|with-image|{page_url}"
    assert atom_ids(built / "atom.xml")[0] == expected


@pytest.mark.sphinx(
    "dirhtml", testroot="feeds", freshenv=True, confoverrides={"chapbook_feed_id": "{url}/"}
)
def test_an_unknown_entry_id_field_warns_and_uses_the_page_url(app, built) -> None:
    assert [w for w in warnings_of(app) if "chapbook_feed_id" in w and "chapbook.config" in w]
    assert atom_ids(built / "atom.xml")[0] == f"{BASE}with-image/"


@pytest.mark.sphinx(
    "dirhtml", testroot="feeds", freshenv=True, confoverrides={"chapbook_feed_id": "{base}"}
)
def test_an_entry_id_without_a_page_field_warns(app, built) -> None:
    assert [w for w in warnings_of(app) if "chapbook_feed_id" in w and "chapbook.config" in w]
    assert len(set(atom_ids(built / "atom.xml"))) == 3


@pytest.mark.sphinx(
    "dirhtml", testroot="feeds", freshenv=True, confoverrides={"chapbook_feed_title": "Ropes"}
)
def test_feed_title_is_set_apart_from_the_project(app, built) -> None:
    assert feedparser.parse((built / "rss.xml").read_bytes()).feed.title == "Ropes"
    tag_feed = feedparser.parse((built / "tags/misc/atom.xml").read_bytes())
    assert tag_feed.feed.title == "Ropes: misc"
    links = page(app, "tags/misc").select('link[rel="alternate"]')
    assert {link["title"] for link in links} == {"Ropes", "Ropes: misc"}
    assert "Feed test" in page(app, "index").title.get_text()  # the pages keep their names


def test_moved_ids_are_byte_identical_from_build_to_build(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-feeds", src)
    outputs = []
    for name, fresh in (("a", True), ("a", False), ("b", True)):
        app = SphinxTestApp(
            "dirhtml", srcdir=src, builddir=tmp_path / name, freshenv=fresh, confoverrides=GATSBY
        )
        app.build()
        app.cleanup()
        outputs.append({f: (Path(app.outdir) / f).read_bytes() for f in ("rss.xml", "atom.xml")})
    assert outputs[0] == outputs[1] == outputs[2]
    assert b"https://example.com//timed/" in outputs[0]["atom.xml"]


def _tag_feeds(outdir: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(outdir)): path.read_bytes()
        for path in sorted((outdir / "tags").rglob("atom.xml"))
    }


def test_tag_feeds_are_rendered_again_only_when_they_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild renders the feeds of the tags whose posts changed; each equals a clean build's."""
    from chapbook.site import feeds

    rendered: list[str] = []
    make = feeds._feed

    def counted(app, posts, url, *args, **kwargs):
        rendered.append(url.removeprefix(BASE))
        return make(app, posts, url, *args, **kwargs)

    monkeypatch.setattr(feeds, "_feed", counted)
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-feeds", src)

    def build(name: str, fresh: bool) -> Path:
        rendered.clear()
        app = SphinxTestApp("dirhtml", srcdir=src, builddir=tmp_path / name, freshenv=fresh)
        app.build()
        app.cleanup()
        return Path(app.outdir)

    outdir = build("a", True)
    tag_feeds = {"tags/deep-learning/atom.xml", "tags/misc/atom.xml", "tags/r-d/atom.xml"}
    assert tag_feeds <= set(rendered)
    build("a", False)
    assert rendered == []  # nothing changed: no feed rendered again
    oldest = src / "oldest.md"
    oldest.write_text(oldest.read_text() + "\n% A comment: read again, shown nowhere.\n")
    build("a", False)
    assert rendered == []  # read again, the same record: a tag feed shows no body
    oldest.write_text(oldest.read_text().replace("title: Oldest", "title: Oldest, renamed"))
    build("a", False)
    assert rendered == ["tags/misc/atom.xml"]  # the only tag of the post; not among the 3 newest
    (outdir / "tags/r-d/atom.xml").unlink()
    build("a", False)
    assert rendered == ["tags/r-d/atom.xml"]  # a feed gone from the output is written again
    assert _tag_feeds(outdir) == _tag_feeds(build("clean", True))
    assert b"Oldest, renamed" in _tag_feeds(outdir)["tags/misc/atom.xml"]


# -- what of a post's body reaches its entry, and when feeds are written (testroot feedbody) --

BODY_BASE = "https://blog.example.com/"


def atom_body(path: Path, title: str) -> BeautifulSoup:
    """The HTML body of the Atom entry titled ``title``, as a reader gets it."""
    (entry,) = [e for e in feedparser.parse(path.read_bytes()).entries if e.title == title]
    return BeautifulSoup(entry.content[0].value, "html.parser")


@pytest.mark.sphinx("dirhtml", testroot="feedbody", freshenv=True)
def test_a_captioned_code_block_keeps_its_caption_in_the_feed(built) -> None:
    body = atom_body(built / "atom.xml", "Boxed")
    assert [pre.get_text() for pre in body.find_all("pre")] == ['print("kept")\n']
    assert "A caption" in [span.get_text() for span in body.find_all("span")]


@pytest.mark.sphinx("dirhtml", testroot="feedbody", freshenv=True)
def test_a_container_of_the_post_stays_in_the_feed(built) -> None:
    body = atom_body(built / "atom.xml", "Boxed")
    assert "Inside a container." in [p.get_text() for p in body.find_all("p")]


@pytest.mark.sphinx("dirhtml", testroot="feedbody", freshenv=True)
def test_a_posts_toctree_reaches_the_feed_as_links(built) -> None:
    body = atom_body(built / "atom.xml", "Boxed")
    # The site's tags decide which of the chapter's "only" sections is listed.
    assert [(a.get_text(), a["href"]) for a in body.select("li a")] == [
        ("Chapter", f"{BODY_BASE}chapter/"),
        ("On the web", f"{BODY_BASE}chapter/#on-the-web"),
    ]


@pytest.mark.sphinx("dirhtml", testroot="feedbody", freshenv=True)
def test_the_title_leaves_the_body_even_after_html_meta(built) -> None:
    # The post's html_meta puts <meta> nodes before its section in the doctree.
    body = atom_body(built / "atom.xml", "Boxed")
    assert body.get_text().split()[:2] == ["Intro", "paragraph."]


@pytest.mark.sphinx("dirhtml", testroot="feedbody", freshenv=True)
def test_a_failed_build_writes_no_feeds(app, built) -> None:
    from chapbook.site import feeds

    for name in FEEDS:
        (built / name).unlink()
    feeds.write_feeds(app, RuntimeError("the build failed"))
    assert [name for name in FEEDS if (built / name).exists()] == []


NO_BASE_URL = "html_baseurl is not set: feeds need absolute URLs and were not written"


@pytest.mark.sphinx(
    "dirhtml", testroot="feedbody", freshenv=True, confoverrides={"html_baseurl": ""}
)
def test_without_a_base_url_feeds_are_not_written_and_the_build_says_so(app, built) -> None:
    assert [w for w in warnings_of(app) if "feed" in w] == [
        f"WARNING: {NO_BASE_URL} [chapbook.feed]"
    ]
    assert [name for name in FEEDS if (built / name).exists()] == []


@pytest.mark.sphinx(
    "dirhtml", testroot="feedbody", freshenv=True, confoverrides={"html_baseurl": ""}
)
def test_the_missing_base_url_is_reported_once(app, built) -> None:
    from chapbook.site import feeds

    feeds.write_feeds(app, None)  # a second build in the same process (sphinx-autobuild)
    assert len([w for w in warnings_of(app) if NO_BASE_URL in w]) == 1


@pytest.mark.sphinx(
    "dirhtml", testroot="feedbody", freshenv=True, confoverrides={"chapbook_tag_feeds": False}
)
def test_tag_feeds_can_be_turned_off(built) -> None:
    assert sorted(path.relative_to(built).as_posix() for path in built.rglob("*.xml")) == [
        "atom.xml",
        "feed.xml",
        "rss.xml",
        "sitemap.xml",
    ]


class Rebuilds:
    """Builds of one copy of the feedbody root into one folder, counting the bodies rendered."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        from chapbook.site import feeds

        self.src = tmp_path / "src"
        self.builddir = tmp_path / "build"
        shutil.copytree(ROOTS / "test-feedbody", self.src)
        self.rendered: list[str] = []
        render = feeds.body_html

        def counted(app, docname: str) -> str:
            self.rendered.append(docname)
            return render(app, docname)

        monkeypatch.setattr(feeds, "body_html", counted)

    def build(self, **confoverrides: object) -> Path:
        self.rendered.clear()
        app = SphinxTestApp(
            "dirhtml", srcdir=self.src, builddir=self.builddir, confoverrides=confoverrides
        )
        app.build()
        app.cleanup()
        return Path(app.outdir)

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.src / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def rebuilds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Rebuilds:
    return Rebuilds(tmp_path, monkeypatch)


def test_a_rebuild_with_nothing_changed_renders_no_post_again(rebuilds: Rebuilds) -> None:
    rebuilds.build()
    assert rebuilds.rendered == ["boxed", "plain"]
    rebuilds.build()
    assert rebuilds.rendered == []


def test_a_deleted_feed_is_written_again(rebuilds: Rebuilds) -> None:
    outdir = rebuilds.build()
    before = (outdir / "atom.xml").read_bytes()
    (outdir / "atom.xml").unlink()
    rebuilds.build()
    assert (outdir / "atom.xml").read_bytes() == before


def test_a_changed_feed_setting_writes_the_feeds_again(rebuilds: Rebuilds) -> None:
    rebuilds.build()
    outdir = rebuilds.build(chapbook_feed_description="New")
    assert feedparser.parse((outdir / "atom.xml").read_bytes()).feed.subtitle == "New"


def test_a_changed_feed_setting_writes_the_tag_feeds_again(rebuilds: Rebuilds) -> None:
    rebuilds.build()
    outdir = rebuilds.build(chapbook_feed_description="New")
    feed = feedparser.parse((outdir / "tags/plain/atom.xml").read_bytes()).feed
    assert feed.subtitle == "New"


def test_a_changed_post_body_writes_the_feeds_again(rebuilds: Rebuilds) -> None:
    outdir = rebuilds.build()
    rebuilds.edit("boxed.md", 'print("kept")', 'print("changed")')
    rebuilds.build()
    body = atom_body(outdir / "atom.xml", "Boxed")
    assert [pre.get_text() for pre in body.find_all("pre")] == ['print("changed")\n']


def test_the_feed_of_a_tag_no_post_has_any_more_is_deleted(rebuilds: Rebuilds) -> None:
    outdir = rebuilds.build()
    assert (outdir / "tags/plain/atom.xml").is_file()
    rebuilds.edit("plain.md", "tags: [plain]", "tags: [boxes]")
    rebuilds.build()
    assert not (outdir / "tags/plain/atom.xml").exists()


def clean_build(rebuilds: Rebuilds, **confoverrides: object) -> Path:
    """A clean build of the same sources and settings, into a folder of its own."""
    app = SphinxTestApp(
        "dirhtml",
        srcdir=rebuilds.src,
        builddir=rebuilds.builddir.with_name("clean"),
        freshenv=True,
        confoverrides=confoverrides,
    )
    app.build()
    app.cleanup()
    return Path(app.outdir)


TAG_FEEDS = ["tags/boxes/atom.xml", "tags/plain/atom.xml"]


def feed_files(outdir: Path) -> list[str]:
    return sorted(path.relative_to(outdir).as_posix() for path in outdir.rglob("*.xml"))


@pytest.mark.parametrize(
    ("settings", "left"),
    [
        ({"chapbook_feeds": {"rss.xml": "rss"}}, ["rss.xml", "sitemap.xml", *TAG_FEEDS]),
        ({"chapbook_feeds": {}}, ["sitemap.xml", *TAG_FEEDS]),
        ({"html_baseurl": ""}, []),
    ],
)
def test_a_feed_no_longer_configured_is_deleted(
    rebuilds: Rebuilds, settings: dict[str, object], left: list[str]
) -> None:
    """As a clean build has it: a feed left behind would never be updated again."""
    rebuilds.build()
    rebuilds.build()  # the files the feeds were written to are noted from every build
    outdir = rebuilds.build(**settings)
    assert feed_files(outdir) == left
    assert_same_tree(outdir, clean_build(rebuilds, **settings))
    outdir = rebuilds.build()  # written again when configured again
    assert "atom.xml" in feed_files(outdir)


def test_a_file_the_site_copies_where_a_feed_was_is_kept(rebuilds: Rebuilds) -> None:
    (rebuilds.src / "extra").mkdir()
    (rebuilds.src / "extra/atom.xml").write_text("<feed>the site's own</feed>")
    rebuilds.build()
    settings = {"chapbook_feeds": {"rss.xml": "rss"}, "html_extra_path": ["extra"]}
    outdir = rebuilds.build(**settings)
    assert (outdir / "atom.xml").read_text() == "<feed>the site's own</feed>"
    assert not (outdir / "feed.xml").exists()
    assert_same_tree(outdir, clean_build(rebuilds, **settings))


@pytest.mark.sphinx("dirhtml", testroot="feednumbers", freshenv=True)
def test_a_numbered_posts_sections_keep_their_numbers_in_the_feed(built) -> None:
    body = atom_body(built / "atom.xml", "Numbered")
    assert [h.get_text() for h in body.find_all("h2")] == ["1.1. A part"]


@pytest.mark.sphinx("dirhtml", testroot="feednumbers", freshenv=True)
def test_a_numbered_posts_figures_keep_their_numbers_in_the_feed(built) -> None:
    body = atom_body(built / "atom.xml", "Numbered")
    assert [c.get_text(" ", strip=True) for c in body.find_all("figcaption")] == [
        "Fig. 1.1 A square."
    ]

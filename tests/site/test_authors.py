"""Authors: a byline under the title, a page per author and an index, feeds, SEO and the book."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import feedparser
import pytest
from sphinx.testing.util import SphinxTestApp

from chapbook.collecting.state import state
from tests.collecting.test_incremental import assert_same_tree, tree
from tests.helpers import ROOTS, epubcheck, page, require, warnings_of

ROOT = ROOTS / "test-authors"


@pytest.fixture
def built(app):
    app.build()
    return app


def byline(app, docname: str):
    return page(app, docname).select_one("article div.chapbook-post-meta p.chapbook-byline")


# -- the site ---------------------------------------------------------------------------


@pytest.mark.sphinx("dirhtml", testroot="authors", freshenv=True)
def test_the_byline_links_each_author_to_their_page(built) -> None:
    looms = byline(built, "looms")
    # `author: Ada Lovelace` and `authors: [ADA, bob]`: two people, named as the map names them.
    assert looms.get_text() == "By Ada Lovelace, Bob Babbage"
    assert [(a["href"], a["rel"]) for a in looms.select("a")] == [
        ("../authors/ada/", ["author"]),
        ("../authors/bob/", ["author"]),
    ]
    assert byline(built, "engines").get_text() == "By Ada Lovelace"
    assert byline(built, "tables").a["href"] == "../authors/charles-babbage/"
    # The byline comes first under the title, before the date.
    meta = page(built, "looms").select_one("article div.chapbook-post-meta")
    assert meta.find("p")["class"] == ["chapbook-byline"]
    assert byline(built, "notes") is None
    assert warnings_of(built) == []


@pytest.mark.sphinx("dirhtml", testroot="authors", freshenv=True)
def test_an_author_page_shows_who_they_are_and_lists_their_posts(built) -> None:
    soup = page(built, "authors/ada")
    assert soup.select_one("article h1").get_text().startswith("Posts by Ada Lovelace")
    avatar = soup.select_one("article div.chapbook-author-card img.chapbook-avatar")
    assert (avatar["src"], avatar["alt"], avatar["width"], avatar["height"]) == (
        "../../_static/ada.png",
        "Ada Lovelace",
        "96",
        "96",
    )
    assert avatar.parent.name == "div"  # not wrapped in a link to itself
    assert (Path(built.outdir) / "_static" / "ada.png").is_file()
    site = soup.select_one("article p.chapbook-author-site a")
    assert (site["href"], site.get_text()) == ("https://ada.example.org/", "ada.example.org")
    listing = soup.select_one("article ul.chapbook-postlist")
    assert [li.a.get_text() for li in listing.select("li > p.chapbook-entry")] == [
        "Jacquard looms",
        "Analytical engines",
    ]
    # As a tag page lists them: titles and dates, no description.
    assert listing.select("p.chapbook-summary") == []
    assert len(listing.select("li > p.chapbook-entry > time")) == 2
    # An author not in chapbook_authors: a page, no card, no web site.
    other = page(built, "authors/charles-babbage")
    assert other.select_one("article h1").get_text().startswith("Posts by Charles Babbage")
    assert other.select_one("div.chapbook-author-card") is None
    assert [a.get_text() for a in other.select("ul.chapbook-postlist p.chapbook-entry a")] == [
        "Difference tables"
    ]


@pytest.mark.sphinx("dirhtml", testroot="authors", freshenv=True)
def test_the_index_of_authors_counts_their_posts(built) -> None:
    soup = page(built, "authors")
    assert soup.select_one("article h1").get_text().startswith("Authors")
    items = soup.select("article ul.chapbook-authorlist > li")
    assert [li.get_text() for li in items] == [
        "Ada Lovelace (2)",
        "Bob Babbage (1)",
        "Charles Babbage (1)",
    ]
    assert [li.a["href"] for li in items] == ["ada/", "bob/", "charles-babbage/"]


@pytest.mark.sphinx("dirhtml", testroot="authors", freshenv=True)
def test_a_postlist_selects_posts_by_author(built) -> None:
    soup = page(built, "by-ada")
    titles = [a.get_text() for a in soup.select("article ul.chapbook-postlist a")]
    assert titles == ["Jacquard looms", "Analytical engines"]


@pytest.mark.sphinx("dirhtml", testroot="authors", freshenv=True)
def test_feeds_name_each_entrys_authors(built) -> None:
    out = Path(built.outdir)
    atom = {e.title: e for e in feedparser.parse(out / "atom.xml").entries}
    assert [(a["name"], a["href"]) for a in atom["Jacquard looms"].authors] == [
        ("Ada Lovelace", "https://ada.example.org/"),
        ("Bob Babbage", "https://blog.example.com/authors/bob/"),
    ]
    assert [a["name"] for a in atom["Difference tables"].authors] == ["Charles Babbage"]
    # A post without authors has none of its own: the feed's author (Sphinx's) stands.
    assert "authors" not in atom["Notes without an author"]
    assert feedparser.parse(out / "atom.xml").feed.author == "Site Owner"
    for name in ("rss.xml", "feed.xml"):
        rss = {e.title: e for e in feedparser.parse(out / name).entries}
        assert [a["name"] for a in rss["Jacquard looms"].authors] == ["Ada Lovelace", "Bob Babbage"]
        assert "authors" not in rss["Notes without an author"]
        text = (out / name).read_text(encoding="utf-8")
        assert text.count("<dc:creator>") == 4 and "<author>" not in text  # RSS's wants email
    tag = feedparser.parse(out / "tags" / "machines" / "atom.xml")
    assert [a["name"] for a in tag.entries[-1].authors] == ["Ada Lovelace"]


@pytest.mark.sphinx("dirhtml", testroot="authors", freshenv=True)
def test_a_post_page_names_its_authors_to_search_engines(built) -> None:
    head = page(built, "looms").head
    assert head.select_one('meta[name="author"]')["content"] == "Ada Lovelace, Bob Babbage"
    assert [m["content"] for m in head.select('meta[property="article:author"]')] == [
        "https://ada.example.org/",
        "https://blog.example.com/authors/bob/",
    ]
    notes = page(built, "notes").head
    assert notes.select('meta[name="author"], meta[property="article:author"]') == []


# -- the book --------------------------------------------------------------------------


@pytest.mark.sphinx("latex", testroot="authors", freshenv=True)
def test_the_book_names_the_authors_under_each_title(app) -> None:
    app.build()
    source = (Path(app.outdir) / "authors-test.tex").read_text(encoding="utf-8")
    byline = r"By \DUrole{chapbook-author}{Ada Lovelace}, \DUrole{chapbook-author}{Bob Babbage}"
    assert byline in source
    assert "authors/ada" not in source  # plain words: author pages are not in the book
    assert warnings_of(app) == []


# -- changes: incremental builds equal clean builds ---------------------------------------


def build(src: Path, builddir: Path, *, fresh: bool = False, kind: str = "dirhtml"):
    app = SphinxTestApp(kind, srcdir=src, builddir=builddir, freshenv=fresh)
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir), app


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new))


EDITS = {
    "add": ("notes.md", "tags: [machines]", "author: bob\ntags: [machines]"),
    "remove": ("engines.md", "author: ada\n", ""),
    "rename": ("tables.md", "authors: [Charles Babbage]", "authors: [Charles]"),
    "swap": ("looms.md", "authors: [ADA, bob]", "authors: [Charles Babbage]"),
    "map-name": ("conf.py", '"name": "Ada Lovelace"', '"name": "Augusta Ada King"'),
    "map-add": ("conf.py", '"bob": "Bob Babbage",', '"bob": "Bob Babbage",\n'
                '    "charles babbage": {"name": "C. Babbage", "url": "https://cb.example/"},'),
    "map-remove": ("conf.py", '"bob": "Bob Babbage",', ""),
    "folder": ("conf.py", 'project = "Authors test"', 'project = "Authors test"\n'
               'chapbook_authors_dir = "people"\nchapbook_author_title = "By {name}"'),
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_changing_authors_equals_a_clean_build(tmp_path: Path, kind: str) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    build(src, tmp_path / "incremental")
    name, old, new = EDITS[kind]
    edit(src / name, old, new)
    incremental, app = build(src, tmp_path / "incremental")
    clean, _ = build(src, tmp_path / "clean", fresh=True)
    assert_same_tree(incremental, clean)
    expected = {
        "add": {"ada": 2, "bob": 2, "charles babbage": 1},
        "remove": {"ada": 1, "bob": 1, "charles babbage": 1},
        "rename": {"ada": 2, "bob": 1, "charles": 1},
        "swap": {"ada": 2, "charles babbage": 2},  # `author: Ada Lovelace` stays
        # `author: Ada Lovelace` no longer names Ada: an author of its own.
        "map-name": {"ada": 2, "ada lovelace": 1, "bob": 1, "charles babbage": 1},
        "map-add": {"ada": 2, "bob": 1, "charles babbage": 1},
        "map-remove": {"ada": 2, "bob": 1, "charles babbage": 1},
        "folder": {"ada": 2, "bob": 1, "charles babbage": 1},
    }[kind]
    assert {key: len(e.posts) for key, e in state(app.env).authors.items()} == expected


def test_an_author_whose_address_moves_is_linked_anew_from_every_post(tmp_path: Path) -> None:
    """Of two authors with one address, the one first named in a post keeps it: a later post
    cannot take it; a post dated earlier does, and the other's posts link to their new one."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    edit(src / "tables.md", "authors: [Charles Babbage]", "authors: [Charles-Babbage!]")
    edit(src / "notes.md", "tags: [machines]", "author: Charles Babbage\ntags: [machines]")
    _, app = build(src, tmp_path / "incremental")
    assert warnings_of(app) == [
        "notes.md:4: WARNING: author 'Charles Babbage' has the same URL as another author; "
        "their page is at authors/charles-babbage-2/ [chapbook.authors]"
    ]
    edit(src / "notes.md", "date: '2024-04-10'", "date: '2024-01-10'")
    incremental, app = build(src, tmp_path / "incremental")
    clean, _ = build(src, tmp_path / "clean", fresh=True)
    assert_same_tree(incremental, clean)
    assert byline_of(incremental, "tables") == "By Charles-Babbage!"
    assert warnings_of(app) == [
        "tables.md:4: WARNING: author 'Charles-Babbage!' has the same URL as another author; "
        "their page is at authors/charles-babbage-2/ [chapbook.authors]"
    ]
    assert 'href="../authors/charles-babbage-2/"' in (incremental / "tables/index.html").read_text()


def test_an_author_change_rewrites_the_pages_that_show_it(tmp_path: Path) -> None:
    """A post leaving an author: its page, their page and the index; not the others."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    out, _ = build(src, tmp_path / "out")
    before = {name: (out / name).stat().st_mtime_ns for name in tree(out) if name.endswith(".html")}
    edit(src / "looms.md", "authors: [ADA, bob]", "authors: [ADA]")
    build(src, tmp_path / "out")
    kept = {name: mtime for name, mtime in before.items() if (out / name).is_file()}
    rewritten = {name for name, mtime in kept.items() if (out / name).stat().st_mtime_ns != mtime}
    assert set(before) - set(kept) == {"authors/bob/index.html"}  # Bob has no post now
    assert rewritten == {
        "looms/index.html",  # its byline
        "authors/index.html",  # the count of Bob's posts
        "index.html",  # Sphinx writes the root document again when a document goes away
        # Sphinx writes its additional pages on every build.
        "search/index.html",
        "genindex/index.html",
        "404/index.html",
    }


def test_posts_without_authors_give_the_same_site_as_before(tmp_path: Path) -> None:
    """No author anywhere: no byline, no author pages, feeds without Dublin Core."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    for name in ("engines.md", "looms.md", "tables.md"):
        path = src / name
        kept = [line for line in path.read_text().splitlines() if not line.startswith("author")]
        path.write_text("\n".join(kept) + "\n")
    out, app = build(src, tmp_path / "out", fresh=True)
    assert not (out / "authors").exists()
    assert "chapbook-byline" not in (out / "looms" / "index.html").read_text(encoding="utf-8")
    assert "xmlns:dc" not in (out / "rss.xml").read_text(encoding="utf-8")
    assert state(app.env).authors == {}
    assert warnings_of(app) == []


def test_parallel_build_equals_serial_build(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    serial, _ = build(src, tmp_path / "serial", fresh=True)
    app = SphinxTestApp("dirhtml", srcdir=src, builddir=tmp_path / "parallel", parallel=2)
    try:
        app.build()
    finally:
        app.cleanup()
    assert_same_tree(Path(app.outdir), serial)


# -- problems ------------------------------------------------------------------------------


def test_authors_with_one_url_and_missing_avatars_are_reported(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    edit(src / "notes.md", "tags: [machines]", "author: Charles-Babbage!\ntags: [machines]")
    edit(src / "conf.py", '"bob": "Bob Babbage",', '"bob": {"avatar": "/_static/none.png"},')
    out, app = build(src, tmp_path / "out", fresh=True)
    assert warnings_of(app) == [
        "notes.md:4: WARNING: author 'Charles-Babbage!' has the same URL as another author; "
        "their page is at authors/charles-babbage-2/ [chapbook.authors]",
        "WARNING: chapbook_authors: the avatar of 'bob', '/_static/none.png', is not a file of "
        "html_static_path (/_static/...) or html_extra_path [chapbook.authors]",
    ]
    assert (out / "authors" / "charles-babbage-2" / "index.html").is_file()
    # The map's name defaults to its key; the avatar is still shown where it was asked for.
    assert byline_of(out, "looms") == "By Ada Lovelace, bob"


def byline_of(out: Path, docname: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((out / docname / "index.html").read_text(encoding="utf-8"), "lxml")
    return soup.select_one("p.chapbook-byline").get_text()


@pytest.mark.sphinx(
    "dirhtml",
    testroot="authors",
    freshenv=True,
    confoverrides={"chapbook_authors": {"ada": {"url": "javascript:alert(1)"}}},
)
def test_an_unusable_author_map_is_reported_and_not_used(built) -> None:
    assert warnings_of(built) == [
        "WARNING: chapbook_authors = {'ada': {'url': 'javascript:alert(1)'}} entry 'ada': "
        "url 'javascript:alert(1)' is not an http(s) address; using {} [chapbook.config]"
    ]
    assert byline(built, "engines").get_text() == "By ada"
    assert "javascript" not in (Path(built.outdir) / "authors/ada/index.html").read_text()


HOSTILE = r"<script>alert(1)</script> \input{/etc/passwd} {}$&#%_^~ {download}`conf.py`"


def _hostile_root(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    quoted = HOSTILE.replace("\\", "\\\\")
    edit(src / "tables.md", "authors: [Charles Babbage]", f'author: "{quoted}"')
    return src


def test_a_hostile_author_name_is_text_on_the_site_and_in_feeds(tmp_path: Path) -> None:
    src = _hostile_root(tmp_path)
    out, app = build(src, tmp_path / "out", fresh=True)
    assert warnings_of(app) == []
    for path in out.rglob("*.html"):
        assert "<script>alert(1)" not in path.read_text(encoding="utf-8"), path
    assert not (out / "_downloads").exists()  # no role ran: the name was never Markdown
    assert byline(app, "tables").get_text() == f"By {HOSTILE}"
    (entry,) = [e for e in state(app.env).authors.values() if e.name == HOSTILE]
    assert (
        page(app, entry.docname)
        .select_one("article h1")
        .get_text()
        .startswith(f"Posts by {HOSTILE}")
    )
    assert app.env.metadata["tables"]["author"] == HOSTILE
    for name in ("atom.xml", "rss.xml"):
        entries = {e.title: e for e in feedparser.parse(out / name).entries}
        assert entries["Difference tables"].authors[0]["name"] == HOSTILE
    head = page(app, "tables").head
    assert head.select_one('meta[name="author"]')["content"] == HOSTILE


def test_a_hostile_author_name_is_text_in_the_pdf(tmp_path: Path) -> None:
    out, _ = build(_hostile_root(tmp_path), tmp_path / "latex", fresh=True, kind="latex")
    source = (out / "authors-test.tex").read_text(encoding="utf-8")
    assert r"\input{/etc/passwd}" not in source
    assert r"\textbackslash{}input\{/etc/passwd\} \{\}\$\&\#\%\_\textasciicircum{}" in source
    require("xelatex", "latexmk", "pdftotext")
    made = subprocess.run(
        ["make", "-C", str(out), "all-pdf"], capture_output=True, text=True, check=False
    )
    assert made.returncode == 0, made.stdout[-3000:]
    text = subprocess.run(
        ["pdftotext", str(out / "authors-test.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert r"By <script>alert(1)</script> \input{/etc/passwd} {}$&#%_^~" in text


def test_a_hostile_author_name_is_text_in_the_epub(tmp_path: Path) -> None:
    out, _ = build(_hostile_root(tmp_path), tmp_path / "epub", fresh=True, kind="epub")
    (book,) = out.glob("*.epub")
    with zipfile.ZipFile(book) as archive:
        tables = archive.read("tables.xhtml").decode()
    assert (
        '<p class="chapbook-byline">By <span class="chapbook-author">&lt;script&gt;alert(1)'
        r"&lt;/script&gt; \input{/etc/passwd} {}$&amp;#%_^~ {download}`conf.py`</span></p>"
    ) in tables
    result = epubcheck(book)
    assert result.returncode == 0, result.stdout + result.stderr

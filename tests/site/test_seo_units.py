"""What search engines and link previews get (``chapbook.site.seo``), one function at a time.

``test_seo.py`` builds blogs and reads the tags back; these call each step on a
stand-in Sphinx application and pin the exact tags of a post, a page, a listing
page and the error page: description, title, type, URL, image and its alt text,
card, date, tags and authors, each escaped.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from docutils import nodes

from chapbook.collecting.state import AuthorEntry, BuildState
from chapbook.model.authors import Author
from chapbook.nodes import NO_SEARCH
from chapbook.site import seo

BASE = "https://x.org/blog/"


class Builder:
    def __init__(self, name: str = "dirhtml", baseurl: str = BASE) -> None:
        self.name = name
        self.imagedir = "_images"
        self.images: dict[str, str] = {}
        self.config = SimpleNamespace(html_baseurl=baseurl)

    def get_target_uri(self, docname: str) -> str:
        return "" if docname == "index" else f"{docname.removesuffix('/index')}/"


def make_app(builder: str = "dirhtml", baseurl: str = BASE, **config: Any) -> SimpleNamespace:
    settings = {
        "html_title": "Field notes",
        "project": "Notes project",
        "html_baseurl": baseurl,
        "chapbook_description": "",
        "chapbook_feed_description": "",
        "chapbook_default_image": "",
        "notfound_pagename": "404",
    }
    env = SimpleNamespace(titles={}, images={}, chapbook=BuildState(), all_docs={})
    return SimpleNamespace(
        env=env, config=SimpleNamespace(**{**settings, **config}), builder=Builder(builder, baseurl)
    )


def post(**fields: Any) -> SimpleNamespace:
    values = {"summary": "A summary.", "cover": "", "cover_alt": "", "datetime": "",
              "tags": (), "authors": (), "date": None}  # fmt: skip
    return SimpleNamespace(**{**values, **fields})


def doc(*children: nodes.Node) -> nodes.document:
    document = nodes.document(None, None)  # type: ignore[arg-type]
    section = nodes.section()
    section += nodes.title("", "The page title")
    section.extend(children)
    document += section
    return document


def para(text: str, *classes: str) -> nodes.paragraph:
    return nodes.paragraph(text, text, classes=list(classes))


def test_a_tag_is_escaped() -> None:
    assert seo.meta("property", "og:<t>", 'a "b" & <c>') == (
        '<meta property="og:&lt;t&gt;" content="a &quot;b&quot; &amp; &lt;c&gt;" />\n'
    )


def test_the_tags_of_a_post() -> None:
    app = make_app()
    app.env.titles["p/index"] = nodes.title("", "The <post>")
    app.env.images["cover.png"] = ({"p/index"}, "cover 1.png")
    app.env.chapbook.posts["p/index"] = post(
        cover="cover.png", cover_alt="A bird", datetime="2024-05-01T10:00:00+00:00",
        tags=("a", "b c"), authors=(Author("ann", "Ann"), Author("bob", "Bob")),
    )  # fmt: skip
    app.env.chapbook.authors = {
        "ann": AuthorEntry("ann", "Ann", "authors/ann", (), url="https://ann.org/"),
        "bob": AuthorEntry("bob", "Bob", "authors/bob", ()),
    }
    assert seo.page_tags(app, "p/index", doc(para("Ignored."))) == [  # type: ignore[arg-type]
        ("name", "description", "A summary."),
        ("property", "og:description", "A summary."),
        ("property", "og:title", "The <post>"),
        ("name", "twitter:title", "The <post>"),
        ("property", "og:type", "article"),
        ("property", "og:site_name", "Field notes"),
        ("property", "og:url", f"{BASE}p/"),
        ("property", "og:image", f"{BASE}_images/cover%201.png"),
        ("property", "og:image:alt", "A bird"),
        ("name", "twitter:card", "summary_large_image"),
        ("property", "article:published_time", "2024-05-01T10:00:00+00:00"),
        ("property", "article:tag", "a"),
        ("property", "article:tag", "b c"),
        ("name", "author", "Ann, Bob"),
        ("property", "article:author", "https://ann.org/"),
        ("property", "article:author", f"{BASE}authors/bob/"),
    ]


def test_the_tags_of_a_plain_post_without_a_site_address() -> None:
    app = make_app(baseurl="", html_title="")
    app.env.chapbook.posts["p"] = post(
        summary="", cover="cover.png", cover_alt="alt", authors=(Author("zed", "Zed"),)
    )
    app.env.chapbook.authors = {"bob": AuthorEntry("bob", "Bob", "authors/bob", ())}
    app.env.images["cover.png"] = ({"p"}, "cover.png")
    assert seo.page_tags(app, "p", None) == [  # type: ignore[arg-type]
        ("property", "og:type", "article"),
        ("property", "og:site_name", "Notes project"),
        ("name", "twitter:card", "summary"),
        ("name", "author", "Zed"),
    ]


def test_an_author_without_a_site_on_a_blog_without_an_address_has_no_profile() -> None:
    app = make_app(baseurl="")
    app.env.chapbook.posts["p"] = post(authors=(Author("bob", "Bob"), Author("ann", "Ann")))
    app.env.chapbook.authors = {
        "bob": AuthorEntry("bob", "Bob", "authors/bob", ()),
        "ann": AuthorEntry("ann", "Ann", "authors/ann", (), url="https://ann.org/"),
    }
    assert seo._author_tags(app, "p") == [  # type: ignore[arg-type]
        ("name", "author", "Bob, Ann"),
        ("property", "article:author", "https://ann.org/"),
    ]


def test_the_tags_of_a_page() -> None:
    app = make_app(chapbook_default_image="/_static/card.png")
    app.env.titles["about"] = nodes.title("", "About")
    assert seo.page_tags(app, "about", doc(para("About   me\nhere."))) == [  # type: ignore[arg-type]
        ("name", "description", "About me here."),
        ("property", "og:description", "About me here."),
        ("property", "og:title", "About"),
        ("name", "twitter:title", "About"),
        ("property", "og:type", "website"),
        ("property", "og:site_name", "Field notes"),
        ("property", "og:url", f"{BASE}about/"),
        ("property", "og:image", f"{BASE}_static/card.png"),
        ("name", "twitter:card", "summary_large_image"),
    ]


def test_a_post_with_a_web_cover_and_no_date() -> None:
    app = make_app()
    app.env.chapbook.posts["p"] = post(cover="https://img.org/a.png", tags=("a",))
    tags = seo.page_tags(app, "p", None)  # type: ignore[arg-type]
    assert ("property", "og:image", "https://img.org/a.png") in tags
    assert not any(name.startswith("article:") for _, name, _ in tags)
    assert not any(name == "og:image:alt" for _, name, _ in tags)


def test_a_local_cover_needs_the_sites_address_and_a_known_image() -> None:
    app = make_app()
    assert seo._cover(app, post(cover="gone.png")) == ""  # type: ignore[arg-type]
    app.env.images["c.png"] = ({"p"}, "c.png")
    assert seo._cover(app, post(cover="c.png")) == f"{BASE}_images/c.png"  # type: ignore[arg-type]
    assert seo._cover(make_app(baseurl=""), post(cover="c.png")) == ""  # type: ignore[arg-type]


def test_a_page_description_is_its_own_first_paragraph() -> None:
    app = make_app(chapbook_description="The  blog.", chapbook_feed_description="Feed.")
    listed = nodes.container(classes=[NO_SEARCH])
    listed += para("A listed post.")
    pager = nodes.container(classes=["chapbook-pager"])
    pager += para("Page 2 of 4")
    inner = nodes.container(classes=["chapbook-empty"])
    inner += para("Nothing here.")
    listed += inner
    document = doc(listed, pager, para("Own words."))
    assert seo.page_description(app, document) == "Own words."  # type: ignore[arg-type]
    assert len(list(document.findall(nodes.paragraph))) == 4  # the page itself is kept whole
    assert seo.page_description(app, doc(listed.deepcopy(), pager.deepcopy())) == "The blog."  # type: ignore[arg-type]
    assert seo.page_description(app, None) == "The blog."  # type: ignore[arg-type]
    app.config.chapbook_description = ""
    assert seo.page_description(app, None) == "Feed."  # type: ignore[arg-type]
    app.config.chapbook_feed_description = "  "
    assert seo.page_description(app, doc()) == "Notes project: The page title"  # type: ignore[arg-type]


def test_the_last_resort_names_the_blog_and_the_page() -> None:
    assert seo._named("Notes", None) == "Notes"
    assert seo._named("Notes", doc()) == "Notes: The page title"
    assert seo._named("The page title", doc()) == "The page title"
    untitled = nodes.document(None, None)  # type: ignore[arg-type]
    assert seo._named("Notes", untitled) == "Notes"
    spaced = nodes.document(None, None)  # type: ignore[arg-type]
    spaced += nodes.title("", "  A \n title ")
    assert seo._named("Notes", spaced) == "Notes: A title"
    blank = nodes.document(None, None)  # type: ignore[arg-type]
    blank += nodes.title("", " ")
    assert seo._named("Notes", blank) == "Notes"


def test_the_page_image_is_its_first_image_or_the_default() -> None:
    app = make_app(chapbook_default_image="card.png")
    app.builder.images = {"post/a.png": "a.png", "post/b.png": "b.png"}
    first = nodes.image(uri="../a.png", candidates={"*": "post/a.png"})
    second = nodes.image(uri="../b.png", candidates={"*": "post/b.png"})
    assert seo._image(app, doc(first, second)) == f"{BASE}_images/a.png"  # type: ignore[arg-type]
    assert seo._image(app, doc(nodes.image(uri="x.png"))) == f"{BASE}card.png"  # type: ignore[arg-type]
    assert seo._image(app, None) == f"{BASE}card.png"  # type: ignore[arg-type]
    app.config.chapbook_default_image = ""
    assert seo._image(app, doc()) == ""  # type: ignore[arg-type]
    del app.builder.images
    assert seo._image(app, doc(first)) == ""  # type: ignore[arg-type]
    assert seo._image(make_app(baseurl=""), doc(first)) == ""  # type: ignore[arg-type]


def test_the_cover_is_copied_for_site_builders_only() -> None:
    app = make_app()
    app.env.images["c.png"] = ({"p"}, "c1.png")
    app.env.chapbook.posts = {"p": post(cover="c.png"), "q": post(cover="gone.png"), "r": post()}
    for name in ("p", "q", "r", "s"):
        seo.copy_cover(app, None, name)  # type: ignore[arg-type]
    assert app.builder.images == {"c.png": "c1.png"}
    app = make_app("latex")
    app.env.images["c.png"] = ({"p"}, "c1.png")
    app.env.chapbook.posts = {"p": post(cover="c.png")}
    seo.copy_cover(app, None, "p")  # type: ignore[arg-type]
    assert app.builder.images == {}


def test_the_meta_tags_replace_the_writers_viewport() -> None:
    app = make_app(baseurl="")
    app.env.chapbook.posts["p"] = post(summary="")
    context = {"metatags": '<meta name="x" content="y" />\n<meta name="viewport" content="w" />\n'}
    seo.add_meta(app, "p", "page.html", context, None)  # type: ignore[arg-type]
    assert context["metatags"] == (
        '<meta name="x" content="y" />\n'
        '<meta property="og:type" content="article" />\n'
        '<meta property="og:site_name" content="Field notes" />\n'
        '<meta name="twitter:card" content="summary" />\n'
    )
    assert context["chapbook_post"] is app.env.chapbook.posts["p"]


def test_the_error_page_is_not_indexed_and_books_get_no_tags() -> None:
    app = make_app(baseurl="")
    context: dict[str, Any] = {}
    seo.add_meta(app, "404", "page.html", context, doc())  # type: ignore[arg-type]
    assert context["metatags"].endswith('<meta name="robots" content="noindex" />\n')
    assert "chapbook_post" not in context
    book = make_app("epub")
    context = {"metatags": "x"}
    seo.add_meta(book, "404", "page.html", context, doc())  # type: ignore[arg-type]
    assert context == {"metatags": "x"}


def test_setup_connects_the_three_steps() -> None:
    calls: list[tuple[str, object]] = []
    app = SimpleNamespace(connect=lambda event, f: calls.append((event, f)))
    assert seo.setup(app) == {"parallel_read_safe": True, "parallel_write_safe": True}  # type: ignore[arg-type]
    assert calls == [
        ("html-page-context", seo.add_meta),
        ("doctree-resolved", seo.copy_cover),
        ("build-finished", seo.write_sitemap),
    ]


def test_the_sitemap_is_written_only_for_a_site_with_an_address(tmp_path: Any) -> None:
    for app, error in ((make_app(baseurl=""), None), (make_app("latex"), None),
                       (make_app(), RuntimeError("x"))):  # fmt: skip
        app.builder.outdir = tmp_path / "out"
        app.builder.outdir.mkdir(exist_ok=True)
        app.doctreedir = tmp_path / "doctrees"
        seo.write_sitemap(app, error)  # type: ignore[arg-type]
    assert list((tmp_path / "out").iterdir()) == []


def test_the_sitemap_lists_every_page_by_address_with_post_dates(tmp_path: Any) -> None:
    app = make_app()
    app.builder.outdir = tmp_path / "out"
    app.builder.outdir.mkdir()
    app.doctreedir = tmp_path / "doctrees"
    app.doctreedir.mkdir()
    app.env.all_docs = {"b/index": 0, "index": 0, "a": 0}
    app.env.chapbook.posts = {"b/index": post(date=dt.date(2024, 5, 1)), "a": post()}
    seo.write_sitemap(app, None)  # type: ignore[arg-type]
    assert (app.builder.outdir / "sitemap.xml").read_text(encoding="utf-8") == (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"  <url>\n    <loc>{BASE}</loc>\n  </url>\n"
        f"  <url>\n    <loc>{BASE}a/</loc>\n  </url>\n"
        f"  <url>\n    <loc>{BASE}b/</loc>\n    <lastmod>2024-05-01</lastmod>\n  </url>\n"
        "</urlset>\n"
    )
    assert (app.builder.outdir / "robots.txt").read_text(encoding="utf-8") == (
        f"User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n"
    )


# -- edges found by mutation testing ---------------------------------------------------------


def test_the_last_resort_names_the_title_not_the_page() -> None:
    assert seo._named("Notes", doc(para("Own words."))) == "Notes: The page title"


def test_the_default_image_keeps_every_letter() -> None:
    app = make_app(chapbook_default_image="/Xcard.png")
    assert seo._image(app, None) == f"{BASE}Xcard.png"  # type: ignore[arg-type]


def test_a_page_without_meta_tags_gets_only_chapbooks() -> None:
    context: dict[str, Any] = {}
    seo.add_meta(make_app(baseurl=""), "about", "page.html", context, None)  # type: ignore[arg-type]
    assert context["metatags"].startswith('<meta name="description"')


def test_the_sitemap_is_written_again_for_a_new_address(tmp_path: Any) -> None:
    app = make_app()
    app.builder.outdir = tmp_path / "out"
    app.builder.outdir.mkdir()
    app.doctreedir = tmp_path / "doctrees"
    app.doctreedir.mkdir()
    app.env.all_docs = {"index": 0}
    seo.write_sitemap(app, None)  # type: ignore[arg-type]
    app.config.html_baseurl = app.builder.config.html_baseurl = "https://y.org/"
    seo.write_sitemap(app, None)  # type: ignore[arg-type]
    assert "<loc>https://y.org/</loc>" in (app.builder.outdir / "sitemap.xml").read_text()
    assert (
        (app.builder.outdir / "robots.txt")
        .read_text()
        .endswith("Sitemap: https://y.org/sitemap.xml\n")
    )


def test_a_pages_own_image_reaches_its_meta_tags() -> None:
    app = make_app()
    app.builder.images = {"post/a.png": "a.png"}
    context: dict[str, Any] = {}
    page = doc(nodes.image(uri="../a.png", candidates={"*": "post/a.png"}))
    seo.add_meta(app, "about", "page.html", context, page)  # type: ignore[arg-type]
    assert f'<meta property="og:image" content="{BASE}_images/a.png" />' in context["metatags"]


@pytest.mark.parametrize("name", ["sitemap.xml", "robots.txt"])
def test_a_deleted_sitemap_is_written_again(tmp_path: Any, name: str) -> None:
    app = make_app()
    app.builder.outdir = tmp_path / "out"
    app.builder.outdir.mkdir()
    app.doctreedir = tmp_path / "doctrees"
    app.doctreedir.mkdir()
    app.env.all_docs = {"index": 0}
    seo.write_sitemap(app, None)  # type: ignore[arg-type]
    (app.builder.outdir / name).unlink()
    seo.write_sitemap(app, None)  # type: ignore[arg-type]
    assert (app.builder.outdir / name).is_file()


def test_an_unchanged_sitemap_is_not_worked_out_again(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    app.builder.outdir = tmp_path / "out"
    app.builder.outdir.mkdir()
    app.doctreedir = tmp_path / "doctrees"
    app.doctreedir.mkdir()
    app.env.all_docs = {"index": 0}
    seo.write_sitemap(app, None)  # type: ignore[arg-type]
    written: list[object] = []
    monkeypatch.setattr(seo.output, "write_if_changed", lambda path, data: written.append(path))
    seo.write_sitemap(app, None)  # type: ignore[arg-type]
    assert written == []

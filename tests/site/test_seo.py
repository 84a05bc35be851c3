"""Canonical URLs, OpenGraph and Twitter tags, sitemap, robots.txt, redirects."""

from __future__ import annotations

import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.helpers import ROOTS, page, warnings_of

BASE = "https://blog.example.com/blog/"


def metas(soup, attribute: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in soup.find_all("meta", attrs={attribute: True}):
        found.setdefault(tag[attribute], []).append(tag["content"])
    return found


@pytest.mark.sphinx("dirhtml", testroot="feeds", freshenv=True)
def test_post_pages_are_articles(app) -> None:
    app.build()
    soup = page(app, "with-image")
    props = metas(soup, "property")
    assert props["og:type"] == ["article"]
    assert props["og:title"] == ["With image"]
    assert props["og:url"] == [f"{BASE}with-image/"]
    assert props["article:published_time"] == ["2025-03-01"]
    assert props["article:tag"] == ["deep learning"]
    image = props["og:image"][0]
    assert image.startswith(f"{BASE}_images/") and (app.outdir / image[len(BASE) :]).is_file()
    assert metas(soup, "name")["twitter:card"] == ["summary_large_image"]
    assert soup.find("link", rel="canonical")["href"] == f"{BASE}with-image/"


@pytest.mark.sphinx("dirhtml", testroot="feeds", freshenv=True)
def test_other_pages_are_websites(app) -> None:
    app.build()
    props = metas(page(app, "about"), "property")
    assert props["og:type"] == ["website"]
    assert props["og:description"] == ["A page, not a post."]
    assert "article:published_time" not in props


@pytest.mark.sphinx("dirhtml", testroot="feeds", freshenv=True)
def test_markup_is_escaped_in_meta_tags(app) -> None:
    app.build()
    raw = (app.outdir / "hostile" / "index.html").read_text()
    head = raw.split("</head>")[0]
    assert "<script>alert" not in head and "<b>x" not in head
    props = metas(page(app, "hostile"), "property")
    assert props["og:title"] == ["Tom & Jerry <script>alert(1)</script>"]
    assert props["og:description"] == ["Q&A <b>x</b>"]


@pytest.mark.sphinx("dirhtml", testroot="feeds", freshenv=True)
def test_sitemap_lists_every_page_once_with_the_posts_dates(app) -> None:
    app.build()
    tree = ET.parse(app.outdir / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = [
        (url.findtext("s:loc", namespaces=ns), url.findtext("s:lastmod", namespaces=ns))
        for url in tree.getroot().findall("s:url", ns)
    ]
    # Every page, in URL order, once; a post with its date; no draft, no 404 page.
    assert entries == [
        (BASE, None),
        (f"{BASE}about/", None),
        (f"{BASE}archive/", None),
        (f"{BASE}archive/2023/", None),
        (f"{BASE}archive/2024/", None),
        (f"{BASE}archive/2025/", None),
        (f"{BASE}hostile/", "2024-02-01"),
        (f"{BASE}oldest/", "2023-01-01"),
        (f"{BASE}popular/", None),
        (f"{BASE}tags/", None),
        (f"{BASE}tags/deep-learning/", None),
        (f"{BASE}tags/misc/", None),
        (f"{BASE}tags/r-d/", None),
        (f"{BASE}timed/", "2024-06-01"),  # 18:30 at +02:00: the day as written
        (f"{BASE}with-image/", "2025-03-01"),
    ]
    for url, _ in entries:
        assert (app.outdir / url[len(BASE) :] / "index.html").is_file(), url
    robots = (app.outdir / "robots.txt").read_text()
    assert robots == f"User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n"


@pytest.mark.sphinx("dirhtml", testroot="feeds", freshenv=True)
def test_aliases_redirect_to_the_post(app) -> None:
    app.build()
    for alias in ("old/tom-and-jerry/index.html", "2024/02/tom.html"):
        soup = page(app, "hostile").__class__((app.outdir / alias).read_text(), "lxml")
        refresh = soup.find("meta", attrs={"http-equiv": "refresh"})["content"]
        target = refresh.split("url=", 1)[1]
        assert ((app.outdir / alias).parent / target / "index.html").resolve() == (
            app.outdir / "hostile" / "index.html"
        ).resolve()
        assert soup.find("link", rel="canonical")["href"] == f"{BASE}hostile/"
        assert "<script>" not in (app.outdir / alias).read_text()
    assert (
        "hostile.md:6: WARNING: front-matter 'aliases': item 3 '../../../escape' is not a path on this site [chapbook.frontmatter]"
        in warnings_of(app)
    )
    assert not (app.outdir.parent / "escape").exists()


GUARDED = "moved.md:4: WARNING: redirect /{} would replace a page or leave the site; skipped [chapbook.redirect]"


@pytest.mark.sphinx("dirhtml", testroot="aliasclash", freshenv=True)
def test_an_alias_never_replaces_a_page(app) -> None:
    app.build()
    about = page(app, "about")
    assert about.find("meta", attrs={"http-equiv": "refresh"}) is None
    assert about.select_one("article h1").get_text().rstrip("#¶") == "About"
    assert GUARDED.format("about/index.html") in warnings_of(app)
    # The post's other, harmless alias is still written.
    assert 'url=../moved/"' in (app.outdir / "old-moved" / "index.html").read_text()


@pytest.mark.sphinx("dirhtml", testroot="aliasclash", freshenv=True)
def test_an_alias_that_leaves_the_site_once_decoded_is_not_written(app) -> None:
    # "/a%3F/../../escape" passes the front-matter check, which reads "%3F" as
    # the start of a query; decoded, it names a folder beside the output.
    app.build()
    assert GUARDED.format("a?/../../escape/index.html") in warnings_of(app)
    assert not (app.outdir.parent / "escape").exists()
    assert not (app.outdir / "a?").exists()
    assert sorted(w for w in warnings_of(app)) == sorted(
        GUARDED.format(p) for p in ("about/index.html", "a?/../../escape/index.html")
    )


@pytest.mark.sphinx("dirhtml", testroot="feeds", freshenv=True)
def test_links_to_an_old_address_reach_the_post(app) -> None:
    app.build()
    links = {a.get_text(): a["href"] for a in page(app, "with-image").select("a")}
    assert links["his old address"] == "../hostile/"
    assert not [w for w in warnings_of(app) if "chapbook.link" in w]


@pytest.mark.sphinx("dirhtml", testroot="feeds", freshenv=True)
def test_spaced_tag_urls_can_be_kept(app) -> None:
    app.build()
    redirect = (app.outdir / "tags" / "deep learning" / "index.html").read_text()
    assert 'url=../deep-learning/"' in redirect


def test_removed_alias_stops_redirecting(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-feeds", src)
    post = src / "hostile.md"
    for step in ("before", "after"):
        app = SphinxTestApp("dirhtml", srcdir=src, builddir=tmp_path / "out")
        app.build()
        app.cleanup()
        exists = (Path(app.outdir) / "old" / "tom-and-jerry" / "index.html").exists()
        assert exists == (step == "before")
        post.write_text(post.read_text().replace("/old/tom-and-jerry, ", ""))


def local_urls(soup) -> list[str]:
    """Every URL of a page that points into the site itself."""
    found = [tag.get("href") for tag in soup.find_all(["a", "link"], href=True)]
    found += [tag.get("src") for tag in soup.find_all(["script", "img"], src=True)]
    return [u for u in found if u and not u.startswith(("#", "http:", "https:", "mailto:"))]


@pytest.mark.sphinx("dirhtml", testroot="feeds", freshenv=True)
def test_not_found_page_works_at_any_depth(app) -> None:
    app.build()
    nested = app.outdir / "404" / "index.html"
    root = app.outdir / "404.html"
    assert nested.read_bytes() == root.read_bytes()
    soup = page(app, "404")
    urls = local_urls(soup)
    assert urls
    # Absolute paths under the site's own prefix: right wherever the page is served.
    assert all(u.startswith("/blog/") for u in urls), urls
    for url in urls:
        path = url.split("?")[0][len("/blog/") :]
        assert (app.outdir / path).is_file() or (app.outdir / path / "index.html").is_file(), url
    assert soup.select_one("a.navbar-brand")["href"] == "/blog/"
    assert {a.get_text(): a["href"] for a in soup.select("nav.chapbook-nav a")}["Home"] == "/blog/"
    assert metas(soup, "name")["robots"] == ["noindex"]
    assert "404" not in (app.outdir / "sitemap.xml").read_text()


@pytest.mark.sphinx("dirhtml", testroot="feeds", freshenv=True)
def test_every_page_has_the_favicon(app) -> None:
    app.build()
    for docname in ("index", "with-image", "tags/r-d"):
        icon = page(app, docname).find("link", rel="icon")["href"]
        folder = app.outdir if docname == "index" else app.outdir / docname
        assert (folder / icon.split("?")[0]).is_file(), icon
    assert page(app, "404").find("link", rel="icon")["href"].startswith("/blog/_static/")


def test_the_sitemap_is_made_again_only_when_its_pages_or_dates_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chapbook.site import seo

    made: list[int] = []
    indent = ET.indent
    monkeypatch.setattr(seo.ET, "indent", lambda tree: (made.append(1), indent(tree)))
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-feeds", src)

    def build(name: str = "a", fresh: bool = False) -> Path:
        made.clear()
        app = SphinxTestApp("dirhtml", srcdir=src, builddir=tmp_path / name, freshenv=fresh)
        app.build()
        app.cleanup()
        return Path(app.outdir)

    outdir = build(fresh=True)
    assert made == [1]
    oldest = src / "oldest.md"
    oldest.write_text(oldest.read_text() + "\n% A comment: read again, shown nowhere.\n")
    build()
    assert made == []  # the same pages and dates
    oldest.write_text(oldest.read_text().replace("'2023-01-01'", "'2001-01-01'"))
    build()
    assert made == [1]
    (src / "new-page.md").write_text("# A new page\n")
    build()
    assert made == [1]
    (outdir / "robots.txt").unlink()
    build()
    assert made == [1]
    for name in ("sitemap.xml", "robots.txt"):
        assert (outdir / name).read_bytes() == (build("clean", fresh=True) / name).read_bytes()
    assert f"{BASE}new-page/" in (outdir / "sitemap.xml").read_text()

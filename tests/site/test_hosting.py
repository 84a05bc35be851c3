"""Hosting that keeps the blog's addresses: Read the Docs at the root, a site under a path,
``_redirects`` for Netlify and Cloudflare Pages, ``.nojekyll`` for GitHub Pages.

The root ``test-hosting`` is a blog served under ``https://example.org/blog/``
with old addresses: four aliases (one with a non-ASCII letter, one an ``.html``
file) and tags with spaces.  The deploy check (``chapbook.site.checklinks``)
has its own tests in ``test_hosting_check.py``.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from tests.helpers import ROOTS, page, warnings_of

if TYPE_CHECKING:
    from pathlib import Path

BASE = "https://example.org/blog/"
PREFIX = "/blog/"
RTD = {
    "READTHEDOCS": "True",
    "READTHEDOCS_PROJECT": "blog",
    "READTHEDOCS_VERSION": "latest",
    "READTHEDOCS_VERSION_TYPE": "branch",
}


def on_read_the_docs(monkeypatch: pytest.MonkeyPatch, canonical: str | None) -> None:
    """The build's environment as Read the Docs sets it, with its canonical address (or none)."""
    for name, value in RTD.items():
        monkeypatch.setenv(name, value)
    if canonical is None:
        monkeypatch.delenv("READTHEDOCS_CANONICAL_URL", raising=False)
    else:
        monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", canonical)


RTD_WARNING = (
    "WARNING: Read the Docs serves this site under {prefix}, not at the root: its feeds, "
    "aliases and tag redirects will not answer at their old addresses; set the project's "
    'Versioning scheme to "Single version without translations" (Admin > Settings on '
    "Read the Docs) [chapbook.hosting]"
)
#: The root's redirects: its four aliases, and its two spaced tags in three forms.
REDIRECTS = [
    "/blog/2019/01/first/ /blog/posts/first/ 301",
    "/blog/caf%C3%A9/ /blog/posts/second/ 301",
    "/blog/old-first.html /blog/posts/first/ 301",
    "/blog/second/ /blog/posts/second/ 301",
    "/blog/tags/Tech%20Companies/ /blog/tags/tech-companies/ 301",
    "/blog/tags/deep%20learning/ /blog/tags/deep-learning/ 301",
    "/blog/tags/tech%20companies/ /blog/tags/tech-companies/ 301",
]


@pytest.fixture
def no_rtd(monkeypatch: pytest.MonkeyPatch) -> None:
    """A build that is not on Read the Docs, whatever runs the tests."""
    for name in (*RTD, "READTHEDOCS_CANONICAL_URL"):
        monkeypatch.delenv(name, raising=False)


def xml(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def rules(outdir: Path) -> list[str]:
    """The lines of ``_redirects`` that are rules (not comments)."""
    text = (outdir / "_redirects").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def refresh_target(path: Path) -> str:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    content = soup.find("meta", attrs={"http-equiv": "refresh"})["content"]
    return content.split("url=", 1)[1]


# -- 1. Read the Docs at the root --------------------------------------------------------


@pytest.mark.parametrize(
    ("canonical", "prefix"),
    [
        ("https://blog.readthedocs.io/en/latest/", "/en/latest/"),
        ("https://blog.readthedocs.io/latest/", "/latest/"),
        (None, "/blog/"),  # without the variable: html_baseurl
    ],
)
@pytest.mark.sphinx("dirhtml", testroot="hosting", freshenv=True)
def test_read_the_docs_under_a_prefix_warns_once(
    app, monkeypatch: pytest.MonkeyPatch, canonical: str | None, prefix: str
) -> None:
    on_read_the_docs(monkeypatch, canonical)
    app.build()
    assert warnings_of(app) == [RTD_WARNING.format(prefix=prefix)]


@pytest.mark.sphinx(
    "dirhtml",
    testroot="hosting",
    freshenv=True,
    confoverrides={"html_baseurl": "https://blog.example.org/"},
)
def test_read_the_docs_at_the_root_does_not_warn(app, monkeypatch: pytest.MonkeyPatch) -> None:
    """The "Single version without translations" scheme on the blog's own domain."""
    on_read_the_docs(monkeypatch, "https://blog.example.org/")
    app.build()
    assert warnings_of(app) == []


@pytest.mark.sphinx("dirhtml", testroot="hosting", freshenv=True)
def test_a_prefix_elsewhere_does_not_warn(app, no_rtd: None) -> None:
    app.build()
    assert warnings_of(app) == []


@pytest.mark.sphinx("dirhtml", testroot="hosting", freshenv=True)
def test_a_pull_request_preview_does_not_warn(app, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read the Docs builds pull requests under their own address, never the blog's."""
    for name, value in {**RTD, "READTHEDOCS_VERSION": "123"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("READTHEDOCS_VERSION_TYPE", "external")  # a pull request's build
    monkeypatch.setenv(
        "READTHEDOCS_CANONICAL_URL", "https://blog--123.org.readthedocs.build/en/123/"
    )
    app.build()
    assert warnings_of(app) == []


@pytest.mark.sphinx(
    "dirhtml",
    testroot="hosting",
    freshenv=True,
    confoverrides={"chapbook_feeds": {}, "chapbook_tag_space_redirects": False},
)
def test_the_warning_names_only_the_old_addresses_the_site_keeps(
    app, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_read_the_docs(monkeypatch, "https://blog.readthedocs.io/en/latest/")
    app.build()
    expected = RTD_WARNING.format(prefix="/en/latest/").replace(
        "its feeds, aliases and tag redirects", "its aliases"
    )
    assert warnings_of(app) == [expected]


@pytest.mark.sphinx("dirhtml", testroot="bare", freshenv=True)
def test_a_new_blog_under_a_prefix_is_told_of_its_feeds(
    app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No aliases, no tag redirects: nothing has old addresses, but subscribers keep the
    feeds' addresses from the first day."""
    on_read_the_docs(monkeypatch, "https://blog.readthedocs.io/en/latest/")
    app.build()
    assert warnings_of(app) == [
        "WARNING: Read the Docs serves this site under /en/latest/, not at the root: its "
        "feeds' addresses, which readers subscribe to, will include /en/latest/; to serve "
        "the blog at the root before anyone subscribes, set the project's Versioning scheme "
        'to "Single version without translations" (Admin > Settings on Read the Docs) '
        "[chapbook.hosting]"
    ]


@pytest.mark.sphinx("dirhtml", testroot="bare", freshenv=True, confoverrides={"chapbook_feeds": {}})
def test_a_new_blog_without_feeds_under_a_prefix_is_not_warned(
    app, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_read_the_docs(monkeypatch, "https://blog.readthedocs.io/en/latest/")
    app.build()
    assert warnings_of(app) == []


# -- 2. every output under the prefix -----------------------------------------------------


@pytest.mark.sphinx("dirhtml", testroot="hosting", freshenv=True)
def test_feeds_carry_the_prefix(app, no_rtd: None) -> None:
    app.build()
    rss = xml(app.outdir / "rss.xml").find("channel")
    assert rss.findtext("link") == BASE
    assert rss.find("{http://www.w3.org/2005/Atom}link").get("href") == f"{BASE}rss.xml"
    assert [item.findtext("link") for item in rss.iter("item")] == [
        f"{BASE}posts/second/",
        f"{BASE}posts/first/",
    ]
    atom = "{http://www.w3.org/2005/Atom}"
    for path, self_url in (("atom.xml", "atom.xml"), ("tags/notes/atom.xml", None)):
        feed = xml(app.outdir / path)
        links = {link.get("rel"): link.get("href") for link in feed.findall(f"{atom}link")}
        assert links["self"] == BASE + (self_url or path)
        entries = [e.find(f"{atom}link").get("href") for e in feed.iter(f"{atom}entry")]
        assert entries and all(url.startswith(f"{BASE}posts/") for url in entries)
    # The first post's image and its link to the second, absolute for feed readers.
    body = rss.findall("item")[1].findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    soup = BeautifulSoup(body, "lxml")
    assert soup.find("img")["src"].startswith(f"{BASE}_images/")
    assert soup.find("a", string="a link to the second")["href"] == f"{BASE}posts/second/"
    alternates = page(app, "posts/first").find_all("link", rel="alternate")
    assert {link["href"] for link in alternates} == {
        BASE + n for n in ("rss.xml", "feed.xml", "atom.xml")
    }


@pytest.mark.sphinx("dirhtml", testroot="hosting", freshenv=True)
def test_the_sitemap_carries_the_prefix(app, no_rtd: None) -> None:
    app.build()
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = [loc.text for loc in xml(app.outdir / "sitemap.xml").iter(f"{ns}loc")]
    assert BASE in urls and f"{BASE}posts/first/" in urls
    for url in urls:
        assert url.startswith(BASE)
        assert (app.outdir / url[len(BASE) :] / "index.html").is_file(), url
    robots = (app.outdir / "robots.txt").read_text()
    assert robots.splitlines()[-1] == f"Sitemap: {BASE}sitemap.xml"


@pytest.mark.sphinx("dirhtml", testroot="hosting", freshenv=True,
                    confoverrides={"html_baseurl": BASE.rstrip("/")})  # fmt: skip
def test_robots_txt_names_the_sitemap_under_an_unslashed_base_url(app, no_rtd: None) -> None:
    """``html_baseurl = "https://example.org/blog"`` (no slash) is the same site: the sitemap
    is ``.../blog/sitemap.xml``, never ``.../blogsitemap.xml``."""
    app.build()
    robots = (app.outdir / "robots.txt").read_text()
    assert robots.splitlines()[-1] == f"Sitemap: {BASE}sitemap.xml"
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert f"{BASE}posts/first/" in [
        loc.text for loc in xml(app.outdir / "sitemap.xml").iter(f"{ns}loc")
    ]


@pytest.mark.sphinx("dirhtml", testroot="hosting", freshenv=True)
def test_canonical_links_carry_the_prefix(app, no_rtd: None) -> None:
    app.build()
    for docname, path in (
        ("posts/first", "posts/first/"),
        ("index", ""),
        ("tags/notes", "tags/notes/"),
    ):
        soup = page(app, docname)
        assert soup.find("link", rel="canonical")["href"] == BASE + path
        assert soup.find("meta", property="og:url")["content"] == BASE + path
    image = page(app, "posts/first").find("meta", property="og:image")["content"]
    assert image.startswith(f"{BASE}_images/")


@pytest.mark.sphinx("dirhtml", testroot="hosting", freshenv=True)
def test_redirect_pages_carry_the_prefix(app, no_rtd: None) -> None:
    app.build()
    for old, post in (
        ("2019/01/first/index.html", "posts/first/"),
        ("old-first.html", "posts/first/"),
    ):
        soup = BeautifulSoup((app.outdir / old).read_text(encoding="utf-8"), "lxml")
        assert soup.find("link", rel="canonical")["href"] == BASE + post
        # Served at BASE + old, the relative refresh lands on the post under the prefix.
        assert urljoin(BASE + old, refresh_target(app.outdir / old)) == BASE + post


@pytest.mark.sphinx("dirhtml", testroot="hosting", freshenv=True)
def test_the_404_page_carries_the_prefix(app, no_rtd: None) -> None:
    app.build()
    for path in ("404.html", "404/index.html"):
        soup = BeautifulSoup((app.outdir / path).read_text(encoding="utf-8"), "lxml")
        local = [tag.get("href") for tag in soup.find_all(["a", "link"], href=True)]
        local += [tag.get("src") for tag in soup.find_all(["script", "img"], src=True)]
        local = [url for url in local if not url.startswith(("#", "http:", "https:", "mailto:"))]
        assert local and all(url.startswith(PREFIX) for url in local), path
        nav = {a.get_text(strip=True): a["href"]
               for a in soup.select(".chapbook-masthead-links a")}  # fmt: skip
        home = soup.select_one(".chapbook-masthead-name")["href"]
        assert home == PREFIX and nav["Archive"] == f"{PREFIX}archive/"
        assert soup.find("link", rel="canonical")["href"] == f"{BASE}404/"


@pytest.mark.sphinx("dirhtml", testroot="hosting", freshenv=True)
def test_redirects_file_carries_the_prefix(app, no_rtd: None) -> None:
    app.build()
    assert rules(app.outdir) == REDIRECTS


# -- 3. _redirects and .nojekyll ----------------------------------------------------------


@pytest.mark.sphinx("dirhtml", testroot="hosting", freshenv=True)
def test_redirects_file_matches_the_redirect_pages(app, no_rtd: None) -> None:
    app.build()
    found = rules(app.outdir)
    aliases = 4  # in the posts' front-matter
    tag_forms = 3  # 'deep learning'; 'Tech Companies' lowercased and as written
    assert len(found) == aliases + tag_forms
    pages = {
        PREFIX + str(path.relative_to(app.outdir)).removesuffix("index.html")
        for path in app.outdir.rglob("*.html")
        if 'http-equiv="refresh"' in path.read_text(encoding="utf-8")
    }
    assert {unquote(rule.split()[0]) for rule in found} == pages
    for rule in found:
        source, target, status = rule.split()
        assert status == "301"
        relative = unquote(source)[len(PREFIX) :]
        file = app.outdir / (relative + "index.html" if relative.endswith("/") else relative)
        # The page's meta refresh, from the same address, goes where the rule goes.
        landed = urlsplit(urljoin("https://example.org" + source, refresh_target(file))).path
        assert landed == target, rule


@pytest.mark.sphinx(
    "dirhtml", testroot="hosting", freshenv=True, confoverrides={"chapbook_redirects_file": False}
)
def test_the_redirects_file_can_be_turned_off(app, no_rtd: None) -> None:
    app.build()
    assert not (app.outdir / "_redirects").exists()
    assert (app.outdir / "2019" / "01" / "first" / "index.html").is_file()  # the pages stay


def test_turning_it_off_removes_the_file(tmp_path: Path, no_rtd: None) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-hosting", src)
    for enabled in (True, False):
        app = SphinxTestApp(
            "dirhtml",
            srcdir=src,
            builddir=tmp_path / "out",
            confoverrides={"chapbook_redirects_file": enabled},
        )
        app.build()
        app.cleanup()
        assert (app.outdir / "_redirects").exists() == enabled
    assert (app.outdir / "second" / "index.html").is_file()


def test_the_sites_own_redirects_file_is_kept(tmp_path: Path, no_rtd: None) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-hosting", src)
    (src / "static").mkdir()
    (src / "static" / "_redirects").write_text("/news/* /blog/:splat 301\n")
    with (src / "conf.py").open("a") as conf:
        conf.write('html_extra_path = ["static"]\nexclude_patterns += ["static"]\n')
    app = SphinxTestApp("dirhtml", srcdir=src, builddir=tmp_path / "out")
    app.build()
    app.cleanup()
    assert (app.outdir / "_redirects").read_text() == "/news/* /blog/:splat 301\n"
    assert warnings_of(app) == [
        "WARNING: _redirects in the output is the site's own (html_extra_path): kept, without "
        "Chapbook's redirects; add them to it, or set chapbook_redirects_file = False "
        "[chapbook.redirect]"
    ]


@pytest.mark.parametrize("builder", ["dirhtml", "html"])
def test_nojekyll_lets_github_pages_serve_underscore_folders(
    tmp_path: Path, builder: str, no_rtd: None
) -> None:
    shutil.copytree(ROOTS / "test-hosting", tmp_path / "src")
    app = SphinxTestApp(builder, srcdir=tmp_path / "src", builddir=tmp_path / "out")
    app.build()
    app.cleanup()
    assert (app.outdir / ".nojekyll").read_bytes() == b""
    assert (app.outdir / "_static").is_dir() and (app.outdir / "_images").is_dir()


def test_a_file_the_site_copies_over_an_old_redirect_is_kept(tmp_path: Path, no_rtd: None) -> None:
    """A redirect page of an earlier build, where the site now copies a file of its own.

    The incremental build skipped the redirect and then removed the file as a stale
    redirect; a clean build keeps it: the two must be the same.
    """
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-hosting", src)
    first = SphinxTestApp("dirhtml", srcdir=src, builddir=tmp_path / "out")
    first.build()
    first.cleanup()
    assert 'url=../posts/second/"' in (first.outdir / "second" / "index.html").read_text()

    (src / "static" / "second").mkdir(parents=True)
    (src / "static" / "second" / "index.html").write_text("<p>The site's own page</p>\n")
    with (src / "conf.py").open("a") as conf:
        conf.write('html_extra_path = ["static"]\nexclude_patterns += ["static"]\n')
    skipped = (
        "posts/second.md:5: WARNING: redirect /second/index.html would replace a file the "
        "site writes; skipped [chapbook.redirect]"
    )
    outputs = {}
    for name, fresh in (("incremental", False), ("clean", True)):
        app = SphinxTestApp(
            "dirhtml", srcdir=src, builddir=tmp_path / ("out" if name == "incremental" else name),
            freshenv=fresh,
        )  # fmt: skip
        app.build()
        app.cleanup()
        assert warnings_of(app) == [skipped], name
        outputs[name] = (app.outdir / "second" / "index.html").read_text()
    assert outputs == dict.fromkeys(outputs, "<p>The site's own page</p>\n")

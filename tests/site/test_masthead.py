"""The masthead on every page: the blog's name, its description and links, search, light/dark.

``tests/roots/test-masthead`` names the blog with markup in it and sets a
description and one link of each kind (a page, a page's section, a feed, the
search page, another site, a mail address).  The left sidebar is off unless
``chapbook_sidebar`` asks for it.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest

from tests.helpers import page, warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from bs4 import BeautifulSoup
    from sphinx.testing.util import SphinxTestApp

PAGES = ("index", "about", "first-post", "tags/harbour", "search", "404")


def masthead(soup: BeautifulSoup) -> BeautifulSoup:
    found = soup.select("header .chapbook-masthead")
    assert len(found) == 1
    return found[0]


def links(soup: BeautifulSoup) -> list[tuple[str, str]]:
    return [(a.get_text(), a["href"]) for a in masthead(soup).select("nav li a")]


@pytest.mark.sphinx("dirhtml", testroot="masthead", freshenv=True)
def test_every_page_has_one_banner_with_the_masthead(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    for docname in PAGES:
        soup = page(app, docname)
        assert len(soup.select("header")) == len(soup.select("article header")) + 1, docname
        head = masthead(soup)
        name = head.select_one("a.chapbook-masthead-name")
        # The name is text: the markup in it is shown, not obeyed.
        assert name.get_text() == "Harbour <b>notes</b>", docname
        assert name.find("b") is None
        assert name["rel"] == ["home"]
        description = head.select_one(".chapbook-masthead-description").get_text()
        assert description == "Tides, nets and weather"
        assert head.select_one("nav")["aria-label"] == "Sections"
        # The theme's own search button and light/dark switch; a link to search without script.
        assert head.select_one("button.search-button") is not None
        search = head.select_one("noscript a")["href"]
        assert search == "#" if docname == "search" else search.endswith("search/"), docname
        assert head.select_one("button.theme-switch-button") is not None


@pytest.mark.sphinx("dirhtml", testroot="masthead", freshenv=True)
def test_links_are_relative_to_each_page(app: SphinxTestApp) -> None:
    app.build()
    external = [
        ("Subscribe", "https://letters.example.org/harbour"),
        ("Write", "mailto:keeper@example.org"),
    ]
    assert links(page(app, "index")) == [
        ("About", "about/"),
        ("First", "first-post/#the-board"),
        ("RSS", "rss.xml"),
        ("Search", "search/"),
        *external,
    ]
    post = page(app, "first-post")
    assert links(post) == [
        ("About", "../about/"),
        ("First", "#the-board"),
        ("RSS", "../rss.xml"),
        ("Search", "../search/"),
        *external,
    ]
    assert masthead(post).select_one("a.chapbook-masthead-name")["href"] == "../"
    # The 404 page is served at any depth: its links start at the site's root.
    assert links(page(app, "404"))[:3] == [
        ("About", "/about/"),
        ("First", "/first-post/#the-board"),
        ("RSS", "/rss.xml"),
    ]


@pytest.mark.sphinx("html", testroot="masthead", freshenv=True)
def test_links_follow_the_builder_s_addresses(app: SphinxTestApp) -> None:
    app.build()
    assert links(page(app, "first-post"))[:4] == [
        ("About", "about.html"),
        ("First", "#the-board"),
        ("RSS", "rss.xml"),
        ("Search", "search.html"),
    ]


@pytest.mark.sphinx("dirhtml", testroot="masthead", freshenv=True)
def test_the_current_page_is_marked(app: SphinxTestApp) -> None:
    app.build()
    about = masthead(page(app, "about"))
    assert [a.get_text() for a in about.select("[aria-current=page]")] == ["About"]
    home = masthead(page(app, "index"))
    assert [a["class"] for a in home.select("[aria-current=page]")] == [["chapbook-masthead-name"]]


@pytest.mark.sphinx("dirhtml", testroot="masthead", freshenv=True)
def test_no_sidebar_and_no_documentation_buttons_by_default(app: SphinxTestApp) -> None:
    app.build()
    soup = page(app, "first-post")
    assert soup.select("nav.chapbook-nav") == []
    assert soup.select(".sidebar-primary-item") == []
    assert "hide-on-wide" in soup.select_one(".bd-sidebar-primary")["class"]
    # The book theme's bar above the article: its menu button, light/dark, search.
    assert soup.select(".bd-header-article .header-article-item") == []
    assert len(soup.select("button.theme-switch-button")) == 1
    assert len(soup.select("button.search-button")) == 1


@pytest.mark.sphinx(
    "dirhtml", testroot="masthead", freshenv=True, confoverrides={"chapbook_sidebar": True}
)
def test_the_sidebar_when_asked_for(app: SphinxTestApp) -> None:
    app.build()
    soup = page(app, "first-post")
    # No post is popular here: the sidebar leaves Popular out, as the masthead does.
    assert [a.get_text() for a in soup.select(".bd-sidebar-primary nav.chapbook-nav a")][:2] == [
        "Home",
        "Archive",
    ]
    # On a phone the book theme's button opens it; the name is in the masthead only.
    assert soup.select_one(".bd-header-article button.primary-toggle") is not None
    assert soup.select(".bd-sidebar-primary .navbar-brand") == []
    masthead(soup)


@pytest.mark.sphinx(
    "dirhtml",
    testroot="masthead",
    freshenv=True,
    confoverrides={
        "html_theme_options": {"navbar_start": ["navbar-logo.html"]},
        "html_sidebars": {"**": ["chapbook-nav.html"]},
    },
)
def test_a_site_s_own_theme_options_win(app: SphinxTestApp) -> None:
    """Each key set in conf.py wins; the others stay Chapbook's."""
    app.build()
    soup = page(app, "first-post")
    assert soup.select(".chapbook-masthead") == []
    assert soup.select_one("header .navbar-brand") is not None
    assert soup.select_one(".bd-sidebar-primary nav.chapbook-nav") is not None
    # A sidebar: the book theme's button to open it, and none of its other buttons.
    header = soup.select_one(".bd-header-article")
    assert header.select_one("button.primary-toggle") is not None
    assert header.select("button.theme-switch-button, button.search-button") == []


# -- the setting checked: a link that cannot be used is left out, with one warning ------


BAD_LINK = {
    "chapbook_masthead_links": [
        ("About", "/about/"),
        ("Run", "javascript:alert(1)"),
        ("Tides", "https://tides.example.org/"),
    ]
}


@pytest.mark.sphinx("dirhtml", testroot="masthead", freshenv=True, confoverrides=BAD_LINK)
def test_a_link_with_a_refused_scheme_is_left_out(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == [
        "WARNING: chapbook_masthead_links: ('Run', 'javascript:alert(1)') is left out: its "
        "scheme 'javascript:' is not one posts may use (http, https, mailto or a relative "
        "address) [chapbook.config]"
    ]
    assert links(page(app, "about")) == [("About", "#"), ("Tides", "https://tides.example.org/")]
    assert "javascript" not in str(page(app, "index"))


@pytest.mark.parametrize(
    ("link", "reason"),
    [
        (("", "/about/"), "it has no title"),
        (("Spaced", "/about us/"), "its address is empty or holds a space, quote or control "
         "character"),
        (("Quoted", '/about/"onmouseover="x'), "its address is empty or holds a space, quote "
         "or control character"),
        (("Other", "//evil.example.org/"), "a site path starts with one '/' (/about/), another "
         "site's address with https://"),
        (("Relative", "about/"), "a site path starts with one '/' (/about/), another site's "
         "address with https://"),
        (("Up", "/../secret/"), "a site path has no '..' in it"),
        (("Hostless", "https:///about/"), "its address names no host"),
        (("Data", "data:text/html;base64,eA=="), "its scheme 'data:' is not one posts may use "
         "(http, https, mailto or a relative address)"),
        (("Vb", "vbscript:x"), "its scheme 'vbscript:' is not one posts may use (http, https, "
         "mailto or a relative address)"),
    ],
)  # fmt: skip
def test_each_unusable_link_gives_one_warning(
    make_app: Callable[..., SphinxTestApp],
    rootdir: Path,
    tmp_path: Path,
    link: tuple[str, str],
    reason: str,
) -> None:
    shutil.copytree(rootdir / "test-masthead", tmp_path / "src")
    value = {"chapbook_masthead_links": [link, ("About", "/about/")]}
    app = make_app("dirhtml", srcdir=tmp_path / "src", confoverrides=value)
    assert warnings_of(app) == [
        f"WARNING: chapbook_masthead_links: {link!r} is left out: {reason} [chapbook.config]"
    ]
    assert app.config.chapbook_masthead_links == [("About", "/about/")]


@pytest.mark.sphinx(
    "dirhtml",
    testroot="masthead",
    freshenv=True,
    confoverrides={"chapbook_masthead_links": [("About", "/about/"), "RSS"]},
)
def test_a_value_of_the_wrong_shape_is_replaced_by_the_default(app: SphinxTestApp) -> None:
    assert warnings_of(app) == [
        "WARNING: chapbook_masthead_links = [('About', '/about/'), 'RSS'] item 'RSS' is not a "
        "(title, address) pair of texts; using [('About', '/about/'), ('Popular', "
        "'/popular/'), ('Archive', '/archive/'), ('Tags', '/tags/'), ('RSS', '/rss.xml')] "
        "[chapbook.config]"
    ]


@pytest.mark.sphinx(
    "dirhtml",
    testroot="masthead",
    freshenv=True,
    confoverrides={"chapbook_masthead_links": [("Team", "/team/"), ("About", "/about/")]},
)
def test_a_site_path_that_matches_nothing_is_reported_and_left_out(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == [
        "WARNING: chapbook_masthead_links: '/team/' (Team) matches no page or file of the "
        "site; it is left out [chapbook.config]"
    ]
    assert links(page(app, "index")) == [("About", "about/")]


@pytest.mark.sphinx("dirhtml", testroot="bare-theme", freshenv=True)
def test_default_links_to_pages_a_blog_lacks_are_left_out_silently(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    # No about page: About is left out, and Popular while no post is popular; the rest
    # are pages and feeds every blog has.
    assert [title for title, _ in links(page(app, "first-post"))] == [
        "Archive",
        "Tags",
        "RSS",
    ]


# -- incremental: a page of the masthead that goes takes its link with it -----------------


def build_links(
    src: Path,
    out: Path,
    links_setting: list[tuple[str, str]],
    docs: tuple[str, ...],
    *,
    fresh: bool,
) -> dict[str, list]:
    """Build ``src`` into ``out`` (incrementally unless ``fresh``): each page's masthead
    links, and, under ``""``, the build's warnings."""
    from sphinx.testing.util import SphinxTestApp

    overrides = {"chapbook_masthead_links": links_setting}
    app = SphinxTestApp(
        "dirhtml", srcdir=src, builddir=out, freshenv=fresh, confoverrides=overrides
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return {"": warnings_of(app), **{doc: links(page(app, doc)) for doc in docs}}


def test_a_removed_page_leaves_every_masthead_as_a_clean_build_s(
    rootdir: Path, tmp_path: Path
) -> None:
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-masthead", src)
    linked = [("About", "/about/"), ("RSS", "/rss.xml")]
    docs = ("index", "first-post")

    build_links(src, tmp_path / "out", linked, docs, fresh=False)
    (src / "about.md").unlink()
    incremental = build_links(src, tmp_path / "out", linked, docs, fresh=False)
    assert incremental == build_links(src, tmp_path / "clean", linked, docs, fresh=True)
    assert incremental["first-post"] == [("RSS", "../rss.xml")]  # itself unchanged


def test_popular_appears_everywhere_once_a_post_is_popular(rootdir: Path, tmp_path: Path) -> None:
    """No "Popular" on a blog where no post is (its page would say "No posts yet."); the
    first ``popular: true`` adds the link to every page, as a clean build has it."""
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-masthead", src)
    linked = [("Popular", "/popular/"), ("RSS", "/rss.xml")]
    docs = ("index", "about", "first-post")

    post = src / "first-post.md"
    assert "popular" not in post.read_text(encoding="utf-8")
    first = build_links(src, tmp_path / "out", linked, docs, fresh=False)
    assert first["about"] == [("RSS", "../rss.xml")]
    assert first[""] == []
    post.write_text(post.read_text(encoding="utf-8").replace("---\n", "---\npopular: true\n", 1))
    incremental = build_links(src, tmp_path / "out", linked, docs, fresh=False)  # about unchanged
    assert incremental == build_links(src, tmp_path / "clean", linked, docs, fresh=True)
    assert incremental["about"] == [("Popular", "../popular/"), ("RSS", "../rss.xml")]
    assert incremental[""] == []

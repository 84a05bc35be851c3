"""A blog moved from another generator: copy the posts, set four names, lose nothing.

The root ``test-oldsite`` is such a blog: no ``index.md``, a ``static/`` folder
published through ``html_extra_path``, tags with capitals and spaces, a notes
file beside a post, links to the feed, the tag index, the sitemap and a
static file.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import json
import re
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING, NamedTuple

import pytest
from bs4 import BeautifulSoup

from tests.helpers import ROOT, article, checkout_env, page, warnings_of

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.sphinx("dirhtml", testroot="oldsite", freshenv=True)
def test_the_old_addresses_resolve(app) -> None:
    app.build()
    assert warnings_of(app) == []
    out = app.outdir
    for path in ("hello", "post-1", "tags/tech-companies", "tags"):
        assert (out / path / "index.html").is_file(), path
    assert not (out / "page").exists()  # 13 posts: the old site had one page of 15
    # /tags/<tag lowercased, spaces kept>/: the old tag addresses, by default.
    for old in ("tech companies", "Tech Companies"):  # the old form, and as written
        assert 'url=../tech-companies/"' in (out / "tags" / old / "index.html").read_text()
    for feed in ("rss.xml", "feed.xml", "atom.xml", "site.webmanifest"):
        assert (out / feed).is_file(), feed


@pytest.mark.sphinx("dirhtml", testroot="oldsite", freshenv=True)
def test_a_home_page_is_made_when_there_is_none(app) -> None:
    app.build()
    home = article(page(app, "index"))
    assert [h.get_text().rstrip("#") for h in home.select("h1, h2")] == [
        "Field Notes",
        "Recent posts",
        "Popular posts",
    ]
    assert len(home.select("section#recent-posts ul.chapbook-postlist > li")) == 13
    assert home.select(".chapbook-pager") == []
    more = home.select_one("section#popular-posts .chapbook-more a")
    assert more.get_text() == "All popular posts \u2192" and more["href"] == "popular/"


@pytest.mark.sphinx("dirhtml", testroot="oldsite", freshenv=True)
def test_notes_beside_a_post_are_not_published(app) -> None:
    app.build()
    assert not (app.outdir / "hello" / "notes").exists()
    assert "hello/notes" not in (app.outdir / "sitemap.xml").read_text()
    assert "not published, notes beside posts" in app.status.getvalue()
    assert "hello/notes.md" in app.status.getvalue()


@pytest.mark.sphinx(
    "dirhtml", testroot="oldsite", freshenv=True, confoverrides={"chapbook_publish_notes": True}
)
def test_a_setting_publishes_notes(app) -> None:
    app.build()
    assert (app.outdir / "hello" / "notes" / "index.html").is_file()


@pytest.mark.sphinx("dirhtml", testroot="oldsite", freshenv=True)
def test_links_to_site_files_are_links(app) -> None:
    app.build()
    links = {a.get_text(): a for a in article(page(app, "hello")).select("a")}
    assert links["the feed"]["href"] == "../rss.xml"
    assert links["all tags"]["href"] == "../tags/"
    assert links["manifest"]["href"] == "../site.webmanifest"
    assert links["the map"]["href"] == "../sitemap.xml"
    assert not [a for a in links.values() if "chapbook-broken" in a.get("class", [])]


# -- the move, as docs/posts/moving-an-existing-blog.md says -----------------------------

NAMES = {
    "project": "Field Notes",
    "author": "A. Writer",
    "copyright": "2020-2026, A. Writer",
    "html_baseurl": "https://fieldnotes.example.com/",
}
SPACED_DASH = re.compile(r"\w\s+-{1,2}\s+\w")
#: Posts on the old site's home page and on each of its /page/N/.
OLD_PAGE_SIZE = 15


def load_generator():
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def moved(tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    """A 40-post blog another generator left, moved as the guide's steps say."""
    work = tmp_path_factory.mktemp("move")
    old = work / "old"
    load_generator().generate(old, 40, seed=5, old_site=True)
    site = work / "site"
    site.mkdir()
    for name in ("conf.py", "_static"):  # the blog's own copy of Chapbook's site
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, site / name)
    # Step 1: copy the posts (the sample posts are not copied).
    shutil.copytree(old, site / "docs", ignore=shutil.ignore_patterns("static"))
    # Step 2: four names.
    conf = (site / "conf.py").read_text(encoding="utf-8")
    for name, value in NAMES.items():
        conf = re.sub(rf"^{name} = .*$", f"{name} = {value!r}", conf, count=1, flags=re.M)
    # Optional: the old static/ folder at the site root.
    shutil.copytree(old / "static", site / "static")
    conf += '\nhtml_extra_path = ["static"]\n'
    (site / "conf.py").write_text(conf, encoding="utf-8")
    # Step 3: build, failing on any warning.
    out = work / "out"
    command = [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-q", "--no-color", "-W"]
    command += ["--keep-going", "-c", str(site), "-d", str(out / "doctrees")]
    command += [str(site / "docs"), str(out / "html")]
    # The moved blog's conf.py has no _ext beside it: the checkout's code is put first.
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, env=checkout_env()
    )
    return old, out / "html", result


class OldPost(NamedTuple):
    order: int
    slug: str
    tags: list[str]
    date: dt.date


def old_posts(old: Path) -> list[OldPost]:
    """Every post the old site had, in ``order``."""
    found = []
    for path in sorted(old.glob("*/index.md")):
        head = path.read_text(encoding="utf-8").split("---")[1]
        order = int(re.search(r"^order: (\d+)$", head, re.M).group(1))
        tags = json.loads(re.search(r"^tags: (.*)$", head, re.M).group(1))
        day = dt.date.fromisoformat(re.search(r"^date: '(.*)'$", head, re.M).group(1))
        found.append(OldPost(order, path.parent.name, tags, day))
    return sorted(found)


def test_the_move_builds_without_a_warning(moved) -> None:
    _, _, result = moved
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr


def test_every_old_address_resolves(moved) -> None:
    old, out, _ = moved
    posts = old_posts(old)
    for post in posts:
        assert (out / post.slug / "index.html").is_file(), post.slug
        for tag in post.tags:  # the old address of every tag: lowercased, spaces kept
            assert (out / "tags" / tag.lower() / "index.html").is_file(), tag
    for number in range(2, -(-len(posts) // OLD_PAGE_SIZE) + 1):
        assert (out / "page" / str(number) / "index.html").is_file(), number
    for feed in ("rss.xml", "feed.xml", "atom.xml", "favicon.ico", "site.webmanifest"):
        assert (out / feed).is_file(), feed


def test_each_page_lists_what_the_old_page_listed(moved) -> None:
    """The old home and its ``/page/N/``: 15 posts each, by ``order``, newest first."""
    old, out, _ = moved
    newest_first = [
        p.slug for p in sorted(old_posts(old), key=lambda p: (p.order, p.slug), reverse=True)
    ]
    old_pages = [
        newest_first[start : start + OLD_PAGE_SIZE]
        for start in range(0, len(newest_first), OLD_PAGE_SIZE)
    ]
    assert len(old_pages) == 3  # 40 posts: 15, 15 and 10
    for number, expected in enumerate(old_pages, start=1):
        folder = out / "page" / str(number) if number > 1 else out
        soup = BeautifulSoup((folder / "index.html").read_text(), "lxml")
        recent = soup.select_one("section#recent-posts") if number == 1 else article(soup)
        links = recent.select("ul.chapbook-postlist .chapbook-entry > a")
        assert [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in links] == expected, number
    assert not (out / "page" / str(len(old_pages) + 1)).exists()


def test_notes_are_not_published(moved) -> None:
    old, out, _ = moved
    notes = list(old.glob("*/notes.md"))
    assert notes
    assert not list(out.glob("*/notes"))


def test_no_spaced_hyphen_is_left_between_words(moved) -> None:
    old, out, _ = moved
    for slug in (post.slug for post in old_posts(old)):
        body = article(BeautifulSoup((out / slug / "index.html").read_text(), "lxml"))
        for code in body.select("pre, code, .chapbook-post-meta"):
            code.decompose()
        assert SPACED_DASH.findall(body.get_text()) == [], slug


def test_previous_and_next_follow_order(moved) -> None:
    old, out, _ = moved
    ordered = [post.slug for post in old_posts(old)]
    for older, newer in itertools.pairwise(ordered):
        page = BeautifulSoup((out / older / "index.html").read_text(), "lxml")
        following = page.select_one(".chapbook-next a")
        assert following is not None and following["href"] == f"../{newer}/", older
        page = BeautifulSoup((out / newer / "index.html").read_text(), "lxml")
        previous = page.select_one(".chapbook-prev a")
        assert previous is not None and previous["href"] == f"../{older}/", newer


def old_related(posts: list[OldPost], *, when=lambda post: post.date) -> dict[str, str | None]:
    """The old site's ``gatsby-node.js`` (``buildPreviewForPost``), step for step.

    Its posts were listed by ``order``, descending; ``when`` is what it compared
    (``new Date(frontmatter.date)``); ``order`` instead gives Chapbook's rule before.
    """
    newest_first = sorted(posts, key=lambda post: post.order, reverse=True)
    chosen: dict[str, str | None] = {}
    for post in newest_first:
        mine = {tag.lower() for tag in post.tags}
        candidates = [
            other
            for other in newest_first
            if other.slug != post.slug and any(tag.lower() in mine for tag in other.tags)
        ]
        older = [other for other in candidates if when(other) < when(post)]
        best: tuple[int, OldPost] | None = None
        for other in older or candidates:
            overlap = sum(tag.lower() in mine for tag in other.tags)
            if (
                best is None
                or overlap > best[0]
                or (overlap == best[0] and when(other) > when(best[1]))
            ):
                best = (overlap, other)
        chosen[post.slug] = best[1].slug if best else None
    return chosen


def test_the_related_post_is_the_old_sites(moved) -> None:
    old, out, _ = moved
    posts = old_posts(old)
    # The old blog's dates and order disagree: by date, posts come in another order,
    # some share a day, and the related post is not what comparing orders would give.
    by_date = [post.slug for post in sorted(posts, key=lambda post: (post.date, post.order))]
    assert by_date != [post.slug for post in posts]
    assert len({post.date for post in posts}) < len(posts)
    expected = old_related(posts)
    by_order = old_related(posts, when=lambda post: post.order)
    assert [slug for slug in expected if expected[slug] != by_order[slug]] != []
    for post in posts:
        page = BeautifulSoup((out / post.slug / "index.html").read_text(), "lxml")
        link = page.select_one(".chapbook-related .chapbook-entry a")
        shown = link["href"].strip("./") if link is not None else None
        assert shown == expected[post.slug], post.slug


def test_no_page_says_chapbook_but_the_footer(moved) -> None:
    _, out, _ = moved
    for path in out.rglob("*"):
        if path.suffix in (".html", ".xml") and "_static" not in path.parts:
            text = path.read_text(encoding="utf-8").replace("Built with Chapbook", "")
            assert "Chapbook" not in text, path

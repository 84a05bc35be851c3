"""The home page Chapbook makes for a blog without ``index.md``: recent posts, then popular.

The root ``test-home`` has eight posts whose ``order`` and dates disagree (post 5
is dated after posts 6 and 7), five marked popular with scores 900, 500, 500, 100
and none, and a post with the highest score that is not marked popular.
"""

from __future__ import annotations

import pytest

from tests.helpers import article, page, warnings_of

#: Newest first, as the old site listed them: by ``order``, not by date.
NEWEST_FIRST = [f"Post {n:02d}" for n in (8, 7, 6, 5, 4, 3, 2, 1)]
#: Highest ``popularity.score`` first, equal scores newest first; no score last.
POPULAR = ["Post 02", "Post 07", "Post 05", "Post 03", "Post 08"]


def titles(soup) -> list[str]:
    return [a.get_text() for a in soup.select("ul.chapbook-postlist .chapbook-entry > a")]


@pytest.mark.sphinx("dirhtml", testroot="home", freshenv=True)
def test_recent_posts_come_first_then_a_few_popular_ones(app) -> None:
    app.build()
    assert warnings_of(app) == []
    home = article(page(app, "index"))
    assert [h.get_text().rstrip("#") for h in home.select("h1, h2")] == [
        "Home Test",
        "Recent posts",
        "Popular posts",
    ]
    recent, popular = home.select("section > section")
    # 15 a page by default: all eight, and no further page.
    assert titles(recent) == NEWEST_FIRST
    assert recent.select_one(".chapbook-pager") is None
    assert not (app.outdir / "page").exists()
    # Each recent post as the old home showed it: title, date and tags, no description.
    assert recent.select_one("ul.chapbook-postlist")["class"][1] == "chapbook-title-date-tags"
    assert recent.select(".chapbook-summary") == []
    # Tags as chips with nothing between them (a comma beside a chip is a stray mark).
    assert recent.select_one("p.chapbook-tags").get_text() == "notes maps"
    # The three most popular, as the popular page begins, and a link to that page.
    assert titles(popular) == POPULAR[:3]
    more = popular.select("p.chapbook-more a")
    assert [(a.get_text(), a["href"]) for a in more] == [("All popular posts \u2192", "popular/")]
    assert titles(article(page(app, "popular"))) == POPULAR


@pytest.mark.sphinx(
    "dirhtml",
    testroot="home",
    freshenv=True,
    confoverrides={"chapbook_posts_per_page": 3, "chapbook_home_popular": 2},
)
def test_each_page_lists_the_next_posts_as_the_old_site_did(app) -> None:
    app.build()
    assert warnings_of(app) == []
    home = article(page(app, "index"))
    recent, popular = home.select("section > section")
    shown = [titles(recent)] + [titles(article(page(app, f"page/{n}"))) for n in (2, 3)]
    assert shown == [NEWEST_FIRST[0:3], NEWEST_FIRST[3:6], NEWEST_FIRST[6:8]]
    assert not (app.outdir / "page" / "4").exists()
    assert titles(popular) == POPULAR[:2]
    assert len(popular.select("p.chapbook-more a")) == 1


@pytest.mark.sphinx(
    "dirhtml", testroot="home", freshenv=True, confoverrides={"chapbook_home_popular": 0}
)
def test_no_popular_posts_on_the_home_page_when_set_to_none(app) -> None:
    app.build()
    home = article(page(app, "index"))
    assert [h.get_text().rstrip("#") for h in home.select("h2")] == ["Recent posts"]
    assert home.select(".chapbook-more") == []
    assert titles(article(page(app, "popular"))) == POPULAR  # the page stays


@pytest.mark.sphinx(
    "dirhtml",
    testroot="home",
    freshenv=True,
    confoverrides={"chapbook_posts_per_page": 0, "chapbook_home_popular": -1},
)
def test_unusable_numbers_are_named_and_the_defaults_used(app) -> None:
    assert warnings_of(app) == [
        "WARNING: chapbook_posts_per_page = 0 must be a whole number, 1 or more; using 15 "
        "[chapbook.config]",
        "WARNING: chapbook_home_popular = -1 must be a whole number, 0 or more; using 3 "
        "[chapbook.config]",
    ]
    assert (app.config.chapbook_posts_per_page, app.config.chapbook_home_popular) == (15, 3)

"""Previous / next / related on post pages, and a sidebar that does not list every post."""

from __future__ import annotations

import json
import shutil

import pytest
from bs4 import BeautifulSoup

from chapbook.model import related as related_rule
from tests.collecting.test_incremental import assert_same_tree, build, edit
from tests.helpers import ROOTS, page

ORDER = ["p1", "p2", "p3", "p4", "p5", "p6"]


def nav(app, docname: str) -> dict[str, str | None]:
    soup = page(app, docname)
    prev = soup.select_one(".chapbook-prev a")
    nxt = soup.select_one(".chapbook-next a")
    related = soup.select_one(".chapbook-related .chapbook-entry a")
    return {
        "prev": prev.get_text() if prev else None,
        "next": nxt.get_text() if nxt else None,
        "related": related.get_text() if related else None,
    }


@pytest.mark.sphinx("dirhtml", testroot="related", freshenv=True)
def test_previous_and_next_follow_publication_order(app) -> None:
    app.build()
    assert nav(app, "p1")["prev"] is None
    assert nav(app, "p1")["next"] == "P2"
    # P5 and P6 share a date: P6 has an order, P5 none, so P5 comes first.
    assert nav(app, "p5")["next"] == "P6 same day"
    assert nav(app, "p6")["prev"] == "P5 loner"
    assert nav(app, "p6")["next"] is None
    link = page(app, "p2").select_one(".chapbook-next a")
    assert link["href"] == "../p3/"


@pytest.mark.sphinx("dirhtml", testroot="related", freshenv=True)
@pytest.mark.parametrize(
    ("docname", "expected"),
    [
        ("p1", "P3"),  # two shared tags with P2 and P3, both newer: the newer one
        ("p2", "P1 oldest"),  # P1 and P3 share two tags: the older one is preferred
        ("p3", "P2"),  # P1 and P2 are both older: the newer of them
        ("p4", "P3"),  # one tag with everyone: the newest older post
        ("p5", None),  # no shared tag, no related post
        ("p6", "P4 newest"),
    ],
)
def test_related_post(app, docname: str, expected: str | None) -> None:
    app.build()
    assert nav(app, docname)["related"] == expected


@pytest.mark.sphinx("dirhtml", testroot="related", freshenv=True)
def test_related_post_shows_date_and_preview(app) -> None:
    app.build()
    box = page(app, "p2").select_one(".chapbook-related")
    assert box.select_one("time")["datetime"] == "2020-01-01"
    assert box.select_one(".chapbook-summary").get_text() == "Body text."


@pytest.mark.sphinx(
    "dirhtml",
    testroot="related",
    freshenv=True,
    confoverrides={"html_sidebars": {"**": ["chapbook-nav.html"]}},
)
def test_sidebar_lists_sections_and_years_not_posts(app) -> None:
    app.build()
    soup = page(app, "p4")
    entries = [a.get_text() for a in soup.select("nav.chapbook-nav a")]
    # No post of this blog is popular: no Popular section yet.
    assert entries == ["Home", "Archive", "2023", "2022", "2021", "2020", "Tags"]
    current = [a.get_text() for a in soup.select("nav.chapbook-nav a.current")]
    assert current == ["2023"]
    assert soup.select_one("nav.chapbook-nav a")["href"] == "../"


@pytest.mark.sphinx(
    "dirhtml",
    testroot="related",
    freshenv=True,
    confoverrides={"html_sidebars": {"**": ["chapbook-nav.html"]}},
)
def test_the_sidebar_marks_the_year_of_an_archive_page_current(app) -> None:
    """On ``/archive/2021/`` the sidebar's 2021 is the current entry, as a post of 2021's is."""
    app.build()
    soup = page(app, "archive/2021")
    current = soup.select("nav.chapbook-nav li.current > a.current")
    assert [a.get_text() for a in current] == ["2021"]


# -- the writer's order (issue 12): test-order's posts are dated out of order ---------
# Publication order One, Two, Three, Four; by date Four, Two, One, Three.


@pytest.mark.sphinx("dirhtml", testroot="order", freshenv=True)
@pytest.mark.parametrize(
    ("docname", "prev", "following"),
    [("one", None, "Two"), ("two", "One", "Three"), ("four", "Three", None)],
)
def test_previous_and_next_follow_order_over_dates(app, docname, prev, following) -> None:
    app.build()
    assert (nav(app, docname)["prev"], nav(app, docname)["next"]) == (prev, following)


@pytest.mark.sphinx("dirhtml", testroot="order", freshenv=True)
def test_related_post_goes_by_dates_not_order(app) -> None:
    """Older by date, then most shared tags, then the later date (``model.related``)."""
    app.build()
    # By date: Four (2021), Two (2022-01), One (2022-06), Three (2023).
    assert {d: nav(app, d)["related"] for d in ("one", "two", "three", "four")} == {
        "one": "Two",  # Four and Two are older, one tag each: the later date
        "two": "Four",  # an older post by date (one tag), though its order is later
        "three": "Two",  # of the older posts, the one sharing most tags
        "four": "Three",  # nothing older: of the newer, all share 'sea' (any case), the latest
    }


@pytest.mark.sphinx("dirhtml", testroot="order", freshenv=True)
def test_related_preview_is_whole_paragraphs_reaching_sixty_words(app) -> None:
    app.build()
    box = page(app, "one").select_one(".chapbook-related")  # One's related post is Two
    shown = [p.get_text() for p in box.select(".chapbook-summary")]
    assert len(shown) == 2  # the first paragraph alone is under 60 words
    assert shown[0].startswith("First paragraph of two opens the post with a few words. Then")
    assert "[" not in shown[0] and "1" not in shown[0]  # no footnote mark
    assert shown[1].endswith("ending here now.")
    assert len(" ".join(shown).split()) >= 60
    assert "Third paragraph" not in box.get_text()
    more = box.select_one(".chapbook-continue a")
    assert (more.get_text(), more["href"]) == ("Continue reading", "../two/")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # Only the related post's preview changes: One's page shows it.
        (("two.md", "mark, ending", "mark, edited, ending"), ("one", "mark, edited, ending")),
        # Four becomes the oldest: it is now the post before One.
        (
            ("four.md", "order: 4", "order: 0"),
            ("one", 'Previous: </span><a class="reference internal" href="../four/" rel="prev">'),
        ),
    ],
)
def test_incremental_build_follows_preview_and_order(
    tmp_path, change: tuple[str, str, str], expected: tuple[str, str]
) -> None:
    path, old, new = change
    page_of, shown = expected
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-order", src)
    build(src, tmp_path / "out")
    edit(src / path, old, new)
    out = build(src, tmp_path / "out")
    assert shown in (out / page_of / "index.html").read_text()
    assert_same_tree(out, build(src, tmp_path / "clean", fresh=True))


def test_a_new_date_alone_changes_the_related_post(tmp_path) -> None:
    """Every post has an ``order``: a date edit keeps publication order, not the table."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-order", src)
    build(src, tmp_path / "out")
    # Four, dated after Two now, is no longer older: Two's pool is every post sharing
    # a tag, and Three shares the most.
    edit(src / "four.md", "date: '2021-01-01'", "date: '2022-03-01'")
    out = build(src, tmp_path / "out")
    two = BeautifulSoup((out / "two" / "index.html").read_text(), "html.parser")
    assert two.select_one(".chapbook-related .chapbook-entry a").get_text() == "Three"
    assert two.select_one(".chapbook-next a").get_text() == "Three"  # order, as before
    assert_same_tree(out, build(src, tmp_path / "clean", fresh=True))


@pytest.mark.sphinx("dirhtml", testroot="related", freshenv=True)
def test_previous_and_next_are_a_navigation_block_with_relations(app) -> None:
    app.build()
    block = page(app, "p2").select_one("nav.chapbook-postnav")
    assert block is not None and block["aria-label"] == "Previous and next posts"
    links = [(a["rel"], a.get_text(), a["href"]) for a in block.select("a")]
    assert links == [(["prev"], "P1 oldest", "../p1/"), (["next"], "P3", "../p3/")]


@pytest.mark.sphinx("dirhtml", testroot="related", freshenv=True)
def test_archive_year_sections_have_their_own_anchors(app) -> None:
    app.build()
    sections = page(app, "archive").select("article section section")
    assert [s["id"] for s in sections] == ["2023", "2022", "2021", "2020"]


@pytest.mark.sphinx("dirhtml", testroot="related", freshenv=True)
def test_a_post_is_not_found_by_its_neighbours_words(app) -> None:
    app.build()
    text = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])

    def documents(table: str) -> set[str]:
        found = index[table].get("oldest", [])
        return {index["docnames"][i] for i in ([found] if isinstance(found, int) else found)}

    # "oldest" is in P1's title only; P2 shows it as its previous and related post.
    assert "p1" in documents("titleterms")
    assert {d for d in documents("terms") if d in ORDER} == set()


@pytest.mark.sphinx("dirhtml", testroot="related", freshenv=True)
def test_listing_pages_are_found_by_their_titles_not_by_the_posts_they_list(app) -> None:
    app.build()
    text = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])

    def documents(table: str, word: str) -> set[str]:
        found = index[table].get(word, [])
        return {index["docnames"][i] for i in ([found] if isinstance(found, int) else found)}

    # "oldest" is in P1's title only; the home page, the archive and the tag pages list it.
    assert documents("titleterms", "oldest") == {"p1"}
    assert documents("terms", "oldest") == set()
    assert "archive" in documents("titleterms", "archiv")  # stemmed


def test_a_retag_recomputes_related_posts_and_a_body_edit_keeps_the_table(tmp_path) -> None:
    """The table is computed from order and tags only: kept when neither changed."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-related", src)
    build(src, tmp_path / "out")
    computed: list[int] = []
    original = related_rule.related_post

    def counting(*args):
        computed.append(1)
        return original(*args)

    related_rule.related_post = counting
    try:
        edit(src / "p4.md", "Body text.", "Body text, edited.")
        build(src, tmp_path / "out")
        assert computed == []  # the body changed, not the order or the tags
        # P5 shared no tag; now it shares P4's: P4 becomes its related post.
        edit(src / "p5.md", "tags: [", 'tags: ["a", ')
        out = build(src, tmp_path / "out")
        assert len(computed) == len(ORDER)
    finally:
        related_rule.related_post = original
    related = BeautifulSoup((out / "p5" / "index.html").read_text(), "html.parser")
    assert related.select_one(".chapbook-related .chapbook-entry a").get_text() == "P4 newest"
    assert_same_tree(out, build(src, tmp_path / "clean", fresh=True))

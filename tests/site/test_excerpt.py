"""``<!-- more -->`` ends a post's excerpt: listings, related previews, feeds, descriptions."""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import lxml.etree
import pytest

from chapbook.collecting.state import posts_of
from tests.collecting.test_incremental import build, tree
from tests.helpers import ROOTS, page, warnings_of

ABOVE_FIRST = "Opening words of the first post. A second paragraph, still above the fold."


@pytest.fixture
def built(app):
    app.build()
    return app


def description(app, docname: str) -> str:
    return page(app, docname).find("meta", attrs={"name": "description"})["content"]


@pytest.mark.sphinx("dirhtml", testroot="excerpt", freshenv=True)
def test_listings_show_the_text_above_the_marker(built) -> None:
    summaries = [p.get_text() for p in page(built, "index").select("p.chapbook-summary")]
    assert summaries == [
        "A first paragraph without any marker.",
        "The writer's own description.",
        "Only this part",
        ABOVE_FIRST,
    ]
    assert warnings_of(built) == []


@pytest.mark.sphinx("dirhtml", testroot="excerpt", freshenv=True)
def test_related_previews_stop_at_the_marker(built) -> None:
    # Each shares a tag with the other: first's related post is second, and back.
    on_second = page(built, "second").select_one("div.chapbook-related")
    assert [p.get_text() for p in on_second.select("p.chapbook-summary")] == [
        "Opening words of the first post.",
        "A second paragraph, still above the fold.",
    ]
    on_first = page(built, "first").select_one("div.chapbook-related")
    assert [p.get_text() for p in on_first.select("p.chapbook-summary")] == ["Only this part"]


@pytest.mark.sphinx("dirhtml", testroot="excerpt", freshenv=True)
def test_meta_description_is_the_excerpt_unless_one_is_written(built) -> None:
    assert description(built, "first") == ABOVE_FIRST
    assert description(built, "second") == "Only this part"
    assert description(built, "third") == "The writer's own description."
    assert description(built, "plain") == "A first paragraph without any marker."


@pytest.mark.sphinx("dirhtml", testroot="excerpt", freshenv=True)
def test_feed_summaries_are_the_excerpt(built) -> None:
    out = Path(built.outdir)
    for name in ("rss.xml", "atom.xml"):
        feed = feedparser.parse((out / name).read_bytes())
        summaries = {entry.title: entry.summary for entry in feed.entries}
        assert summaries["First with a fold"] == ABOVE_FIRST, name
        assert summaries["Second, folded inline"] == "Only this part", name
    # The full post is still in the feed, without the marker.
    rss = lxml.etree.fromstring((out / "rss.xml").read_bytes())
    content = "".join(rss.xpath("//*[local-name()='encoded']/text()"))
    assert "Below the fold, never in a summary." in content
    assert "more" not in content.replace("more than", "")


@pytest.mark.sphinx("dirhtml", testroot="excerpt", freshenv=True)
def test_the_marker_is_never_in_a_page(built) -> None:
    out = Path(built.outdir)
    for path in out.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "<!-- more -->" not in text and "<!-- More -->" not in text, path
    body = page(built, "first").select_one("article").get_text()
    assert "Below the fold, never in a summary." in body  # the post itself is whole
    second = page(built, "second").select_one("article").get_text()
    assert "Only this part and not this part." in " ".join(second.split())
    assert set(posts_of(built.env)) == {"first", "second", "third", "plain"}


# -- incremental: moving the marker rewrites what shows the excerpt ----------------


@pytest.mark.parametrize(
    ("old", "new", "home"),
    [
        # The marker removed: the first paragraph is the excerpt again.
        ("\n<!-- more -->\n", "\n", "Opening words of the first post.</p>"),
        # The marker moved down: the paragraph it passed is in the excerpt.
        (
            "<!-- more -->\n\nBelow the fold, never in a summary.",
            "Below the fold, now in the summary.\n\n<!-- more -->",
            "still above the fold. Below the fold, now in the summary.</p>",
        ),
    ],
)
def test_moving_the_marker_equals_a_clean_build(
    tmp_path: Path, old: str, new: str, home: str
) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-excerpt", src)
    before = build(src, tmp_path / "incremental")
    assert f"{ABOVE_FIRST}</p>" in (before / "index.html").read_text()
    post = src / "first.md"
    text = post.read_text()
    assert old in text
    post.write_text(text.replace(old, new, 1))
    incremental = tree(build(src, tmp_path / "incremental"))
    clean = tree(build(src, tmp_path / "clean", fresh=True))
    assert sorted(incremental) == sorted(clean)
    assert [name for name in incremental if incremental[name] != clean[name]] == []
    assert home in incremental["index.html"].decode()

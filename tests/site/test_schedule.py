"""Scheduled posts: held back from every output until their date, then published as if new."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import feedparser
import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from chapbook.collecting.state import posts_of
from chapbook.model import schedule
from tests.collecting.test_incremental import assert_same_tree
from tests.helpers import ROOTS, page, warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable

BASE = "https://blog.example.com/"
#: 13:00 in Paris (the root's time zone) on the day before "Coming soon" is due.
EVE = "2029-12-31T12:00:00+00:00"
NEW_YEAR = "2030-01-01T12:00:00+00:00"
#: "Much later" is due at 09:00+01:00 on March 1st.
MARCH_EARLY, MARCH_DUE = "2030-03-01T07:59:00+00:00", "2030-03-01T08:00:00+00:00"
HELD_BACK = (
    "chapbook: 2 scheduled posts held back until their date, the next on 2030-01-01 "
    "(chapbook_show_future = True previews them)"
)


@pytest.fixture
def on_day(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Build as if the clock said ``moment``."""

    def set_clock(moment: str) -> None:
        monkeypatch.setattr(schedule, "clock", lambda: dt.datetime.fromisoformat(moment))

    return set_clock


def feed_titles(path: Path) -> list[str]:
    return [entry.title for entry in feedparser.parse(path.read_bytes()).entries]


def sitemap(outdir: Path) -> list[str]:
    soup = BeautifulSoup((outdir / "sitemap.xml").read_text(), "xml")
    return [loc.get_text() for loc in soup.find_all("loc")]


@pytest.mark.sphinx("dirhtml", testroot="schedule", freshenv=True)
def test_future_posts_are_in_no_output(app, on_day) -> None:
    on_day(EVE)
    app.build()
    out = Path(app.outdir)
    assert set(posts_of(app.env)) == {"past"}
    assert not (out / "soon").exists()
    assert not (out / "later").exists()
    assert not (out / "archive" / "2030").exists()
    assert not (out / "tags" / "launch").exists()
    for shown in ("index", "archive", "archive/2029", "tags", "tags/news"):
        text = page(app, shown).get_text()
        assert "Already out" in text or shown == "tags", shown
        assert "Coming soon" not in text and "Much later" not in text, shown
    assert "launch" not in page(app, "tags").get_text()
    for feed in ("rss.xml", "feed.xml", "atom.xml", "tags/news/atom.xml"):
        assert feed_titles(out / feed) == ["Already out"], feed
    assert f"{BASE}soon/" not in sitemap(out)
    assert f"{BASE}later/" not in sitemap(out)
    index = (out / "searchindex.js").read_text()
    assert "Coming soon" not in index and "launch post" not in index
    assert HELD_BACK in app.status.getvalue()
    assert warnings_of(app) == []


@pytest.mark.sphinx(
    "dirhtml", testroot="schedule", freshenv=True, confoverrides={"chapbook_show_future": True}
)
def test_future_posts_can_be_previewed(app, on_day) -> None:
    on_day(EVE)
    app.build()
    out = Path(app.outdir)
    assert set(posts_of(app.env)) == {"past", "soon", "later/index"}
    assert page(app, "soon").select_one("h1").get_text().startswith("Coming soon")
    assert (out / "archive" / "2030" / "index.html").is_file()
    assert feed_titles(out / "atom.xml") == ["Much later", "Coming soon", "Already out"]
    assert "held back until their date" not in app.status.getvalue()


@pytest.mark.sphinx("latex", testroot="schedule", freshenv=True)
def test_future_posts_are_not_in_the_book(app, on_day) -> None:
    on_day(EVE)
    app.build()
    source = (Path(app.outdir) / "schedule-test.tex").read_text(encoding="utf-8")
    assert "Already out" in source
    assert "Coming soon" not in source and "Much later" not in source


# -- the day comes: an incremental build publishes, as a clean build would ----------


def build(src: Path, builddir: Path, *, fresh: bool = False) -> tuple[Path, str]:
    app = SphinxTestApp("dirhtml", srcdir=src, builddir=builddir, freshenv=fresh)
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir), app.status.getvalue()


def test_the_first_build_on_the_day_publishes(tmp_path: Path, on_day) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-schedule", src)
    on_day(EVE)
    build(src, tmp_path / "incremental")
    steps = [
        (NEW_YEAR, {"soon"}, "1 scheduled post held back until their date, the next on 2030-03-01"),
        (MARCH_EARLY, {"soon"}, "1 scheduled post held back"),
        (MARCH_DUE, {"soon", "later"}, None),
    ]
    for moment, published, status in steps:
        on_day(moment)
        out, said = build(src, tmp_path / "incremental")
        assert {p for p in ("soon", "later") if (out / p / "index.html").is_file()} == published
        assert (status in said) if status else ("scheduled post" not in said)
        clean, _ = build(src, tmp_path / f"clean-{moment[:16]}", fresh=True)
        assert_same_tree(out, clean)
    assert feed_titles(out / "atom.xml") == ["Much later", "Coming soon", "Already out"]
    assert "Coming soon" in page_text(out / "tags" / "launch" / "index.html")


def page_text(path: Path) -> str:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").get_text()


def test_a_post_moved_to_the_future_is_withdrawn(tmp_path: Path, on_day) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-schedule", src)
    on_day(EVE)
    build(src, tmp_path / "incremental")
    post = src / "past.md"
    post.write_text(post.read_text().replace("2029-06-01", "2030-02-01"))
    out, said = build(src, tmp_path / "incremental")
    assert not (out / "past").exists()
    assert "3 scheduled posts held back until their date, the next on 2030-01-01" in said
    clean, _ = build(src, tmp_path / "clean", fresh=True)
    assert_same_tree(out, clean)

"""``chapbook post`` inside a blog: it finds the blog, keeps off the site's own names as the
blog's conf.py sets them, dates a post as the build will see it, and makes a readable
slug (issue 29)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

import pytest

from chapbook.cli import post
from chapbook.model import schedule

if TYPE_CHECKING:
    from pathlib import Path

#: 23:30 UTC on 6 December: already the 7th in Tokyo, still the 6th in Los Angeles.
MOMENT = dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC)


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    conf = 'extensions = ["chapbook"]\nchapbook_authors_dir = "people"\n'
    (tmp_path / "conf.py").write_text(conf, encoding="utf-8")
    return tmp_path


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    post.add_arguments(parser)
    return post.run(parser.parse_args(argv))


def test_outside_a_blog_nothing_is_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("A stray post") == 1
    assert "chapbook post: no blog here" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_inside_a_blog_the_post_goes_into_its_posts(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(blog / "docs")  # anywhere inside the blog, as git works
    assert run("First light") == 0
    assert (blog / "docs" / "first-light" / "index.md").is_file()
    assert not (blog / "docs" / "docs").exists()


@pytest.mark.parametrize("title", ["People", "Tags", "Archive", "Page", "Search"])
def test_the_site_s_own_pages_as_conf_py_names_them_are_refused(
    blog: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], title: str
) -> None:
    monkeypatch.chdir(blog)
    assert run(title) == 1
    assert "which the site itself uses" in capsys.readouterr().err
    assert list((blog / "docs").iterdir()) == []


def test_a_name_conf_py_moved_away_is_free_again(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(blog)
    assert run("Authors") == 0  # conf.py puts the authors' pages at /people/
    assert (blog / "docs" / "authors" / "index.md").is_file()


@pytest.mark.parametrize(
    ("zone", "day"),
    [("UTC", "2026-12-06"), ("Asia/Tokyo", "2026-12-07"), ("America/Los_Angeles", "2026-12-06")],
)
def test_the_date_is_today_where_the_site_is(
    blog: Path, monkeypatch: pytest.MonkeyPatch, zone: str, day: str
) -> None:
    """The build publishes what is dated today or earlier in chapbook_timezone: a new
    post dated the writer's "tomorrow" would wait a day without a word."""
    monkeypatch.setattr(schedule, "clock", lambda: MOMENT)
    conf = blog / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + f"chapbook_timezone = {zone!r}\n")
    monkeypatch.chdir(blog)
    assert run("Tide table") == 0
    text = (blog / "docs" / "tide-table" / "index.md").read_text(encoding="utf-8")
    assert f"date: '{day}'" in text
    fm = post.frontmatter.read(text)
    assert not schedule.is_scheduled(fm, schedule.now(zone))


@pytest.mark.parametrize(
    ("title", "slug"),
    [("!!!", "post-2026-12-07"), ("🤖", "robot-face"), ("🤖 & 🦀!", "robot-face-crab"),
     ("Über KI", "über-ki"), ("東京の朝", "東京の朝")],
)  # fmt: skip
def test_a_title_gives_a_readable_slug(title: str, slug: str) -> None:
    assert post.readable_slug(title, dt.date(2026, 12, 7)) == slug

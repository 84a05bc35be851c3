"""`make post`: a new post in the blog's own format, never over an existing one."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from typing import TYPE_CHECKING

import pytest

from chapbook import newpost
from chapbook.model import frontmatter
from tests.helpers import ROOT

if TYPE_CHECKING:
    from pathlib import Path

DAY = dt.date(2026, 11, 25)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    (folder / "old").mkdir(parents=True)
    (folder / "old" / "index.md").write_text("---\ntitle: Old\ndate: 2020-01-01\norder: 41\n---\n")
    (folder / "about.md").write_text("# About\n")
    return folder


def test_new_post_has_its_front_matter_filled_in(docs: Path) -> None:
    path = newpost.create(docs, 'Notes: "quoted" & Ünïcode', "ai, field notes, ", DAY)
    # One slug rule for tags and posts: letters of every script, accents kept.
    assert path == docs / "notes-quoted-ünïcode" / "index.md"
    fm = frontmatter.read(path.read_text())
    assert fm.problems == []
    assert fm.title == 'Notes: "quoted" & Ünïcode'
    assert fm.date == DAY and "'2026-11-25'" in path.read_text()
    assert fm.order == 42  # the next after the highest in use
    assert fm.tags == ("ai", "field notes")
    assert fm.description == "" and "description:\n" in path.read_text()
    assert fm.is_post


@pytest.mark.parametrize("taken", ["old", "old.md"])
def test_an_existing_post_is_never_overwritten(docs: Path, taken: str) -> None:
    if taken.endswith(".md"):
        shutil.move(docs / "old" / "index.md", docs / "old.md")
        (docs / "old").rmdir()
    before = {p: p.read_bytes() for p in docs.rglob("*.md")}
    with pytest.raises(FileExistsError, match="already exists"):
        newpost.create(docs, "Old", "", DAY)
    assert {p: p.read_bytes() for p in docs.rglob("*.md")} == before


def test_make_post_creates_the_file_and_refuses_a_second_time(docs: Path) -> None:
    command = ["make", "-s", "post", "TITLE=My new post", "TAGS=ai, writing", f"SOURCEDIR={docs}"]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    created = docs / "my-new-post" / "index.md"
    assert f"created {created}" in first.stdout
    assert frontmatter.read(created.read_text()).tags == ("ai", "writing")
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert again.returncode != 0
    assert f"make post: {docs / 'my-new-post'} already exists; choose another title" in again.stderr


def test_make_post_without_a_title_explains(docs: Path) -> None:
    command = ["make", "-s", "post", f"SOURCEDIR={docs}"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert 'make post: a title is needed: make post TITLE="My new post"' in result.stderr

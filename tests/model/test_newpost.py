"""`make post`: a new post in the blog's own format, never over an existing one."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
from typing import TYPE_CHECKING

import pytest

from chapbook import cli
from chapbook.cli import post as newpost
from chapbook.model import frontmatter
from chapbook.model.names import slugify
from tests.helpers import MAKE, ROOT

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


@pytest.mark.parametrize("taken", ["old", "old.md", "old.markdown"])
def test_an_existing_post_is_never_overwritten(docs: Path, taken: str) -> None:
    if taken != "old":
        shutil.move(docs / "old" / "index.md", docs / taken)
        (docs / "old").rmdir()
    before = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    with pytest.raises(FileExistsError, match="already exists"):
        newpost.create(docs, "Old", "", DAY)
    assert {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()} == before


def test_make_post_creates_the_file_and_refuses_a_second_time(docs: Path) -> None:
    command = [*MAKE, "-s", "post", "TITLE=My new post", "TAGS=ai, writing", f"SOURCEDIR={docs}"]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    created = docs / "my-new-post" / "index.md"
    assert f"created {created}" in first.stdout
    assert frontmatter.read(created.read_text()).tags == ("ai", "writing")
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert again.returncode != 0
    assert (
        f"chapbook post: {docs / 'my-new-post'} already exists; choose another title"
        in again.stderr
    )


def test_make_post_without_a_title_explains(docs: Path) -> None:
    command = [*MAKE, "-s", "post", f"SOURCEDIR={docs}"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert (
        'chapbook post: a title is needed: chapbook post "My new post" (or make post TITLE=...)'
        in result.stderr
    )


# -- hostile titles and tags, reserved names, broken neighbours -------------------------


def make_post(docs: Path, *assignments: str) -> subprocess.CompletedProcess[str]:
    """``make -s post`` with these variables; killed (a failure) if it hangs."""
    command = [*MAKE, "-s", "post", f"SOURCEDIR={docs}", *assignments]
    with subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as process:
        try:
            out, err = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            pytest.fail("make post hung")
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def files_under(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


HOSTILE = [
    # (as typed after TITLE= or TAGS=, what the post must hold)
    ("`touch {marker}`", "`touch {marker}`"),
    ("$$(touch {marker})", "$(touch {marker})"),  # make itself turns $$ into $
    ('"; touch {marker}; "', '"; touch {marker}; "'),
    ('It\'s the "best" café \\ 🤖', 'It\'s the "best" café \\ 🤖'),
]


@pytest.mark.parametrize(("typed", "expected"), HOSTILE)
def test_make_post_never_runs_a_title_as_shell(
    docs: Path, tmp_path: Path, typed: str, expected: str
) -> None:
    marker = tmp_path / "pwned"
    typed, expected = typed.format(marker=marker), expected.format(marker=marker)
    result = make_post(docs, f"TITLE={typed}", "TAGS=ai")
    assert not marker.exists()
    assert result.returncode == 0, result.stderr
    fm = frontmatter.read((docs / slugify(expected) / "index.md").read_text())
    assert (fm.title, fm.tags, fm.problems) == (expected, ("ai",), [])


@pytest.mark.parametrize(("typed", "expected"), HOSTILE)
def test_make_post_never_runs_tags_as_shell(
    docs: Path, tmp_path: Path, typed: str, expected: str
) -> None:
    marker = tmp_path / "pwned"
    typed, expected = typed.format(marker=marker), expected.format(marker=marker)
    result = make_post(docs, "TITLE=Safe post", f"TAGS=ai, {typed}")
    assert not marker.exists()
    assert result.returncode == 0, result.stderr
    fm = frontmatter.read((docs / "safe-post" / "index.md").read_text())
    assert (fm.title, fm.tags, fm.problems) == ("Safe post", ("ai", expected), [])


def test_newpost_reads_title_and_tags_from_the_environment(
    docs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CHAPBOOK_POST_TITLE", 'Env "title" $HOME `x`')
    monkeypatch.setenv("CHAPBOOK_POST_TAGS", "one, two")
    assert cli.main(["post", "--date", DAY.isoformat(), "--docs", str(docs)]) == 0
    fm = frontmatter.read((docs / "env-title-home-x" / "index.md").read_text())
    assert (fm.title, fm.tags) == ('Env "title" $HOME `x`', ("one", "two"))
    # --title and --tags, when given, win over the environment.
    assert cli.main(["post", "--title", "Direct", "--tags", "", "--docs", str(docs)]) == 0
    assert frontmatter.read((docs / "direct" / "index.md").read_text()).tags == ()
    assert "created" in capsys.readouterr().out


RESERVED_TITLES = ["Tags", "archive", "Popular", "Search", "genindex", "404", "Page", "Drafts"]


@pytest.mark.parametrize("title", RESERVED_TITLES)
def test_a_reserved_slug_is_refused(
    docs: Path, title: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = files_under(docs)
    assert cli.main(["post", "--title", title, "--docs", str(docs)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"chapbook post: the title {title!r} would publish at /{slugify(title)}/")
    assert files_under(docs) == before


def test_make_post_refuses_a_reserved_slug(docs: Path) -> None:
    before = files_under(docs)
    result = make_post(docs, "TITLE=Tags")
    assert result.returncode != 0
    assert "chapbook post: the title 'Tags' would publish at /tags/" in result.stderr
    assert files_under(docs) == before


@pytest.mark.parametrize("slug", ["tags", "404", "page", "_static", ".git", "py-modindex"])
def test_reserved_slugs(slug: str) -> None:
    assert newpost.is_reserved(slug)
    assert not newpost.is_reserved(f"{slug.strip('_.')}-notes")


def add_broken_neighbours(docs: Path, *, fifo: bool) -> None:
    """Files a half-written blog may hold; none of them may stop ``make post``."""
    latin1 = "---\ntitle: Caf\xe9\ndate: 2020-01-01\norder: 50\n---\n\nD\xe9j\xe0 vu.\n"
    (docs / "latin1.md").write_bytes(latin1.encode("latin-1"))
    bad_date = "---\ntitle: Leap\ndate: 2024-02-30\norder: 7\n---\n"
    (docs / "leap.md").write_text(bad_date, encoding="utf-8")
    (docs / "folder.md").mkdir()
    if fifo:
        os.mkfifo(docs / "pipe.md")


def test_next_order_skips_files_it_cannot_read(docs: Path) -> None:
    add_broken_neighbours(docs, fifo=False)
    # The Latin-1 post is read (with replacement characters): its order counts.
    assert newpost.next_order(docs) == 51


def test_next_order_counts_posts_named_markdown(docs: Path) -> None:
    """Jekyll's and Hugo's ``.markdown`` is a post, as the build reads it."""
    (docs / "moved.markdown").write_text("---\ntitle: Moved\ndate: 2020-01-01\norder: 60\n---\n")
    assert newpost.next_order(docs) == 61


def test_make_post_works_beside_broken_posts(docs: Path) -> None:
    add_broken_neighbours(docs, fifo=True)
    result = make_post(docs, "TITLE=Next one")
    assert result.returncode == 0, result.stderr
    assert frontmatter.read((docs / "next-one" / "index.md").read_text()).order == 51

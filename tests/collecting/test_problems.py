"""An incremental build counts the warnings of the posts it did not read again.

``collecting/problems.py`` keeps each document's warnings in the environment
until it is read again; the summary line names those the build did not print.
"""

from __future__ import annotations

import json
import re
import shutil
from io import StringIO
from typing import TYPE_CHECKING

import pytest
from sphinx.testing.util import SphinxTestApp

from chapbook import cli
from tests.helpers import ROOTS

if TYPE_CHECKING:
    from pathlib import Path

ROOT = ROOTS / "test-problems"
TYPO = "front-matter 'tgs' is not a key Chapbook knows"
HIDDEN = "1 warning in 1 post not read again ({command} shows it)"


def build(src: Path, *, parallel: int = 0) -> tuple[str, str]:
    """One incremental build of ``src``: its summary line and its warnings."""
    status, warning = StringIO(), StringIO()
    app = SphinxTestApp(
        "dirhtml", srcdir=src, builddir=src / "_build", status=status, warning=warning,
        parallel=parallel,
    )  # fmt: skip
    try:
        app.build()
    finally:
        app.cleanup()
    summary = [line for line in status.getvalue().splitlines() if "chapbook: " in line]
    return re.sub(r"\x1b\[[0-9;]*m", "", summary[-1]), warning.getvalue()


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize("parallel", [0, 2])
def test_warnings_of_posts_not_read_again_are_counted(tmp_path: Path, parallel: int) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    summary, warnings = build(src, parallel=parallel)
    assert TYPO in warnings
    assert ", 1 warning, " in summary and "not read again" not in summary

    append(src / "good.md", "\nEdited.\n")  # only good.md is read again
    summary, warnings = build(src, parallel=parallel)
    assert warnings == ""
    assert ", 0 warnings, " + HIDDEN.format(command="sphinx-build -E") + ", " in summary

    bad = src / "bad.md"
    bad.write_text(bad.read_text(encoding="utf-8").replace("tgs:", "tags:"), encoding="utf-8")
    summary, warnings = build(src, parallel=parallel)
    assert warnings == ""
    assert ", 0 warnings, " in summary and "not read again" not in summary

    append(src / "good.md", "\nEdited again.\n")  # the fixed post stays fixed
    summary, _ = build(src, parallel=parallel)
    assert "not read again" not in summary


@pytest.fixture
def edited_blog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Path:
    """The root built by ``chapbook build``, then ``good.md`` edited: a build now reads
    only it, and not ``bad.md``, which warns."""
    blog = tmp_path / "blog"
    shutil.copytree(ROOT, blog)
    monkeypatch.chdir(blog)
    assert cli.main(["build"]) == 0
    append(blog / "good.md", "\nEdited.\n")
    capsys.readouterr()
    return blog


def test_chapbook_build_names_its_fresh_option(
    edited_blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["build"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert HIDDEN.format(command="chapbook build --fresh") in out

    assert cli.main(["build", "--fresh"]) == 0  # every post read again: the warning printed
    out, err = capsys.readouterr()
    assert TYPO in err
    assert ", 1 warning, " in out and "not read again" not in out


def test_w_fails_on_the_warnings_of_posts_not_read_again(
    edited_blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``chapbook build -W`` fails where a clean build would: Sphinx counts only what it printed."""
    assert cli.main(["build", "-W"]) == 1
    _, err = capsys.readouterr()
    hidden = HIDDEN.format(command="chapbook build --fresh")
    assert err == f"chapbook build html: the dirhtml build failed (-W): {hidden}\n"


WRITTEN = ROOTS / "test-problems-written"
LOST = "linker.md:7: WARNING: link target '/lost-post/' matches no page [chapbook.link]"


@pytest.mark.parametrize("parallel", [0, 2])
def test_a_page_that_warned_as_it_was_written_is_written_and_warns_again(
    tmp_path: Path, parallel: int
) -> None:
    src = tmp_path / "src"
    shutil.copytree(WRITTEN, src)
    summary, warnings = build(src, parallel=parallel)
    assert LOST in warnings and ", 1 warning, " in summary

    append(src / "good.md", "\nEdited.\n")  # linker.md is not read again, but written
    summary, warnings = build(src, parallel=parallel)
    assert LOST in warnings and ", 1 warning, " in summary

    linker = src / "linker.md"
    linker.write_text(linker.read_text(encoding="utf-8").replace("/lost-post/", "/good/"))
    summary, warnings = build(src, parallel=parallel)
    assert warnings == "" and ", 0 warnings, " in summary

    append(src / "good.md", "\nEdited again.\n")
    summary, warnings = build(src, parallel=parallel)
    assert warnings == "" and ", 0 warnings, " in summary
    # A page that no longer warns is no longer written again for it.
    noted = json.loads((src / "_build" / "doctrees" / "chapbook-warned.json").read_text())
    assert list(noted.values()) == [[]]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("esc\x1b[31mRED", "esc\\x1b[31mRED"),  # would recolour the log
        ("cr\r::error::x", "cr\\r::error::x"),  # would start a line a CI reads as a command
        ("v\u202egnp", "v\\u202egnp"),  # would turn the rest of the line round
    ],
)
def test_a_file_name_is_shown_as_it_is_in_the_log(tmp_path: Path, name: str, shown: str) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    (src / name).mkdir()
    (src / name / "index.md").write_text("---\ntitle: T\ndate: 2024-01-01\n---\n\nText.\n")
    _, warnings = build(src)
    line = f"{src}/{shown}/index.md:1: WARNING: not published: its name cannot be part of a web"
    assert line in warnings
    assert name not in warnings


def test_a_name_reported_before_the_build_starts_is_shown_as_it_is(tmp_path: Path) -> None:
    """Folders are looked at before Sphinx looks for documents (``reading.duplicates``)."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    (src / "loop\x1b[31m").symlink_to(src, target_is_directory=True)
    _, warnings = build(src)
    assert "loop\\x1b[31m" in warnings
    assert "loop\x1b" not in warnings  # (Sphinx's own colours may be around the line)

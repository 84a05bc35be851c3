"""A build that was killed or that failed leaves nothing behind: the next build equals a clean one.

Builds run as ``python -m sphinx`` in a subprocess, so that one can be killed
(SIGKILL, nothing runs after it) at a known point: the root's ``conf.py``
kills its own build just before the Nth page is written, or makes it raise
while writing a page whose source holds a marker.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from chapbook.site import output
from tests.collecting.test_incremental import assert_same_tree, edit
from tests.helpers import ROOTS, checkout_env

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

ROOT = ROOTS / "test-interrupted"
CULPRIT = "---\ntitle: Culprit\ndate: '2025-06-01'\ntags: [oops]\n---\n\nA post.\n"


def sphinx(
    src: Path,
    out: Path,
    *options: str,
    kill_at: int = 0,
    kill_replacing: str = "",
    kill_reading: int = 0,
) -> subprocess.CompletedProcess[str]:
    """Build ``src`` (its own conf.py) into ``out/html``.

    ``kill_at``: SIGKILL before the Nth page is written; ``kill_replacing``: when
    a file of that name is about to be moved into place; ``kill_reading``: as the
    Nth document is read.
    """
    command = [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-q", "--no-color", *options]
    command += ["-c", str(src), "-d", str(out / "doctrees"), str(src), str(out / "html")]
    env = {k: v for k, v in checkout_env().items() if not k.startswith("CHAPBOOK_TEST_KILL")}
    env |= {"CHAPBOOK_TEST_KILL_AT_PAGE": str(kill_at)}
    env |= {"CHAPBOOK_TEST_KILL_AT_REPLACE": kill_replacing} if kill_replacing else {}
    env |= {"CHAPBOOK_TEST_KILL_AT_READ": str(kill_reading)}
    return subprocess.run(command, capture_output=True, text=True, check=False, env=env)


def built(src: Path, out: Path, *options: str) -> None:
    result = sphinx(src, out, *options)
    assert result.returncode == 0, result.stderr


def killed(
    src: Path, out: Path, *options: str, kill_at: int = 0, kill_replacing: str = "",
    kill_reading: int = 0,
) -> None:  # fmt: skip
    result = sphinx(src, out, *options, kill_at=kill_at, kill_replacing=kill_replacing,
                    kill_reading=kill_reading)  # fmt: skip
    assert result.returncode == -signal.SIGKILL, result.stderr


def copy_root(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    return src


def assert_equals_clean_build(src: Path, out: Path, tmp_path: Path) -> None:
    built(src, out)
    built(src, tmp_path / "clean", "-E")
    assert_same_tree(out / "html", tmp_path / "clean" / "html")


# -- killed while writing pages ------------------------------------------------------------


def test_build_killed_while_writing_then_rebuilt(tmp_path: Path) -> None:
    """Generated pages (no source file) the killed build did not write are written next time."""
    src, out = copy_root(tmp_path), tmp_path / "out"
    killed(src, out, kill_at=3)
    assert (out / "html" / "archive" / "index.html").is_file()  # it was killed mid-write
    assert not (out / "html" / "tags").exists()
    assert_equals_clean_build(src, out, tmp_path)


def test_build_killed_after_an_edit_then_rebuilt(tmp_path: Path) -> None:
    """Listings that show the edit are written even though the killed build saved the env."""
    src, out = copy_root(tmp_path), tmp_path / "out"
    built(src, out)
    edit(src / "second.md", "title: Second post", "title: Second, renamed")
    killed(src, out, kill_at=2)
    assert_equals_clean_build(src, out, tmp_path)


def test_build_killed_twice_then_rebuilt(tmp_path: Path) -> None:
    """A build killed after a killed build still knows the first one did not finish."""
    src, out = copy_root(tmp_path), tmp_path / "out"
    built(src, out)
    edit(src / "second.md", "title: Second post", "title: Second, renamed")
    killed(src, out, kill_at=2)
    killed(src, out, kill_at=1)
    assert_equals_clean_build(src, out, tmp_path)


def test_build_killed_while_writing_a_feed_then_rebuilt(tmp_path: Path) -> None:
    """Killed after the feeds noted their new inputs, before the feed was in place."""
    src, out = copy_root(tmp_path), tmp_path / "out"
    built(src, out)
    edit(src / "second.md", "title: Second post", "title: Second, renamed")
    killed(src, out, kill_replacing="rss.xml")
    assert b"Second, renamed" not in (out / "html" / "rss.xml").read_bytes()
    assert_equals_clean_build(src, out, tmp_path)


# -- killed while reading ---------------------------------------------------------------------


@pytest.mark.parametrize("options", [(), ("-E",)], ids=["incremental", "fresh"])
def test_build_killed_while_reading_then_rebuilt(tmp_path: Path, options: tuple[str, ...]) -> None:
    """The killed build wrote some doctrees, and a fresh one the home page's too (made from
    an empty environment: no popular posts), but saved no environment: the next build
    must not trust the last one's with them."""
    src, out = copy_root(tmp_path), tmp_path / "out"
    (src / "index.md").unlink()  # the home page Chapbook makes
    edit(src / "first.md", "tags:", "popular: true\ntags:")
    built(src, out)
    edit(src / "second.md", "title: Second post", "title: Second, renamed")
    edit(src / "third.md", "\n---\n", "\ndescription: Edited.\n---\n")
    killed(src, out, *options, kill_reading=2)
    assert_equals_clean_build(src, out, tmp_path)


def test_a_build_that_reads_nothing_keeps_the_saved_environment(tmp_path: Path) -> None:
    """A draft is examined and withdrawn at every build: the build reads nothing, saves no
    environment, and must not have removed the last one (the next build read everything)."""
    src, out = copy_root(tmp_path), tmp_path / "out"
    (src / "waiting.md").write_text(CULPRIT.replace("tags: [oops]", "draft: true"))
    built(src, out)
    built(src, out)
    assert (out / "doctrees" / "environment.pickle").is_file()


# -- failed with an exception ----------------------------------------------------------------


@pytest.mark.parametrize("published", [False, True], ids=["new-culprit", "published-culprit"])
def test_failed_build_then_culprit_deleted(tmp_path: Path, published: bool) -> None:
    """Sphinx starts the next build from a fresh environment: it must still remove the
    pages of documents the failed (or an earlier) build published and that are gone."""
    src, out = copy_root(tmp_path), tmp_path / "out"
    culprit = src / "zz-culprit.md"
    if published:
        culprit.write_text(CULPRIT)
    built(src, out)
    culprit.write_text(CULPRIT + "\n% FAIL-THIS-BUILD\n")
    failed = sphinx(src, out)
    assert failed.returncode == 2 and "zz-culprit asks this build to fail" in failed.stderr
    # Its tag page is written before the culprit's page raises (names are sorted).
    assert (out / "html" / "tags" / "oops" / "index.html").is_file()
    culprit.unlink()
    assert_equals_clean_build(src, out, tmp_path)


# -- the record of files Chapbook wrote itself ------------------------------------------------


@pytest.fixture
def app(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> SphinxTestApp:
    """The root built in a folder of its own: records left by one test never reach another."""
    built = make_app("dirhtml", srcdir=copy_root(tmp_path))
    built.build()
    assert (built.outdir / "index.html").is_file()
    return built


def test_a_recorded_path_that_is_a_page_is_never_deleted(app: SphinxTestApp) -> None:
    """An entry with a line break (``/x%0Aindex.html``) must not become ``index.html``."""
    outdir = app.outdir
    output.replace_files(app, "redirects", {"x\nindex.html", "first/index.html"})
    output.replace_files(app, "redirects", set())
    assert (outdir / "index.html").is_file()
    assert (outdir / "first" / "index.html").is_file()


def test_recorded_paths_outside_or_not_files_are_never_deleted(app: SphinxTestApp) -> None:
    outdir = app.outdir
    outside = outdir.parent / "outside.html"
    outside.write_text("not Chapbook's")
    wrote = {"../outside.html", str(outside), "", ".", "tags", "_static"}
    output.replace_files(app, "redirects", wrote)
    output.replace_files(app, "redirects", set())
    assert outside.is_file()
    assert (outdir / "tags" / "index.html").is_file()
    assert (outdir / "_static").is_dir()


def _record(app: SphinxTestApp, name: str) -> Path:
    """Where Chapbook keeps its record for ``name``, whatever its format."""
    (found,) = app.doctreedir.glob(f"chapbook-{name}.*")
    return found


@pytest.mark.parametrize("content", [b"\xff\xfe[\n", b"old/index.html\n"], ids=["corrupt", "old"])
def test_a_corrupt_or_old_record_deletes_nothing(app: SphinxTestApp, content: bytes) -> None:
    outdir = app.outdir
    (outdir / "old").mkdir()
    (outdir / "old" / "index.html").write_text("a redirect page")
    output.replace_files(app, "redirects", {"old/index.html"})
    _record(app, "redirects").write_bytes(content)
    output.replace_files(app, "redirects", set())
    assert (outdir / "old" / "index.html").is_file()
    # The record is written anew: from now on, what this build wrote is known.
    output.replace_files(app, "redirects", {"old/index.html"})
    output.replace_files(app, "redirects", set())
    assert not (outdir / "old").exists()


def test_an_interrupted_write_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "feeds" / "atom.xml"
    output.write_if_changed(target, b"old feed")

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.write_if_changed(target, b"new feed")
    assert target.read_bytes() == b"old feed"
    assert [path.name for path in target.parent.iterdir()] == ["atom.xml"]

"""A file that looks like a post but that Sphinx does not read is named, never lost.

Sphinx reads a file whose name ends in a source suffix exactly as written
(``.md``, not ``.MD``), and its patterns, ``**`` included, never match a path
with a line break in it: such files were left out without a word, and the
build said "0 warnings" even with ``-W``.  A file the writer left out on
purpose (``exclude_patterns``, a hidden folder) is not named.  The names with a
line break or a trailing space are made by the tests: a checkout may not keep
them.
"""

from __future__ import annotations

import shutil
from io import StringIO
from typing import TYPE_CHECKING

import pytest
from sphinx.testing.util import SphinxTestApp

from chapbook.collecting.state import posts_of
from chapbook.reading import duplicates
from tests.helpers import ROOTS, warnings_of

if TYPE_CHECKING:
    from pathlib import Path

POST = "---\ntitle: {title}\ndate: '2024-05-01'\n---\n\nWritten as {title}.\n"
SOURCE = "[chapbook.source]"
LINE_BREAK = "not read: Sphinx skips a file whose path has a line break in it"
#: The root's warnings, and those of the files each test adds, in the order of their paths.
EXPECTED = [
    f"loud.MARKDOWN:1: WARNING: not read: '.MARKDOWN' is not a suffix Sphinx reads (rename it "
    f"to .markdown) {SOURCE}",
    "mixed.Md:1: WARNING: not read: '.Md' is not a suffix Sphinx reads (rename it to .md) "
    f"{SOURCE}",
    "shout.RST:1: WARNING: not read: '.RST' is not a suffix Sphinx reads (rename it to .rst) "
    f"{SOURCE}",
    f"spaced.md :1: WARNING: not read: '.md ' is not a suffix Sphinx reads (rename it to .md) "
    f"{SOURCE}",
    f"two\\nlines/index.md:1: WARNING: {LINE_BREAK} (rename the folder 'two\\nlines') {SOURCE}",
    "upper/index.MD:1: WARNING: not read: '.MD' is not a suffix Sphinx reads (rename it to .md) "
    f"{SOURCE}",
    f"x\\ny.md:1: WARNING: {LINE_BREAK} (rename the file) {SOURCE}",
]


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    """The root, with the names a checkout may not keep."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-unread", src)
    (src / "two\nlines").mkdir()
    (src / "two\nlines" / "index.md").write_text(POST.format(title="Two"), encoding="utf-8")
    (src / "x\ny.md").write_text(POST.format(title="Broken"), encoding="utf-8")
    (src / "spaced.md ").write_text(POST.format(title="Spaced"), encoding="utf-8")
    # Left out on purpose, line break or not: named by no warning.
    (src / "old-imports" / "a\nb").mkdir()
    (src / "old-imports" / "a\nb" / "index.MD").write_text(POST.format(title="Old"))
    (src / ".hidden" / "c\nd.md").write_text(POST.format(title="Hidden"), encoding="utf-8")
    return src


def build(src: Path, *, fresh: bool = False, parallel: int = 0) -> tuple[list[str], set[str]]:
    """One build of ``src`` (incremental unless ``fresh``): its warnings and its posts.

    Each application is cleaned up before the next is made, as a new process would
    start clean (the fixtures' second application warns of nodes registered twice).
    """
    app = SphinxTestApp("dirhtml", srcdir=src, builddir=src / "_build", freshenv=fresh,
                        status=StringIO(), warning=StringIO(), parallel=parallel)  # fmt: skip
    try:
        app.build()
        return warnings_of(app), set(posts_of(app.env))
    finally:
        app.cleanup()


@pytest.mark.parametrize("parallel", [0, 2])
def test_each_file_sphinx_skips_is_named_once(blog: Path, parallel: int) -> None:
    assert build(blog, fresh=True, parallel=parallel) == (EXPECTED, {"kept"})


def test_an_incremental_build_names_them_again(blog: Path) -> None:
    build(blog, fresh=True)
    kept = blog / "kept.md"
    kept.write_text(kept.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    assert build(blog) == (EXPECTED, {"kept"})
    assert build(blog) == (EXPECTED, {"kept"})  # nothing read again: still named


def test_a_renamed_file_is_read_and_no_longer_named(blog: Path) -> None:
    build(blog, fresh=True)
    (blog / "upper" / "index.MD").rename(blog / "upper" / "index.md")
    others = [line for line in EXPECTED if not line.startswith("upper/")]
    assert build(blog) == (others, {"kept", "upper/index"})


# -- one function at a time -------------------------------------------------------------


def test_find_names_only_what_the_writer_did_not_leave_out(tmp_path: Path) -> None:
    for name in ["posts/a.MD", "posts/b.md", "posts/c.txt", "posts/d.Rst", "posts/.e.MD",
                 "posts/f\ng/h.md", "posts/i\nj/skip/k.md", "posts/l\nm/.git/n.md",
                 "other/o.MD", "other/p\nq.md", "_build/r.MD", "posts/s.md\n",
                 "posts/MD", "posts/.md"]:  # fmt: skip
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    suffixes = (".rst", ".md", ".markdown")
    exclude = ["_build", "**/skip", "**/.*", ".*"]
    found = duplicates.find(tmp_path, suffixes, ["posts/**"], exclude)
    assert found.unread == {
        "posts/a.MD": "not read: '.MD' is not a suffix Sphinx reads (rename it to .md)",
        "posts/d.Rst": "not read: '.Rst' is not a suffix Sphinx reads (rename it to .rst)",
        "posts/f\ng/h.md": f"{LINE_BREAK} (rename the folder 'f\\ng')",
        "posts/s.md\n": f"{LINE_BREAK} (rename the file)",
    }
    # The same walk with every file included: those outside ``posts/`` are named too.
    everything = duplicates.find(tmp_path, suffixes, ["**"], exclude)
    assert sorted(everything.unread) == [
        "other/o.MD", "other/p\nq.md", "posts/a.MD", "posts/d.Rst", "posts/f\ng/h.md",
        "posts/s.md\n",
    ]  # fmt: skip


def test_a_source_suffix_added_in_conf_py_counts_in_any_case(tmp_path: Path) -> None:
    (tmp_path / "page.TXT").write_text("x")
    found = duplicates.find(tmp_path, (".rst", ".txt"), ["**"], [])
    assert found.unread == {
        "page.TXT": "not read: '.TXT' is not a suffix Sphinx reads (rename it to .txt)"
    }

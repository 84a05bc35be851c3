"""An incremental build gives the same output as a clean build; -j 2 the same as -j 1."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.helpers import ROOTS

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = ROOTS / "test-incremental"


def build(srcdir: Path, builddir: Path, *, parallel: int = 0, fresh: bool = False) -> Path:
    app = SphinxTestApp(
        "dirhtml", srcdir=srcdir, builddir=builddir, freshenv=fresh, parallel=parallel
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir)


def tree(outdir: Path) -> dict[str, bytes]:
    """Every output file's bytes, except Sphinx's build-info stamp."""
    return {
        str(path.relative_to(outdir)): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and path.name != ".buildinfo"
    }


def assert_same_tree(incremental: Path, clean: Path) -> None:
    left, right = tree(incremental), tree(clean)
    assert sorted(left) == sorted(right)
    differing = [name for name in left if left[name] != right[name]]
    assert differing == []


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


EDITS: dict[str, Callable[[Path], None]] = {
    "retag": lambda src: edit(src / "third.md", '["beta", "shared"]', '["gamma"]'),
    "retitle": lambda src: edit(src / "second.md", "title: Second post", "title: Second, renamed"),
    "redate": lambda src: edit(src / "first.md", "2024-01-10", "2025-12-24"),
    "add": lambda src: (src / "fifth.md").write_text(
        "---\ntitle: Fifth post\ndate: '2026-01-01'\ntags: [alpha, new tag]\n---\n\nNew.\n"
    ),
    "delete": lambda src: shutil.rmtree(src / "with-image"),
    "draft": lambda src: edit(src / "third.md", "tags:", "draft: true\ntags:"),
    "unpopular": lambda src: edit(src / "second.md", "popular: true", "popular: false"),
    "new-year": lambda src: edit(src / "first.md", "2024-01-10", "2019-01-10"),
    "body": lambda src: edit(src / "third.md", "A third post.", "A third post, rewritten."),
}


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_incremental_build_equals_clean_build(kind: str, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    build(src, tmp_path / "incremental")
    EDITS[kind](src)
    incremental = build(src, tmp_path / "incremental")
    clean = build(src, tmp_path / "clean", fresh=True)
    assert_same_tree(incremental, clean)


def test_only_pages_that_show_the_change_are_rewritten(tmp_path: Path) -> None:
    """Retitling one post rewrites it, its neighbours, and the listings that show it."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    out = build(src, tmp_path / "out")
    before = {name: (out / name).stat().st_mtime_ns for name in tree(out) if name.endswith(".html")}
    EDITS["retitle"](src)
    build(src, tmp_path / "out")
    rewritten = {name for name, mtime in before.items() if (out / name).stat().st_mtime_ns != mtime}
    assert rewritten == {
        "second/index.html",  # the post itself
        "first/index.html",  # its neighbours (previous / next / related)
        "third/index.html",
        "index.html",  # listings that show it
        "page/2/index.html",
        "popular/index.html",
        "archive/index.html",
        "archive/2024/index.html",
        "tags/shared/index.html",
        # Sphinx writes its additional pages on every build.
        "search/index.html",
        "genindex/index.html",
        "404/index.html",
    }


def test_rebuild_without_changes_changes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    first = tree(build(src, tmp_path / "out"))
    assert tree(build(src, tmp_path / "out")) == first


def test_parallel_build_equals_serial_build(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    serial = build(src, tmp_path / "serial", fresh=True)
    parallel = build(src, tmp_path / "parallel", parallel=2, fresh=True)
    assert_same_tree(parallel, serial)


def test_parallel_incremental_build(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    build(src, tmp_path / "parallel", parallel=2)
    EDITS["add"](src)
    EDITS["retag"](src)
    incremental = build(src, tmp_path / "parallel", parallel=2)
    clean = build(src, tmp_path / "clean", fresh=True)
    assert_same_tree(incremental, clean)


@pytest.mark.parametrize("deleted", ["tags/alpha/index.html", "archive/2024/index.html"])
def test_a_missing_generated_page_is_written_again(tmp_path: Path, deleted: str) -> None:
    """Sphinx rewrites a page whose source is newer than its output; generated pages have none."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    out = build(src, tmp_path / "out")
    (out / deleted).unlink()
    incremental = build(src, tmp_path / "out")
    assert (incremental / deleted).is_file()
    assert_same_tree(incremental, build(src, tmp_path / "clean", fresh=True))


def test_a_changed_html_setting_leaves_no_build_info_backup(tmp_path: Path) -> None:
    """Sphinx moves ``.buildinfo`` to ``.buildinfo.bak`` when such a setting changed."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    build(src, tmp_path / "incremental")
    with (src / "conf.py").open("a") as conf:
        conf.write("html_title = 'Another title'\n")
    incremental = build(src, tmp_path / "incremental")
    assert not (incremental / ".buildinfo.bak").exists()
    assert_same_tree(incremental, build(src, tmp_path / "clean", fresh=True))


#: Settings of the made-up home page, changed between builds: each its further pages change
#: with it in the same build (8 posts: 3 a page is /page/2/ and /page/3/, 8 a page none).
HOME_SETTINGS = {
    "more-per-page": ["chapbook_posts_per_page = 3", "chapbook_posts_per_page = 8"],
    "fewer-per-page": [
        "chapbook_posts_per_page = 3",
        "chapbook_posts_per_page = 8",
        "chapbook_posts_per_page = 3",
    ],
    "project": [
        "chapbook_posts_per_page = 3",
        "chapbook_posts_per_page = 3\nproject = 'Renamed'",
    ],
    "invalid-then-reverted": [
        "chapbook_posts_per_page = 3",
        "chapbook_posts_per_page = 'many'",
        "chapbook_posts_per_page = 3",
    ],
}


@pytest.mark.parametrize("kind", sorted(HOME_SETTINGS))
def test_home_page_settings_change_its_further_pages_at_once(kind: str, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-home", src)
    conf = (src / "conf.py").read_text()
    for setting in HOME_SETTINGS[kind]:
        (src / "conf.py").write_text(f"{conf}\n{setting}\n")
        incremental = build(src, tmp_path / "incremental")
    assert_same_tree(incremental, build(src, tmp_path / "clean", fresh=True))


#: A file of the writer's at an address the site otherwise makes a page for, taken back.
OWN_FILES = {
    "archive-deleted": ("archive.md", lambda path: path.unlink()),
    "archive-drafted": ("archive.md", lambda path: edit(path, "title:", "draft: true\ntitle:")),
    "popular-drafted": ("popular.md", lambda path: edit(path, "title:", "draft: true\ntitle:")),
    "tag-deleted": ("tags/alpha.md", lambda path: path.unlink()),
    "further-page-drafted": ("page/2.md", lambda path: edit(path, "title:", "draft: true\ntitle:")),
    "home-deleted": ("index.md", lambda path: path.unlink()),
}


@pytest.mark.parametrize("kind", sorted(OWN_FILES))
def test_a_page_taken_back_by_the_site_leaves_no_copy_of_the_writers_file(
    kind: str, tmp_path: Path
) -> None:
    """The site's page has the same docname: Sphinx never sees the writer's document gone."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    name, take_back = OWN_FILES[kind]
    (src / name).parent.mkdir(parents=True, exist_ok=True)
    (src / name).write_text("---\ntitle: Mine\n---\n\nMy private archive notes.\n")
    out = build(src, tmp_path / "incremental")
    assert any(b"private" in text for text in tree(out / "_sources").values())
    take_back(src / name)
    incremental = build(src, tmp_path / "incremental")
    assert not any(b"private" in text for text in tree(incremental).values())
    assert_same_tree(incremental, build(src, tmp_path / "clean", fresh=True))


HOME = "---\ntitle: My home\n{draft}---\n\nMy private home page.\n"


def test_a_draft_home_page_leaves_the_made_up_one_build_after_build(tmp_path: Path) -> None:
    """A draft ``index.md`` is not published: the made-up home page has the address (a
    build stopped with no root document), until the draft is published, and again after."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-home", src)
    steps = [
        HOME.format(draft="draft: true\n"),
        HOME.format(draft=""),
        HOME.format(draft="draft: true\n"),
        None,
    ]
    for step in steps:
        if step is None:
            (src / "index.md").unlink()
        else:
            (src / "index.md").write_text(step)
        incremental = build(src, tmp_path / "incremental")
        clean = build(src, tmp_path / "clean", fresh=True)
        assert_same_tree(incremental, clean)
        published = step is not None and "draft" not in step
        assert (b"private" in (incremental / "index.html").read_bytes()) is published
        assert published or not any(b"private" in text for text in tree(incremental).values())
        shutil.rmtree(tmp_path / "clean")

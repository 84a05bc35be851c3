"""A folder of posts that is a symbolic link is not read: named once, the build finishes.

Sphinx follows links to folders when it looks for documents: ``loop -> .``
published every post again under ``/loop/loop/...`` until the path grew too
long, and two such links made the build walk forever.  A link to a sibling
folder published its posts twice.  The links are made by the tests: a checkout
may not keep them.
"""

from __future__ import annotations

import os
import shutil
from typing import TYPE_CHECKING

import pytest

from chapbook.collecting.state import posts_of
from chapbook.reading import duplicates
from tests.helpers import ROOTS, article, page, warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

POST = "---\ntitle: Low water\ndate: '2024-05-01'\n---\n\nThe harbour at low water.\n"
NOT_READ = (
    ":1: WARNING: not read: this folder is a symbolic link, and nothing in a linked folder "
    "is published (a link can lead out of the source folder, or back into it and publish "
    "every post again); put the folder itself here [chapbook.source]"
)


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    """A small blog with a post in a folder, a link to its own root and one to that folder."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-takedown", src)
    (src / "2024").mkdir()
    (src / "2024" / "low-water.md").write_text(POST, encoding="utf-8")
    os.symlink(".", src / "loop", target_is_directory=True)
    os.symlink("2024", src / "mirror", target_is_directory=True)
    return src


@pytest.mark.parametrize("parallel", [1, 2])
def test_a_linked_folder_is_named_and_not_read(
    blog: Path, make_app: Callable[..., SphinxTestApp], parallel: int
) -> None:
    app = make_app("dirhtml", srcdir=blog, freshenv=True, parallel=parallel)
    app.build()
    assert warnings_of(app) == [f"loop{NOT_READ}", f"mirror{NOT_READ}"]
    assert not [d for d in app.env.found_docs if d.startswith(("loop/", "mirror/"))]
    assert sorted(posts_of(app.env)) == ["2024/low-water", "news", "older"]
    assert not (app.outdir / "loop").exists()
    assert not (app.outdir / "mirror").exists()
    assert "The harbour at low water." in article(page(app, "2024/low-water")).get_text()


def test_two_links_back_to_the_root_end_the_build(
    blog: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    """``l1 -> .`` beside ``l2 -> .``: every path through them, without end, before."""
    os.symlink(".", blog / "2024" / "again", target_is_directory=True)
    app = make_app("dirhtml", srcdir=blog, freshenv=True)
    app.build()
    assert warnings_of(app) == [f"loop{NOT_READ}", f"mirror{NOT_READ}", f"2024/again{NOT_READ}"]
    assert len(posts_of(app.env)) == 3


def test_a_file_named_through_a_linked_folder_is_judged_where_it_is(
    blog: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    """``reading.files`` checks the real path: a file of the site is shown; one in an
    excluded folder is refused, whatever link leads to it."""
    shutil.copy(ROOTS / "blog" / "first-light" / "harbour.png", blog / "2024")
    (blog / "_build").mkdir()
    shutil.copy(ROOTS / "blog" / "first-light" / "harbour.png", blog / "_build" / "secret.png")
    os.symlink("_build", blog / "out", target_is_directory=True)
    (blog / "about.md").write_text(
        "---\ntitle: About\n---\n\n![The harbour](mirror/harbour.png)\n\n"
        "![A secret](out/secret.png)\n",
        encoding="utf-8",
    )
    app = make_app("dirhtml", srcdir=blog, freshenv=True)
    app.build()
    assert warnings_of(app) == [
        f"loop{NOT_READ}",
        f"mirror{NOT_READ}",
        f"out{NOT_READ}",
        "about.md:7: WARNING: image 'out/secret.png' is excluded from the site "
        "(exclude_patterns); it is left out [chapbook.trust]",
    ]
    images = [img["alt"] for img in article(page(app, "about")).select("img")]
    assert images == ["The harbour"]


# -- one function at a time -------------------------------------------------------------


def test_find_lists_linked_folders_and_does_not_enter_them(tmp_path: Path) -> None:
    for name in ["a.md", "sub/b.md", "_build/c.md"]:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x")
    for link, target in [("loop", "."), ("sub/up", ".."), ("_build/out", ".."), ("x*y", "sub")]:
        os.symlink(target, tmp_path / link, target_is_directory=True)
    (tmp_path / "note.md").symlink_to("a.md")  # a linked file: the gate's to judge
    found = duplicates.find(tmp_path, (".md",), ["**"], ["_build"])
    assert found.linked == ["loop", "x*y", "sub/up"]  # none in an excluded folder
    assert not found.twins and not found.unopenable


def test_a_linked_folder_is_excluded_alone_whatever_its_name() -> None:
    from sphinx.util.matching import Matcher

    excluded = Matcher([duplicates.literal(name) for name in ["x*y", "a?", "[b]", "cafe\u0301"]])
    assert all(excluded(path) for path in ["x*y", "a?", "[b]", "caf\u00e9"])
    assert not any(excluded(path) for path in ["xzy", "x*y/z", "ab", "b", "cafe"])

"""Two files at one address: the one published first keeps it, however the build runs.

``My-Post/index.md`` (2020) is on the site at ``/My-Post/``; a post added later
as ``my-post/index.md`` is the same address to the site's links and to hosts
that ignore case.  It used to win (the lowercase name did) and the original
left every output, with the only warning on the original.  Now the later file
is the one not published, named with the file that keeps the address; the
original is not even written again, and once it is gone the other is
published, as a clean build would.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

from sphinx.testing.util import SphinxTestApp

from chapbook.collecting.state import posts_of
from tests.collecting.test_incremental import assert_same_tree
from tests.helpers import ROOTS, article, page, warnings_of

if TYPE_CHECKING:
    from pathlib import Path

LATER = "---\ntitle: Theirs\ndate: '2025-06-01'\n---\n\nContributed later.\n"
KEPT = (
    "my-post/index.md:1: WARNING: my-post/index and My-Post/index would both be /My-Post/ "
    "(addresses ignore case); My-Post/index was published first (2020-01-01; this file "
    "2025-06-01): this file is not published [chapbook.source]"
)


def build(src: Path, out: Path, *, fresh: bool = False) -> SphinxTestApp:
    app = SphinxTestApp("dirhtml", srcdir=src, builddir=out, freshenv=fresh)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def add(src: Path, name: str, text: str) -> None:
    (src / name).parent.mkdir(parents=True, exist_ok=True)
    (src / name).write_text(text, encoding="utf-8")


def test_a_later_post_cannot_take_the_address_of_the_first(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-sameaddress", src)
    first = build(src, tmp_path / "incremental")
    original = first.outdir / "My-Post" / "index.html"
    written = original.stat().st_mtime_ns, original.read_bytes()
    add(src, "my-post/index.md", LATER)
    app = build(src, tmp_path / "incremental")
    assert warnings_of(app) == [KEPT]
    assert "The original, published first." in article(page(app, "My-Post")).get_text()
    assert (original.stat().st_mtime_ns, original.read_bytes()) == written  # not written again
    assert set(posts_of(app.env)) == {"My-Post/index"}
    assert not (app.outdir / "my-post").exists()
    clean = build(src, tmp_path / "clean", fresh=True)
    assert warnings_of(clean) == [KEPT]
    assert_same_tree(app.outdir, clean.outdir)


def test_once_the_first_is_gone_the_later_post_is_published(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-sameaddress", src)
    add(src, "my-post/index.md", LATER)
    build(src, tmp_path / "incremental")
    shutil.rmtree(src / "My-Post")
    app = build(src, tmp_path / "incremental")
    assert warnings_of(app) == []
    assert "Contributed later." in article(page(app, "my-post")).get_text()
    assert not (app.outdir / "My-Post").exists()
    assert_same_tree(app.outdir, build(src, tmp_path / "clean", fresh=True).outdir)


def test_a_post_cannot_take_the_address_of_a_page(tmp_path: Path) -> None:
    """A page has no date: it keeps its address before any post (``About/index.md``)."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-sameaddress", src)
    add(src, "About/index.md", LATER)
    app = build(src, tmp_path / "out", fresh=True)
    assert warnings_of(app) == [
        "About/index.md:1: WARNING: About/index and about would both be /about/ (addresses "
        "ignore case); about is a page (no date), which keeps its address before any post: "
        "this file is not published [chapbook.source]"
    ]
    assert "Who writes here." in article(page(app, "about")).get_text()

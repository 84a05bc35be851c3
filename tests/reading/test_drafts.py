"""Drafts never reach any output."""

from __future__ import annotations

import pytest

from chapbook.collecting.state import posts_of


@pytest.mark.sphinx("dirhtml", testroot="drafts", freshenv=True)
def test_drafts_are_excluded_everywhere(app) -> None:
    app.build()
    assert (app.outdir / "published" / "index.html").exists()
    assert not (app.outdir / "wip").exists()
    assert not (app.outdir / "drafts").exists()
    assert not (app.outdir / "tags" / "secret").exists()
    assert set(posts_of(app.env)) == {"published"}
    index = (app.outdir / "searchindex.js").read_text()
    assert "Work in progress" not in index and "An idea" not in index


@pytest.mark.sphinx("dirhtml", testroot="drafts", freshenv=True)
def test_a_post_turned_draft_is_withdrawn_on_an_incremental_build(app, make_app) -> None:
    app.build()
    post = app.srcdir / "published.md"
    post.write_text(post.read_text().replace("tags:", "draft: true\ntags:"))
    again = make_app("dirhtml", srcdir=app.srcdir)
    again.build()
    assert not (again.outdir / "published").exists()
    assert not (again.outdir / "tags" / "shared").exists()
    assert posts_of(again.env) == {}


@pytest.mark.sphinx(
    "dirhtml", testroot="drafts", confoverrides={"chapbook_show_drafts": True}, freshenv=True
)
def test_drafts_can_be_previewed(app) -> None:
    app.build()
    assert (app.outdir / "wip" / "index.html").exists()

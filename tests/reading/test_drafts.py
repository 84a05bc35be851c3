"""Drafts never reach any output."""

from __future__ import annotations

import pytest

from chapbook.collecting.state import posts_of
from tests.helpers import article, page


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
    # Both kinds of draft are posts in a preview: by front-matter and by folder.
    assert set(posts_of(app.env)) == {"published", "wip", "drafts/idea"}
    assert page(app, "wip").select_one("article h1").get_text().rstrip("#¶") == ("Work in progress")
    assert page(app, "drafts/idea").select_one("article h1").get_text().rstrip("#¶") == ("An idea")
    secret = article(page(app, "tags/secret")).select(".chapbook-entry > a")
    assert sorted(a.get_text() for a in secret) == ["An idea", "Work in progress"]

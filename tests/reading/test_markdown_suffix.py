"""``x.markdown`` is a post, as Jekyll and Hugo read it: the same as ``x.md``.

A blog moved from Jekyll keeps its ``.markdown`` posts; Sphinx read none of
them, and said nothing.  Drafts and notes named so stay out as ``.md`` ones do.
"""

from __future__ import annotations

import pytest

from chapbook.cli import blog as blogs
from chapbook.cli import warm
from chapbook.collecting.state import posts_of
from chapbook.reading import gate
from tests.helpers import article, page, warnings_of


@pytest.mark.sphinx("dirhtml", testroot="markdown-suffix", freshenv=True)
def test_a_markdown_file_is_a_post_at_the_address_of_its_name(app) -> None:
    app.build()
    assert warnings_of(app) == []
    assert set(posts_of(app.env)) == {"jekyll-post/index", "flat"}
    moved = article(page(app, "jekyll-post"))
    assert moved.select_one("h1").get_text().rstrip("#¶") == "From Jekyll"
    link = next(a for a in moved.select("a") if a.get_text() == "the flat one")
    assert link["href"] == "../flat/"
    assert "Written as a flat file." in article(page(app, "flat")).get_text()
    assert (app.outdir / "tags" / "moved" / "index.html").exists()


@pytest.mark.sphinx("dirhtml", testroot="markdown-suffix", freshenv=True)
def test_drafts_and_notes_named_markdown_stay_out(app) -> None:
    app.build()
    assert not (app.outdir / "wip").exists()
    assert not (app.outdir / "jekyll-post" / "notes").exists()
    index = (app.outdir / "searchindex.js").read_text()
    assert "Not yet" not in index and "never published" not in index


def test_the_command_line_counts_markdown_files_as_posts() -> None:
    """``chapbook build``'s count of posts, ``chapbook post``'s next order and
    ``chapbook serve``'s saves of a post read the suffixes the build reads."""
    assert blogs.MARKDOWN == gate.MARKDOWN == warm.SOURCES

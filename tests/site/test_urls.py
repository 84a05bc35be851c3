"""URLs follow the file path as dirhtml makes them; adding a post is adding a file."""

from __future__ import annotations

import pytest

from chapbook.collecting.state import posts_of
from tests.helpers import article, page, warnings_of


@pytest.mark.sphinx("dirhtml", testroot="urls", freshenv=True)
def test_posts_publish_at_their_paths(app) -> None:
    app.build()
    for path in ("bundle", "single", "posts/in-folder", "about"):
        assert (app.outdir / path / "index.html").exists(), path
    assert set(posts_of(app.env)) == {"bundle/index", "single", "posts/in-folder"}
    assert warnings_of(app) == []  # no toctree needed, no warning


@pytest.mark.sphinx("dirhtml", testroot="urls", freshenv=True)
def test_co_located_images_are_published(app) -> None:
    app.build()
    img = article(page(app, "bundle")).select_one("img")
    assert img["alt"] == "A square"
    assert (app.outdir / "bundle" / img["src"]).resolve().is_file()

"""Images as real posts write them: beside the post, or missing; notes without their colon."""

from __future__ import annotations

import pytest

from tests.helpers import article, page, warnings_of


@pytest.mark.sphinx("dirhtml", testroot="images", freshenv=True)
def test_a_site_root_image_is_found_beside_its_post(app) -> None:
    app.build()
    images = article(page(app, "bundle")).select("img")
    assert [img["alt"] for img in images] == ["the diagram"]
    assert (app.outdir / "bundle" / images[0]["src"]).resolve().is_file()


@pytest.mark.sphinx("dirhtml", testroot="images", freshenv=True)
def test_a_missing_image_is_left_out_with_one_warning(app) -> None:
    app.build()
    chapbook = [w for w in warnings_of(app) if "missing-chart" in w]
    assert chapbook == [
        "bundle/index.md:12: WARNING: image 'missing-chart.png' is not there; "
        "it is left out [chapbook.source]"
    ]
    assert "the chart" in article(page(app, "bundle")).get_text()


@pytest.mark.sphinx("dirhtml", testroot="images", freshenv=True)
def test_a_note_without_its_colon_links_nowhere(app) -> None:
    app.build()
    body = article(page(app, "bundle"))
    targets = {a["href"] for a in body.select("a[href^='#']")}
    ids = {node["id"] for node in page(app, "bundle").select("[id]")}
    assert {href[1:] for href in targets} <= ids
    assert "[^1]" in body.get_text()

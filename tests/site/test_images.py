"""Images reserve their space (their pixel size as width and height) and load lazily after the first."""

from __future__ import annotations

import pytest

from tests.helpers import article, page


@pytest.mark.sphinx("dirhtml", testroot="imagesize", freshenv=True)
def test_images_have_their_size_and_all_but_the_first_load_lazily(app) -> None:
    app.build()
    images = article(page(app, "pictures")).select("img")
    found = [(i["alt"], i.get("width"), i.get("height"), i.get("loading")) for i in images]
    assert found == [
        ("A wide picture", "300", "100", None),
        ("A tall picture", "50", "200", "lazy"),
        # The author's size stays (docutils writes a size with a unit as a style).
        ("The wide picture at the author's size", None, None, "lazy"),
    ]
    assert "width: 50%" in images[2]["style"]
    # Measured images are not wrapped in a link to themselves (a click zooms them instead).
    assert [i.parent.name for i in images[:2]] == ["p", "p"]

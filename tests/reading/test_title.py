"""The front-matter title is the page's H1 and <title>; body headings nest under it."""

from __future__ import annotations

import pytest

from tests.helpers import article, page, warnings_of


@pytest.mark.sphinx("dirhtml", testroot="title", freshenv=True)
def test_title_is_h1_and_html_title(app) -> None:
    app.build()
    soup = page(app, "post-h3")
    h1s = article(soup).find_all("h1")
    assert [h.get_text().rstrip("¶#") for h in h1s] == ["Starts at three"]
    assert soup.title.get_text().startswith("Starts at three")
    assert app.env.titles["post-h3/index"].astext() == "Starts at three"


@pytest.mark.sphinx("dirhtml", testroot="title", freshenv=True)
def test_body_headings_nest_under_the_title_without_warnings(app) -> None:
    app.build()
    body = article(page(app, "post-h3"))
    levels = [(h.name, h.get_text().rstrip("¶#")) for h in body.find_all(["h2", "h3", "h4"])]
    assert levels == [
        ("h2", "First part"),
        ("h3", "Detail"),
        ("h4", "Jump"),
        ("h2", "Second part"),
    ]
    assert [h.name for h in article(page(app, "post-h2")).find_all(["h1", "h2"])] == ["h1", "h2"]
    assert not [w for w in warnings_of(app) if "myst.header" in w]


@pytest.mark.sphinx("dirhtml", testroot="title", freshenv=True)
def test_pages_without_front_matter_are_untouched(app) -> None:
    app.build()
    assert [h.get_text().rstrip("¶#") for h in article(page(app, "plain")).find_all("h1")] == [
        "A plain page"
    ]


@pytest.mark.sphinx("dirhtml", testroot="title", freshenv=True)
def test_title_in_search_index(app) -> None:
    app.build()
    index = (app.outdir / "searchindex.js").read_text()
    assert '"Starts at three"' in index

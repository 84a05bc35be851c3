"""Markup in front-matter is text wherever it lands."""

from __future__ import annotations

import pytest

from tests.helpers import page

TITLE = "Tom & Jerry <script>alert(\u201ct\u201d)</script> \u201cquoted\u201d"


def heading(soup) -> str:
    """The page's one ``<h1>``, without its permalink."""
    h1 = soup.h1
    for link in h1.select(".headerlink"):
        link.decompose()
    return h1.get_text()


@pytest.mark.sphinx("dirhtml", testroot="escaping", freshenv=True)
def test_title_and_tags_are_escaped_everywhere(app) -> None:
    app.build()
    for docname in ("hostile", "tags/r-d", "tags", "tags/script-x-script", "tags/say-hi"):
        html = (app.outdir / docname / "index.html").read_text()
        assert "<script>alert" not in html, docname
        assert "<script>x</script>" not in html, docname
        assert "<b>bold" not in html, docname
    soup = page(app, "hostile")
    assert heading(soup) == TITLE
    assert soup.title.get_text().startswith(TITLE)
    assert [a.get_text() for a in soup.select(".chapbook-tags a")] == [
        "<script>x</script>",
        "R&D",
        "say \u201chi\u201d",
    ]
    listing = page(app, "tags/r-d").select_one("ul.chapbook-postlist .chapbook-entry > a")
    assert listing.get_text() == TITLE
    assert heading(page(app, "tags/script-x-script")) == "Tag: <script>x</script>"


@pytest.mark.sphinx("dirhtml", testroot="escaping", freshenv=True)
def test_description_is_escaped_in_meta_tags(app) -> None:
    app.build()
    html = (app.outdir / "hostile" / "index.html").read_text()
    assert 'content="Q&amp;A &lt;b&gt;bold&lt;/b&gt; &quot;desc&quot;"' in html
    meta = page(app, "hostile").find("meta", attrs={"name": "description"})
    assert meta["content"] == 'Q&A <b>bold</b> "desc"'

"""Math (``$...$``, ``$$...$$``) and Mermaid diagrams on the site, on by default."""

from __future__ import annotations

import pytest

from tests.helpers import page, warnings_of

MERMAID_CDN = "https://cdn.jsdelivr.net/npm/mermaid@"


@pytest.fixture
def built(app):
    app.build()
    return app


@pytest.mark.sphinx("dirhtml", testroot="math", freshenv=True)
def test_dollar_math_is_math(built) -> None:
    body = page(built, "equations").select_one("article")
    inline = body.select("span.math")
    assert [span.get_text() for span in inline] == [r"\(e^{i\pi} + 1 = 0\)"]
    block = body.select_one("div.math")
    assert r"\int_0^1 x\,dx = \frac{1}{2}" in block.get_text()
    # Prices are not math: "$" beside a space or a digit opens and closes nothing.
    assert "it costs $5 and $10 to print." in body.get_text()
    assert warnings_of(built) == []


@pytest.mark.sphinx("dirhtml", testroot="math", freshenv=True)
def test_math_pages_load_mathjax_and_others_do_not(built) -> None:
    def scripts(docname: str) -> list[str]:
        return [s.get("src", "") for s in page(built, docname).find_all("script")]

    assert any("mathjax" in src for src in scripts("equations"))
    assert not any("mathjax" in src for src in scripts("index"))


@pytest.mark.sphinx("dirhtml", testroot="math", freshenv=True)
def test_mermaid_fences_are_diagrams(built) -> None:
    soup = page(built, "equations")
    diagram = soup.select_one("article pre.mermaid")
    assert diagram is not None
    assert "graph TD" in diagram.get_text() and "Draft --> Published" in diagram.get_text()
    modules = [s.get_text() for s in soup.find_all("script", attrs={"type": "module"})]
    assert any(MERMAID_CDN in body for body in modules)
    # Only pages with a diagram load mermaid.js.
    index = page(built, "index").find_all("script", attrs={"type": "module"})
    assert not any(MERMAID_CDN in s.get_text() for s in index)


@pytest.mark.sphinx(
    "dirhtml",
    testroot="math",
    freshenv=True,
    confoverrides={"myst_enable_extensions": ["deflist"], "myst_fence_as_directive": []},
)
def test_the_sites_own_myst_settings_win(built) -> None:
    body = page(built, "equations").select_one("article")
    assert body.select("span.math") == []
    assert "$e^{i\\pi} + 1 = 0$" in body.get_text()
    assert body.select_one("pre.mermaid") is None
    assert "Draft --> Published" in body.select_one("div.highlight").get_text()


@pytest.mark.sphinx("dirhtml", testroot="math", freshenv=True)
def test_pages_without_a_doctree_load_no_diagram_script(built) -> None:
    search = page(built, "search").find_all("script")
    assert not any("mermaid" in (s.get("src", "") + s.get_text()) for s in search)
    assert any(MERMAID_CDN in s.get_text() for s in page(built, "equations").find_all("script"))

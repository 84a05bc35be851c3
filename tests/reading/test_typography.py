"""Curly quotes and em dashes, never inside code."""

from __future__ import annotations

import pytest

from tests.helpers import article, page


@pytest.mark.sphinx("dirhtml", testroot="typography", freshenv=True)
def test_spaced_hyphen_becomes_em_dash(app) -> None:
    app.build()
    body = article(page(app, "post"))
    first, second = (p.get_text() for p in body.select("section > p")[:2])
    assert first.startswith(
        "Anthropic \u2014 the lab \u2014 did it. It wraps \u2014 across lines. Emphasis \u2014 then more."
    )
    assert "\u201cQuoted\u201d and it\u2019s fine." in first
    assert "2020-2021 and a-b stay hyphens" in second
    assert body.select_one("pre").get_text() == 'code - stays - plain "quotes"\n'
    assert body.select_one("code").get_text() == "a - b"


@pytest.mark.sphinx(
    "dirhtml", testroot="typography", confoverrides={"chapbook_em_dashes": False}, freshenv=True
)
def test_switch_turns_em_dashes_off(app) -> None:
    app.build()
    assert "Anthropic - the lab - did it." in article(page(app, "post")).get_text()

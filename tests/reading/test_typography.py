"""Curly quotes and em dashes, never inside code."""

from __future__ import annotations

import re

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


# -- next to inline markup, "--", quotes after brackets (markup.md) ---------------------

# a hyphen starting a line ("\-" in the source, to stop a list) is kept on purpose
SPACED_HYPHEN = re.compile(r"\w[^\S\n]+-\s+\w")


def _paragraphs(app) -> list[str]:
    app.build()
    return [p.get_text() for p in article(page(app, "markup")).select("section > p")]


@pytest.mark.sphinx("dirhtml", testroot="typography", freshenv=True)
def test_spaced_hyphen_next_to_inline_markup(app) -> None:
    # the word on one side of the hyphen is in a strong, reference, emphasis or literal
    assert (
        _paragraphs(app)[0]
        == "one \u2014 two, three \u2014 four, six \u2014 seven, code \u2014 word."
    )


@pytest.mark.sphinx("dirhtml", testroot="typography", freshenv=True)
def test_double_hyphens_are_em_dashes_and_ranges_en_dashes(app) -> None:
    assert _paragraphs(app)[1] == "one \u2014 two, one\u2014two, a\u2014b, pages 1\u20132."


@pytest.mark.sphinx("dirhtml", testroot="typography", freshenv=True)
def test_quotes_after_brackets_open(app) -> None:
    assert _paragraphs(app)[2] == (
        "(\u201c\u2014\u201d) and [\u201cx\u201d] and (\u2018\u2014\u2019) and the (\u201990s)."
    )


@pytest.mark.sphinx("dirhtml", testroot="typography", freshenv=True)
def test_code_urls_words_and_line_starts_keep_their_hyphens(app) -> None:
    paragraphs = _paragraphs(app)
    body = article(page(app, "markup"))
    assert paragraphs[3] == (
        "a -- b - c and https://example.com/a--b and https://example.com/c--d, a-b, -5."
    )
    assert paragraphs[4] == "word and\n- escaped at line start"
    assert [li.get_text().strip() for li in body.select("li")] == ["item one", "item two"]
    assert body.select_one("pre").get_text() == 'one - **two** -- ("x")\n'
    assert body.select_one("a[href='https://example.com/a--b']") is not None


@pytest.mark.sphinx("dirhtml", testroot="typography", freshenv=True)
def test_no_spaced_hyphen_left_between_words_outside_code(app) -> None:
    app.build()
    body = article(page(app, "markup"))
    for code in body.select("pre, code"):
        code.decompose()
    assert SPACED_HYPHEN.findall(body.get_text()) == []

"""A code block without a language is plain text: Sphinx's default would read it as Python
and colour a shell session's words (``highlight_language``, set by ``reading.markup``)."""

from __future__ import annotations

import pytest

from tests.helpers import article, page


@pytest.mark.sphinx("dirhtml", testroot="highlight", freshenv=True)
def test_code_without_a_language_is_not_highlighted(app) -> None:
    app.build()
    untagged, python = article(page(app, "shell")).select("div[class*=highlight-]")
    assert "highlight-none" in untagged["class"]
    assert untagged.select("pre span[class]") == []  # no token coloured
    assert untagged.pre.get_text() == "$ ls -la /tmp\ndef import class\n"
    assert "highlight-python" in python["class"]
    assert python.select("pre span.k")  # "def", "return": keywords

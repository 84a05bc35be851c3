"""An outline book reports the problems of what it prints: its posts and its outline."""

from __future__ import annotations

import pytest

from tests.helpers import warnings_of


@pytest.mark.sphinx("latex", testroot="bookscope", freshenv=True)
def test_an_outline_book_reports_only_its_own_posts(app) -> None:
    app.build()
    assert warnings_of(app) == [
        "inside.md:6: WARNING: image 'inside.png' is not there; it is left out [chapbook.source]",
        "short.book.md:6: WARNING: book outline: '/not-a-post' matches no post [chapbook.book]",
    ]


@pytest.mark.sphinx("dirhtml", testroot="bookscope", freshenv=True)
def test_the_site_still_reports_every_post(app) -> None:
    app.build()
    found = warnings_of(app)
    assert any(w.startswith("outside.md:6: WARNING: image 'outside.png'") for w in found)
    assert any(w.startswith("outside.md:6: WARNING: link target '/nowhere'") for w in found)

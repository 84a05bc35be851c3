"""Bare addresses in prose are links, as GitHub-flavoured Markdown makes them (MyST's linkify).

An address with its scheme, one starting ``www.`` and an e-mail address are
linked; a name that only ends like a domain (``setup.py``, ``example.com``)
stays text, as on GitHub, though linkify alone would link it.

Only those the trust policy allows: a bare ``javascript:`` (in any case, with
``//`` or not), ``vbscript:``, ``data:`` and ``ftp:`` stay the text the writer
wrote, without a warning (they were never written as links).  Code is not
linked.
"""

from __future__ import annotations

import pytest

from tests.helpers import article, page, warnings_of


def links(app) -> list[tuple[str, str]]:
    return [(a["href"], a.get_text()) for a in article(page(app, "bare")).select("section a[href]")
            if "headerlink" not in a.get("class", [])]  # fmt: skip


@pytest.mark.sphinx("dirhtml", testroot="linkify", freshenv=True)
def test_bare_addresses_are_links(app) -> None:
    app.build()
    assert warnings_of(app) == []
    long = (
        "https://example.org/a/very/long/path/that/goes/on/and/on/without/any/break/at/all"
        "/until/it/is/far/wider/than/a/phone"
    )
    assert links(app) == [
        ("https://x.y/z", "https://x.y/z"),
        ("http://www.example.com", "www.example.com"),
        ("mailto:user%40example.org", "user@example.org"),  # as markdown-it encodes it
        (long, long),
    ]


@pytest.mark.sphinx("dirhtml", testroot="linkify", freshenv=True)
def test_addresses_the_policy_refuses_stay_text(app) -> None:
    app.build()
    assert warnings_of(app) == []  # the writer wrote text, not links: nothing to report
    body = article(page(app, "bare"))
    hrefs = [a["href"].lower() for a in body.select("a[href]")]
    assert "https://x.y/z" in hrefs  # what the policy allows is linked
    assert not [h for h in hrefs if h.startswith(("javascript", "vbscript", "data", "ftp"))]
    text = " ".join(body.get_text().split())
    assert "javascript:alert(1), JaVaScRiPt://www.example.com/%0Aalert(2)," in text
    assert "vbscript://example.org/x, data:text/html,x and ftp://files.example.org/notes.txt." in (
        text
    )
    assert "Names that are not addresses stay text, as on GitHub: setup.py, README.md, " in text
    assert "example.com and Node.js." in text
    # Code is not prose: no link inside it.
    assert body.select("code a, pre a") == []

"""Every URL in a post, whatever syntax made it, is checked once against the scheme allowlist.

The root's post makes links in each syntax that reaches a doctree: a Markdown
autolink (markdown-it would keep it as text without a word), an rST link,
a named rST target, a ``data:`` and a ``file:`` link, an address with a space
in its scheme (docutils joins it), an image's ``:target:``, a ``{download}`` of
``javascript://``, an image whose address is a ``data:`` page, a toctree entry
(Sphinx takes anything with ``://`` for a web address).  Each refused
one is one warning with its line and stays as text (or alt text); http, https,
mailto, relative addresses and raster ``data:`` pictures stay live.
"""

from __future__ import annotations

import pytest

from chapbook.trust import policy
from tests.helpers import article, page, warnings_of

SCHEMES = "is not one posts may use (http, https, mailto or a relative address)"


def link(line: int, url: str, scheme: str) -> str:
    return (f"links.md:{line}: WARNING: link {url!r}: its scheme {scheme!r} {SCHEMES}; "
            "it is kept as text [chapbook.trust]")  # fmt: skip


@pytest.mark.sphinx("dirhtml", testroot="trust-urls", freshenv=True)
def test_each_refused_url_is_one_warning_and_stays_text(app) -> None:
    app.build()
    assert warnings_of(app) == [
        "index.md:8: WARNING: link 'javascript://%0Apwn(52)': its scheme 'javascript:' "
        f"{SCHEMES}; it is left out of the contents [chapbook.trust]",
        link(6, "javascript:alert(1)", "javascript:"),
        link(11, "javascript:alert(2)", "javascript:"),
        link(13, "vbscript:alert(3)", "vbscript:"),
        link(15, "data:text/html;base64,PHNjcmlwdD4=", "data:"),
        link(15, "file:///etc/passwd", "file:"),
        link(15, "javascript:alert(4)", "javascript:"),
        link(19, "javascript:alert(5)", "javascript:"),
        link(24, "javascript://%0Aalert(6)", "javascript:"),
        f"links.md:28: WARNING: image 'data:text/html;base64,PHNjcmlwdD4=': its scheme "
        f"'data:' {SCHEMES}; its alt text stands in [chapbook.trust]",
        "index.md:3: WARNING: link target '/javascript:pwn(53)' matches no page [chapbook.link]",
    ]
    body = article(page(app, "links"))
    text = body.get_text()
    for words in ("rst link", "named one", "data page", "a download", "a data page"):
        assert words in text
    hrefs = [a["href"] for a in body.select("a[href]")]
    assert [h for h in hrefs if policy.url_scheme(h) not in (None, "http", "https", "mailto")] == []


@pytest.mark.sphinx("dirhtml", testroot="trust-urls", freshenv=True)
def test_allowed_addresses_stay_live(app) -> None:
    app.build()
    body = article(page(app, "links"))
    hrefs = {a["href"] for a in body.select("a.reference.external")}
    assert {"https://example.org/", "https://example.org/rst"} <= hrefs
    assert any(h.startswith("mailto:") for h in hrefs)
    assert [a["href"] for a in page(app, "index").select("a[href^='https://example.org']")] == [
        "https://example.org/toc"
    ]
    # A site link to a page that is not there stays a link to the path it named, which
    # from the home page must not read as a scheme.
    broken = article(page(app, "index")).select_one("a.chapbook-broken")
    assert broken["href"] == "./javascript:pwn(53)"
    sources = [img["src"] for img in body.select("img")]
    assert sources == ["../_images/pic.png", "data:image/png;base64,iVBORw0KGgo=",
                       "https://example.org/remote.png"]  # fmt: skip


@pytest.mark.parametrize(
    ("url", "scheme"),
    [("javascript:x", "javascript"), (" JaVaScRiPt:x", "javascript"), ("java\tscript:x",
     "javascript"), ("java\nscript:x", "javascript"), ("\x00javascript:x", "javascript"),
     ("java\x01script:x", "javascript"), ("vbscript:x", "vbscript"), ("data:text/html,x",
     "data"), ("https://x.org/", "https"), ("mailto:a@b.c", "mailto"), ("/a/b", None),
     ("../a.png", None), ("#id", None), ("a.png?x=y:z", None), ("", None),
     ("jav\u00a0ascript:x", None), ("1x:y", None)],
)  # fmt: skip
def test_the_scheme_a_browser_reads(url: str, scheme: str | None) -> None:
    assert policy.url_scheme(url) == scheme


def test_only_http_https_mailto_and_relative_addresses_are_allowed() -> None:
    assert policy.url_refusal("https://x.org/") is None
    assert policy.url_refusal("HTTP://x.org/") is None
    assert policy.url_refusal("mailto:a@b.c") is None
    assert policy.url_refusal("../x/") is None
    assert policy.url_refusal("ftp://x.org/") == (
        "its scheme 'ftp:' is not one posts may use (http, https, mailto or a relative address)"
    )
    assert policy.url_refusal("tel:+123") is not None


def test_a_data_picture_is_a_raster_image_only() -> None:
    assert policy.data_picture("data:image/png;base64,x")
    assert policy.data_picture(" DATA:image/webp,x")
    assert not policy.data_picture("data:image/svg+xml,<svg/>")
    assert not policy.data_picture("data:text/html,x")
    assert not policy.data_picture("https://x/a.png")

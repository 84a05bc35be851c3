"""Markdown links from the book to a page outside it point at the page on the web site.

``[about](about.md)`` is resolved by MyST, not by Chapbook's domain: before, the ePub
linked to ``about.xhtml``, a file it does not hold (epubcheck RSC-007), and the PDF to a
label that does not exist. A link to a post inside the book stays inside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.helpers import warnings_of

SITE = "https://links.example.org/blog/"


def epub_links(app) -> dict[str, str]:
    page = Path(app.outdir) / "first.xhtml"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    return {a.get_text(): a["href"] for a in soup.select("article a[href], div.body a[href]")}


@pytest.mark.sphinx("epub", testroot="bookmdlinks", freshenv=True)
def test_epub_links_to_a_page_outside_the_book_go_to_the_site(app) -> None:
    app.build()
    assert warnings_of(app) == []
    links = epub_links(app)
    assert links["the about page"] == f"{SITE}about/"
    assert links["who writes"] == f"{SITE}about/#who-writes-here"
    assert links["the second post"] == "second.xhtml"


@pytest.mark.sphinx("latex", testroot="bookmdlinks", freshenv=True)
def test_pdf_links_to_a_page_outside_the_book_go_to_the_site(app) -> None:
    app.build()
    assert warnings_of(app) == []
    (tex,) = Path(app.outdir).glob("*.tex")
    text = tex.read_text(encoding="utf-8")
    assert rf"\sphinxhref{{{SITE}about/}}" in text
    assert rf"\sphinxhref{{{SITE}about/\#who-writes-here}}" in text
    assert "about::doc" not in text
    assert r"\hyperref[\detokenize{second::doc}]" in text


@pytest.mark.sphinx(
    "latex", testroot="bookmdlinks", freshenv=True, confoverrides={"html_baseurl": ""}
)
def test_without_a_site_address_the_text_stays_and_the_build_says_so(app) -> None:
    app.build()
    message = (
        "WARNING: link to {!r}, a page outside the book: the site has no html_baseurl "
        "to link to, so only the text is kept [chapbook.link]"
    )
    # MyST gives inline nodes the paragraph's last line.
    assert warnings_of(app) == [
        "first.md:8: " + message.format("about"),
        "first.md:8: " + message.format("about#who-writes-here"),
    ]
    (tex,) = Path(app.outdir).glob("*.tex")
    text = tex.read_text(encoding="utf-8")
    plain = r"Read \DUrole{xref}{\DUrole{myst}{the about page}}, \DUrole{xref}{\DUrole{myst}{who"
    assert plain in text
    assert "about::doc" not in text

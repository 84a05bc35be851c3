"""Raw HTML that Python's parser and a browser read differently, loaded in Chromium.

Each payload runs in Chromium as written (the test proves it can fail); after
``sanitize.clean`` nothing of it runs, and the text around it is still there.
"""

from __future__ import annotations

import pytest

from chapbook.reading import sanitize
from tests.site.test_browser import browser  # noqa: F401 - the fixture, Debian's Chromium

RUN = "document.title='ran'"
PAYLOADS = {
    "abrupt comment": f"<!--><script>{RUN}</script>-->",
    "abrupt comment, one dash": f"<!---><script>{RUN}</script>-->",
    "comment ended by --!>": f'<!-- --!><img src=x onerror="{RUN}"> -->',
    "CDATA outside SVG": f"<![CDATA[ x ><script>{RUN}</script> ]]>",
    "marked section": f"<![if x><script>{RUN}</script>]>",
    "style in SVG": f'<svg><style><img src=x onerror="{RUN}"></style></svg>',
    "style in MathML": f'<math><style><img src=x onerror="{RUN}"></style></math>',
    "title in SVG": f'<svg><title><img src=x onerror="{RUN}"></title></svg>',
    "comment in style": f'<style><!--</style><img src=x onerror="{RUN}">--></style>',
    "comment in textarea": f'<textarea><!--</textarea><img src=x onerror="{RUN}">--></textarea>',
    "lone < before a script": f'<<script>{RUN}</script>img src=x onerror="{RUN}">',
}


#: Before the body: every image's load or error event is noted (capturing, so before the
#: image's own ``onerror``), and the script takes itself out of the page it checks.
WATCH = (
    "<script>window.settled = new Set();"
    "for (const kind of ['load', 'error'])"
    " addEventListener(kind, (e) => settled.add(e.target), true);"
    "document.currentScript.remove()</script>"
)
#: Every image has had its event, so each payload's ``onerror`` has run (or never will):
#: a condition, whatever the machine's speed.
SETTLED = "[...document.images].every((i) => settled.has(i) || !i.getAttribute('src'))"


def _page(body: str) -> str:
    return (
        f"<!doctype html><html><head><title>safe</title>{WATCH}</head><body><p>before</p>"
        f"{body}<p id=end>after</p></body></html>"
    )


@pytest.fixture(scope="module")
def page(browser: object) -> object:  # noqa: F811 - the fixture imported above
    return browser.new_page()  # type: ignore[attr-defined]


def _title_after_loading(page: object, body: str) -> str:
    page.set_content(_page(body))  # type: ignore[attr-defined]
    page.wait_for_function(SETTLED)  # type: ignore[attr-defined]  # every image's error event
    return page.title()  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", PAYLOADS)
def test_the_payload_runs_as_written(page: object, name: str) -> None:
    assert _title_after_loading(page, PAYLOADS[name]) == "ran"


@pytest.mark.parametrize("name", PAYLOADS)
def test_nothing_runs_once_filtered(page: object, name: str) -> None:
    cleaned, removed = sanitize.clean(PAYLOADS[name])
    assert _title_after_loading(page, cleaned) == "safe"
    assert page.locator("script").count() == 0  # type: ignore[attr-defined]
    assert page.locator("#end").inner_text() == "after"  # type: ignore[attr-defined]
    if name == "CDATA outside SVG":  # its characters kept, as text
        assert (removed, "&lt;script&gt;" in cleaned) == ([], True)
    else:
        assert removed

"""SVG images opened from the site, in Debian's Chromium: what the post wrote runs, what the
site serves does not, and the drawing (a draw.io label's HTML too) is still drawn.

Each payload below runs when the file is opened as written (the test proves it
can fail); the site's ``_images/`` copy of the same file runs none of them.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.helpers import ROOTS
from tests.site.test_browser import browser  # noqa: F401 - the fixture, Debian's Chromium

if TYPE_CHECKING:
    from collections.abc import Iterator


def ran(name: str) -> str:
    return f"(top.ran=top.ran||[]).push('{name}')"


PAYLOAD = f"""<!DOCTYPE svg [<!ATTLIST image onerror CDATA "{ran("default")}">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
  width="300" height="120" onload="{ran("onload")}">
<image href="missing.png" width="1" height="1"/>
<script>{ran("script")}</script>
<a id="link" href="javascript:{ran("link")}"><rect width="40" height="40" fill="#c33"/></a>
<a id="xlinked" xlink:href="javascript:{ran("xlink")}"><rect x="50" width="40" height="40"/></a>
<a id="animated"><set attributeName="href" to="javascript:{ran("set")}"/>
  <rect x="100" width="40" height="40" fill="#33c"/></a>
<foreignObject x="0" y="50" width="300" height="70">
  <div xmlns="http://www.w3.org/1999/xhtml" onmouseover="{ran("label")}">Label
    <img src="x" onerror="{ran("onerror")}"/><iframe src="javascript:{ran("iframe")}"></iframe>
  </div>
</foreignObject>
</svg>
"""
EVERY = ["default", "iframe", "label", "link", "onerror", "onload", "script", "set", "xlink"]
POST = "---\ntitle: Payloads\ndate: 2024-06-01\n---\n\n![Every payload](payload.svg)\n"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The drawings' site, built, and its folder (sources and output) served over HTTP."""
    folder = tmp_path_factory.mktemp("served-browser")
    src = Path(shutil.copytree(ROOTS / "test-servedsvg", folder / "src"))
    (src / "payload").mkdir()
    (src / "payload" / "index.md").write_text(POST)
    (src / "payload" / "payload.svg").write_text(PAYLOAD)
    app = SphinxTestApp("dirhtml", srcdir=src, builddir=folder / "build", freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def tab(browser: object) -> Iterator[object]:  # noqa: F811
    page = browser.new_page()  # type: ignore[attr-defined]
    yield page
    page.close()


def what_runs(tab: object, url: str) -> list[str]:
    tab.goto(url)  # type: ignore[attr-defined]
    tab.wait_for_timeout(300)  # type: ignore[attr-defined]  # an image's error event
    for link in ("#link", "#xlinked", "#animated"):
        tab.click(link)  # type: ignore[attr-defined]
        tab.wait_for_timeout(150)  # type: ignore[attr-defined]  # a javascript: address runs late
    tab.hover("text=Label")  # type: ignore[attr-defined]
    return sorted(tab.evaluate("window.ran || []"))  # type: ignore[attr-defined]


def test_every_payload_runs_as_written(site: str, tab: object) -> None:
    assert what_runs(tab, f"{site}/src/payload/payload.svg") == EVERY


def test_nothing_runs_in_the_site_s_copy_and_the_drawing_stays(site: str, tab: object) -> None:
    assert what_runs(tab, f"{site}/build/dirhtml/_images/payload.svg") == []
    box = tab.locator("#link rect").bounding_box()  # type: ignore[attr-defined]
    assert box is not None and box["width"] == 40
    assert tab.locator("text=Label").is_visible()  # type: ignore[attr-defined]


def test_the_flame_graph_is_drawn_without_its_script(site: str, tab: object) -> None:
    tab.goto(f"{site}/src/flame/flame.svg")  # type: ignore[attr-defined]
    assert tab.evaluate("typeof init") == "function"  # type: ignore[attr-defined]
    tab.goto(f"{site}/build/dirhtml/_images/flame.svg")  # type: ignore[attr-defined]
    assert tab.evaluate("typeof init") == "undefined"  # type: ignore[attr-defined]
    assert tab.get_by_text("parse_posts", exact=True).is_visible()  # type: ignore[attr-defined]


def test_draw_io_labels_are_drawn_on_the_site(site: str, tab: object) -> None:
    tab.goto(f"{site}/build/dirhtml/_images/drawio.svg")  # type: ignore[attr-defined]
    for label in ("Start", "here", "Finish"):
        box = tab.locator(f"text={label}").first.bounding_box()  # type: ignore[attr-defined]
        assert box is not None and box["width"] > 0, label
    # The HTML label is what is drawn, not the fallback text behind it.
    assert tab.locator("xpath=//*[local-name()='b']").inner_text() == "Start"  # type: ignore[attr-defined]

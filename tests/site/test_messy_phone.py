"""Every page of the messy generated blog fits a 375 px phone: nothing scrolls sideways.

Real posts hold long addresses, wide code, big tables and pictures; the blog of
``benchmarks/generate.py --messy`` has them.  It is built with the site's own
``conf.py``, served on localhost, and each HTML page (old addresses' redirects
aside) is opened at 375x812 in
Debian's Chromium: the document is no wider than the screen.  Code blocks and
tables scroll inside themselves, which is allowed.
"""

from __future__ import annotations

import functools
import http.server
import threading
from typing import TYPE_CHECKING

import pytest

from tests.book.test_messy import load_generator
from tests.helpers import build_site
from tests.site.test_browser import SiteHandler, browser  # noqa: F401 - the fixture

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

PHONE = {"width": 375, "height": 812}
#: The width of the page as laid out, and the elements sticking out past the screen.
OVERFLOW = """() => {
  const wide = [...document.querySelectorAll("body *")].filter(e => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && box.right > innerWidth + 1 && !e.closest("pre, table, .MathJax")
      && getComputedStyle(e).position !== "fixed";
  }).map(e => e.tagName.toLowerCase() + "." + [...e.classList].join("."));
  return [document.documentElement.scrollWidth, wide.slice(0, 5)];
}"""


@pytest.fixture(scope="module")
def messy_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = tmp_path_factory.mktemp("messy") / "docs"
    load_generator().generate(docs, 40, seed=11, messy=True)
    out = docs.parent / "out"
    result = build_site(docs, out)
    assert result.returncode == 0, result.stderr[-3000:]
    return out / "html"


@pytest.fixture(scope="module")
def served(messy_site: Path) -> Iterator[str]:
    handler = functools.partial(SiteHandler, directory=str(messy_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_no_page_of_the_messy_blog_scrolls_sideways_on_a_phone(
    browser,  # noqa: F811 - the fixture imported above
    messy_site: Path,
    served: str,
) -> None:
    pages = sorted(p.relative_to(messy_site).parent.as_posix()
                   for p in messy_site.rglob("index.html")
                   if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8"))  # fmt: skip
    assert len(pages) > 40
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    wide = {}
    for path in pages:
        page.goto(f"{served}/{'' if path == '.' else path + '/'}")
        width, sticking_out = page.evaluate(OVERFLOW)
        if width > PHONE["width"]:
            wide[path] = (width, sticking_out)
    context.close()
    assert wide == {}

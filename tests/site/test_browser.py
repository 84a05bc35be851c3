"""The sample blog as readers see it: Debian's Chromium, driven by Playwright.

The site is built once (``sample_site``), served over HTTP on localhost (with
the 404 page for missing paths, as hosts do), and every page a test opens
must log no JavaScript error and have no failed request.  Screenshots land in
``_build/screenshots/`` for a person to look at.
"""

from __future__ import annotations

import functools
import http.server
import re
import subprocess
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.helpers import ROOT, TESTS, require
from tests.sitecheck import front_matter_at

if TYPE_CHECKING:
    from collections.abc import Iterator

CHROMIUM = "/usr/bin/chromium"
AXE = TESTS / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "_build" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
# As the machine's own probe starts Chromium: no sandbox as root, no calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, and the site's 404 page (status 404) for anything missing."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


@pytest.fixture(scope="module")
def base_url(sample_site: Path) -> Iterator[str]:
    handler = functools.partial(SiteHandler, directory=str(sample_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    require("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


class Watched:
    """A page whose console errors and failed requests are collected."""

    def __init__(self, browser: object, viewport: dict[str, int], base_url: str) -> None:
        self.context = browser.new_context(viewport=viewport)
        self.page = self.context.new_page()
        self.base_url = base_url
        self.errors: list[str] = []
        self.expected_404: set[str] = set()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}"))
        self.page.on("response", self._response)

    def _console(self, message: object) -> None:
        if message.type == "error" and not self._is_expected_404_log(message.text):
            self.errors.append(f"console: {message.text}")

    def _is_expected_404_log(self, text: str) -> bool:
        return bool(self.expected_404) and "404" in text

    def _response(self, response: object) -> None:
        if response.status >= 400 and response.url not in self.expected_404:
            self.errors.append(f"{response.status}: {response.url}")

    def open(self, path: str):
        response = self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("networkidle")
        return response

    def check(self) -> None:
        assert self.errors == []


def watching(browser: object, viewport: dict[str, int], base_url: str) -> Iterator[Watched]:
    """A watched page for one test; its errors are checked when the test ends."""
    watched = Watched(browser, viewport, base_url)
    yield watched
    watched.check()
    watched.context.close()


@pytest.fixture
def desktop(browser: object, base_url: str) -> Iterator[Watched]:
    yield from watching(browser, DESKTOP, base_url)


@pytest.fixture
def phone(browser: object, base_url: str) -> Iterator[Watched]:
    yield from watching(browser, PHONE, base_url)


def popular_titles() -> set[str]:
    docs = ROOT / "docs"
    found = (front_matter_at(docs, path.relative_to(docs)) for path in docs.rglob("*.md"))
    return {str(data["title"]) for data in found if data and data.get("popular")}


def text_of(watched: Watched, selector: str) -> list[str]:
    return [" ".join(t.split()) for t in watched.page.locator(selector).all_inner_texts()]


# -- reading the site ------------------------------------------------------------------


def test_home_shows_popular_and_recent_posts(desktop: Watched) -> None:
    desktop.open("/")
    sections = desktop.page.locator("article section section")
    headings = text_of(desktop, "article section section > h2")
    assert headings[:2] == ["Popular", "Recent posts"]
    popular = sections.nth(0).locator("ul.chapbook-postlist > li > p:first-child > a")
    assert 1 <= popular.count() <= 3
    assert set(popular.all_inner_texts()) <= popular_titles()
    recent = sections.nth(1).locator("ul.chapbook-postlist > li")
    assert recent.count() >= 5
    assert recent.nth(0).locator("time").count() == 1
    screenshot(desktop, "home-desktop")


def test_a_tag_on_a_post_opens_its_tag_page(desktop: Watched) -> None:
    desktop.open("/getting-started/")
    title = desktop.page.locator("article h1").inner_text().rstrip("#").strip()
    desktop.page.locator(".chapbook-tags a", has_text="setup").click()
    desktop.page.wait_for_load_state("networkidle")
    assert desktop.page.url.endswith("/tags/setup/")
    assert title in text_of(desktop, "article ul.chapbook-postlist li a")
    screenshot(desktop, "tag-desktop")


def test_previous_next_and_related_links(desktop: Watched) -> None:
    desktop.open("/front-matter/")
    here = desktop.page.url
    desktop.page.locator(".chapbook-postnav .chapbook-next a").click()
    desktop.page.wait_for_load_state("networkidle")
    assert desktop.page.url != here
    desktop.page.locator(".chapbook-postnav .chapbook-prev a").click()
    desktop.page.wait_for_load_state("networkidle")
    assert desktop.page.url == here
    related = desktop.page.locator(".chapbook-related a").first
    name = related.inner_text()
    related.click()
    desktop.page.wait_for_load_state("networkidle")
    assert name in desktop.page.locator("article h1").inner_text()
    screenshot(desktop, "post-desktop")


def test_search_finds_a_post_by_a_word_of_its_body(desktop: Watched) -> None:
    desktop.open("/search/?q=panorama")  # only in "Getting started"'s body
    result = desktop.page.locator("#search-results ul.search li a").first
    result.wait_for(timeout=10_000)
    result.click()
    desktop.page.wait_for_load_state("networkidle")
    assert "Getting started with Chapbook" in desktop.page.locator("article h1").inner_text()


def test_not_found_page_renders_at_a_deep_url(desktop: Watched, base_url: str) -> None:
    url = f"{base_url}/no/such/deep/page/"
    desktop.expected_404.add(url)
    response = desktop.open("/no/such/deep/page/")
    assert response.status == 404
    assert "Page not found" in desktop.page.locator("main").inner_text()
    # Its stylesheets loaded from the site root: the theme's layout is there.
    assert desktop.page.locator("link[rel=stylesheet]").count() >= 3
    assert desktop.page.evaluate("getComputedStyle(document.body).margin") == "0px"
    desktop.page.locator("nav.chapbook-nav a", has_text="Home").click()
    desktop.page.wait_for_load_state("networkidle")
    assert desktop.page.url == f"{base_url}/"


@pytest.mark.parametrize(
    "path", ["/", "/getting-started/", "/tags/setup/", "/archive/", "/typography/"]
)
def test_no_horizontal_scrolling_on_a_phone(phone: Watched, path: str) -> None:
    phone.open(path)
    widths = phone.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    if path in ("/", "/getting-started/", "/tags/setup/"):
        screenshot(
            phone,
            {"/": "home", "/getting-started/": "post", "/tags/setup/": "tag"}[path] + "-phone",
        )


CONTRAST = """
(selector) => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map((v) => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = getComputedStyle(el).backgroundColor;
      if (c && !c.startsWith("rgba(0, 0, 0, 0)") && c !== "transparent") return c;
    }
    return "rgb(255, 255, 255)";
  };
  const el = document.querySelector(selector);
  const [a, b] = [lum(getComputedStyle(el).color), lum(background(el))];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
"""


def test_dark_mode_switch_keeps_text_readable(desktop: Watched) -> None:
    desktop.open("/getting-started/")
    page = desktop.page
    for mode in ("dark", "light"):
        page.locator("button.theme-switch-button").first.click()
        page.locator(f"button.theme-change-button[data-mode={mode}]").first.click()
        assert page.evaluate("document.documentElement.dataset.theme") == mode
        assert page.evaluate(CONTRAST, "article p") >= 4.5, mode
        assert page.evaluate(CONTRAST, "article .chapbook-post-meta p") >= 4.5, mode
        page.mouse.click(5, 400)  # close the menu before the picture
        screenshot(desktop, f"post-{mode}")


# -- accessibility ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def axe_source() -> str:
    require("node")
    if not AXE.is_file():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=AXE.parents[2], check=True)
    return AXE.read_text()


@pytest.mark.parametrize("path", ["/", "/getting-started/", "/tags/setup/", "/archive/"])
def test_no_serious_accessibility_violations(desktop: Watched, axe_source: str, path: str) -> None:
    desktop.open(path)
    desktop.page.add_script_tag(content=axe_source)
    # preload: false - axe would fetch stylesheets itself, resolving their
    # @import against the page rather than the sheet (a 404 of its own making).
    violations = desktop.page.evaluate(
        "async () => (await axe.run(document, {preload: false})).violations"
    )
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


# -- reading comfort --------------------------------------------------------------------


MEASURE = """
() => {
  const p = [...document.querySelectorAll("article section > p")].sort(
    (a, b) => b.innerText.length - a.innerText.length)[0];
  const style = getComputedStyle(p);
  const canvas = document.createElement("canvas").getContext("2d");
  canvas.font = `${style.fontSize} ${style.fontFamily}`;
  const sample = p.innerText;
  const perChar = canvas.measureText(sample).width / sample.length;
  return p.clientWidth / perChar;
}
"""


def test_reading_comfort_on_a_post(desktop: Watched) -> None:
    desktop.open("/links-between-posts/")
    page = desktop.page
    characters = page.evaluate(MEASURE)
    assert 60 <= characters <= 80, characters
    minutes = page.locator(".chapbook-reading-time").inner_text()
    assert re.fullmatch(r"\d+ min read", minutes)
    # Footnotes link both ways.
    page.locator("a.footnote-reference").first.click()
    assert page.evaluate("location.hash")
    back = page.locator("aside.footnote a[role=doc-backlink]").first
    back.click()
    assert page.evaluate("location.hash").startswith("#id")
    # Code is highlighted and can be copied.
    assert page.locator("div.highlight pre span").count() > 0
    assert page.locator("button.copybtn").count() >= 1


def test_images_fit_the_column_and_zoom(desktop: Watched) -> None:
    desktop.open("/getting-started/")
    page = desktop.page
    image = page.locator("article img[src$='preview.png']")
    fits = page.evaluate(
        "(img) => img.getBoundingClientRect().width <= img.closest('article').clientWidth",
        image.element_handle(),
    )
    assert fits
    image.click()
    assert page.locator(".chapbook-zoom img").is_visible()
    page.keyboard.press("Escape")
    assert page.locator(".chapbook-zoom").count() == 0


def screenshot(watched: Watched, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    watched.page.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size > 1000

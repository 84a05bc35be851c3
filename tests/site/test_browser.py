"""The fixture blog as readers see it: Debian's Chromium, driven by Playwright.

The site (``tests/roots/blog`` with the project's conf.py) is built once
(``blog_site``), served over HTTP on localhost (with the 404 page for missing
paths, as hosts do), and every page a test opens must log no JavaScript error
and have no failed request.  Screenshots are taken into the tests' temporary
folder and copied to ``_build/screenshots/`` when the module ends, for a
person to look at.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.helpers import ROOT, TESTS, require, unavailable

if TYPE_CHECKING:
    from collections.abc import Iterator

CHROMIUM = "/usr/bin/chromium"
AXE = TESTS / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "_build" / "screenshots"
# Chromium's console line for a page answered with 404, logged with the page's URL.
NOT_FOUND_LOG = "Failed to load resource: the server responded with a status of 404 (Not Found)"
# The fixture blog's popular posts, by popularity score (120, 90).
POPULAR = ["Knots for beginners", "First light on the harbour"]
# "Reading a tide table" shares "harbour" with it, and nothing with any other post first.
RELATED_FIRST = "First light on the harbour"
# The footnote [^tide] of "Knots for beginners", and where it is cited (docutils' id).
FOOTNOTE, CITATION = "#tide", "#id1"
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
def base_url(blog_site: Path) -> Iterator[str]:
    handler = functools.partial(SiteHandler, directory=str(blog_site))
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

    def __init__(
        self,
        browser: object,
        viewport: dict[str, int],
        base_url: str,
        shots: Path,
        **options: object,
    ) -> None:
        self.context = browser.new_context(viewport=viewport, **options)
        self.page = self.context.new_page()
        self.base_url = base_url
        self.shots = shots
        self.errors: list[str] = []
        self.expected_404: set[str] = set()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}"))
        self.page.on("response", self._response)

    def _console(self, message: object) -> None:
        if message.type == "error" and not self._is_expected_404_log(message):
            self.errors.append(f"console: {message.text}")

    def _is_expected_404_log(self, message: object) -> bool:
        # Only the browser's own line for a URL the test asked for; any other
        # error mentioning 404 (a missing stylesheet, a script's message) counts.
        return message.text == NOT_FOUND_LOG and message.location["url"] in self.expected_404

    def _response(self, response: object) -> None:
        if response.status >= 400 and response.url not in self.expected_404:
            self.errors.append(f"{response.status}: {response.url}")

    def open(self, path: str):
        response = self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("networkidle")
        return response

    def check(self) -> None:
        assert self.errors == []


def watching(
    browser: object, viewport: dict[str, int], base_url: str, shots: Path, **options: object
) -> Iterator[Watched]:
    """A watched page for one test; its errors are checked when the test ends."""
    watched = Watched(browser, viewport, base_url, shots, **options)
    yield watched
    watched.check()
    watched.context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Screenshots, taken into a temporary folder and copied out once the module ends."""
    folder = tmp_path_factory.mktemp("screenshots")
    yield folder
    taken = sorted(folder.glob("*.png"))
    if taken:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for path in taken:
            shutil.copy2(path, SCREENSHOTS / path.name)


@pytest.fixture
def desktop(browser: object, base_url: str, shots: Path) -> Iterator[Watched]:
    yield from watching(browser, DESKTOP, base_url, shots)


@pytest.fixture
def phone(browser: object, base_url: str, shots: Path) -> Iterator[Watched]:
    yield from watching(browser, PHONE, base_url, shots)


@pytest.fixture
def dark(browser: object, base_url: str, shots: Path) -> Iterator[Watched]:
    """A desktop whose system asks for dark pages (the site's default mode is "auto")."""
    yield from watching(browser, DESKTOP, base_url, shots, color_scheme="dark")


def text_of(watched: Watched, selector: str) -> list[str]:
    return [" ".join(t.split()) for t in watched.page.locator(selector).all_inner_texts()]


# -- reading the site ------------------------------------------------------------------


def test_home_shows_recent_then_popular_posts(desktop: Watched) -> None:
    desktop.open("/")
    sections = desktop.page.locator("article section section")
    headings = text_of(desktop, "article section section > h2")
    assert headings[:2] == ["Recent posts", "Popular"]  # a reader sees what is new first
    popular = sections.nth(1).locator("ul.chapbook-postlist > li > p:first-child > a")
    assert popular.all_inner_texts() == POPULAR
    recent = sections.nth(0).locator("ul.chapbook-postlist > li")
    assert recent.count() == 6  # every published post; no draft
    assert recent.nth(0).locator("time").inner_text() == "September 9, 2025"
    screenshot(desktop, "home-desktop")


def test_a_tag_on_a_post_opens_its_tag_page(desktop: Watched) -> None:
    desktop.open("/first-light/")
    desktop.page.locator(".chapbook-tags a", has_text="harbour").click()
    desktop.page.wait_for_load_state("networkidle")
    assert desktop.page.url == f"{desktop.base_url}/tags/harbour/"
    assert text_of(desktop, "article ul.chapbook-postlist .chapbook-entry > a") == [
        "Reading a tide table",
        "First light on the harbour",
    ]
    screenshot(desktop, "tag-desktop")


def test_previous_next_and_related_links(desktop: Watched) -> None:
    desktop.open("/tide-tables/")
    here = desktop.page.url
    desktop.page.locator(".chapbook-postnav .chapbook-next a").click()
    desktop.page.wait_for_load_state("networkidle")
    assert desktop.page.url == f"{desktop.base_url}/mending-nets/"  # order 3, then 4
    desktop.page.locator(".chapbook-postnav .chapbook-prev a").click()
    desktop.page.wait_for_load_state("networkidle")
    assert desktop.page.url == here
    related = desktop.page.locator(".chapbook-related a").first
    assert related.inner_text() == RELATED_FIRST
    related.click()
    desktop.page.wait_for_load_state("networkidle")
    assert desktop.page.locator("article h1").inner_text().rstrip("#").strip() == RELATED_FIRST
    screenshot(desktop, "post-desktop")


def test_search_finds_a_post_by_a_word_of_its_body(desktop: Watched) -> None:
    # Only in the last paragraph of "Mending nets in February": past its excerpt and
    # the preview that related-post boxes show (and the search indexes).
    desktop.open("/search/?q=gansey")
    results = desktop.page.locator("#search-results ul.search > li > a")
    results.first.wait_for(timeout=10_000)
    assert results.count() == 1
    results.first.click()
    desktop.page.wait_for_load_state("networkidle")
    assert desktop.page.url.startswith(f"{desktop.base_url}/mending-nets/")
    assert desktop.page.locator("article h1").inner_text().rstrip("#").strip() == (
        "Mending nets in February"
    )


def test_a_search_snippet_is_the_posts_own_words(desktop: Watched) -> None:
    """Not the theme's buttons and columns in ``<main>`` (chapbook-search.js)."""
    # "Mending" opens the post's title: its snippet starts where Sphinx starts reading
    # the page, which was the theme's light/dark switch above the article.
    desktop.open("/mending-nets/")
    own = desktop.page.evaluate(
        """() => {
          const article = document.querySelector("article.bd-article").cloneNode(true);
          article.querySelectorAll(".no-search, .headerlink").forEach((e) => e.remove());
          return article.textContent;
        }"""
    )
    desktop.open("/search/?q=mending")
    found = desktop.page.locator("#search-results ul.search > li", has_text="Mending nets")
    snippet = found.first.locator("p.context")
    snippet.wait_for(timeout=10_000)
    # Sphinx cuts 240 characters around the word, marking each cut with "...".
    shown = " ".join(snippet.text_content().split()).removeprefix("...")
    shown = shown.removesuffix("...").strip()
    assert shown.startswith("Mending nets in February")  # the article's first words
    assert shown in " ".join(own.split())
    # A page without an article is read as Sphinx reads it.
    plain = desktop.page.evaluate(
        """() => Search.htmlToText('<div role="main"><p>Plain words.</p></div>', '')"""
    )
    assert plain == "Plain words."


def test_not_found_page_renders_at_a_deep_url(desktop: Watched, base_url: str) -> None:
    url = f"{base_url}/no/such/deep/page/"
    desktop.expected_404.add(url)
    response = desktop.open("/no/such/deep/page/")
    assert response.status == 404
    assert "Page not found" in desktop.page.locator("main").inner_text()
    # Its stylesheets loaded from the site root: the theme's layout is there.
    assert desktop.page.locator("link[rel=stylesheet]").count() >= 3
    assert desktop.page.evaluate("getComputedStyle(document.body).margin") == "0px"
    desktop.page.locator(".chapbook-masthead a.chapbook-masthead-name").click()
    desktop.page.wait_for_load_state("networkidle")
    assert desktop.page.url == f"{base_url}/"


# -- the masthead ------------------------------------------------------------------------


MASTHEAD = """
() => {
  const box = (e) => { const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,
      visible: e.checkVisibility()}; };
  const one = (s) => { const e = document.querySelector(s); return e && box(e); };
  return {
    name: one(".chapbook-masthead a.chapbook-masthead-name"),
    text: document.querySelector(".chapbook-masthead a.chapbook-masthead-name").innerText,
    links: [...document.querySelectorAll(".chapbook-masthead nav a")].map(box),
    titles: [...document.querySelectorAll(".chapbook-masthead nav a")].map((a) => a.innerText),
    search: one(".chapbook-masthead button.search-button"),
    mode: one(".chapbook-masthead button.theme-switch-button"),
    sidebar: [...document.querySelectorAll(".bd-sidebar-primary, .bd-header-article")]
      .some((e) => { const r = e.getBoundingClientRect();
        return e.checkVisibility({visibilityProperty: true}) && r.width > 0 && r.height > 0
          && r.right > 0 && r.left < window.innerWidth; }),
    banners: document.querySelectorAll("header:not(article header)").length,
    width: window.innerWidth,
    scroll: document.documentElement.scrollWidth,
  };
}
"""
MASTHEAD_SCREENS = {
    "phone": {"width": 375, "height": 812},
    "desktop": {"width": 1280, "height": 800},
}


@pytest.fixture(params=list(MASTHEAD_SCREENS))
def screen(request: pytest.FixtureRequest, browser: object, base_url: str, shots: Path):
    yield from watching(browser, MASTHEAD_SCREENS[request.param], base_url, shots)


@pytest.mark.parametrize("path", ["/", "/first-light/", "/knots-for-beginners/", "/tags/harbour/"])
def test_the_masthead_names_the_blog_on_every_screen(screen: Watched, path: str) -> None:
    screen.open(path)
    head = screen.page.evaluate(MASTHEAD)
    assert head["text"] == "Chapbook"
    assert head["titles"] == ["About", "Popular", "Archive", "Tags", "RSS"]
    # Everything in it seen at once, at the top, inside the screen.
    parts = (head["name"], *head["links"], head["search"], head["mode"])
    for part in parts:
        assert part["visible"], part
        assert part["left"] >= 0 and part["right"] <= head["width"], part
        assert part["bottom"] <= 100, part
    if head["width"] >= 768:  # one row: name, links, search and light/dark side by side
        middles = [(part["top"] + part["bottom"]) / 2 for part in parts]
        assert max(middles) - min(middles) <= 8, middles
    assert head["banners"] == 1
    assert not head["sidebar"]  # no sidebar, no bar of buttons above the article
    assert head["scroll"] <= head["width"]
    if path == "/first-light/":
        kind = "phone" if head["width"] < 500 else "desktop"
        screenshot(screen, f"masthead-{kind}")


def test_the_masthead_s_search_finds_a_post(desktop: Watched) -> None:
    desktop.open("/first-light/")
    page = desktop.page
    page.locator(".chapbook-masthead button.search-button").click()
    field = page.locator("#pst-search-dialog input[name=q]")
    field.fill("gansey")
    field.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(f"{desktop.base_url}/search/")
    page.locator("#search-results ul.search > li > a").first.wait_for(timeout=10_000)


PHONE_SHOTS = {"/": "home", "/first-light/": "post", "/tags/harbour/": "tag"}


@pytest.mark.parametrize(
    "path", ["/", "/first-light/", "/tags/harbour/", "/archive/", "/knots-for-beginners/"]
)
def test_no_horizontal_scrolling_on_a_phone(phone: Watched, path: str) -> None:
    phone.open(path)
    widths = phone.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    if path in PHONE_SHOTS:
        screenshot(phone, f"{PHONE_SHOTS[path]}-phone")


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
    desktop.open("/first-light/")
    page = desktop.page
    for mode in ("dark", "light"):
        page.locator("button.theme-switch-button").first.click()
        page.locator(f"button.theme-change-button[data-mode={mode}]").first.click()
        assert page.evaluate("document.documentElement.dataset.theme") == mode
        assert page.evaluate(CONTRAST, "article p") >= 4.5, mode
        assert page.evaluate(CONTRAST, "article .chapbook-post-meta p") >= 4.5, mode
        page.mouse.click(5, 400)  # close the menu before the picture
        screenshot(desktop, f"post-{mode}")


@pytest.mark.parametrize("path", ["/", "/tags/harbour/"])
def test_dark_mode_follows_the_system(dark: Watched, path: str) -> None:
    dark.open(path)
    assert dark.page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert dark.page.evaluate(CONTRAST, "article p") >= 4.5
    screenshot(dark, f"{PHONE_SHOTS[path]}-dark")  # with post-dark: the three pages


# -- accessibility ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def axe_source() -> str:
    # Installed before the tests by .ci/run (npm ci); a test downloads nothing.
    if not AXE.is_file():
        unavailable(f"needs axe-core in {AXE.parents[1]} (npm ci --prefix tests/browser)")
    return AXE.read_text()


@pytest.mark.parametrize("path", ["/", "/first-light/", "/tags/harbour/", "/archive/"])
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
    desktop.open("/knots-for-beginners/")
    page = desktop.page
    characters = page.evaluate(MEASURE)
    assert 60 <= characters <= 80, characters
    assert page.locator(".chapbook-reading-time").inner_text() == "1 min read"
    # From 1200 px the footnote is a side note beside its citation, which leads to it.
    page.locator("a.footnote-reference").first.click()
    assert page.evaluate("document.activeElement.id") == f"sidenote-{FOOTNOTE[1:]}"
    # Narrower, footnotes link both ways: to the note, and back to where it is cited.
    page.set_viewport_size({"width": 1100, "height": 900})
    page.wait_for_function(f"document.querySelector('aside.footnote{FOOTNOTE}').checkVisibility()")
    page.locator("a.footnote-reference").first.click()
    assert page.evaluate("location.hash") == FOOTNOTE
    page.locator("aside.footnote a[role=doc-backlink]").first.click()
    assert page.evaluate("location.hash") == CITATION
    # Code is highlighted and can be copied.
    assert page.locator("div.highlight pre span").count() > 0
    assert page.locator("button.copybtn").count() == 1  # the one code block of the post


HEADING_SIZES = """
() => {
  // The title's size, and each section level's, measured on a heading of that level
  // put into the post (the fixture's posts go two levels deep).
  const section = document.querySelector("article section");
  const size = (element) => parseFloat(getComputedStyle(element).fontSize);
  const sized = (tag) => {
    const heading = section.appendChild(document.createElement(tag));
    heading.textContent = "A heading";
    const px = size(heading);
    heading.remove();
    return px;
  };
  return [size(document.querySelector("article h1")), ...["h2", "h3", "h4", "h5", "h6"].map(sized)];
}
"""


@pytest.fixture(params=[375, 768, 1280, 1920])
def any_width(request: pytest.FixtureRequest, browser: object, base_url: str, shots: Path):
    """A phone, a tablet, a laptop and a wide screen, one at a time."""
    yield from watching(browser, {"width": request.param, "height": 800}, base_url, shots)


def test_headings_are_in_order_on_every_width(any_width: Watched) -> None:
    any_width.open("/knots-for-beginners/")
    sizes = any_width.page.evaluate(HEADING_SIZES)
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == len(sizes), sizes
    shown = any_width.page.locator("article h2").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert shown == sizes[1]  # the post's own section heading


COLUMN = """
() => {
  const box = document.querySelector(".bd-article-container").getBoundingClientRect();
  const prose = document.querySelector("article section > p").getBoundingClientRect();
  return {left: box.left, right: document.documentElement.clientWidth - box.right,
          width: box.width, prose: prose.width,
          rem: parseFloat(getComputedStyle(document.documentElement).fontSize)};
}
"""


@pytest.mark.parametrize("path", ["/", "/knots-for-beginners/"])
def test_one_column_in_the_middle_of_every_screen(any_width: Watched, path: str) -> None:
    any_width.open(path)
    column = any_width.page.evaluate(COLUMN)
    # As the old essay blogs: the same margin either side, whatever the screen.
    assert abs(column["left"] - column["right"]) <= 1, column
    # The column is the prose's measure and its padding, never the page's width.
    assert column["width"] <= 40 * column["rem"] + 1, column
    assert column["prose"] <= 36 * column["rem"] + 1, column


#: No hyphen, no space: nowhere a browser would break the line on its own.
LONG_ADDRESS = "https://example.org/search?q=" + "harbourwall" * 30


def test_a_long_address_wraps_on_a_phone(phone: Watched) -> None:
    phone.open("/knots-for-beginners/")
    # As a post shows one: a link whose text is the address (a bare address in the
    # text), in a paragraph and in a list item; the text alone (an address the trust
    # policy does not link).
    phone.page.evaluate(
        """(url) => {
          const p = document.querySelector("article section > p");
          const link = (parent) => {
            const a = parent.appendChild(document.createElement("a"));
            a.className = "reference external";
            a.href = a.textContent = url;
          };
          link(p);
          const list = document.createElement("ul");
          p.after(list);
          link(list.appendChild(document.createElement("li")));
          p.append(" ftp" + url.slice(5));
        }""",
        LONG_ADDRESS,
    )
    widths = phone.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths


def test_images_fit_the_column_and_zoom(desktop: Watched) -> None:
    desktop.open("/first-light/")
    page = desktop.page
    image = page.locator("article img[src$='harbour.png']")
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
    path = watched.shots / f"{name}.png"
    watched.page.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size > 1000

"""Footnotes as side notes on a wide screen; footnotes at the end on phones and in print.

``tests/roots/test-sidenotes`` has one post whose footnotes are what real posts
have: one paragraph, several (with a list and a code block), one cited twice,
one cited in a box and one in a table, one never cited, and a citation of a
note that nobody wrote.  The page's HTML keeps docutils' footnotes; chapbook.js
copies each cited one beside its first citation when the screen is wide.
"""

from __future__ import annotations

import itertools
import re
import shutil
from typing import TYPE_CHECKING

import pytest

from tests.browser.gzipserve import serve
from tests.helpers import ROOTS, build_site, page, require, warnings_of
from tests.site.test_browser import AXE, CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

POST = "margin-notes/"
#: Footnotes of the post, by id; the first five are cited, "unused" is not.
CITED = ["short", "long", "close", "boxed", "table"]
NOTES = [*CITED, "unused"]
#: Words from every part of the long note: its paragraphs, its list and its code block.
LONG_NOTE = [
    "The first paragraph of the long note says why the board is slate.",
    "a second list item inside the long note",
    "low water  12:55  0.9 m",
    "The last paragraph of the long note, after its code block.",
]
#: A common laptop: from 1200 px the notes are beside the text.
WIDE = {"width": 1280, "height": 800}
#: Narrower than that: footnotes at the end.
NARROW = {"width": 1100, "height": 800}
PHONE = {"width": 375, "height": 812}


# -- the page as built: every note's text is there, once --------------------------------


@pytest.mark.sphinx("dirhtml", testroot="sidenotes")
def test_every_footnote_keeps_all_its_text(app: SphinxTestApp) -> None:
    app.build()
    soup = page(app, "margin-notes")
    text = " ".join(soup.select_one("article").get_text().split())
    for words in LONG_NOTE:
        assert " ".join(words.split()) in text
    footnotes = {note["id"]: note for note in soup.select("article aside.footnote")}
    assert list(footnotes) == NOTES
    # Nothing copied at build time: search, feeds and the book see each note once.
    assert soup.select(".chapbook-sidenote") == []
    assert len(soup.find_all(string=re.compile("The almanac is printed a year ahead"))) == 1


@pytest.mark.sphinx("dirhtml", testroot="sidenotes")
def test_a_citation_without_a_note_is_reported_and_kept_as_text(app: SphinxTestApp) -> None:
    app.build()
    assert [w for w in warnings_of(app) if "missing" in w] == [
        "margin-notes.md:34: WARNING: footnote [^missing] is cited but no note says what it "
        "is: write the note on a line of its own as '[^missing]: text', with a colon after "
        "the ']' [chapbook.footnote]"
    ]
    # docutils' own words for it ("Unknown target name", "Too many autonumbered footnote
    # references") are not shown: the warning above says what to fix.
    assert [w for w in warnings_of(app) if "[docutils]" in w] == []
    paragraph = page(app, "margin-notes").find(string=re.compile("a note that nobody wrote"))
    assert "[^missing]" in paragraph.parent.get_text()


# -- the page as readers see it ---------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The root built with the project's conf.py: the real theme and its layout."""
    out = tmp_path_factory.mktemp("sidenotes")
    # The contents list beside the notes, as on a long post (this one has one section).
    built = build_site(ROOTS / "test-sidenotes", out, "-D", "chapbook_contents_min_sections=0")
    assert built.returncode == 0, built.stderr
    return out / "html"


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


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


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Screenshots, copied to ``_build/screenshots/`` once the module ends."""
    folder = tmp_path_factory.mktemp("screenshots")
    yield folder
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for path in sorted(folder.glob("*.png")):
        shutil.copy2(path, SCREENSHOTS / path.name)


class Tab:
    """A page of the post in its own browser context; script errors are collected."""

    def __init__(self, browser: object, base: str, viewport: dict[str, int], **options: object):
        self.context = browser.new_context(viewport=viewport, **options)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", self._console)
        self.page.goto(base + POST)
        self.page.wait_for_load_state("networkidle")

    def _console(self, message: object) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def close(self) -> None:
        assert self.errors == []
        self.context.close()


@pytest.fixture
def wide(browser: object, base: str) -> Iterator[object]:
    tab = Tab(browser, base, WIDE)
    yield tab.page
    tab.close()


@pytest.fixture
def phone(browser: object, base: str) -> Iterator[object]:
    tab = Tab(browser, base, PHONE)
    yield tab.page
    tab.close()


#: Each side note and its footnote: boxes, the text shown, and the footnote's own text.
LAYOUT = """
() => {
  const box = (e) => { const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const words = (text) => text.replace(/\\s+/g, " ").trim();
  // The text of a note: without its number, back links and copy buttons.
  const body = (note) => { const copy = note.cloneNode(true);
    copy.querySelectorAll(".label, .backrefs, .chapbook-sidenote-label, button")
      .forEach((e) => e.remove());
    return words(copy.textContent); };
  const prose = Math.max(...[...document.querySelectorAll("article section > p")]
    .map((p) => p.getBoundingClientRect().right));
  // Every other block of the post: code, pictures, tables, boxes, what follows the text.
  const blocks = Math.max(...[...document.querySelectorAll(
    "article.bd-article > :not(.chapbook-sidenote), article section > :not(.chapbook-sidenote)")]
    .filter((e) => e.checkVisibility()).map((e) => e.getBoundingClientRect().right));
  const article = document.querySelector("article.bd-article").getBoundingClientRect();
  const notes = [...document.querySelectorAll("aside.chapbook-sidenote")].map((note) => {
    const id = note.id.replace("sidenote-", "");
    const ref = document.querySelector(`a.footnote-reference[href="#${id}"]`);
    return {id, box: box(note), ref: box(ref), visible: note.checkVisibility(), text: body(note),
      footnote: body(document.getElementById(id)),
      line: parseFloat(getComputedStyle(note).lineHeight)};
  });
  const footnotes = Object.fromEntries([...document.querySelectorAll("aside.footnote")]
    .map((f) => [f.id, f.checkVisibility()]));
  return {notes, footnotes, prose, blocks,
    article: box(document.querySelector("article.bd-article")),
    scroll: document.documentElement.scrollWidth, width: window.innerWidth};
}
"""


def test_wide_screen_shows_each_note_beside_its_citation(wide: object, shots: Path) -> None:
    layout = wide.evaluate(LAYOUT)
    notes = layout["notes"]
    assert [n["id"] for n in notes] == CITED
    rem = 16
    for note in notes:
        assert note["visible"], note["id"]
        assert note["text"] == note["footnote"], note["id"]  # the whole note, not a part
        # Close to the prose, as in Tufte CSS: a gap, not a column away.
        assert layout["prose"] + rem <= note["box"]["left"] <= layout["prose"] + 2 * rem
        assert note["box"]["right"] <= layout["width"], note["id"]
        assert note["box"]["right"] - note["box"]["left"] >= 12 * rem, note["id"]
    # Nothing of the post's text runs under a note.
    assert layout["blocks"] <= min(note["box"]["left"] for note in notes)
    for before, after in itertools.pairwise(notes):
        assert after["box"]["top"] >= before["box"]["bottom"], (before["id"], after["id"])
        # Level with its citation, or pushed just below the note before it.
        level = abs(after["box"]["top"] - after["ref"]["top"]) <= after["line"]
        pushed = after["box"]["top"] - before["box"]["bottom"] <= 2 * after["line"]
        assert level or pushed, after["id"]
    assert abs(notes[0]["box"]["top"] - notes[0]["ref"]["top"]) <= notes[0]["line"]
    assert "low water  12:55  0.9 m" in wide.locator("#sidenote-long pre").inner_text()
    # The footnotes shown beside the text are hidden at the end; the unused one stays.
    assert layout["footnotes"] == {note: note == "unused" for note in NOTES}
    assert layout["scroll"] <= layout["width"]
    # The column is in the middle; the contents list has the other margin, open.
    contents = wide.locator(".bd-sidebar-secondary")
    assert "hide" not in contents.get_attribute("class")
    assert wide.locator(".bd-sidebar-secondary a", has_text="Long notes").is_visible()
    toc = contents.bounding_box()
    assert toc["x"] + toc["width"] <= layout["article"]["left"]
    assert abs(layout["article"]["left"] - (layout["width"] - layout["article"]["right"])) <= 1
    wide.screenshot(path=str(shots / "post-sidenotes-desktop.png"))


def test_a_citation_leads_to_its_side_note(wide: object) -> None:
    wide.locator('a.footnote-reference[href="#long"]').click()
    assert wide.evaluate("document.activeElement.id") == "sidenote-long"
    # A link from elsewhere to a footnote: the note, since its entry is hidden.
    wide.goto(wide.url.split("#")[0] + "#close")
    wide.reload()
    wide.wait_for_load_state("networkidle")
    assert wide.evaluate("document.activeElement.id") == "sidenote-close"


def test_side_notes_follow_the_width_of_the_window(wide: object) -> None:
    wide.set_viewport_size(NARROW)
    wide.wait_for_function("!document.querySelector('#sidenote-short').checkVisibility()")
    assert wide.locator("aside.footnote:visible").count() == len(NOTES)
    wide.set_viewport_size(WIDE)
    wide.wait_for_function("document.querySelector('#sidenote-short').checkVisibility()")
    assert wide.locator("aside.footnote:visible").count() == 1


def test_a_window_made_wide_gets_its_side_notes(browser: object, base: str) -> None:
    tab = Tab(browser, base, NARROW)
    assert tab.page.locator("aside.chapbook-sidenote").count() == 0
    tab.page.set_viewport_size(WIDE)
    tab.page.wait_for_function("document.querySelector('#sidenote-short')?.checkVisibility()")
    layout = tab.page.evaluate(LAYOUT)
    assert [n["id"] for n in layout["notes"] if n["visible"]] == CITED
    assert layout["footnotes"] == {note: note == "unused" for note in NOTES}
    tab.close()


def test_a_phone_keeps_the_footnotes_at_the_end(phone: object, shots: Path) -> None:
    layout = phone.evaluate(LAYOUT)
    assert layout["notes"] == []  # not even made: a phone does no work for them
    assert layout["footnotes"] == dict.fromkeys(NOTES, True)
    assert layout["scroll"] <= layout["width"]
    # Below the text: every footnote after the post's last paragraph.
    below = phone.evaluate(
        """() => { const text = [...document.querySelectorAll("article section > p")].at(-1);
          return [...document.querySelectorAll("aside.footnote")].every((f) =>
            f.getBoundingClientRect().top >= text.getBoundingClientRect().bottom); }"""
    )
    assert below
    phone.screenshot(path=str(shots / "post-sidenotes-phone.png"))


#: Where print leaves each part of the page: (display, width).
PRINTED = """
() => Object.fromEntries([
  ".bd-header", ".bd-sidebar-primary", ".bd-sidebar-secondary", ".bd-header-article",
  ".bd-footer", ".bd-footer-content", "footer.prev-next-footer",
  "article.bd-article", "article h1", "article section > p",
].map((s) => { const e = document.querySelector(s);
  return [s, [getComputedStyle(e).display, e.getBoundingClientRect().width]]; }))
"""


def test_a_post_prints_like_a_book_page(wide: object, tmp_path: Path) -> None:
    wide.emulate_media(media="print")
    parts = wide.evaluate(PRINTED)
    hidden = [s for s, (display, _) in parts.items() if display == "none"]
    assert hidden == [
        ".bd-header",
        ".bd-sidebar-primary",
        ".bd-sidebar-secondary",
        ".bd-header-article",
        ".bd-footer",
        ".bd-footer-content",
        "footer.prev-next-footer",
    ]
    # The book theme's own print-only title and contents are not in the page at all
    # (chapbook.css hides them where a theme version not read keeps them).
    assert wide.locator("#jb-print-docs-body").count() == 0
    # The article and its prose take the paper's width; the post keeps its own title.
    body = wide.evaluate("document.body.getBoundingClientRect().width")
    assert parts["article.bd-article"][1] >= 0.9 * body
    assert parts["article section > p"][1] >= 0.85 * body
    # Notes at the end, none in the margin.
    assert wide.locator("aside.chapbook-sidenote:visible").count() == 0
    assert wide.locator("aside.footnote:visible").count() == len(NOTES)
    after = "(a) => getComputedStyle(a, '::after').content"
    named = wide.locator("a.reference.external", has_text="harbour authority")
    assert named.evaluate(after) == '" (https://harbour.example.org/tides)"'
    assert wide.locator("a.reference.external.chapbook-bare-link").evaluate(after) == "none"
    pdf = tmp_path / "post.pdf"
    wide.pdf(path=str(pdf), format="A4")
    assert pdf.stat().st_size > 5000


# -- accessibility -----------------------------------------------------------------------


def serious_violations(tab: object) -> list[tuple[str, str, list[object]]]:
    if not AXE.is_file():
        pytest.skip(f"needs axe-core in {AXE.parents[1]} (npm ci --prefix tests/browser)")
    tab.add_script_tag(content=AXE.read_text())
    violations = tab.evaluate("async () => (await axe.run(document, {preload: false})).violations")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def test_no_serious_accessibility_violations_with_side_notes(wide: object) -> None:
    assert serious_violations(wide) == []


def test_no_serious_accessibility_violations_with_footnotes(phone: object) -> None:
    assert serious_violations(phone) == []


def test_side_notes_are_readable_in_dark_mode(browser: object, base: str, shots: Path) -> None:
    tab = Tab(browser, base, WIDE, color_scheme="dark")
    dark = tab.page
    assert dark.evaluate("document.documentElement.dataset.theme") == "dark"
    assert dark.locator("#sidenote-short").is_visible()
    assert serious_violations(dark) == []
    dark.screenshot(path=str(shots / "post-sidenotes-dark.png"))
    tab.close()

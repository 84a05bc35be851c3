"""Screenshots of the fixture blog as readers see it, for the user guide: ``make screenshots``.

    python tools/screenshots.py [--out docs/_static/screenshots]

Builds ``tests/roots/blog`` with the project's ``conf.py`` (as ``make html``
builds a blog), serves it on localhost, and has Debian's Chromium (through
Playwright, never a downloaded browser) take the home page, a post with
footnotes and a picture, a tag page and the archive at 1280x800 and 375x812: one PNG each,
``<page>-<width>.png``, of what the first screen shows (the post: all of it).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOG = ROOT / "tests" / "roots" / "blog"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking"]  # fmt: skip
#: The pages shown, by the name of their file.
PAGES = {"home": "/", "post": "/knots-for-beginners/", "tag": "/tags/knots/",
         "archive": "/archive/"}  # fmt: skip
SIZES = {"desktop": (1280, 800), "phone": (375, 812)}
#: The pages shown whole, not only their first screen.
WHOLE = {"post"}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def build(out: Path) -> Path:
    """The fixture blog as a site, with the project's configuration."""
    command = [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-q", "-c", str(ROOT),
               "-d", str(out / "doctrees"), str(BLOG), str(out / "html")]  # fmt: skip
    subprocess.run(command, check=True)
    return out / "html"


#: What each screenshot shows, for the tests: the page fits the screen, the masthead
#: names the blog, where the notes are, whether a contents column is open.
SEEN = """
() => {
  const shown = (selector) => [...document.querySelectorAll(selector)]
    .filter((e) => e.checkVisibility()).length;
  const name = document.querySelector(".chapbook-masthead-name")?.getBoundingClientRect();
  return {
    overflow: document.documentElement.scrollWidth > window.innerWidth,
    name: Boolean(name && name.width > 0 && name.right <= window.innerWidth),
    sidenotes: shown("aside.chapbook-sidenote"),
    footnotes: shown("aside.footnote"),
    contents: shown(".bd-sidebar-secondary .toc-entry"),
  };
}
"""


def shoot(site: Path, into: Path, seen: dict[str, dict] | None = None) -> list[Path]:
    """One screenshot per page and size, into ``into``; the files written.

    ``seen``, if given, receives what each screenshot shows (:data:`SEEN`), by file name.
    """
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    into.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for width, height in SIZES.values():
                page = browser.new_page(viewport={"width": width, "height": height})
                for name, path in PAGES.items():
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    target = into / f"{name}-{width}.png"
                    # The post whole, its picture and notes too; the others' first screen.
                    page.screenshot(path=str(target), full_page=name in WHOLE)
                    if seen is not None:
                        seen[target.name] = page.evaluate(SEEN)
                    written.append(target)
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "_static" / "screenshots")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        for path in shoot(build(Path(scratch)), args.out):
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()

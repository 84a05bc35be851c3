"""A redirect page never takes the place of a page under another spelling of its name.

``/About/`` beside ``about/``, ``/INDEX.html`` beside ``index.html``, ``/cafe\\u0301/``
(NFD) beside ``café/``: where case and Unicode normalisation are ignored (macOS and
Windows checkouts, some hosts) each pair is one file, and the redirect, written
last, replaced the page.  Every one was written without a word (only ``/Search/``
was refused, by the site's own paths).  Each is refused now, at the line of
``aliases``; an old address of its own (``/about.html``) is still written, and so are
two spellings of one old address leading to the same post.  A tag in NFD no longer
gets a redirect folder beside its own page.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest

from chapbook.site import redirects
from tests.helpers import ROOTS, warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

NFC, NFD = "caf\u00e9", "cafe\u0301"
CAFE = "---\ntitle: Coffee\ndate: '2024-05-01'\ntags: [\"cafe\\u0301\"]\n---\n\nA tag in NFD.\n"
IGNORING = "where case and Unicode normalisation are ignored (macOS, Windows, some hosts)"


def refused(relative: str, page: str) -> str:
    return (f"moved.md:4: WARNING: redirect /{relative} would be the {page} {IGNORING}; "
            "skipped [chapbook.redirect]")  # fmt: skip


@pytest.fixture
def app(tmp_path: Path, make_app: Callable[..., SphinxTestApp]) -> SphinxTestApp:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-aliasspelling", src)
    (src / f"{NFC}.md").write_text(CAFE, encoding="utf-8")  # a checkout may not keep the name
    built = make_app("dirhtml", srcdir=src, freshenv=True)
    built.build()
    return built


def test_a_redirect_is_refused_where_it_would_be_a_page_in_another_spelling(app) -> None:
    assert warnings_of(app) == [
        refused("About/index.html", "page /about/index.html"),
        refused("Archive/index.html", "page /archive/index.html"),
        refused("INDEX.html", "page /index.html"),
        refused("Search/index.html", "file /search/index.html"),
        refused("TAGS/index.html", "page /tags/index.html"),
        refused(f"{NFD}/index.html", f"page /{NFC}/index.html"),
    ]
    out = app.outdir
    written = {path.relative_to(out).as_posix() for path in out.rglob("*.html")
               if "http-equiv" in path.read_text(encoding="utf-8")}  # fmt: skip
    assert written == {"about.html", "Old/index.html", "old/index.html"}
    assert (out / "_redirects").read_text() == redirects.HOST_HEADER + (
        "/Old/ /moved/ 301\n/about.html /moved/ 301\n/old/ /moved/ 301\n"
    )


def test_a_tag_in_nfd_has_no_redirect_beside_its_page(app) -> None:
    assert sorted(path.name for path in (app.outdir / "tags").iterdir()) == [NFC, "index.html"]
    assert (app.outdir / "tags" / NFC / "index.html").is_file()

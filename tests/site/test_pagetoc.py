"""The page's contents made without Beautiful Soup (speedups/pagetoc.py) equal the theme's."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING, Any

import pytest
from pydata_sphinx_theme.toctree import add_toctree_functions
from sphinx.testing.util import SphinxTestApp

from chapbook.speedups.pagetoc import page_toc
from tests.helpers import ROOTS
from tests.site.test_corpus import load_generator

if TYPE_CHECKING:
    from pathlib import Path

HOSTILE_HEADINGS = """\
---
title: 'Tom & "Jerry" <b>not bold</b> @ home'
date: '2025-01-01'
---

## First & \\<second\\> "third" @ fourth

Text.

### Déjà vu — ünïcödé 🎉

Text.

#### Deeper still

Text.

## Back at two

Text.

# A second top heading

Text.
"""


def theme(toc: str, show_toc_level: int) -> tuple[str, int]:
    """pydata-sphinx-theme's own ``generate_toc_html()`` for ``toc``: its text and length."""
    context: dict[str, Any] = {"toc": toc, "theme_show_toc_level": show_toc_level}
    add_toctree_functions(None, "page", "page.html", context, None)  # type: ignore[arg-type]
    found = context["generate_toc_html"]()
    return (found, 0) if isinstance(found, str) else (str(found), len(found))


def tocs_of(src: Path, out: Path) -> list[str]:
    """Sphinx's ``toc`` of every page of the site in ``src``, short pages' too (read
    before ``site.contents`` keeps it from them: any of them may be long on another site)."""
    app = SphinxTestApp("dirhtml", srcdir=src, builddir=out, freshenv=True,
                        confoverrides={"html_theme": "sphinx_book_theme"})  # fmt: skip
    found: list[str] = []
    app.connect("html-page-context", lambda app, name, tpl, ctx, tree: found.append(ctx["toc"])
                if "toc" in ctx else None, priority=400)  # fmt: skip
    try:
        app.build()
    finally:
        app.cleanup()
    return found


@pytest.fixture(scope="module")
def site_tocs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The contents of every page of a messy generated blog, the site's roots, and hostile headings."""
    tmp = tmp_path_factory.mktemp("pagetoc")
    docs = tmp / "messy"
    load_generator().generate(docs, 30, seed=11, messy=True)
    (docs / "hostile-headings.md").write_text(HOSTILE_HEADINGS, encoding="utf-8")
    (docs / "conf.py").write_text('extensions = ["chapbook"]\n', encoding="utf-8")
    found = tocs_of(docs, tmp / "messy-out")
    for root in ("test-sections", "test-escaping", "test-postlist"):
        shutil.copytree(ROOTS / root, tmp / root)
        found += tocs_of(tmp / root, tmp / f"{root}-out")
    return found


@pytest.mark.parametrize("show_toc_level", [1, 2, 3])
def test_every_pages_contents_equal_the_themes(site_tocs: list[str], show_toc_level: int) -> None:
    made = 0
    for toc in site_tocs:
        ours = page_toc(toc, show_toc_level)
        if ours is not None:
            assert ours == theme(toc, show_toc_level), toc
            made += 1
    # Most pages are made here, both kinds: some with contents, some without.
    assert made >= 0.9 * len(site_tocs)
    shown = [toc for toc in site_tocs if (page_toc(toc, show_toc_level) or ("",))[0]]
    assert shown and len(shown) < len(site_tocs)


def test_hostile_headings_are_escaped_as_the_theme_escapes_them(site_tocs: list[str]) -> None:
    toc = next(toc for toc in site_tocs if "First &amp; &lt;second&gt;" in toc)
    html, length = page_toc(toc, 2) or ("", 0)
    assert "First &amp; &lt;second&gt; \u201cthird\u201d @ fourth" in html
    assert "<b>" not in html
    assert (html, length) == theme(toc, 2)


@pytest.mark.parametrize(
    "toc",
    [
        # Inline markup in a heading: the theme's function does it.
        '<ul>\n<li><a class="reference internal" href="#">A <code>b</code></a><ul>\n'
        '<li><a class="reference internal" href="#c">C</a></li>\n</ul>\n</li>\n</ul>\n',
        # An entity docutils does not write.
        '<ul>\n<li><a class="reference internal" href="#">A &#8212; B</a></li>\n</ul>\n',
        # Text between the items, a second list, an item without its own link.
        '<ul>\nstray<li><a class="reference internal" href="#">A</a></li>\n</ul>\n',
        '<ul>\n<li><a class="reference internal" href="#">A</a></li>\n</ul>\n<ul>\n</ul>\n',
        "<ul>\n<li><ul>\n<li>"
        '<a class="reference internal" href="#a">A</a></li>\n</ul>\n</li>\n</ul>\n',
        # Unbalanced.
        '<ul>\n<li><a class="reference internal" href="#">A</a>\n</ul>\n',
    ],
)
def test_other_shapes_are_left_to_the_theme(toc: str) -> None:
    assert page_toc(toc, 2) is None


def test_a_level_that_is_not_a_number_is_left_to_the_theme() -> None:
    toc = '<ul>\n<li><a class="reference internal" href="#">A</a></li>\n</ul>\n'
    assert page_toc(toc, "2") is None
    assert page_toc(toc, 2) == ("", 0) == theme(toc, 2)

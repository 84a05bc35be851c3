"""Post lists written as finished HTML (``site/listhtml.py``) equal docutils' writing of them."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest
from sphinx.testing.util import SphinxTestApp

from chapbook.site import listings
from tests.collecting.test_incremental import tree
from tests.helpers import ROOTS

if TYPE_CHECKING:
    from pathlib import Path

#: The book theme (pydata's HTML writer) as the site has it, and Sphinx's own theme.
THEMES = ("sphinx_book_theme", "alabaster")

SELF_LISTING = """\
---
title: "Tab\there @ home & <away>"
description: 'A "quoted" @ description'
date: '2025-03-01'
tags: ["R&D", "<b>bold</b>"]
---

Lists itself, as a post's own list can:

```{postlist}
:format: title-date-description-tags
```

- and inside a list, where docutils decides how the inner list looks:

  ```{postlist}
  :limit: 2
  ```
"""


def _build(src: Path, out: Path, builder: str, theme: str) -> Path:
    app = SphinxTestApp(
        builder, srcdir=src, builddir=out, freshenv=True, confoverrides={"html_theme": theme}
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return app.outdir


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("builder", ["dirhtml", "html"])
@pytest.mark.parametrize("root", ["test-postlist", "test-escaping", "test-lang", "test-tags"])
def test_every_page_equals_the_page_written_from_nodes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, root: str, builder: str, theme: str
) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / root, src)
    (src / "self-listing.md").write_text(SELF_LISTING, encoding="utf-8")
    direct = tree(_build(src, tmp_path / "direct", builder, theme))
    monkeypatch.setattr(listings, "written_as_html", lambda builder, fmt: False)
    from_nodes = tree(_build(src, tmp_path / "nodes", builder, theme))
    assert sorted(direct) == sorted(from_nodes)
    assert [name for name in direct if direct[name] != from_nodes[name]] == []
    # The comparison is of lists: the pages have them, each entry escaped.
    own = "self-listing/index.html" if builder == "dirhtml" else "self-listing.html"
    assert 'class="chapbook-postlist chapbook-title-date-description-tags no-search"' in (
        direct[own].decode()
    )
    # The archive lists every post.
    archive = "archive/index.html" if builder == "dirhtml" else "archive.html"
    href = "../self-listing/" if builder == "dirhtml" else "self-listing.html"
    home = direct[archive].decode()
    title = "Tab here &#64; home &amp; &lt;away&gt;"  # the title's tab, read as a space
    assert f'<a class="reference internal" href="{href}">{title}</a>' in home


def test_only_the_sites_lists_without_images_are_written_directly() -> None:
    class Builder:
        def __init__(self, name: str) -> None:
            self.name = name

    for fmt in (
        "title",
        "title-date",
        "title-date-tags",
        "title-date-description",
        "title-date-description-tags",
    ):
        assert listings.written_as_html(Builder("dirhtml"), fmt)  # type: ignore[arg-type]
        assert listings.written_as_html(Builder("html"), fmt)  # type: ignore[arg-type]
        assert not listings.written_as_html(Builder("epub"), fmt)  # type: ignore[arg-type]
        assert not listings.written_as_html(Builder("latex"), fmt)  # type: ignore[arg-type]
    assert not listings.written_as_html(Builder("dirhtml"), "cards")  # type: ignore[arg-type]

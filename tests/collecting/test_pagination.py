"""Long listings split into real pages: /page/2/, /page/3/ ... at the boundaries."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from tests.helpers import ROOTS

ROOT = ROOTS / "test-pagination"


def build_with(tmp_path: Path, count: int, *, home: str | None = None, **overrides: object) -> Path:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    for number in range(count + 1, 32):
        (src / f"post-{number:02d}.md").unlink()
    if home is not None:
        (src / "index.md").write_text(home, encoding="utf-8")
    app = SphinxTestApp(
        "dirhtml", srcdir=src, builddir=tmp_path / "out", freshenv=True, confoverrides=overrides
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir)


def titles(path: Path) -> list[str]:
    soup = BeautifulSoup(path.read_text(), "lxml")
    return [a.get_text() for a in soup.select(".chapbook-entry > a")]


def pager(path: Path) -> dict[str, str]:
    soup = BeautifulSoup(path.read_text(), "lxml")
    found = soup.select_one(".chapbook-pager")
    return {a.get_text(): a["href"] for a in found.select("a")} if found else {}


@pytest.mark.parametrize(("count", "pages"), [(15, 1), (16, 2), (30, 2), (31, 3)])
def test_page_boundaries(tmp_path: Path, count: int, pages: int) -> None:
    out = build_with(tmp_path, count)
    generated = sorted(p.name for p in (out / "page").iterdir()) if (out / "page").exists() else []
    assert generated == [str(n) for n in range(2, pages + 1)]
    assert titles(out / "index.html") == [
        f"Post {n:02d}" for n in range(count, max(count - 15, 0), -1)
    ]
    shown = [titles(out / "page" / str(n) / "index.html") for n in range(2, pages + 1)]
    assert sum(len(t) for t in shown) + min(count, 15) == count


def test_pager_links(tmp_path: Path) -> None:
    out = build_with(tmp_path, 31)
    assert pager(out / "index.html") == {"Older posts \u2192": "page/2/"}
    assert pager(out / "page/2/index.html") == {
        "\u2190 Newer posts": "../../",
        "Older posts \u2192": "../3/",
    }
    assert pager(out / "page/3/index.html") == {"\u2190 Newer posts": "../2/"}
    assert titles(out / "page/3/index.html") == ["Post 01"]
    soup = BeautifulSoup((out / "page/2/index.html").read_text(), "lxml")
    assert soup.title.get_text().startswith("Home (page 2)")
    assert '"Home (page 2)"' in (out / "searchindex.js").read_text()


def test_paginate_without_a_number_pages_as_the_site_does(tmp_path: Path) -> None:
    home = "# Home\n\n```{postlist}\n:format: title\n:paginate:\n```\n"
    out = build_with(tmp_path, 31, home=home, chapbook_posts_per_page=10)
    assert sorted(p.name for p in (out / "page").iterdir()) == ["2", "3", "4"]
    assert titles(out / "index.html") == [f"Post {n:02d}" for n in range(31, 21, -1)]
    assert titles(out / "page/4/index.html") == ["Post 01"]

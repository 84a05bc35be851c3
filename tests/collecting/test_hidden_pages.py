"""A file where the site would put a page it makes: the file is published, and told.

``tags.md`` is ``/tags/``, where the index of tags (``tags/index``) is written;
both were written to ``tags/index.html`` and the last one won, in silence.
Generated pages are compared with the files by address, as the site serves
them: ``Archive/index.md`` is ``/archive/`` to a host that ignores case.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest

from chapbook.collecting.state import state
from tests.collecting.test_incremental import assert_same_tree
from tests.collecting.test_incremental import build as build_into
from tests.helpers import ROOTS, article, page, warnings_of

if TYPE_CHECKING:
    from pathlib import Path

POST = "---\ntitle: {title}\n---\n\nWritten by hand: {title}.\n"
HIDDEN = {"tags.md": "tags", "authors.md": "authors", "Archive/index.md": "archive"}


def add(src: Path, name: str, title: str) -> None:
    (src / name).parent.mkdir(parents=True, exist_ok=True)
    (src / name).write_text(POST.format(title=title), encoding="utf-8")


@pytest.mark.sphinx("dirhtml", testroot="takedown", freshenv=True)
def test_the_writers_file_wins_a_generated_pages_address(app, make_app) -> None:
    for name, title in HIDDEN.items():
        add(app.srcdir, name, title)
    built = make_app("dirhtml", srcdir=app.srcdir, freshenv=True)
    built.build()
    # In the order the site makes its pages: tags, series, authors, the archive.
    assert [w for w in warnings_of(built) if "[chapbook." in w] == [
        "tags.md:1: WARNING: this file is published at /tags/, where the site would put its "
        "page 'Tags overview'; that page is left out [chapbook.source]",
        "authors.md:1: WARNING: this file is published at /authors/, where the site would put "
        "its page 'Authors'; that page is left out [chapbook.source]",
        "Archive/index.md:1: WARNING: this file is published at /Archive/, where the site would "
        "put its page 'Archive' (/archive/); that page is left out [chapbook.source]",
    ]
    for docname, title in (("tags", "tags"), ("authors", "authors"), ("Archive", "archive")):
        assert f"Written by hand: {title}." in article(page(built, docname)).get_text()
    generated = state(built.env).pages
    assert {"tags/index", "authors/index", "archive"}.isdisjoint(generated)
    assert {"tags/news", "authors/ada-lovelace", "archive/2024"} <= generated.keys()


HIDDEN_LATER = {
    "tags": lambda src: add(src, "tags.md", "tags"),
    "archive-case": lambda src: add(src, "Archive/index.md", "archive"),
    "site-file": lambda src: add(src, "rss.xml.md", "feed"),
    "case-twin": lambda src: add(src, "About.md", "about"),
    "deep": lambda src: (src / "deep.md").write_text(
        "---\ntitle: Deep\ndate: '2024-02-01'\n---\n\n" + "- " * 500 + "x\n\nAfter.\n"
    ),
    "too-long": lambda src: add(src, "n" * 248 + ".md", "long"),
    "nfd-name": lambda src: add(src, "cafe\u0301.md", "NFD"),
    "suffix-twin": lambda src: (src / "news.rst").write_text("News\n====\n\nOther.\n"),
}


@pytest.mark.parametrize("kind", sorted(HIDDEN_LATER))
def test_adding_the_file_later_equals_a_clean_build(kind: str, tmp_path: Path) -> None:
    """Build, add the file, build again: the same output as a clean build of those files."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-takedown", src)
    build_into(src, tmp_path / "incremental")
    HIDDEN_LATER[kind](src)
    incremental = build_into(src, tmp_path / "incremental")
    clean = build_into(src, tmp_path / "clean", fresh=True)
    assert_same_tree(incremental, clean)


@pytest.mark.parametrize("kind", ["tags", "archive-case"])
def test_removing_the_file_brings_the_generated_page_back(kind: str, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-takedown", src)
    HIDDEN_LATER[kind](src)
    build_into(src, tmp_path / "incremental")
    for name in ("tags.md", "Archive"):
        path = src / name
        if path.is_dir():
            shutil.rmtree(path)
        path.unlink(missing_ok=True)
    incremental = build_into(src, tmp_path / "incremental")
    clean = build_into(src, tmp_path / "clean", fresh=True)
    assert_same_tree(incremental, clean)

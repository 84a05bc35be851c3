"""Two files, one address: one is published, the other is named with its own path.

``café.md`` as macOS writes it (NFD) beside ``café.md`` in NFC, ``x.md`` beside
``x.rst``: Sphinx reads one and said so in a warning with no file or line, or
(a name only in NFD, on Linux) read none.  ``About.md`` beside ``about.md``: the
site's links and many hosts take them for one page, and both were published; now
the one published first is (``reading.addresses``).
The names are made by the tests: a checkout may not keep an NFD name as written.
"""

from __future__ import annotations

import logging
import shutil
import unicodedata
from typing import TYPE_CHECKING

import pytest

from chapbook.collecting.state import posts_of
from chapbook.reading import duplicates
from tests.helpers import ROOTS, article, page, warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

NFC, NFD = "caf\u00e9", "cafe\u0301"
POST = "---\ntitle: {title}\ndate: '2024-05-01'\n---\n\nWritten as {title}.\n"
SOURCE = "[chapbook.source]"


@pytest.fixture
def build(tmp_path: Path, make_app: Callable[..., SphinxTestApp]) -> Callable[..., SphinxTestApp]:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-takedown", src)

    def run(files: dict[str, str]) -> SphinxTestApp:
        for name, title in files.items():
            (src / name).write_text(POST.format(title=title), encoding="utf-8")
        app = make_app("dirhtml", srcdir=src, freshenv=True)
        app.build()
        return app

    return run


def test_a_name_in_nfd_beside_the_same_in_nfc_is_not_published(build) -> None:
    app = build({f"{NFD}.md": "NFD", f"{NFC}.md": "NFC"})
    assert warnings_of(app) == [
        f"{NFD}.md:1: WARNING: not published: {NFD}.md and {NFC}.md would both be /{NFC}/ "
        "(their names differ only in Unicode normalisation: this one is in NFD, as macOS "
        f"writes names); {NFC}.md is published, this file is not {SOURCE}"
    ]
    assert "Written as NFC." in article(page(app, NFC)).get_text()
    assert NFC in posts_of(app.env)


def test_a_name_only_in_nfd_is_named_not_lost_in_silence(build) -> None:
    app = build({f"{NFD}.md": "NFD"})
    assert warnings_of(app) == [
        f"{NFD}.md:1: WARNING: not published: its name is in Unicode NFD (as macOS writes "
        "names), and Sphinx opens files by their NFC name, which this file system keeps "
        f"apart; rename it {SOURCE}"
    ]


def test_the_same_name_with_two_suffixes_keeps_sphinxs_choice(build, tmp_path: Path) -> None:
    (tmp_path / "src" / "twin.rst").write_text("Twin\n====\n\nThe other.\n", encoding="utf-8")
    app = build({"twin.md": "Markdown"})
    assert warnings_of(app) == [
        "twin.rst:1: WARNING: not published: twin.rst and twin.md would both be /twin/ (the "
        f"same name with another suffix); twin.md is published, this file is not {SOURCE}"
    ]
    assert "Written as Markdown." in article(page(app, "twin")).get_text()


def test_names_that_differ_in_case_are_one_page_the_one_published_first(build) -> None:
    """``about.md`` is a page (no date): no post takes its address; ``news.md`` is dated
    before ``NEWS.md``, which is not published (the lowercase name no longer decides)."""
    app = build({"About.md": "Upper", "NEWS.md": "Shouting"})
    assert warnings_of(app) == [
        "About.md:1: WARNING: About and about would both be /about/ (addresses ignore case); "
        "about is a page (no date), which keeps its address before any post: this file is not "
        f"published {SOURCE}",
        "NEWS.md:1: WARNING: NEWS and news would both be /news/ (addresses ignore case); "
        "news was published first (2024-03-01; this file 2024-05-01): this file is not "
        f"published {SOURCE}",
    ]
    assert not (app.outdir / "About").exists()
    assert not (app.outdir / "NEWS").exists()
    assert "Who writes here." in article(page(app, "about")).get_text()


def test_sphinxs_own_warnings_about_them_are_left_out_and_only_for_this_build(build) -> None:
    app = build({f"{NFD}.md": "NFD", f"{NFC}.md": "NFC"})
    assert not any("multiple files found" in line for line in warnings_of(app))
    project = logging.getLogger(duplicates.SPHINX_LOGGER)
    assert not any(isinstance(f, duplicates.StandIn) for f in project.filters)


# -- one function at a time -------------------------------------------------------------


def test_find_walks_as_sphinx_and_keeps_the_file_sphinx_opens(tmp_path: Path) -> None:
    for name in [f"{NFD}.md", f"{NFC}.md", "x.md", "x.rst", "only.rst", "n\u0303o.md",
                 "_build/y.md", "y.md", "notes.txt"]:  # fmt: skip
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x")
    found = duplicates.find(tmp_path, (".md", ".rst"), ["**"], ["_build"])
    assert found.twins == {f"{NFD}.md": (f"{NFC}.md", NFC), "x.rst": ("x.md", "x")}
    assert found.unopenable == ["n\u0303o.md"]
    assert (found.docnames, found.paths) == (
        {NFC, "x"},
        {unicodedata.normalize("NFC", "n\u0303o.md")},
    )


def test_the_stand_in_leaves_out_only_sphinxs_warnings_about_these_files() -> None:
    found = duplicates.Found(docnames={NFC}, paths={"n\u00f1o.md"})
    stand_in = duplicates.StandIn(found)

    def record(message: str, *args: object) -> logging.LogRecord:
        return logging.LogRecord(
            "sphinx.sphinx.project", logging.WARNING, "", 0, message, args, None
        )

    assert not stand_in.filter(record(duplicates.SPHINX_MULTIPLE, NFC, "x", "y"))
    assert stand_in.filter(record(duplicates.SPHINX_MULTIPLE, "other", "x", "y"))
    assert not stand_in.filter(record(duplicates.SPHINX_UNREADABLE, "n\u00f1o.md"))
    assert stand_in.filter(record(duplicates.SPHINX_UNREADABLE, "locked.md"))
    assert stand_in.filter(record("something else %s", NFC))

"""Series: a box on each part, a page per series, previous/next still in publication order."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from chapbook.collecting.state import state
from tests.collecting.test_incremental import tree
from tests.helpers import ROOTS, page, warnings_of

IN_ORDER = ["Boats, an introduction", "The keel & <b>mast</b>", "The hull"]


@pytest.fixture
def built(app):
    app.build()
    return app


def box(app, docname: str):
    return page(app, docname).select_one("article div.chapbook-series")


def parts(element) -> list[str]:
    return [li.select_one("p").get_text() for li in element.select("ol.chapbook-series-parts > li")]


@pytest.mark.sphinx("dirhtml", testroot="series", freshenv=True)
def test_each_part_lists_the_series_in_order_and_marks_itself(built) -> None:
    for place, docname in enumerate(("intro", "keel", "hull"), start=1):
        found = box(built, docname)
        label = found.select_one("p.chapbook-label")
        assert label.get_text() == f"Series: Building a boat (part {place} of 3)"
        assert label.a["href"] == "../series/building-a-boat/"
        titles = parts(found)
        assert [t.removesuffix(" (this post)") for t in titles] == IN_ORDER
        current = found.select("li.chapbook-current")
        assert len(current) == 1 and current[0].strong.get_text() == IN_ORDER[place - 1]
        assert current[0].a is None  # this post is named, not linked
    assert box(built, "aside") is None
    assert warnings_of(built) == []


@pytest.mark.sphinx("dirhtml", testroot="series", freshenv=True)
def test_the_series_page_lists_every_part(built) -> None:
    soup = page(built, "series/building-a-boat")
    assert soup.select_one("article h1").get_text().startswith("Series: Building a boat")
    listing = soup.select_one("article ol.chapbook-series-parts")
    assert [li.a.get_text() for li in listing.select("li")] == IN_ORDER
    assert [li.a["href"] for li in listing.select("li")] == [
        "../../intro/",
        "../../keel/",
        "../../hull/",
    ]
    assert [t["datetime"] for t in listing.select("time")] == [
        "2024-01-10",
        "2024-03-10",
        "2024-02-10",
    ]


@pytest.mark.sphinx("dirhtml", testroot="series", freshenv=True)
def test_previous_and_next_stay_in_publication_order(built) -> None:
    nav = page(built, "hull").select_one("nav.chapbook-postnav")
    assert nav.select_one("p.chapbook-prev a").get_text() == "An aside on knots"
    assert nav.select_one("p.chapbook-next a").get_text() == "The keel & <b>mast</b>"


@pytest.mark.sphinx("dirhtml", testroot="series", freshenv=True)
def test_feeds_carry_the_post_without_its_series_box(built) -> None:
    """The box changes whenever another part does; a feed entry holds only its own post."""
    rss = (Path(built.outdir) / "rss.xml").read_text(encoding="utf-8")
    assert "The second part, published last." in rss
    assert "chapbook-series" not in rss and "(this post)" not in rss


@pytest.mark.sphinx("latex", testroot="series", freshenv=True)
def test_the_book_has_no_series_box(app) -> None:
    app.build()
    source = (Path(app.outdir) / "series-test.tex").read_text(encoding="utf-8")
    assert "The second part, published last." in source
    assert "Series: Building a boat" not in source and "(this post)" not in source


# -- changes: incremental builds equal clean builds ----------------------------------


def build(src: Path, builddir: Path, *, fresh: bool = False) -> tuple[Path, SphinxTestApp]:
    app = SphinxTestApp("dirhtml", srcdir=src, builddir=builddir, freshenv=fresh)
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir), app


def edit(src: Path, name: str, old: str, new: str) -> None:
    path = src / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


EDITS = {
    "reorder": ("hull.md", "series_order: 3", "series_order: 0"),
    "leave": ("keel.md", "series: Building a boat\n", ""),
    "join": ("aside.md", "tags: [knots]", "series: Building a boat\ntags: [knots]"),
    "rename": ("intro.md", "series: Building a boat", "series: Boatbuilding"),
}


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_changing_a_series_equals_a_clean_build(tmp_path: Path, kind: str) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-series", src)
    build(src, tmp_path / "incremental")
    edit(src, *EDITS[kind])
    incremental, app = build(src, tmp_path / "incremental")
    clean, _ = build(src, tmp_path / "clean", fresh=True)
    left, right = tree(incremental), tree(clean)
    assert sorted(left) == sorted(right)
    assert [name for name in left if left[name] != right[name]] == []
    expected = {
        "reorder": {"building a boat": ("hull", "intro", "keel")},
        "leave": {"building a boat": ("intro", "hull")},
        "join": {"building a boat": ("intro", "keel", "hull", "aside")},
        "rename": {"building a boat": ("keel", "hull"), "boatbuilding": ("intro",)},
    }[kind]
    assert {key: entry.posts for key, entry in state(app.env).series.items()} == expected


def test_series_with_one_url_and_bad_orders_are_reported(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-series", src)
    edit(
        src,
        "aside.md",
        "tags: [knots]",
        "series: building-a-boat!\nseries_order: first\ntags: [knots]",
    )
    _, app = build(src, tmp_path / "out", fresh=True)
    assert warnings_of(app) == [
        "aside.md:5: WARNING: front-matter 'series_order': 'first' is not a whole number "
        "[chapbook.frontmatter]",
        "aside.md:4: WARNING: series 'building-a-boat!' has the same URL as another series; "
        "its page is at series/building-a-boat-2/ [chapbook.series]",
    ]
    assert (Path(app.outdir) / "series" / "building-a-boat-2" / "index.html").is_file()


@pytest.mark.parametrize("root", ["test-series", "test-excerpt"])
def test_parallel_build_equals_serial_build(tmp_path: Path, root: str) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / root, src)
    serial, _ = build(src, tmp_path / "serial", fresh=True)
    app = SphinxTestApp("dirhtml", srcdir=src, builddir=tmp_path / "parallel", parallel=2)
    try:
        app.build()
    finally:
        app.cleanup()
    left, right = tree(Path(app.outdir)), tree(serial)
    assert sorted(left) == sorted(right)
    assert [name for name in left if left[name] != right[name]] == []


def test_a_series_name_is_text_everywhere(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-series", src)
    name = "<script>alert(1)</script> & boats"
    for post in ("intro.md", "keel.md", "hull.md"):
        text = (src / post).read_text()
        text = text.replace("series: Building a boat", f"series: '{name}'")
        (src / post).write_text(text.replace("series: building a Boat", f"series: '{name}'"))
    out, app = build(src, tmp_path / "out", fresh=True)
    assert warnings_of(app) == []
    for path in out.rglob("*.html"):
        assert "<script>alert(1)" not in path.read_text(encoding="utf-8"), path
    (entry,) = state(app.env).series.values()
    soup = page(app, entry.docname)
    assert soup.select_one("article h1").get_text().startswith(f"Series: {name}")
    label = page(app, "keel").select_one("div.chapbook-series p.chapbook-label")
    assert label.a.get_text() == name

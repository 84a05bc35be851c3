"""Covers (front-matter ``image:``): on the post, in og:image, card listings and feeds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from tests.collecting.test_incremental import assert_same_tree, build, edit
from tests.helpers import ROOTS, article, page, warnings_of

BASE = "https://blog.example.com/"


@pytest.fixture
def built(app):
    app.build()
    return app


def cover(soup: BeautifulSoup):
    return article(soup).select("div.chapbook-cover img")


def meta(soup: BeautifulSoup, name: str) -> list[str]:
    found = soup.select(f'meta[property="{name}"], meta[name="{name}"]')
    return [tag["content"] for tag in found]


# -- the post page ---------------------------------------------------------------------


@pytest.mark.sphinx("dirhtml", testroot="covers", freshenv=True)
def test_the_cover_is_under_the_header_with_its_size_and_alt(built) -> None:
    soup = page(built, "boat")
    [img] = cover(soup)
    assert img["src"] == "../_images/sail.png"
    assert (Path(built.outdir) / "_images" / "sail.png").is_file()
    assert (img["width"], img["height"]) == ("40", "30")
    assert img["alt"] == "A blue sail & <b>rope</b>"  # text, never markup
    assert img.get("loading") is None  # above the fold: never lazy
    assert article(soup).find("b") is None
    # Title, then the date line, then the cover, then the first words.
    section = article(soup).select_one("section")
    blocks = [c for c in section.children if getattr(c, "name", None)]
    assert [b.name for b in blocks[:4]] == ["h1", "div", "div", "p"]
    assert "chapbook-post-meta" in blocks[1]["class"]
    assert "chapbook-cover" in blocks[2]["class"]
    assert blocks[3].get_text() == "The boat has a sail."


@pytest.mark.sphinx("dirhtml", testroot="covers", freshenv=True)
def test_a_series_box_comes_under_the_cover(built) -> None:
    section = article(page(built, "wave")).select_one("section")
    blocks = [c for c in section.children if getattr(c, "name", None)]
    kinds = [b.name if b.name == "h1" else b["class"][0] for b in blocks[:4]]
    assert kinds == ["h1", "chapbook-post-meta", "chapbook-cover", "chapbook-series"]


@pytest.mark.sphinx("dirhtml", testroot="covers", freshenv=True)
def test_a_cover_without_alt_text_is_decorative_and_not_reported(built) -> None:
    [img] = cover(page(built, "wave"))
    assert img["alt"] == ""
    assert img["src"] == "../_images/wave.svg"
    assert not [w for w in warnings_of(built) if "alt text" in w]


@pytest.mark.sphinx("dirhtml", testroot="covers", freshenv=True)
def test_a_remote_cover_is_shown_from_its_address(built) -> None:
    [img] = cover(page(built, "remote"))
    assert img["src"] == "https://images.example.org/cover.jpg?w=800&h=400"


@pytest.mark.sphinx("dirhtml", testroot="covers", freshenv=True)
def test_a_missing_cover_is_a_warning_and_the_post_is_published_without_one(built) -> None:
    assert warnings_of(built) == [
        "missing.md:4: WARNING: cover image 'gone.png' is not there; it is left out "
        "[chapbook.source]"
    ]
    soup = page(built, "missing")
    assert "The cover file is not there." in article(soup).get_text()
    assert not article(soup).select("img, div.chapbook-cover")
    assert meta(soup, "og:image") == []


@pytest.mark.sphinx(
    "dirhtml", testroot="covers", freshenv=True, confoverrides={"chapbook_show_cover": False}
)
def test_a_hidden_cover_still_gives_og_image_and_cards(built) -> None:
    soup = page(built, "boat")
    assert cover(soup) == []
    assert meta(soup, "og:image") == [f"{BASE}_images/sail.png"]
    assert (Path(built.outdir) / "_images" / "sail.png").is_file()
    assert len(page(built, "index").select("img.chapbook-card-image")) == 3


# -- og:image ----------------------------------------------------------------------------


@pytest.mark.sphinx("dirhtml", testroot="covers", freshenv=True)
def test_og_image_is_the_cover_as_an_absolute_url(built) -> None:
    boat = page(built, "boat")
    assert meta(boat, "og:image") == [f"{BASE}_images/sail.png"]
    assert meta(boat, "og:image:alt") == ["A blue sail & <b>rope</b>"]
    assert meta(boat, "twitter:card") == ["summary_large_image"]
    remote = page(built, "remote")
    assert meta(remote, "og:image") == ["https://images.example.org/cover.jpg?w=800&h=400"]
    assert meta(remote, "og:image:alt") == []  # no image_alt: no alt to give


@pytest.mark.sphinx("dirhtml", testroot="covers", freshenv=True)
def test_a_post_without_a_cover_keeps_its_og_tags(built) -> None:
    soup = page(built, "plain")
    assert meta(soup, "og:image") == []
    assert meta(soup, "twitter:card") == ["summary"]


# -- card listings -------------------------------------------------------------------------


@pytest.mark.sphinx("dirhtml", testroot="covers", freshenv=True)
def test_cards_show_each_cover_as_a_lazy_thumbnail(built) -> None:
    soup = page(built, "index")
    items = soup.select("ul.chapbook-cards > li")
    shown = [
        (
            li.select_one(".chapbook-card-text a").get_text(),
            [
                (i["src"], i.get("width"), i.get("height"), i["loading"], i["alt"])
                for i in li("img")
            ],
        )
        for li in items
    ]
    assert shown == [
        ("Lost cover", []),  # its file is missing: no broken image
        ("No cover", []),
        ("From elsewhere", [
            ("https://images.example.org/cover.jpg?w=800&h=400", None, None, "lazy", ""),
        ]),
        ("The wave", [("_images/wave.svg", "60", "20", "lazy", "")]),
        ("The boat", [("_images/sail.png", "40", "30", "lazy", "")]),
    ]  # fmt: skip
    # Title, date and description beside the thumbnail; never a link around the image.
    boat = items[-1]
    assert boat.select_one(".chapbook-card-text time") is not None
    assert boat.select_one(".chapbook-summary").get_text() == "A boat with a sail."
    assert boat.img.parent is boat


# -- feeds ----------------------------------------------------------------------------------


@pytest.mark.sphinx("dirhtml", testroot="covers", freshenv=True)
@pytest.mark.parametrize("name", ["rss.xml", "atom.xml"])
def test_feed_entries_open_with_the_cover(built, name: str) -> None:
    feed = feedparser.parse((Path(built.outdir) / name).read_bytes())
    assert not feed.bozo
    entries = {e.title: BeautifulSoup(e.content[0].value, "lxml") for e in feed.entries}
    [img] = entries["The boat"]("img")
    assert img["src"] == f"{BASE}_images/sail.png"
    assert img["alt"] == "A blue sail & <b>rope</b>"
    assert entries["The boat"].find("b") is None
    assert entries["No cover"]("img") == []
    assert entries["Lost cover"]("img") == []


# -- hostile input ----------------------------------------------------------------------------


@pytest.fixture
def hostile(app):
    src = Path(app.srcdir)
    Image.new("RGB", (8, 8)).save(src / "odd <b>&\"'.png")
    os.symlink("/etc/hostname", src / "secret.png")
    app.build()
    return app


@pytest.mark.sphinx("dirhtml", testroot="covers-hostile", freshenv=True)
def test_hostile_covers_are_refused_with_file_and_line(hostile) -> None:
    assert warnings_of(hostile) == [
        "linked.md:4: WARNING: cover image 'secret.png' is outside the source folder; "
        "it is left out [chapbook.trust]",
        "passwd.md:4: WARNING: cover image '../../../../../../../../etc/passwd' is outside "
        "the source folder; it is left out [chapbook.trust]",
        "quote.md:4: WARNING: cover image 'x.png\" onerror=alert(1)' is not there; "
        "it is left out [chapbook.source]",
        "rooted.md:4: WARNING: cover image '/etc/passwd' is not there; it is left out "
        "[chapbook.source]",
        "script.md:4: WARNING: front-matter 'image': 'javascript:alert(1)' is not a file path "
        "or an https:// address [chapbook.frontmatter]",
    ]


@pytest.mark.sphinx("dirhtml", testroot="covers-hostile", freshenv=True)
def test_hostile_covers_publish_nothing_and_inject_nothing(hostile) -> None:
    out = Path(hostile.outdir)
    assert sorted(p.name for p in (out / "_images").iterdir()) == ["odd <b>&\"'.png"]
    html = [BeautifulSoup(p.read_bytes(), "lxml") for p in out.rglob("*.html")]
    for name in ("rss.xml", "atom.xml"):
        feed = feedparser.parse((out / name).read_bytes())
        html += [BeautifulSoup(e.content[0].value, "lxml") for e in feed.entries]
    for soup in html:
        assert not soup.find_all(lambda tag: tag.has_attr("onerror"))
        assert not soup.select('img[src="x"], img[src^="javascript"], b')
    assert "root:x:0" not in "".join(str(soup) for soup in html)
    for name in ("quote", "passwd", "rooted", "script", "linked"):
        soup = page(hostile, name)
        assert not article(soup).select("img")
        assert meta(soup, "og:image") == []
    odd = page(hostile, "odd")
    [img] = cover(odd)
    assert img["src"] == "../_images/odd%20%3Cb%3E%26%22%27.png"
    assert img["alt"] == "<img src=x onerror=alert(1)> & \"'"
    assert article(odd).select("img") == [img]
    assert meta(odd, "og:image") == [f"{BASE}_images/odd%20%3Cb%3E%26%22%27.png"]
    [card] = page(hostile, "index").select("img.chapbook-card-image")
    assert card["src"] == "_images/odd%20%3Cb%3E%26%22%27.png"


# -- incremental builds ---------------------------------------------------------------------


def _covers_copy(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-covers", src)
    return src


EDITS = {
    "add": lambda src: edit(
        src / "plain.md", "description:", "image: pics/shared.png\ndescription:"
    ),
    "change": lambda src: edit(
        src / "boat/index.md", "image: sail.png", "image: ../pics/shared.png"
    ),
    "remove": lambda src: edit(src / "boat/index.md", "image: sail.png\n", ""),
    "alt": lambda src: edit(src / "boat/index.md", "A blue sail", "A red sail"),
    "redraw": lambda src: Image.new("RGB", (64, 16), (9, 9, 9)).save(src / "boat/sail.png"),
    "restore": lambda src: (src / "gone.png").write_bytes((src / "boat/sail.png").read_bytes()),
}


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_an_incremental_build_after_a_cover_edit_equals_a_clean_build(
    kind: str, tmp_path: Path
) -> None:
    src = _covers_copy(tmp_path)
    build(src, tmp_path / "incremental")
    EDITS[kind](src)
    incremental = build(src, tmp_path / "incremental")
    clean = build(src, tmp_path / "clean", fresh=True)
    assert_same_tree(incremental, clean)


def test_a_hidden_cover_is_copied_for_og_image_by_a_parallel_build(tmp_path: Path) -> None:
    # No card listing shows it and the page does not: only og:image names the file.
    src = _covers_copy(tmp_path)
    (src / "index.md").write_text("---\ntitle: Covers\n---\n\nNo listing.\n")
    with (src / "conf.py").open("a") as conf:
        conf.write("chapbook_show_cover = False\n")
    out = build(src, tmp_path / "out", parallel=2)
    soup = BeautifulSoup((out / "boat" / "index.html").read_bytes(), "lxml")
    assert meta(soup, "og:image") == [f"{BASE}_images/sail.png"]
    assert cover(soup) == []
    assert sorted(p.name for p in (out / "_images").iterdir()) == ["sail.png", "wave.svg"]


def test_a_parallel_build_with_covers_equals_a_serial_build(tmp_path: Path) -> None:
    src = _covers_copy(tmp_path)
    assert_same_tree(build(src, tmp_path / "parallel", parallel=2), build(src, tmp_path / "serial"))

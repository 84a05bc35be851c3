"""Files served beside the pages run nothing: SVG images are cleaned copies, scripted SVG
downloads are not offered, and an incremental build serves what a clean one does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree
from sphinx.testing.util import SphinxTestApp

from chapbook.site.served import download_problem
from chapbook.trust.svg import make_inert
from tests.collecting.test_incremental import assert_same_tree
from tests.helpers import ROOTS, article, page, warnings_of

DRAWINGS = ROOTS / "test-servedsvg"
DOWNLOADS = ROOTS / "test-serveddownloads"
SVG = "{http://www.w3.org/2000/svg}"
FLAME = (
    "flame/index.md:8: WARNING: SVG image flame/flame.svg: what could run was removed: "
    "onload=, <script>, onclick=, onmouseover=, onmouseout= [chapbook.trust]"
)
COVER = (
    "covered.md:4: WARNING: SVG image cover.svg: what could run was removed: <script> "
    "[chapbook.trust]"
)
BROKEN = "broken/index.md:8: WARNING: SVG image broken/broken.svg is not well-formed XML ("
PROFILE = (
    "files.md:6: WARNING: file 'profile.svg' is an SVG holding what would run on the site's "
    "own address (onload=, <script>); it is left out [chapbook.trust]"
)


def served(outdir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((outdir / "_images").glob("*.svg"))}


def runs(data: bytes) -> list[str]:
    """Scripts and handlers in an SVG file, as a browser would find them."""
    root = etree.fromstring(data)
    found = [etree.QName(e).localname for e in root.iter(f"{SVG}script")]
    return found + [name for e in root.iter() for name in e.attrib if name.startswith("on")]


# -- images ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("builder", "parallel"), [("dirhtml", 0), ("html", 2)], ids=["dirhtml", "html-j2"]
)
def test_svg_images_are_served_clean_and_named(
    make_app, tmp_path: Path, builder: str, parallel: int
) -> None:
    shutil.copytree(DRAWINGS, tmp_path / "src")
    app = make_app(builder, srcdir=tmp_path / "src", freshenv=True, parallel=parallel)
    app.build()
    warnings = warnings_of(app)
    assert sorted(w for w in warnings if not w.startswith(BROKEN)) == [COVER, FLAME]
    broken = [w for w in warnings if w.startswith(BROKEN)]
    assert len(broken) == 1 and broken[0].endswith("); it is left out [chapbook.trust]")
    images = served(Path(app.outdir))
    # The post's image, the cover (its page, the listing's card, og:image): cleaned copies.
    assert sorted(images) == ["cover.svg", "drawio.svg", "flame.svg"]
    for name, data in images.items():
        source = next(Path(app.srcdir).rglob(name)).read_bytes()
        assert data == make_inert(source).data, name
        assert runs(data) == [], name
    # The source folder is never written to.
    for path in DRAWINGS.rglob("*.svg"):
        assert (Path(app.srcdir) / path.relative_to(DRAWINGS)).read_bytes() == path.read_bytes()


@pytest.mark.sphinx("dirhtml", testroot="servedsvg", freshenv=True)
def test_pages_show_the_cleaned_copies_and_alt_text_for_what_cannot_be_checked(app) -> None:
    app.build()
    flame = article(page(app, "flame")).select("img")
    assert [(i["src"], i["alt"]) for i in flame] == [
        ("../_images/flame.svg", "A flame graph of one run")
    ]
    card = page(app, "index").select_one("img.chapbook-card-image")
    assert card is not None and card["src"] == "_images/cover.svg"
    broken = article(page(app, "broken"))
    assert broken.select("img") == []
    assert "A drawing cut short" in broken.get_text()


@pytest.mark.sphinx("dirhtml", testroot="servedsvg", freshenv=True)
def test_draw_io_labels_stay_html_on_the_site(app) -> None:
    """Browsers draw the HTML of a label; the site keeps it (the book makes it SVG text)."""
    app.build()
    root = etree.fromstring(served(Path(app.outdir))["drawio.svg"])
    labels = ["".join(f.itertext()).strip() for f in root.iter(f"{SVG}foreignObject")]
    assert labels == ["Starthere", "Finish"]
    bold = root.find(".//{http://www.w3.org/1999/xhtml}b")
    assert bold is not None and bold.text == "Start"


#: An SVG file that is not well-formed XML (content after its root), in every post of the
#: root: docutils refuses to put nothing in the place of an image with a class or an id.
TORN = (
    "SVG image torn.svg is not well-formed XML (Extra content at the end of the document, "
    "line 2, column 1 (<string>, line 2)); it is left out"
)
TORN_WARNINGS = [
    "body.md:8: WARNING: image 'torn.svg' has no alt text [chapbook.image]",
    "body.md:14: WARNING: image 'torn.svg' has no alt text [chapbook.image]",
    f"body.md:8: WARNING: {TORN}{{}} [chapbook.{{}}]",
    f"body.md:14: WARNING: {TORN}{{}} [chapbook.{{}}]",
    f"cover.md:4: WARNING: {TORN}{{}} [chapbook.{{}}]",  # the line of ``image:``
]


def torn_warnings(app: SphinxTestApp, where: str, subtype: str) -> None:
    """One warning for each image left out, with the post's file and line; nothing else."""
    expected = [w.format(where, subtype) for w in TORN_WARNINGS]
    assert sorted(warnings_of(app)) == sorted(expected)


@pytest.mark.sphinx("dirhtml", testroot="svgleftout", freshenv=True)
def test_an_svg_image_with_a_class_or_a_cover_that_cannot_be_checked_is_left_out(app) -> None:
    app.build()
    torn_warnings(app, "", "trust")
    body = article(page(app, "body"))
    assert body.select("img") == []
    assert "The words after the drawings." in body.get_text()
    assert body.select_one("#torn-plan") is not None  # a link to the image still lands
    cover = article(page(app, "cover"))
    assert cover.select("img") == [] and cover.select(".chapbook-cover") == []
    assert "The words under the cover." in cover.get_text()
    # Nor do link previews name it: no SVG is shown there, and this one is not published.
    og = [m["content"] for m in page(app, "cover").select('meta[property="og:image"]')]
    assert og == []
    assert "A post with nothing torn" in page(app, "whole").get_text()
    assert not list(Path(app.outdir).rglob("torn.svg"))


# -- downloads ---------------------------------------------------------------------------


@pytest.mark.sphinx("dirhtml", testroot="serveddownloads", freshenv=True)
def test_a_scripted_svg_download_is_not_offered_an_inert_one_is_as_written(app) -> None:
    app.build()
    assert warnings_of(app) == [PROFILE]
    body = article(page(app, "files"))
    links = {a.get_text(): a["href"] for a in body.select("a.download")}
    assert list(links) == ["the plan"]
    assert "the profile" in body.get_text()
    offered = sorted((Path(app.outdir) / "_downloads").rglob("*.svg"))
    assert [p.name for p in offered] == ["plan.svg"]
    assert offered[0].read_bytes() == (DOWNLOADS / "plan.svg").read_bytes()  # byte for byte
    assert links["the plan"].endswith(offered[0].relative_to(app.outdir).as_posix())


NOT_UTF8 = "is not UTF-8, so it cannot be checked as a browser would read it"
EMPTY = '<svg xmlns="http://www.w3.org/2000/svg"/>'


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"<svg><unfinished", "is not well-formed XML ("),
        (f'<?xml version="1.0" encoding="UTF-7"?>{EMPTY}'.encode(), NOT_UTF8),
        ('<svg xmlns="http://www.w3.org/2000/svg"><text>\u00e9</text></svg>'.encode("utf-16"),
         NOT_UTF8),
        (f'<?xml version="1.0" encoding="ISO-8859-1"?>{EMPTY}'.encode(), NOT_UTF8),
    ],
    ids=["not-xml", "utf-7", "utf-16", "latin-1"],
)  # fmt: skip
def test_an_svg_download_that_cannot_be_checked_as_written_is_not_offered(
    data: bytes, why: str
) -> None:
    """The reader's browser reads the file as written, not as the cleaner re-wrote it."""
    assert (download_problem(data) or "").startswith(why)


def test_an_inert_utf8_svg_download_is_offered() -> None:
    for data in ((DOWNLOADS / "plan.svg").read_bytes(), b"\xef\xbb\xbf" + EMPTY.encode()):
        assert download_problem(data) is None


# -- incremental builds ------------------------------------------------------------------


def build(srcdir: Path, builddir: Path, *, fresh: bool = False) -> tuple[Path, list[str]]:
    app = SphinxTestApp("dirhtml", srcdir=srcdir, builddir=builddir, freshenv=fresh)
    try:
        app.build()
        return Path(app.outdir), warnings_of(app)
    finally:
        app.cleanup()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_an_edited_svg_image_is_cleaned_again(tmp_path: Path) -> None:
    src = Path(shutil.copytree(DRAWINGS, tmp_path / "src"))
    first, _ = build(src, tmp_path / "incremental")
    assert sorted(served(first)) == ["cover.svg", "drawio.svg", "flame.svg"]
    edit(src / "drawio" / "drawio.svg", "<defs/>", '<defs/><script>alert("ran")</script>')
    edit(src / "cover.svg", "<script>", "<desc>")
    edit(src / "cover.svg", "</script>", "</desc>")
    incremental, warnings = build(src, tmp_path / "incremental")
    assert (
        "drawio/index.md:8: WARNING: SVG image drawio/drawio.svg: what could run was removed: "
        "<script> [chapbook.trust]"
    ) in warnings
    assert not any(w.startswith("covered.md") for w in warnings)  # cover.svg lost nothing now
    assert runs(served(incremental)["drawio.svg"]) == []
    clean, said = build(src, tmp_path / "clean", fresh=True)
    assert_same_tree(incremental, clean)
    assert sorted(warnings) == sorted(said)  # the pages that warned as written warn again


def test_an_svg_image_that_can_no_longer_be_checked_is_withdrawn(tmp_path: Path) -> None:
    src = Path(shutil.copytree(DRAWINGS, tmp_path / "src"))
    build(src, tmp_path / "incremental")
    (src / "drawio" / "drawio.svg").write_text("<svg><unfinished")
    (src / "broken" / "broken.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'
    )
    incremental, warnings = build(src, tmp_path / "incremental")
    assert "drawio/index.md:8: WARNING: SVG image drawio/drawio.svg is not well-formed XML" in [
        w.split(" (")[0] for w in warnings
    ]
    assert not any(w.startswith("broken/") for w in warnings)  # broken.svg is whole now
    assert sorted(served(incremental)) == ["broken.svg", "cover.svg", "flame.svg"]
    clean, said = build(src, tmp_path / "clean", fresh=True)
    assert_same_tree(incremental, clean)
    assert sorted(warnings) == sorted(said)


def unscript(path: Path) -> None:
    """The profile without its script and handler: an inert drawing."""
    edit(path, "<script>", "<desc>")
    edit(path, "</script>", "</desc>")
    edit(path, " onload=\"document.title = 'ran'\"", "")


def downloads(outdir: Path) -> list[str]:
    return sorted(p.name for p in (outdir / "_downloads").rglob("*.svg"))


def test_an_svg_download_given_a_script_is_withdrawn(tmp_path: Path) -> None:
    src = Path(shutil.copytree(DOWNLOADS, tmp_path / "src"))
    first, _ = build(src, tmp_path / "incremental")
    assert downloads(first) == ["plan.svg"]
    edit(src / "plan.svg", "</svg>", '<script>alert("ran")</script></svg>')
    incremental, warnings = build(src, tmp_path / "incremental")
    assert warnings == [
        PROFILE,
        "files.md:8: WARNING: file 'plan.svg' is an SVG holding what would run on the site's "
        "own address (<script>); it is left out [chapbook.trust]",
    ]
    assert downloads(incremental) == []  # the copy offered before is gone from the site
    clean, _ = build(src, tmp_path / "clean", fresh=True)
    assert_same_tree(incremental, clean)


def test_an_svg_download_that_lost_its_script_is_offered(tmp_path: Path) -> None:
    """The post depends on a refused file too: an edit of it alone brings the post back."""
    src = Path(shutil.copytree(DOWNLOADS, tmp_path / "src"))
    build(src, tmp_path / "incremental")
    unscript(src / "profile.svg")
    incremental, warnings = build(src, tmp_path / "incremental")
    assert warnings == []
    assert downloads(incremental) == ["plan.svg", "profile.svg"]
    clean, _ = build(src, tmp_path / "clean", fresh=True)
    assert_same_tree(incremental, clean)

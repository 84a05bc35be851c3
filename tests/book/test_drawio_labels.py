"""draw.io labels in the book: every label drawn where the site shows it, on top of its shape.

``test-drawiolabels/team/team.svg`` is a draw.io-style export: a swimlane
container holding two shapes in a translated group, three HTML labels (one
with draw.io's fallback ``<text>``, two without), one of them with a
``light-dark()`` colour.  ``steps.svg`` holds the label
``<div>Step one</div>then two &amp; done``.  The places expected are where
Chromium draws the HTML labels (measured from a screenshot of the site's
``<img>``): the label's flex box from ``margin-left``/``padding-top``, its
width and height, its ``justify-content`` and ``align-items``.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path
from typing import NamedTuple

import pytest
from lxml import etree

from tests.helpers import ROOTS, epubcheck, require, warnings_of

POST = ROOTS / "test-drawiolabels" / "team"
SVG = "{http://www.w3.org/2000/svg}"


class Label(NamedTuple):
    text: str
    x: float
    y: float  # the first line's baseline
    anchor: str
    cell: str  # the draw.io cell (its shape comes first in it)
    #: Where Chromium draws the label's glyphs on the site, in the drawing's units.
    box: tuple[float, float, float, float]


TEAM = (
    Label("Point\xa0person", 200, 30.4, "middle", "team", (156, 17, 244, 31)),
    Label("Asks\xa0the team", 75, 39.7, "middle", "asker", (66, 87, 144, 100)),
    Label("Owns the answer", 196, 17.4, "start", "owner", (226, 66, 325, 79)),
)
#: The end of the second line of the bottom-aligned label in steps.svg ("& done"), where
#: the site draws it: just above the next shape, right of where the first line ends.
THEN = (75, 56, 111, 66)


def sanitised(name: str) -> bytes:
    from chapbook.book.svg import sanitise

    result = sanitise((POST / name).read_bytes())
    assert result.problems == ()
    return result.data


def texts(data: bytes) -> dict[str, etree._Element]:
    root = etree.fromstring(data)
    return {"".join(t.itertext()): t for t in root.iter(f"{SVG}text")}


# -- the sanitised drawing (the ePub packs it, CairoSVG converts it for the PDF) ----------


def test_each_label_is_text_placed_from_its_box_after_its_shape() -> None:
    data = sanitised("team.svg")
    assert b"foreignObject" not in data
    found = texts(data)
    for label in TEAM:
        text = found[label.text]
        assert float(text.get("x")) == pytest.approx(label.x, abs=0.05), label
        assert float(text.get("y")) == pytest.approx(label.y, abs=0.05), label
        assert text.get("text-anchor", "start") == label.anchor, label
        cell = next(g for g in text.iterancestors() if g.get("data-cell-id"))
        assert cell.get("data-cell-id") == label.cell
        shapes = [e for e in cell.iter(f"{SVG}rect", f"{SVG}path") if e.get("fill") != "none"]
        drawn = list(cell.iter())
        assert drawn.index(text) > drawn.index(shapes[0])  # painted on top of its shape
    # The shapes' own group is kept around their labels: its translation moves both.
    asker = found["Asks\xa0the team"]
    assert "translate(30 60)" in [g.get("transform") for g in asker.iterancestors()]
    assert found["Asks\xa0the team"].get("fill") == "#000000"  # light-dark(): the light one
    assert found["Point\xa0person"].get("font-weight") == "bold"
    owns = found["Owns the answer"]
    assert etree.tostring(owns, encoding="unicode", with_tail=False).endswith(
        '><tspan font-weight="bold">Owns</tspan> the answer</text>'
    )


MIXED = (
    '<svg xmlns="http://www.w3.org/2000/svg"><g><switch><foreignObject width="100%" '
    'height="100%"><div xmlns="http://www.w3.org/1999/xhtml" style="display: flex; '
    "justify-content: {side}; align-items: center; width: 180px; height: 1px; padding-top: 40px; "
    'margin-left: 10px;"><div style="font-size: 0px; color: #333"><div style="display: '
    'inline-block; font-size: 10px;"><b>Heading</b><br/>one <i>two</i><br/>'
    '<font color="#f00">red</font> and <span style="color: light-dark(blue, white)">blue</span>'
    "</div></div></div></foreignObject></switch></g></svg>"
)


def test_inline_styles_are_kept_where_cairosvg_places_them() -> None:
    from chapbook.book.svg import sanitise

    def lines(side: str) -> list[str]:
        data = sanitise(MIXED.format(side=side).encode()).data
        text = next(etree.fromstring(data).iter(f"{SVG}text"))
        assert text.get("fill") == "#333"
        return [etree.tostring(span, encoding="unicode", with_tail=False).split(">", 1)[1]
                for span in text.iterchildren()]  # fmt: skip

    # A line in one style keeps it; words styled within a left-aligned line keep theirs.
    assert lines("flex-start") == [
        "Heading</tspan>", "one <tspan font-style=\"italic\">two</tspan></tspan>",
        '<tspan fill="#f00">red</tspan> and <tspan fill="blue">blue</tspan></tspan>',
    ]  # fmt: skip
    # Centred, CairoSVG would centre each styled word on its own: the line keeps its words.
    assert lines("center") == ["Heading</tspan>", "one two</tspan>", "red and blue</tspan>"]


def test_a_block_then_text_are_two_lines_up_from_the_bottom_of_the_box() -> None:
    text = texts(sanitised("steps.svg"))["Step onethen two & done"]
    # Bottom-aligned at 68: two 14.4px lines from 39.2, the first baseline 11.4 below.
    assert (text.get("x"), text.get("y"), text.get("text-anchor")) == ("17", "50.6", None)
    spans = [(s.get("x"), s.get("dy"), s.text) for s in text.iter(f"{SVG}tspan")]
    assert spans == [("17", None, "Step one"), ("17", "14.4", "then two & done")]


def dark_pixels(png: bytes, box: tuple[float, float, float, float], scale: float) -> int:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    left, top, right, bottom = (round(v * scale) for v in box)
    return sum(image.crop((left, top, right, bottom)).histogram()[:100])


def test_cairosvg_draws_each_label_inside_its_box() -> None:
    import cairosvg

    png = cairosvg.svg2png(bytestring=sanitised("team.svg"), scale=2, background_color="white")
    for label in TEAM:
        # Glyphs, not a stray stroke: a 12px word at scale 2 darkens hundreds of pixels.
        assert dark_pixels(png, label.box, 2) > 150, label
    # Not pushed down under the next shape, which is painted after it.
    png = cairosvg.svg2png(bytestring=sanitised("steps.svg"), scale=2, background_color="white")
    assert dark_pixels(png, THEN, 2) > 150


def test_light_dark_colours_are_read_as_light_so_cairosvg_can_draw_them() -> None:
    import cairosvg

    from chapbook.book.svg import sanitise

    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
        b'<rect width="20" height="10" fill="#dae8fc" '
        b'style="fill: light-dark(#dae8fc, #1d293b); stroke: light-dark(rgb(0, 0, 0), #fff)"/>'
        b"</svg>"
    )
    data = sanitise(svg).data
    assert b'style="fill: #dae8fc; stroke: rgb(0, 0, 0)"' in data
    cairosvg.svg2png(bytestring=data)  # before: ValueError, and the drawing left the PDF


def test_label_text_is_read_as_html_lays_it_out() -> None:
    from chapbook.book.svglabels import label_lines

    html = (
        '<foreignObject xmlns="http://www.w3.org/2000/svg"><div xmlns="http://www.w3.org/1999/xhtml">'
        "<div>\n  A\xa0\xa0b  <b>c</b><i>d</i></div>e<br/>f<p>g &lt;h&gt;</p>  <span> i </span>"
        "</div></foreignObject>"
    )
    assert label_lines(etree.fromstring(html)) == ["A\xa0\xa0b cd", "e", "f", "g <h>", "i"]


@pytest.mark.parametrize(
    ("style", "anchor", "x", "y"),
    [
        ("justify-content: unsafe flex-end; align-items: unsafe flex-end", "end", 110, 12.6),
        ("justify-content: unsafe center; align-items: unsafe center", "middle", 60, 22),
        ("justify-content: flex-start; align-items: flex-start", None, 10, 31.4),
    ],
)
def test_flex_alignment_picks_the_side_of_the_box(
    style: str, anchor: str | None, x: float, y: float
) -> None:
    from chapbook.book.svg import sanitise

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"><g><switch><foreignObject width="100%" '
        'height="100%"><div xmlns="http://www.w3.org/1999/xhtml" style="display: flex; '
        f'{style}; width: 100px; height: 10px; padding-top: 20px; margin-left: 10px;">'
        "<div>One</div><div>Two</div></div></foreignObject></switch></g></svg>"
    )
    text = next(etree.fromstring(sanitise(svg.encode()).data).iter(f"{SVG}text"))
    assert text.get("text-anchor") == anchor
    # Two 14.4px lines (12px type): from the top, about the middle, or up from the bottom
    # of the box 20..30; the first baseline 11.4px below the top of its line.
    assert (float(text.get("x")), float(text.get("y"))) == pytest.approx((x, y), abs=0.05)


# -- the books ---------------------------------------------------------------------------


def words_on_pages(pdf: Path) -> list[tuple[int, str, tuple[float, float, float, float]]]:
    """Each word of the PDF: its page (from 1), its text and its box in points."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = []
    for number, page in enumerate(re.findall(r"<page .*?</page>", html, re.DOTALL), start=1):
        for match in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<',
            page,
        ):
            box = tuple(float(v) for v in match.groups()[:4])
            words.append((number, match.group(5), box))
    return words


def page_png(pdf: Path, number: int, dpi: int) -> bytes:
    return subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", str(number), "-l", str(number), "-png", str(pdf)],
        capture_output=True,
        check=True,
    ).stdout


@pytest.mark.sphinx("latex", testroot="drawiolabels", freshenv=True)
def test_the_pdf_shows_every_label_on_top_of_its_shape(app) -> None:
    require("xelatex", "latexmk", "pdftotext", "pdftoppm")
    app.build()
    outdir = Path(app.outdir)
    result = subprocess.run(
        ["make", "-C", str(outdir), "all-pdf"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]
    pdf = outdir / "labels-book.pdf"
    words = words_on_pages(pdf)
    found = {text: (number, box) for number, text, box in words}
    for word in ("Point", "Asks", "Owns", "Step", "then", "done", "Next"):
        number, (left, top, right, bottom) = found[word]
        # Visible: the word's box on the printed page is dark with its glyphs (each has an
        # ascender) in its upper and its lower half, not half covered by a later shape.
        png = page_png(pdf, number, 144)
        middle = (top + bottom) / 2
        for half in ((left, top, right, middle), (left, middle, right, bottom)):
            assert dark_pixels(png, half, 2) > 10, word
    # "Step one" and "then two" are two lines, not "Step onethen two".
    step, then = found["Step"][1], found["then"][1]
    assert then[1] - step[1] > 0.8 * (step[3] - step[1])
    assert abs(then[0] - step[0]) < 1  # both from the left of the box
    assert warnings_of(app) == []


@pytest.mark.sphinx("epub", testroot="drawiolabels", freshenv=True)
def test_the_epub_packs_the_labels_as_text(app) -> None:
    app.build()
    path = Path(app.outdir) / "labels-book.epub"
    result = epubcheck(path)
    assert result.returncode == 0, result.stdout + result.stderr
    with zipfile.ZipFile(path) as archive:
        team = archive.read("_images/team.svg")
    assert b"foreignObject" not in team
    assert set(texts(team)) == {label.text for label in TEAM}
    assert warnings_of(app) == []

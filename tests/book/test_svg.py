"""SVGs exported by plotting and diagram tools: valid in the ePub, their labels kept in the PDF."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOTS, epubcheck, require, warnings_of

LABELS = ("Gammalabel", "Deltalabel", "Epsilonlabel & more")
PLOT_WORDS = ("Alphaplot", "Betaplot", "Deltaplot", "Kappaplot")
NOTICE = "Text is not SVG"
INVALID_ANCHOR = re.compile(
    r"text-anchor\s*+(?:=\s*+[\"']|:)\s*+(?!(?:start|middle|end|inherit)\b)"
)


def packed_svgs(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.startswith("_images/") and n.endswith(".svg")]
        return {name: archive.read(name).decode() for name in names}


# -- the ePub --------------------------------------------------------------------------


@pytest.mark.sphinx("epub", testroot="svgbook", freshenv=True)
def test_exported_svgs_pass_epubcheck_with_their_labels(app) -> None:
    app.build()
    path = Path(app.outdir) / "svg-book.epub"
    result = epubcheck(path)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert not re.search(r"\b(FATAL|ERROR|WARNING)\(", report), report
    svgs = packed_svgs(path)
    assert sorted(svgs) == ["_images/flow.svg", "_images/plot.svg"]
    for text in svgs.values():
        assert "content=" not in text
        assert "foreignObject" not in text
        assert NOTICE not in text
        assert not INVALID_ANCHOR.search(text), text
    for word in PLOT_WORDS:
        assert f">{word}<" in svgs["_images/plot.svg"]
    for label in LABELS:
        assert f">{label.replace('&', '&amp;')}<" in svgs["_images/flow.svg"]
    assert 'text-anchor="end"' in svgs["_images/plot.svg"]  # a valid value stays
    assert warnings_of(app) == []


# -- the PDF ---------------------------------------------------------------------------


@pytest.mark.sphinx("latex", testroot="svgbook", freshenv=True)
def test_pdf_shows_the_diagram_labels_not_the_fallback(app) -> None:
    require("xelatex", "latexmk", "pdftotext")
    app.build()
    outdir = Path(app.outdir)
    assert r"\sphinxincludegraphics{{flow}.pdf}" in (outdir / "svg-book.tex").read_text()
    result = subprocess.run(
        ["make", "-C", str(outdir), "all-pdf"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]
    text = subprocess.run(
        ["pdftotext", str(outdir / "svg-book.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for word in (*LABELS, *PLOT_WORDS):
        assert word in text, word
    assert NOTICE not in text
    assert warnings_of(app) == []


# -- files the sanitiser cannot fix: kept, and named in a warning -----------------------

BROKEN = b'<svg xmlns="http://www.w3.org/2000/svg"><text>Unclosed</svg>'
UNPLACEABLE = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">'
    b'<switch><foreignObject width="100%" height="100%">'
    b'<div xmlns="http://www.w3.org/1999/xhtml">Lostlabel</div></foreignObject></switch></svg>'
)
POST = """---
title: Odd drawings
date: 2024-05-01
---

![A broken drawing](broken.svg)

![A drawing with a stray label](stray.svg)
"""


def test_svgs_that_cannot_be_fixed_are_reported(make_app, tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(ROOTS / "test-svgbook", source)
    (source / "odd").mkdir()
    (source / "odd" / "index.md").write_text(POST, encoding="utf-8")
    (source / "odd" / "broken.svg").write_bytes(BROKEN)
    (source / "odd" / "stray.svg").write_bytes(UNPLACEABLE)
    flow = (source / "diagrams" / "flow.svg").read_bytes()
    app = make_app("epub", srcdir=source, freshenv=True)
    app.build()
    warnings = warnings_of(app)
    assert len(warnings) == 2, warnings
    assert warnings[0].startswith(
        "odd/index.md:6: WARNING: SVG image odd/broken.svg is not well-formed XML ("
    )
    assert warnings[0].endswith("); it is left out of the book [chapbook.book]")
    assert warnings[1] == (
        "odd/index.md:8: WARNING: SVG image odd/stray.svg: the label 'Lostlabel' cannot be "
        "placed as SVG text; its fallback is kept [chapbook.book]"
    )
    # The sources are never written to; the copies are in the doctree folder.
    assert (source / "diagrams" / "flow.svg").read_bytes() == flow
    assert (source / "odd" / "broken.svg").read_bytes() == BROKEN
    copies = sorted(p.name for p in (Path(app.doctreedir) / "chapbook-svg").rglob("*.svg"))
    assert copies == ["flow.svg", "plot.svg", "stray.svg"]


@pytest.mark.parametrize("builder", ["epub", "latex"])
def test_an_svg_image_with_a_class_or_a_cover_that_cannot_be_checked_is_left_out(
    make_app, tmp_path: Path, builder: str
) -> None:
    """docutils refuses to put nothing in the place of an image with a class or an id."""
    from tests.site.test_served import torn_warnings

    shutil.copytree(ROOTS / "test-svgleftout", tmp_path / "src")
    app = make_app(builder, srcdir=tmp_path / "src", freshenv=True)
    app.build()
    torn_warnings(app, " of the book", "book")
    outdir = Path(app.outdir)
    if builder == "latex":
        tex = next(outdir.glob("*.tex")).read_text(encoding="utf-8")
        assert "includegraphics" not in tex and "torn.pdf" not in tex
        assert "The words after the drawings." in tex and "The words under the cover." in tex
        assert "Nothing here is torn." in tex
        return
    with zipfile.ZipFile(next(outdir.glob("*.epub"))) as archive:
        names = archive.namelist()
        body = archive.read("body.xhtml").decode()
        cover = archive.read("cover.xhtml").decode()
    assert not [n for n in names if n.endswith("torn.svg")]
    assert "<img" not in body and "The words after the drawings." in body
    assert 'id="torn-plan"' in body  # a link to the image still lands
    assert "<img" not in cover and "chapbook-cover" not in cover
    assert "The words under the cover." in cover
    assert "whole.xhtml" in names


# -- the sanitiser, on strings -----------------------------------------------------------


def clean(svg: str) -> str:
    from chapbook.book.svg import sanitise

    result = sanitise(svg.encode())
    assert result.problems == ()
    return result.data.decode()


def body(svg: str) -> str:
    """The output without its XML declaration and root start tag."""
    return re.sub(r"^<\?xml[^>]*>\s*<svg[^>]*>", "", svg).removesuffix("</svg>")


def wrap(inner: str, root: str = "") -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg"{root}>{inner}</svg>'


def test_invalid_text_anchors_are_removed_valid_ones_kept() -> None:
    svg = wrap(
        '<text text-anchor="">A</text><text text-anchor="left">B</text>'
        '<text text-anchor="middle">C</text>'
        '<text style="font-size: 9px; text-anchor: centre; fill: red">D</text>'
        '<text style="text-anchor:end">E</text><text style="text-anchor: x;">F</text>'
    )
    assert body(clean(svg)) == (
        '<text>A</text><text>B</text><text text-anchor="middle">C</text>'
        '<text style="font-size: 9px; fill: red">D</text>'
        '<text style="text-anchor:end">E</text><text>F</text>'
    )


def test_content_attributes_and_the_doctype_are_removed() -> None:
    svg = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        + wrap('<g content="x"><rect width="1" height="1"/></g>', ' content="&lt;mxfile/&gt;"')
    )
    out = clean(svg)
    assert "DOCTYPE" not in out and "content=" not in out
    assert out.endswith(
        '<svg xmlns="http://www.w3.org/2000/svg"><g><rect width="1" height="1"/></g></svg>'
    )


def test_entities_are_never_read_from_outside() -> None:
    from chapbook.book.svg import SVGError, sanitise

    internal = (
        '<!DOCTYPE svg [<!ENTITY ns "http://www.w3.org/2000/svg"><!ENTITY w "Word">]>'
        '<svg xmlns="&ns;" id="a&w;"><text>&w; here</text></svg>'
    )
    assert body(clean(internal)) == "<text>Word here</text>"
    assert 'id="aWord"' in clean(internal)
    external = '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/hostname">]>' + wrap(
        "<text>&x;</text>"
    )
    with pytest.raises(SVGError, match="uses the entity &x;"):
        sanitise(external.encode())


def drawio_label(html: str, fallback: str = "") -> str:
    return (
        '<g><switch><foreignObject pointer-events="none" width="100%" height="100%" '
        'requiredFeatures="http://www.w3.org/TR/SVG11/feature#Extensibility">'
        f'<div xmlns="http://www.w3.org/1999/xhtml">{html}</div></foreignObject>{fallback}'
        "</switch></g>"
    )


FALLBACK = (
    '<text x="60" y="34" fill="#000" font-family="Helvetica" font-size="12px" '
    'text-anchor="middle" font-weight="bold">Text is not SVG - cannot display</text>'
)


def test_a_switched_label_becomes_text_where_its_fallback_was() -> None:
    svg = wrap(drawio_label("<div><div>  Gamma\n  label </div></div>", FALLBACK))
    assert body(clean(svg)) == (
        '<g><text x="60" y="34" font-size="12px" font-family="Helvetica" fill="#000" '
        'font-weight="bold" text-anchor="middle">Gamma label</text></g>'
    )


def test_label_lines_become_tspans() -> None:
    for html in ("One<br/>Two &amp; three", "<div>One</div><div>Two &amp; three</div>"):
        out = body(clean(wrap(drawio_label(html, FALLBACK))))
        assert out.endswith(
            '<tspan x="60" dy="-0.6em">One</tspan>'
            '<tspan x="60" dy="1.2em">Two &amp; three</tspan></text></g>'
        )


def test_a_label_without_fallback_is_centred_on_its_box() -> None:
    label = (
        '<foreignObject x="10" y="20" width="100" height="40">'
        '<p xmlns="http://www.w3.org/1999/xhtml" style="font-size: 14px; color: #333">'
        "Boxed</p></foreignObject>"
    )
    expected = (
        '<text x="60" y="44.9" font-size="14px" fill="#333" text-anchor="middle">Boxed</text>'
    )
    assert body(clean(wrap(f"<switch>{label}</switch>"))) == expected
    assert body(clean(wrap(f"<g>{label}</g>"))) == f"<g>{expected}</g>"


def test_the_text_is_not_svg_notice_goes_with_the_last_label() -> None:
    notice = (
        '<switch><g requiredFeatures="http://www.w3.org/TR/SVG11/feature#Extensibility"/>'
        '<a transform="translate(0,-5)"><text x="50%" y="100%">Text is not SVG - cannot display'
        "</text></a></switch>"
    )
    assert NOTICE not in clean(wrap(drawio_label("Label", FALLBACK) + notice))


def test_a_label_that_cannot_be_placed_keeps_its_fallback() -> None:
    from chapbook.book.svg import sanitise

    notice = (
        '<switch><g requiredFeatures="http://www.w3.org/TR/SVG11/feature#Extensibility"/>'
        "<text>Text is not SVG - cannot display</text></switch>"
    )
    svg = wrap(drawio_label("Lost<br/>label") + notice)
    result = sanitise(svg.encode())
    assert result.problems == (
        "the label 'Lost / label' cannot be placed as SVG text; its fallback is kept",
    )
    out = result.data.decode()
    assert "foreignObject" in out and ">Lost<" in out and NOTICE in out


def test_html_that_is_not_text_is_reported() -> None:
    from chapbook.book.svg import sanitise

    svg = wrap(drawio_label('Logo <img src="logo.png"/>', FALLBACK))
    result = sanitise(svg.encode())
    assert result.problems == ("the label 'Logo' holds <img>: only its text is kept",)
    assert ">Logo</text>" in result.data.decode()


def test_sanitising_twice_changes_nothing() -> None:
    flow = (ROOTS / "test-svgbook" / "diagrams" / "flow.svg").read_text(encoding="utf-8")
    once = clean(flow)
    assert clean(once) == once


def test_a_file_that_is_not_xml_is_refused() -> None:
    from chapbook.book.svg import SVGError, sanitise

    with pytest.raises(SVGError, match="is not well-formed XML"):
        sanitise(b"<svg><g></svg>")


def test_a_copy_is_written_only_when_missing_or_changed(tmp_path: Path) -> None:
    from chapbook.book.svg import _write_if_changed

    path = tmp_path / "cache" / "digest" / "flow.svg"
    _write_if_changed(path, b"<svg/>")
    os.utime(path, ns=(0, 0))
    _write_if_changed(path, b"<svg/>")
    assert path.stat().st_mtime_ns == 0
    _write_if_changed(path, b"<svg></svg>")
    assert path.read_bytes() == b"<svg></svg>"


# -- scripted drawings: inert in the ePub ------------------------------------------------


@pytest.mark.sphinx("epub", testroot="servedsvg", freshenv=True)
def test_scripted_svgs_are_inert_in_the_epub(app) -> None:
    app.build()
    path = next(Path(app.outdir).glob("*.epub"))
    warnings = warnings_of(app)
    assert warnings[1:] == [
        "covered.md:4: WARNING: SVG image cover.svg: what could run was removed: <script> "
        "[chapbook.trust]",
        "flame/index.md:8: WARNING: SVG image flame/flame.svg: what could run was removed: "
        "onload=, <script>, onclick=, onmouseover=, onmouseout= [chapbook.trust]",
    ]
    assert warnings[0].startswith(
        "broken/index.md:8: WARNING: SVG image broken/broken.svg is not well-formed XML ("
    )
    svgs = packed_svgs(path)
    assert sorted(svgs) == ["_images/cover.svg", "_images/drawio.svg", "_images/flame.svg"]
    for name, text in svgs.items():
        assert "<script" not in text and not re.search(r"\son\w+=", text), name
    result = epubcheck(path)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "OPF-014" not in report

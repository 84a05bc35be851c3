"""The SVG cleaner (``trust.svg``), on strings: exactly what each payload becomes.

Every payload here runs (or loads) in a browser that opens the file as
written; the expected output is what the site serves and the ePub packs.
Drawings from real tools (a flame graph, a draw.io export, a plot, an icon)
keep every element and attribute that draws.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from lxml import etree

from chapbook.trust.svg import SVGError, make_inert
from tests.helpers import ROOTS

if TYPE_CHECKING:
    from pathlib import Path

NS = 'xmlns="http://www.w3.org/2000/svg"'
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'
XHTML = 'xmlns="http://www.w3.org/1999/xhtml"'
DRAWINGS = ROOTS / "test-servedsvg"


def wrap(inner: str, root: str = "") -> bytes:
    return f"<svg {NS} {XLINK}{root}>{inner}</svg>".encode()


def body(data: bytes) -> str:
    """The cleaned file without its XML declaration and root start tag."""
    text = data.decode()
    return re.sub(r"^<\?xml[^>]*>\s*<svg[^>]*>", "", text).removesuffix("</svg>")


def cleaned(inner: str, root: str = "") -> tuple[str, tuple[str, ...]]:
    result = make_inert(wrap(inner, root))
    return body(result.data), result.removed


# -- what runs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "expected", "removed"),
    [
        ("<script>pwn()</script><rect/>", "<rect/>", ("<script>",)),
        ('<script xlink:href="https://x.example/pwn.js"/>', "", ("<script>",)),
        ('<rect onclick="pwn()" onmouseover="pwn()"/>', "<rect/>", ("onclick=", "onmouseover=")),
        ('<a href="javascript:pwn()"><rect/></a>', "<a><rect/></a>",
         ("a javascript: address in href=",)),
        ('<a xlink:href=" JAVASCRIPT:pwn()"><rect/></a>', "<a><rect/></a>",
         ("a javascript: address in xlink:href=",)),
        # A tab written as a character reference is dropped by the browser's URL parser.
        ('<a href="java&#9;script:pwn()">x</a>', "<a>x</a>", ("a javascript: address in href=",)),
        ('<use xlink:href="javascript:pwn()"/>', "<use/>", ("a javascript: address in xlink:href=",)),
        ('<use href="data:image/svg+xml,&lt;svg onload=pwn()&gt;#x"/>', "<use/>",
         ("a data: address in href=",)),
        ('<image href="javascript:pwn()"/>', "<image/>", ("a javascript: address in href=",)),
        ('<image href="data:image/svg+xml;base64,PHN2Zz4="/>', "<image/>",
         ("a data: address in href=",)),
        ('<a><set attributeName="href" to="javascript:pwn()"/>x</a>', "<a>x</a>",
         ("an animation of href=",)),
        ('<a><animate attributeName="xlink:href" values="#a;javascript:pwn()"/>x</a>', "<a>x</a>",
         ("an animation of xlink:href=",)),
        ('<rect><set attributeName="onclick" to="pwn()"/></rect>', "<rect/>",
         ("an animation of onclick=",)),
        ('<rect xml:base="javascript:/"/>', "<rect/>", ("xml:base=",)),
        ('<handler type="text/ecmascript">pwn()</handler>', "", ("<handler>",)),
        ('<foo:bar xmlns:foo="urn:x"/>', "", ("<foo:bar>",)),
        ('<rect xmlns:foo="urn:x" foo:onclick="pwn()"/>', '<rect xmlns:foo="urn:x"/>',
         ("onclick=",)),
        ('<div xmlns="http://www.w3.org/1999/xhtml"><script>pwn()</script></div>', "",
         ("<div>",)),
        ("<?xml-stylesheet href='pwn.xsl'?><rect/>", "<rect/>", ("<?xml-stylesheet?>",)),
    ],
)  # fmt: skip
def test_what_runs_is_removed_and_named(payload: str, expected: str, removed: tuple) -> None:
    assert cleaned(payload) == (expected, removed)


def test_handlers_on_the_root_go() -> None:
    result = make_inert(wrap("<rect/>", ' onload="pwn()" width="9"'))
    assert result.data.decode().endswith(f'<svg {NS} {XLINK} width="9"><rect/></svg>')
    assert result.removed == ("onload=",)


def test_a_stylesheet_instruction_before_the_root_goes() -> None:
    data = b'<?xml-stylesheet type="text/xsl" href="pwn.xsl"?>' + wrap("<rect/>")
    result = make_inert(data)
    assert b"xml-stylesheet" not in result.data
    assert result.removed == ("<?xml-stylesheet?>",)


@pytest.mark.parametrize(
    ("inner", "removed"),
    [
        ("<iframe src=\"javascript:pwn()\">x</iframe>", ("<iframe>",)),
        ("<script>pwn()</script>", ("<script>",)),
        ('<object data="pwn.swf"/>', ("<object>",)),
        ('<embed src="pwn.swf"/>', ("<embed>",)),
        ('<form action="javascript:pwn()"><button>go</button></form>', ("<form>",)),
        ('<img src="x" onerror="pwn()"/>', ("onerror=",)),
        ('<a href="javascript:pwn()">go</a>', ("a javascript: address in href=",)),
        ('<span style="background: url(javascript:pwn())">x</span>',
         ("a javascript: address in style=",)),
        ('<iframe srcdoc="&lt;script&gt;pwn()&lt;/script&gt;"/>', ("<iframe>",)),
        ('<svg xmlns="http://www.w3.org/2000/svg" onload="pwn()"/>', ("onload=",)),
    ],
)  # fmt: skip
def test_active_html_in_a_label_goes(inner: str, removed: tuple) -> None:
    html = f"<div {XHTML}>Label {inner}after</div>"
    out, found = cleaned(f"<foreignObject>{html}</foreignObject>")
    assert found == removed
    assert "pwn" not in out
    assert "Label" in out and "after</div>" in out


def test_the_html_of_a_label_is_kept() -> None:
    label = (
        f'<div {XHTML} style="display: flex; width: 98px"><div data-drawio-colors="x" '
        'style="font-size: 0px"><b>Start</b><br/><i>in</i> <font color="#369" face="Helvetica">'
        'blue</font> <span style="font-style: italic">here</span><ul><li>one</li></ul>'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot" width="4"/></div></div>'
    )
    inner = f'<switch><foreignObject width="100%" height="100%">{label}</foreignObject></switch>'
    assert cleaned(inner) == (inner, ())


# -- CSS ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inner", "expected", "removed"),
    [
        ('<style>rect { fill: url(#g) }</style>', '<style>rect { fill: url(#g) }</style>', ()),
        ('<style>@import "https://fonts.example/x.css";</style>',
         '<style>@import "https://fonts.example/x.css";</style>', ()),
        ("<style>a { background: url('javascript:pwn()') }</style>", "",
         ("a javascript: address in <style>",)),
        # CSS escapes spell the scheme as the browser reads it.
        (r"<style>a { background: url(java\73 cript:pwn()) }</style>", "",
         ("a javascript: address in <style>",)),
        ('<style>@import "data:text/css,a{}";</style>', "", ("a data: address in <style>",)),
        ('<rect style="fill: url(&quot;vbscript:pwn&quot;)"/>', "<rect/>",
         ("a vbscript: address in style=",)),
        ('<rect style="fill: url(data:image/png;base64,iVBORw0KGgo=)"/>',
         '<rect style="fill: url(data:image/png;base64,iVBORw0KGgo=)"/>', ()),
    ],
)  # fmt: skip
def test_css_keeps_only_addresses_posts_may_use(inner: str, expected: str, removed: tuple) -> None:
    assert cleaned(inner) == (expected, removed)


# -- what stays ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "inner",
    [
        '<a href="https://example.org/" target="_blank"><rect/></a>',
        '<a href="../other/"><rect/></a>',
        '<a href="mailto:me@example.org"><rect/></a>',
        '<defs><symbol id="i"><path d="M0 0h4v4z"/></symbol></defs><use href="#i" x="2"/>',
        '<use xlink:href="#i"/>',
        '<image href="data:image/png;base64,iVBORw0KGgo=" width="4" height="4"/>',
        '<image xlink:href="photo.jpg" width="4" height="4"/>',
        '<rect width="4" height="4"><animateTransform attributeName="transform" type="rotate" '
        'from="0 2 2" to="360 2 2" dur="1s" repeatCount="indefinite"/></rect>',
        '<rect><set attributeName="fill" to="red" begin="click"/></rect>',
        '<text x="1" y="2" text-anchor="middle" data-value="3" aria-label="three">3</text>',
        "<!-- a comment --><rect/>",
        '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>T</dc:title></rdf:RDF></metadata>',
        '<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" '
        'pagecolor="#fff"/>',
        '<g xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
        'inkscape:label="Layer 1" inkscape:groupmode="layer"><rect/></g>',
    ],
)  # fmt: skip
def test_drawings_keep_what_draws(inner: str) -> None:
    assert cleaned(inner) == (inner, ())


def canonical(data: bytes) -> bytes:
    """The drawing as XML sees it: entities written out, attributes in order, no DOCTYPE."""
    parser = etree.XMLParser(resolve_entities=True, no_network=True, load_dtd=False)
    root = etree.fromstring(etree.tostring(etree.fromstring(data, parser)))
    return etree.tostring(root, method="c14n")


@pytest.mark.parametrize(
    "path",
    [
        DRAWINGS / "drawio" / "drawio.svg",
        ROOTS / "test-svgbook" / "plots" / "plot.svg",
        ROOTS / "test-svgbook" / "diagrams" / "flow.svg",
        ROOTS / "test-covers" / "pics" / "wave.svg",
    ],
    ids=["draw.io", "plot", "draw.io-book", "icon"],
)
def test_real_drawings_come_out_unchanged(path: Path) -> None:
    data = path.read_bytes()
    result = make_inert(data)
    assert result.removed == ()
    assert canonical(result.data) == canonical(data)


def test_a_flame_graph_keeps_its_drawing_without_its_script() -> None:
    data = (DRAWINGS / "flame" / "flame.svg").read_bytes()
    result = make_inert(data)
    assert result.removed == ("onload=", "<script>", "onclick=", "onmouseover=", "onmouseout=")
    before = etree.fromstring(data)
    after = etree.fromstring(result.data)
    for tag in ("rect", "text", "title", "g", "stop", "style", "linearGradient"):
        name = f"{{http://www.w3.org/2000/svg}}{tag}"
        assert len(after.findall(f".//{name}")) == len(before.findall(f".//{name}")), tag
    assert after.findall(".//{http://www.w3.org/2000/svg}script") == []
    assert not [a for e in after.iter() for a in e.attrib if a.startswith("on")]
    texts = [t.text for t in after.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == ["Flame Graph", " ", "Search", "all", "main", "parse_posts"]


def test_cleaning_twice_changes_nothing() -> None:
    once = make_inert((DRAWINGS / "flame" / "flame.svg").read_bytes())
    twice = make_inert(once.data)
    assert (twice.data, twice.removed) == (once.data, ())


# -- what cannot be checked --------------------------------------------------------------


def test_entities_are_written_out_and_never_read_from_outside(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SENTINEL-SVG")
    internal = f'<!DOCTYPE svg [<!ENTITY w "Word">]><svg {NS} id="a&w;"><text>&w; here</text></svg>'
    result = make_inert(internal.encode())
    assert result.data.decode().endswith(f'<svg {NS} id="aWord"><text>Word here</text></svg>')
    external = (
        f'<!DOCTYPE svg [<!ENTITY x SYSTEM "{secret.as_uri()}">]><svg {NS}><text>&x;</text></svg>'
    )
    with pytest.raises(SVGError, match="uses the entity &x; which cannot be kept"):
        make_inert(external.encode())
    parameter = f'<!DOCTYPE svg [<!ENTITY % p SYSTEM "{secret.as_uri()}"> %p;]><svg {NS}><text>t</text></svg>'
    assert b"SENTINEL" not in make_inert(parameter.encode()).data
    laughs = (
        '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f"<svg {NS}><text>&b;</text></svg>"
    )
    with pytest.raises(SVGError, match="uses the entity &b; which cannot be kept"):
        make_inert(laughs.encode())


@pytest.mark.parametrize(
    ("doctype", "removed"),
    [
        ('<!ATTLIST svg onload CDATA "pwn()">', ("onload=",)),
        ('<!ATTLIST a href CDATA "javascript:pwn()">', ("a javascript: address in href=",)),
        ("<!ENTITY % p \"<!ATTLIST svg onclick CDATA 'pwn()'>\"> %p;", ("onclick=",)),
    ],
)
def test_default_attributes_of_the_file_s_own_dtd_are_read_as_a_browser_reads_them(
    doctype: str, removed: tuple
) -> None:
    """Chromium gives ``<svg>`` the ``onload=`` its DOCTYPE declares, and runs it."""
    data = f"<!DOCTYPE svg [{doctype}]><svg {NS} {XLINK}><a><rect/></a></svg>".encode()
    result = make_inert(data)
    assert (body(result.data), result.removed) == ("<a><rect/></a>", removed)


def test_no_dtd_is_read_from_outside_the_file(tmp_path: Path) -> None:
    dtd = tmp_path / "defaults.dtd"
    dtd.write_text('<!ATTLIST svg data-secret CDATA "SENTINEL-DTD">')
    for doctype in (f'SYSTEM "{dtd.as_uri()}"', f'[<!ENTITY % d SYSTEM "{dtd.as_uri()}"> %d;]'):
        result = make_inert(f"<!DOCTYPE svg {doctype}><svg {NS}/>".encode())
        assert b"SENTINEL" not in result.data and result.removed == ()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (f"<svg {NS}><script>pwn()</svg".encode(), "is not well-formed XML"),
        (b"\x89PNG\r\n\x1a\n", "is not well-formed XML"),
        (b"<svg><script>pwn()</script></svg>",
         "is not an SVG drawing (its root is <svg> without the SVG namespace)"),
        (f"<html {XHTML}><script>pwn()</script></html>".encode(),
         "is not an SVG drawing (its root is <html>)"),
    ],
)  # fmt: skip
def test_a_file_that_cannot_be_checked_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(SVGError, match=re.escape(message)):
        make_inert(data)

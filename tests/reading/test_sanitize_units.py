"""Raw HTML in posts (``chapbook.reading.sanitize``), one step at a time.

The hostile blog (``test_hostile.py``) checks that no payload is alive in a
built site, in a subprocess that mutation testing cannot follow, and the book
tests check a warning or two.  These pin each step directly: which elements,
attributes and URLs go, that everything else comes out as written (entities,
comments, declarations, self-closing tags), what is said to be removed, and
how a document's raw nodes are filtered together (MyST splits one element
over several nodes) with one warning at the first node that lost something.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from docutils import nodes
from docutils.utils import new_document

from chapbook.reading import sanitize
from chapbook.warnings_ import Warn

# -- URLs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["javascript:x", "JaVaScRiPt:x", "vbscript:x", "VBSCRIPT:x", "data:text/html,<b>",
     "DATA:TEXT/HTML;base64,x", " javascript:x", "java\tscript:x", "java\nscript:x",
     "\x00javascript:x", "\x1fjava\x01script:x", "data:text/plain,x", "my-javascript:x",
     "data:image/svg+xml,<svg onload=x>", "file:///etc/passwd", "blob:https://x/y"],
)  # fmt: skip
def test_refused_urls(url: str) -> None:
    assert sanitize.refused_url("href", url) is True
    assert sanitize.refused_url("src", url) is True


@pytest.mark.parametrize(
    "url",
    ["https://example.org/", "/x.png", "x javascript", "", "#note", "mailto:a@b.c",
     "jav\u00a0ascript:x", "../a.png?x=1:2"],
)  # fmt: skip
def test_allowed_urls(url: str) -> None:
    assert sanitize.refused_url("href", url) is False


def test_raster_pictures_as_data_only_in_src() -> None:
    picture = "data:image/png;base64,iVBORw0KGgo="
    assert sanitize.refused_url("src", picture) is False
    assert sanitize.refused_url("src", " DATA:image/webp," + "x") is False
    assert sanitize.refused_url("href", picture) is True
    assert sanitize.refused_url("src", "data:image/svg+xml;base64,x") is True


def test_every_address_of_a_srcset_is_checked() -> None:
    assert sanitize.refused_url("srcset", "a.png 1x, b.png 2x") is False
    assert sanitize.refused_url("srcset", "a.png 1x, javascript:x 2x") is True
    assert sanitize.refused_url("srcset", "data:image/gif;base64,R0lGOD 1x") is False


# -- one fragment ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        '<details class="x"><summary>More</summary>',
        "</details>",
        "<p>a &amp; b &lt;c&gt; &#60; &#x3c; &copy; &nbsp;</p>",
        "a < b",
        "<br/>",
        '<img src="a.png" alt>',
        '<a title="&quot;&lt;&amp;&#x27;" href="/x?a=1&amp;b=2">y</a>',
        "<!-- a comment -->",
        "<!DOCTYPE html>",
        "<![if !IE]>x<![endif]>",
        '<iframe src="https://www.youtube.com/embed/x" allowfullscreen></iframe>',
        '<svg><a xlink:href="/x"><text>t</text></a></svg>',
        "</div>",
        '<a href="">x</a>',
    ],
)
def test_what_does_not_run_comes_out_as_written(html: str) -> None:
    assert sanitize.clean(html) == (html, [])


@pytest.mark.parametrize(
    ("html", "kept", "removed"),
    [
        ("<script>alert(1)</script>after", "after", ["<script>"]),
        ("<SCRIPT>alert(1)</SCRIPT>after", "after", ["<script>"]),
        ("<object data=x><p>z</p><!-- c --></object>after", "after", ["<object>"]),
        ("<embed src=x>after", "after", ["<embed>"]),
        ("<applet><b>x</b></applet>after", "after", ["<applet>"]),
        ("<base href=x>after", "after", ["<base>"]),
        ("<meta http-equiv=refresh content=0>after", "after", ["<meta>"]),
        ("<link rel=import href=x>after", "after", ["<link>"]),
        ("<form action=x><input name=q></form>after", "after", ["<form>"]),
        # A browser ignores these two in a page's body and shows what follows them.
        ("<frameset><b>x</b></frameset>after", "<b>x</b>after", ["<frameset>"]),
        ('<frame src="x.html"><p>after</p>', "<p>after</p>", ["<frame>"]),
        ("<noscript><b>x</b></noscript>after", "after", ["<noscript>"]),
        ("<template><b>x</b></template>after", "after", ["<template>"]),
        ("<script/>after", "after", ["<script>"]),
        ("<link/>after", "after", ["<link>"]),
        ("<script><script>x</script>after", "after", ["<script>"]),
        ("<object><embed src=x></object>after", "after", ["<object>"]),
        ("<object><i>a</i></object><embed>b", "b", ["<object>", "<embed>"]),
        ("</script>after</form>", "after", []),
    ],
)
def test_active_elements_go_with_their_content(html: str, kept: str, removed: list[str]) -> None:
    assert sanitize.clean(html) == (kept, removed)


# -- where Python's parser and a browser disagree ---------------------------------------
#
# Python's HTMLParser reads on to ``-->`` or ``]]>`` where a browser ends a comment or a
# ``<![`` section earlier and reads the rest as markup; and it reads ``<style>`` as text,
# which a browser reads as markup inside SVG.  What a browser would run must not pass as
# a comment, a declaration or style (tests/site/test_raw_html_browser.py loads these in
# Chromium).

COMMENT = "a comment a browser ends elsewhere"


@pytest.mark.parametrize(
    ("html", "kept", "removed"),
    [
        ("<!--><script>alert(1)</script>-->", "", [COMMENT]),
        ("<!---><script>alert(1)</script>-->", "", [COMMENT]),
        ("<!-- --!><img src=x onerror=alert(1)> -->", "", [COMMENT]),
        ("<!-- <!-- --> after", " after", [COMMENT]),
        ("<!-- x <!--->", "", [COMMENT]),
        ("<![CDATA[ x ><script>alert(1)</script> ]]>",
         " x &gt;&lt;script&gt;alert(1)&lt;/script&gt; ", []),
        ("<svg><text><![CDATA[a < b]]></text></svg>", "<svg><text>a &lt; b</text></svg>", []),
        ("<![if x><script>alert(1)</script>]>", "", ["a declaration a browser ends elsewhere"]),
        ("<svg><style><img src=x onerror=alert(1)></style></svg>", "<svg></svg>", ["<style>"]),
        ("<math><style><img src=x onerror=alert(1)></style></math>", "<math></math>",
         ["<style>"]),
        ('<svg><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>',
         '<svg><a><set attributename="href"/></a></svg>', ["a script URL in to="]),
        ('<svg><animate attributeName="href" values="/x; javascript:alert(1)"/></svg>',
         '<svg><animate attributename="href"/></svg>', ["a script URL in values="]),
        ('<svg><set attributeName=" onClick" to="alert(1)"/></svg>', '<svg><set to="alert(1)"/></svg>',
         ["attributename="]),
        ("<object><!--><script>x</script>--></object>after", "after", ["<object>"]),
    ],
)  # fmt: skip
def test_what_a_browser_reads_differently_is_not_kept(
    html: str, kept: str, removed: list[str]
) -> None:
    assert sanitize.clean(html) == (kept, removed)


# A comment inside an element a browser reads as text (``<style>``, ``<textarea>``...) is
# no comment to the browser: its text ends at the element's end tag, and what follows
# in the "comment" is markup.
@pytest.mark.parametrize(
    "html",
    [
        "<textarea><!--</TEXTAREA><img src=x onerror=alert(1)>--></textarea>",
        "<title><!--</title><img src=x onerror=alert(1)>--></title>",
        "<iframe><!--</iframe><img src=x onerror=alert(1)>--></iframe>",
        "<xmp><!--</xmp><img src=x onerror=alert(1)>--></xmp>",
        "<noembed><!--</noembed><img src=x onerror=alert(1)>--></noembed>",
        "<noframes><!--</noframes><img src=x onerror=alert(1)>--></noframes>",
    ],
)
def test_a_comment_holding_the_end_of_a_text_element_goes(html: str) -> None:
    name = html[1 : html.index(">")]
    assert sanitize.clean(html) == (f"<{name}></{name}>", [COMMENT])


# Python's parser hands a ``<`` that opens nothing over as text; what came after it in
# the source may be removed or rewritten, and the text then after it must not make it
# a tag: ``<`` + ``img onerror=...>`` is an image to a browser.
@pytest.mark.parametrize(
    ("html", "kept", "removed"),
    [
        ("<<script>x</script>img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)>",
         ["<script>"]),
        ("<<meta>img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)>", ["<meta>"]),
        ("<<!-->-->img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)>", [COMMENT]),
        ("<<![if x>]>img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)>",
         ["a declaration a browser ends elsewhere"]),
        ("<</script>img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)>", []),
        ("<</>img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)>", []),
        ("<<?x>img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)>", []),
        ("<<![CDATA[img src=x onerror=alert(1) ]]>>", "&lt;img src=x onerror=alert(1) >", []),
        ("<<![CDATA[]]>img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)>", []),
        ("<<![CDATA[]]><embed>img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)>",
         ["<embed>"]),
        ("<</>/x", "&lt;/x", []),
        ("<</>!x", "&lt;!x", []),
        ("<</>?x", "&lt;?x", []),
        ("<</>Zx", "&lt;Zx", []),
    ],
)  # fmt: skip
def test_a_lone_lt_never_opens_a_tag_with_what_comes_to_follow_it(
    html: str, kept: str, removed: list[str]
) -> None:
    assert sanitize.clean(html) == (kept, removed)


@pytest.mark.parametrize(
    "html", ["a < b", "a <3", "<<b>x</b>", "<<!-- c -->", "<</>1", "<</> x", "<</>&amp;"]
)
def test_a_lone_lt_followed_by_what_opens_nothing_is_kept(html: str) -> None:
    expected = html.replace("</>", "")  # a browser ignores ``</>``; the parser drops it
    assert sanitize.clean(html) == (expected, [])


def test_a_fragment_ending_in_a_lone_lt_writes_it_as_text() -> None:
    # What follows it in the page is the next node, not what followed it here.
    parser = sanitize.Filter()
    assert sanitize._feed(parser, "a <</>") == "a &lt;"
    assert sanitize._feed(parser, "img src=x onerror=alert(1)>") == "img src=x onerror=alert(1)>"
    assert sanitize._feed(parser, "<</>") == "&lt;"
    assert sanitize._feed(parser, "a<b><</>") == "a<b>&lt;"
    assert sanitize._feed(parser, "b <") == "b "  # held: it may open a tag in the next one
    assert sanitize._feed(parser, "i>x") == "<i>x"


DECLARATION = "a declaration a browser ends elsewhere"


@pytest.mark.parametrize(
    ("html", "kept", "removed"),
    [
        ("<![x]]>after", "after", [DECLARATION]),
        ("<![]]>after", "after", [DECLARATION]),
        ("<![ if x]>after", "after", [DECLARATION]),
        ("<b>x</b><![x]]>after", "<b>x</b>after", [DECLARATION]),  # its own > only
        ("<![x<b>]]>after", "]]>after", [DECLARATION]),  # a browser's comment ends at >
        ("<![ x", "", ["an unfinished tag"]),
        ("<object><![x]]></object>after", "after", ["<object>"]),
    ],
)
def test_a_section_without_a_keyword_python_knows_goes_without_a_crash(
    html: str, kept: str, removed: list[str]
) -> None:
    # Python's parser raises AssertionError on these, which stopped the build.
    assert sanitize.clean(html) == (kept, removed)


def test_a_section_without_a_keyword_may_end_in_the_next_fragment() -> None:
    parser = sanitize.Filter()
    assert (sanitize._feed(parser, "a<![x"), parser.removed) == ("a", [])
    assert (sanitize._feed(parser, "]]>b"), parser.removed) == ("b", [DECLARATION])


def test_an_animation_value_list_is_split_at_semicolons() -> None:
    html = '<svg><animate attributeName="href" values="/x;javascript:alert(1)"/></svg>'
    assert sanitize.clean(html) == (
        '<svg><animate attributename="href"/></svg>',
        ["a script URL in values="],
    )


def test_cdata_keeps_its_quotes() -> None:
    assert sanitize.clean("<![CDATA[say \"hi\" & 'bye']]>") == ("say \"hi\" &amp; 'bye'", [])


@pytest.mark.parametrize(
    "html",
    [
        "<!-- more -->",
        "<!---->",
        "<!-- a - b -- c -->",
        "<![if !IE]>x<![endif]>",
        '<svg><set attributeName="fill" to="red"/></svg>',
    ],
)
def test_comments_and_sections_a_browser_reads_alike_are_kept(html: str) -> None:
    expected = html.replace("attributeName", "attributename")  # tags are written lowercase
    assert sanitize.clean(html) == (expected, [])


@pytest.mark.parametrize(
    "html",
    [
        "<style>p > a { color: red }</style>",
        "<style>body { position: fixed; background: url(https://evil.example/) }</style>",
        "<style><!--</style><img src=x onerror=alert(1)>--></style>",
    ],
)
def test_a_style_sheet_goes_with_what_it_holds(html: str) -> None:
    """A post's ``<style>`` restyles every page element, the site's own too: a full-page
    overlay on the site's address, or a page that hides who wrote it."""
    assert sanitize.clean(html) == ("", ["<style>"])


def test_a_style_attribute_stays() -> None:
    assert sanitize.clean('<span style="color: red">x</span>') == (
        '<span style="color: red">x</span>',
        [],
    )


def test_an_unclosed_active_element_takes_the_rest_and_is_named() -> None:
    assert sanitize.clean("<p>a</p><script>x<p>b</p>") == (
        "<p>a</p>",
        ["<script>", "an unfinished tag"],
    )


@pytest.mark.parametrize(
    ("html", "kept", "removed"),
    [
        ('<img src="x.png" onerror="pwn()" ONLOAD=y>', '<img src="x.png">',
         ["onerror=", "onload="]),
        ('<iframe srcdoc="<script>x</script>" title=t></iframe>', '<iframe title="t"></iframe>',
         ["srcdoc="]),
        ('<a href="javascript:pwn()">x</a>', '<a href="">x</a>', ["a script URL in href="]),
        ('<a href="&#106;avascript:x">x</a>', '<a href="">x</a>', ["a script URL in href="]),
        ('<img src="java&#x09;script:x">', '<img src="">', ["a script URL in src="]),
        ('<button formaction="javascript:x">', '<button formaction="">',
         ["a script URL in formaction="]),
        ('<svg><a xlink:href="javascript:x">', '<svg><a xlink:href="">',
         ["a script URL in xlink:href="]),
        ('<iframe src="data:text/html,<script>x</script>">', '<iframe src="">',
         ["a script URL in src="]),
        ('<p onclick="a()" id="k" onclick=b>x</p>', '<p id="k">x</p>',
         ["onclick=", "onclick="]),
        ('<img src=javascript:x onerror=y />', '<img src=""/>',
         ["a script URL in src=", "onerror="]),
    ],
)  # fmt: skip
def test_attributes_that_run_go(html: str, kept: str, removed: list[str]) -> None:
    assert sanitize.clean(html) == (kept, removed)


@pytest.mark.parametrize(
    "name", ["href", "src", "action", "formaction", "data", "xlink:href", "poster",
             "background", "cite", "srcset"])  # fmt: skip
def test_each_url_attribute_is_checked(name: str) -> None:
    assert sanitize.clean(f'<x {name}="javascript:y" title="javascript:z">') == (
        f'<x {name}="" title="javascript:z">',
        [f"a script URL in {name}="],
    )


def test_a_url_attribute_without_a_value_is_kept() -> None:
    assert sanitize.clean("<a href>x</a>") == ("<a href>x</a>", [])


def test_attributes_are_rewritten_quoted_and_escaped() -> None:
    assert sanitize.clean("<A HREF=/x TITLE='a \"b\" <c>' hidden>") == (
        '<a href="/x" title="a &quot;b&quot; &lt;c&gt;" hidden>',
        [],
    )
    assert sanitize.clean("<br / >x<hr/>") == ("<br>x<hr/>", [])


def test_an_unfinished_tag_at_the_end_is_named() -> None:
    assert sanitize.clean('<p>a</p><img src="x" onerror=') == ("<p>a</p>", ["an unfinished tag"])


def test_tag_rewrites_start_tags() -> None:
    attrs: list[tuple[str, str | None]] = [("a", "1"), ("b", None), ("c", '"<&>')]
    assert sanitize._tag("x", attrs, "<x a=1 b c=...>") == '<x a="1" b c="&quot;&lt;&amp;&gt;">'
    assert sanitize._tag("x", attrs, "<x a=1 b c=.../>") == '<x a="1" b c="&quot;&lt;&amp;&gt;"/>'
    assert sanitize._tag("br", [], "<br/>") == "<br/>"
    assert sanitize._tag("br", [], "<br>") == "<br>"


def test_a_new_filter_fed_directly_collects_its_output() -> None:
    parser = sanitize.Filter()
    parser.feed("<b onclick=x>y</b>")
    assert (parser.out, parser.removed, parser.dropping) == (
        ["<b>", "y", "</b>"],
        ["onclick="],
        None,
    )


def test_feed_returns_only_this_fragments_output() -> None:
    parser = sanitize.Filter()
    assert sanitize._feed(parser, "<details><script>") == "<details>"
    assert sanitize._feed(parser, "x</script><b>y") == "<b>y"
    assert parser.removed == ["<script>"]
    sanitize._finish(parser)
    assert parser.removed == ["<script>"]  # nothing unfinished
    sanitize._feed(parser, "<b")
    sanitize._finish(parser)
    assert parser.removed == ["<script>", "an unfinished tag"]


# -- a document ----------------------------------------------------------------------


def raw(text: str, fmt: str = "html", line: int = 0) -> nodes.raw:
    node = nodes.raw("", text, format=fmt)
    node.line = line
    return node


def texts(parent: nodes.Element) -> list[tuple[str, str]]:
    return [(child.tagname, child.astext()) for child in parent.children]


def test_raw_html_is_told_apart() -> None:
    assert sanitize._is_html(raw("x")) is True
    assert sanitize._is_html(raw("x", "latex html")) is True
    assert sanitize._is_html(raw("x", "latex")) is False
    assert sanitize._is_html(raw("x", "xhtml")) is False
    assert sanitize._is_html(nodes.raw("", "x")) is False
    assert sanitize._is_html(nodes.paragraph("", "", format="html")) is False
    assert sanitize._is_html(nodes.Text("html")) is False


def test_a_split_element_is_filtered_across_its_nodes() -> None:
    # MyST: "<script>" / Markdown between / "</script>" / more Markdown.
    parent = nodes.section()
    first, inner, last = raw("<div><script>", line=3), nodes.paragraph("", "alert(1)"), raw(
        "</script></div>", line=5)  # fmt: skip
    after, other = nodes.paragraph("", "after"), raw("x", "latex")
    parent += [first, inner, last, after, other]
    # The node that lost something is named, as it was read: its line is the one to fix.
    assert sanitize._filter_children(parent) == (["<script>"], first)
    assert first.line == 3
    assert texts(parent) == [("raw", "<div>"), ("raw", "</div>"), ("paragraph", "after"),
                             ("raw", "x")]  # fmt: skip
    assert parent.children[0]["format"] == "html"
    assert parent.children[1]["format"] == "html"
    assert parent.children[3] is other


def test_nodes_left_as_they_were_are_the_same_nodes() -> None:
    parent = nodes.section()
    kept = raw("<details>", line=2)
    kept["classes"] = ["mine"]
    parent += [kept, nodes.paragraph("", "x"), raw("</details>")]
    assert sanitize._filter_children(parent) == ([], parent)
    assert parent.children[0] is kept


def test_the_format_of_a_filtered_node_is_kept() -> None:
    parent = nodes.section()
    parent += raw("<b onclick=x>y</b>", "html latex")
    sanitize._filter_children(parent)
    assert texts(parent) == [("raw", "<b>y</b>")]
    assert parent.children[0]["format"] == "html latex"


def test_the_place_named_is_the_first_node_that_lost_something() -> None:
    parent = nodes.section()
    second = raw("<i onclick=x>", line=4)
    parent += [raw("<details>", line=3), second, raw("<script>x</script>", line=5)]
    assert sanitize._filter_children(parent) == (["onclick=", "<script>"], second)
    assert texts(parent) == [("raw", "<details>"), ("raw", "<i>"), ("raw", "")]


def test_an_element_left_open_at_the_end_of_its_parent_is_named() -> None:
    parent = nodes.section()
    opened = raw("<object>")
    parent += [opened, nodes.paragraph("", "gone")]
    assert sanitize._filter_children(parent) == (["<object>", "an unfinished tag"], opened)
    assert texts(parent) == [("raw", "")]


class Said:
    def __init__(self) -> None:
        self.warnings: list[tuple[str, Warn, object]] = []

    def __call__(self, message: str, subtype: Warn, *, location: object) -> None:
        self.warnings.append((message, subtype, location))


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> Said:
    recorder = Said()
    monkeypatch.setattr(sanitize, "warn", recorder)
    return recorder


def document() -> nodes.document:
    doc = new_document("post.md")
    doc.settings.env = SimpleNamespace()
    return doc


def test_one_warning_per_document_at_its_first_removal(said: Said) -> None:
    doc = document()
    one, two, three = nodes.section(), nodes.section(), nodes.paragraph()
    one += [raw("<p>fine</p>", line=2)]
    first = raw("<script>a</script>", line=6)
    two += [first, raw("<img src=x onerror=y>", line=7), raw("<script>b</script>", line=8)]
    three += [nodes.Text("t "), raw('<a href="javascript:z">', line=9), raw("</a>", line=9)]
    doc += [one, two, three]
    sanitize.SanitizeRawHTML(doc).apply()
    assert said.warnings == [
        ("raw HTML that would run was removed: <script>, onerror=, a script URL in href=",
         Warn.TEXT, first),
    ]  # fmt: skip
    assert [n.astext() for n in doc.findall(nodes.raw)] == [
        "<p>fine</p>", "", '<img src="x">', "", '<a href="">', "</a>"]  # fmt: skip


def test_the_warning_names_the_first_parent_with_a_removal(said: Said) -> None:
    doc = document()
    clean_one, dirty = nodes.section(), nodes.section()
    clean_one += raw("<b>x</b>")
    embed = raw("<embed src=x>")
    dirty += [nodes.paragraph("", "p"), embed]
    doc += [clean_one, dirty]
    sanitize.SanitizeRawHTML(doc).apply()
    assert said.warnings == [("raw HTML that would run was removed: <embed>", Warn.TEXT, embed)]


def test_parents_are_filtered_in_the_order_of_their_first_raw_node(said: Said) -> None:
    # The paragraph's raw node comes before the section's own: it is named, and first.
    doc = document()
    section, paragraph = nodes.section(), nodes.paragraph()
    inner = raw("<i onclick=x>", line=2)
    paragraph += inner
    section += [paragraph, raw("<embed src=x>", line=3)]
    doc += section
    sanitize.SanitizeRawHTML(doc).apply()
    assert said.warnings == [
        ("raw HTML that would run was removed: onclick=, <embed>", Warn.TEXT, inner)
    ]


def test_no_warning_without_a_removal(said: Said) -> None:
    doc = document()
    section = nodes.section()
    section += [raw("<details>"), nodes.paragraph("", "x"), raw("</details>"),
                raw("<script>x</script>", "latex")]  # fmt: skip
    doc += section
    doc += raw("<i>at the top</i>")
    sanitize.SanitizeRawHTML(doc).apply()
    assert said.warnings == []
    assert [n.astext() for n in doc.findall(nodes.raw)] == [
        "<details>", "</details>", "<script>x</script>", "<i>at the top</i>"]  # fmt: skip


def test_the_transform_runs_before_anything_reads_raw_html() -> None:
    assert sanitize.SanitizeRawHTML.default_priority == 6


def test_setup_adds_the_transform() -> None:
    added: list[object] = []
    app = SimpleNamespace(add_transform=added.append)
    assert sanitize.setup(app) == {"parallel_read_safe": True, "parallel_write_safe": True}  # type: ignore[arg-type]
    assert added == [sanitize.SanitizeRawHTML]

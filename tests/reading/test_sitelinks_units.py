"""Links written as site paths (``chapbook.reading.sitelinks``): the rule that reads
``[text](/tags/some tag)`` as a link, on Markdown alone, and the renderer that makes a
site-root link a ``chapbook:site`` reference, on a stand-in renderer (no build)."""

from __future__ import annotations

import contextlib
from types import SimpleNamespace
from typing import TYPE_CHECKING

import pytest
from docutils import nodes
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.tree import SyntaxTreeNode

from chapbook.reading import sitelinks

if TYPE_CHECKING:
    from collections.abc import Iterator


def html(markdown: str) -> str:
    md = MarkdownIt("commonmark")
    md.inline.ruler.before("link", "chapbook_spaced_link", sitelinks.spaced_site_link)
    return md.render(markdown).strip()


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("See [x](/tags/some tag) now.", '<p>See <a href="/tags/some%20tag">x</a> now.</p>'),
        ("[a](/tags/one two)[b](/tags/three four)",
         '<p><a href="/tags/one%20two">a</a><a href="/tags/three%20four">b</a></p>'),
        ("([x](/tags/some tag))", '<p>(<a href="/tags/some%20tag">x</a>)</p>'),
    ],
)  # fmt: skip
def test_a_spaced_site_link_ends_at_its_parenthesis(markdown: str, expected: str) -> None:
    """The ``)`` closing the destination is the link's: nothing of it is left as text."""
    assert html(markdown) == expected


def test_a_space_before_a_title_is_left_to_the_standard_rule() -> None:
    assert html('[x](/about "About")') == '<p><a href="/about" title="About">x</a></p>'


# -- the rule itself, case by case (``spaced_site_link``) -------------------------------


@pytest.mark.parametrize(
    "markdown",
    [
        "[x](/about)",  # no space: the standard rule's
        "[x](//host/a b)",  # another host
        "[x](https://x.org/a b)",  # not a site path
        "[x](/a 'title')",
        "[x](/a (title))",
        "[x](/a\tb)",  # a tab is no space for the destination
        "[x] (/a b)",  # not a link: a space before the parenthesis
        "[x](/a b",  # never closed
        "[x]",
        "text [x](/a\nb c)",
    ],
)
def test_what_is_left_to_the_standard_rules(markdown: str) -> None:
    plain = MarkdownIt("commonmark").render(markdown).strip()
    assert html(markdown) == plain


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("[x]( /a b )", '<p><a href="/a%20b">x</a></p>'),
        ("[x](/a  b)", '<p><a href="/a%20%20b">x</a></p>'),
        ("[*em* and `c`](/tags/a b)", '<p><a href="/tags/a%20b"><em>em</em> and <code>c</code></a></p>'),
        ("[x](/a b)z", '<p><a href="/a%20b">x</a>z</p>'),
        ("[[x]](/a b)", '<p><a href="/a%20b">[x]</a></p>'),
        ("[x](/a\tb c)", '<p><a href="/a%09b%20c">x</a></p>'),
        ("[x](/a b 'c')", '<p><a href="/a%20b%20\'c\'">x</a></p>'),
    ],
)  # fmt: skip
def test_spaced_site_links(markdown: str, expected: str) -> None:
    assert html(markdown) == expected


def test_a_link_inside_a_link_text_is_not_a_link() -> None:
    """The label's inner rules run at the next link level: no link inside a link."""
    md = MarkdownIt("commonmark")
    md.inline.ruler.before("link", "chapbook_spaced_link", sitelinks.spaced_site_link)
    tokens = md.parseInline("[a [b](/c d) e](/f g)")[0].children
    assert [t.type for t in tokens].count("link_open") == 1


def test_in_silent_mode_the_rule_only_moves_past_the_link() -> None:
    md = MarkdownIt("commonmark")
    md.inline.ruler.before("link", "chapbook_spaced_link", sitelinks.spaced_site_link)
    state = StateInline("ab [x](/a b) c", md, {}, [])
    state.pos = 3
    assert sitelinks.spaced_site_link(state, True) is True
    assert (state.pos, state.posMax, state.tokens) == (12, 14, [])
    state.pos = 0
    assert sitelinks.spaced_site_link(state, True) is False
    assert state.pos == 0


def test_the_rule_keeps_to_the_part_of_the_line_it_is_given() -> None:
    md = MarkdownIt("commonmark")
    state = StateInline("[x](/a b) c", md, {}, [])
    state.posMax = 8  # the closing parenthesis is past the end
    assert sitelinks.spaced_site_link(state, True) is False
    state = StateInline("[x](/a b)", md, {}, [])
    state.posMax = 3  # the ``(`` is past the end
    assert sitelinks.spaced_site_link(state, False) is False
    assert state.tokens == []


@pytest.mark.parametrize(
    ("destination", "spaced"),
    [("/a b", True), ("/a", False), ("a b", False), ("//a b", False), ("/a\nb c", False),
     ('/a "t"', False), ("/a 't'", False), ("/a (t)", False), ("/a  b", True),
     ("/a ", True), ("/a  'b'", False), ("/ b", True)],
)  # fmt: skip
def test_which_destinations_are_spaced_site_paths(destination: str, spaced: bool) -> None:
    assert sitelinks._spaced_site_path(destination) is spaced


# -- the reference and the renderer ------------------------------------------------------------


def test_a_site_path_becomes_a_reference_of_the_chapbook_domain() -> None:
    xref = sitelinks.site_xref("https://x.org/tags/a%20b?p=1#Sec%201", "/tags/a%20b?p=1#Sec%201")
    assert xref.attributes | {} == {
        **xref.attributes,
        "refdomain": "chapbook",
        "reftype": "site",
        "reftarget": "tags/a b",
        "refexplicit": True,
        "refwarn": False,
        "chapbook_anchor": "Sec 1",
        "chapbook_href": "https://x.org/tags/a%20b?p=1#Sec%201",
        "chapbook_path": "/tags/a%20b?p=1#Sec%201",
    }


class Standard:
    """The standard renderer's link: what the mixin falls back to."""

    def render_link(self, token: object) -> str:
        self.fallback.append(token)  # type: ignore[attr-defined]
        return "standard"


class Renderer(sitelinks.SiteLinkMixin, Standard):
    def __init__(self, base_url: str | None) -> None:
        self.sphinx_env = None
        if base_url is not None:
            self.sphinx_env = SimpleNamespace(config=SimpleNamespace(html_baseurl=base_url))
        self.current_node = nodes.paragraph()
        self.fallback: list[object] = []
        self.located: list[object] = []

    def add_line_and_source_path(self, node: object, token: object) -> None:
        self.located.append((node, token))

    def current_node_context(self, node: object) -> object:
        @contextlib.contextmanager
        def inside() -> Iterator[None]:
            before, self.current_node = self.current_node, node
            yield
            self.current_node = before

        return inside()

    def render_children(self, token: object) -> None:
        for child in token.children:  # type: ignore[attr-defined]
            self.current_node.append(nodes.Text(f"<{child.type}:{child.content}>"))


def link_token(markdown: str) -> object:
    md = MarkdownIt("commonmark").enable("linkify") if "<" not in markdown else MarkdownIt()
    tree = SyntaxTreeNode(md.parse(markdown))
    return tree.children[0].children[0].children[0]


@pytest.mark.parametrize(
    ("markdown", "base_url", "text"),
    [
        ("[the *tag*](/tags/a)", "", "<text:the ><em:>"),
        ("[x](https://x.org/blog/about#s)", "https://x.org/blog/", "<text:x>"),
        ("<https://x.org/blog/>", "https://x.org/blog", "https://x.org/blog/"),
        ("[](/about)", "", "/about"),
    ],
)
def test_a_site_link_renders_as_a_reference_around_its_text(
    markdown: str, base_url: str, text: str
) -> None:
    renderer = Renderer(base_url)
    token = link_token(markdown)
    assert renderer.render_link(token) is None
    (xref,) = renderer.current_node.children
    assert xref["refdomain"] == "chapbook"
    assert xref["chapbook_href"] == token.attrGet("href")
    assert renderer.located == [(xref, token)]
    (inner,) = xref.children
    assert inner.tagname == "inline"
    assert inner["classes"] == ["chapbook-link"]
    assert inner.astext() == text
    assert renderer.fallback == []


@pytest.mark.parametrize(
    ("markdown", "base_url"),
    [("[x](https://x.org/about)", "https://y.org/"), ("[x](/about)", None),
     ("[x](//x.org/about)", ""), ("[x](about)", "https://x.org/")],
)  # fmt: skip
def test_other_links_are_left_to_the_standard_renderer(markdown: str, base_url: str | None) -> None:
    renderer = Renderer(base_url)
    token = link_token(markdown)
    assert renderer.render_link(token) == "standard"
    assert renderer.fallback == [token]
    assert renderer.current_node.children == []


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        # a label not followed by ``(``, a spaced link further on
        ("[x]a/b c) [y](/c d)", '<p>[x]a/b c) <a href="/c%20d">y</a></p>'),
        ("[[b](/c d]", "<p>[[b](/c d]</p>"),  # a label ending the text: nothing after it
        ("[[b](/c d] x", "<p>[[b](/c d] x</p>"),
        ("[x](/a bc", "<p>[x](/a bc</p>"),  # never closed, a space inside
    ],
)
def test_what_only_looks_like_a_spaced_link_is_left_alone(markdown: str, expected: str) -> None:
    assert html(markdown) == expected


def test_a_parenthesis_inside_the_label_is_the_labels() -> None:
    assert html("[a)](/b c)") == '<p><a href="/b%20c">a)</a></p>'


def md_linkify() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"linkify": True}).enable("linkify")
    md.inline.ruler.before("link", "chapbook_spaced_link", sitelinks.spaced_site_link)
    return md


def test_the_link_text_is_never_linkified_and_the_text_after_it_is() -> None:
    rendered = md_linkify().render("[www.a.com](/a b) and www.b.com").strip()
    assert rendered == (
        '<p><a href="/a%20b">www.a.com</a> and <a href="http://www.b.com">www.b.com</a></p>'
    )


def test_the_link_level_is_raised_for_the_label_only() -> None:
    """markdown-it's inline linkify rule reads the link level (its core rule, off here, the tokens)."""
    md = md_linkify()
    md.core.ruler.disable("linkify")
    rendered = md.render("[http://a.com](/a b) and http://b.com").strip()
    assert rendered == (
        '<p><a href="/a%20b">http://a.com</a> and <a href="http://b.com">http://b.com</a></p>'
    )


def test_the_tokens_of_a_spaced_link() -> None:
    (inline,) = [t for t in md_linkify().parse("[x *y*](/a b)") if t.type == "inline"]
    assert [(t.type, t.tag, t.nesting) for t in inline.children] == [
        ("link_open", "a", 1),
        ("text", "", 0),
        ("em_open", "em", 1),
        ("text", "", 0),
        ("em_close", "em", -1),
        ("link_close", "a", -1),
    ]
    assert inline.children[0].attrs == {"href": "/a%20b"}


def test_the_reference_wraps_an_empty_inline() -> None:
    renderer = Renderer("")
    renderer.render_link(link_token("[x](/a)"))
    inner = renderer.current_node[0][0]
    assert (inner.rawsource, inner.astext()) == ("", "<text:x>")

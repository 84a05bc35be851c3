"""Raw HTML in posts: kept as written, less anything that runs.

Posts may embed HTML (``<details>``, a video ``<iframe>``, a table), and
posts may come from anyone: an imported archive, a pull request.  So the raw
HTML of every document is filtered as it is read, for every output: scripts
and other active elements (``<script>``, ``<object>``, ``<embed>``,
``<base>``, ``<meta>``, ``<link>``, ``<form>``, and ``<style>``, which would
restyle the whole page, the site's own parts too) are dropped with their
content, event-handler attributes (``onerror=``) and ``srcdoc`` are dropped,
and every URL whose scheme the trust policy does not list (``javascript:``,
``data:`` but raster pictures in ``src``, ``vbscript:``, ...) is emptied (in SVG
animation values too).  One warning per document names what was removed.

The filter reads HTML with Python's parser, which ends some constructs where a
browser does not: ``<!-->`` and ``--!>`` end a comment in a browser, ``<![CDATA[``
ends at its first ``>`` outside SVG, and ``<style>`` inside SVG holds markup.
Each is read here as a browser would, or removed: a comment or ``<![`` section a
browser would end elsewhere goes (and is named), CDATA becomes escaped text, and
only ``<script>`` is read as text.  So a comment holding the end of an element a
browser reads as text (``<style><!--</style><img onerror=...>-->``) goes too; and a
lone ``<`` is written ``&lt;`` where what followed it is gone or changed and text
now follows it that would make it a tag (``<<script></script>img onerror=...>``).

A library sanitiser (nh3, used for the feeds) rebalances what it is given;
MyST hands raw HTML over in fragments (``<details>`` in one node, its
``</details>`` in another, Markdown between), so this one filters tag by tag
and keeps every fragment as it was otherwise.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

from chapbook.trust import policy
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

ACTIVE = frozenset({"script", "style", "object", "embed", "applet", "base", "meta", "link", "form",
                    "frame", "frameset", "noscript", "template"})  # fmt: skip
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "xlink:href",
                            "poster", "background", "cite", "srcset", "longdesc", "lowsrc",
                            "dynsrc", "codebase", "manifest", "icon", "ping", "xml:base",
                            "itemtype", "itemid", "usemap"})  # fmt: skip
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})  # fmt: skip
#: Active elements a browser takes without content in a page's body: only the tag goes
#: (``<frame>`` waited for a ``</frame>`` that never comes, taking the rest of the post).
ALONE = VOID | {"frame", "frameset"}
#: SVG animation values: ``<set attributeName="href" to="javascript:...">`` makes a link run.
ANIMATED_VALUES = frozenset({"to", "from", "by", "values"})

#: The end of an element whose content a browser reads as text (in HTML, not SVG):
#: where a browser reads on as markup though Python's parser is inside a comment.
_TEXT_ELEMENT_END = re.compile(r"</(?:style|title|textarea|iframe|xmp|noembed|noframes)",
                               re.IGNORECASE)  # fmt: skip
#: What makes ``<`` before it the start of a tag, a comment or a declaration.
_OPENS_MARKUP = re.compile(r"[a-zA-Z/!?]")


def refused_url(attribute: str, url: str) -> bool:
    """Whether ``url`` in ``attribute`` is an address a post may not use: the policy's
    schemes only (``trust.policy.URL_SCHEMES``, or relative), and raster pictures as
    ``data:`` in ``src``.  ``srcset`` holds a list of addresses, each checked."""
    if attribute == "srcset":
        return any(refused_url("src", part.split()[0]) for part in url.split(",") if part.split())
    if attribute == "src" and policy.data_picture(url):
        return False
    return policy.url_refusal(url) is not None


class Filter(HTMLParser):
    """Re-emit HTML tag by tag, leaving out what runs; unbalanced input stays unbalanced."""

    # Only ``<script>`` is read as text (and dropped whole).  Inside SVG or MathML a
    # browser reads ``<style>``, ``<title>`` or ``<textarea>`` as markup: so does this
    # filter, whatever Python's version reads as text (3.11: ``<style>``; later, more).
    CDATA_CONTENT_ELEMENTS = ("script",)
    RCDATA_CONTENT_ELEMENTS = ()

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.removed: list[str] = []
        self.dropping: str | None = None  # an active element whose content is skipped

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping:
            return
        if tag in ACTIVE:
            self.removed.append(f"<{tag}>")
            self.dropping = None if tag in ALONE else tag
            return
        kept = []
        for name, value in attrs:
            if name.startswith("on") or name == "srcdoc" or _animates_a_handler(name, value):
                self.removed.append(f"{name}=")
            elif name in URL_ATTRIBUTES and value and refused_url(name, value):
                self.removed.append(f"a script URL in {name}=")
                kept.append((name, ""))
            elif name in ANIMATED_VALUES and value and _animates_a_url(value):
                self.removed.append(f"a script URL in {name}=")
            else:
                kept.append((name, value))
        self.out.append(_tag(tag, kept, self.get_starttag_text() or ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self.dropping == tag:
            self.dropping = None

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping:
                self.dropping = None
            return
        if tag not in ACTIVE:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self._text(data)

    def _text(self, text: str) -> None:
        """Text after a lone ``<`` (the parser's data ``"<"``): in the source something
        came between them (a removed element, ``</>``, a CDATA section's start), so
        the ``<`` must not open a tag with this text, and is written ``&lt;``."""
        if not text:  # an empty CDATA section: the text after it decides
            return
        if self.out and self.out[-1] == "<" and _OPENS_MARKUP.match(text):
            self.out[-1] = "&lt;"
        self.out.append(text)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        if self.dropping:
            return
        if _comment_ends_where_browsers_end_it(data):
            self.out.append(f"<!--{data}-->")
        else:
            self.removed.append("a comment a browser ends elsewhere")

    def handle_decl(self, decl: str) -> None:
        if not self.dropping:  # ``<!DOCTYPE ...>``: ends at its first ``>``, here as in browsers
            self.out.append(f"<!{decl}>")

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """``<![`` without a keyword Python knows (``<![]]>``, ``<![x]]>``): its parser
        stops the build with an ``AssertionError``; a browser reads a comment up to the
        first ``>``.  It goes, named, up to there."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i)
            if end < 0:
                return -1  # not all here yet: the next fragment, or an unfinished tag
            if not self.dropping:
                self.removed.append("a declaration a browser ends elsewhere")
            return end + 1

    def unknown_decl(self, data: str) -> None:
        """``<![CDATA[...]]>`` and ``<![if ...]>``: Python reads to ``]]>``/``]>``; outside
        SVG and MathML a browser ends them at the first ``>``, and reads on as markup."""
        if self.dropping:
            return
        if data[:6].upper() == "CDATA[":
            # As text: the same characters inside SVG and MathML, and never markup.
            self._text(escape(data[6:], quote=False))
        elif ">" in data:
            self.removed.append("a declaration a browser ends elsewhere")
        else:
            self.out.append(f"<![{data}]>")


def _comment_ends_where_browsers_end_it(data: str) -> bool:
    """HTML's rule for a comment's text: a browser ends ``<!-->``, ``<!--->`` and
    ``--!>`` early, where Python's parser reads on to ``-->`` (and runs nothing); and
    inside ``<style>`` or ``<textarea>`` there is no comment, only text up to the
    element's end tag."""
    return not (
        data.startswith((">", "->"))
        or "-->" in data
        or "--!>" in data
        or "<!--" in data
        or data.endswith("<!-")
        or _TEXT_ELEMENT_END.search(data) is not None
    )


def _animates_a_url(value: str) -> bool:
    """``<set to="javascript:...">``: any value with a refused scheme (a number, a colour
    or a length has none)."""
    return any(policy.url_refusal(part) is not None for part in value.split(";"))


def _animates_a_handler(name: str, value: str | None) -> bool:
    """``<set attributeName="onclick" ...>``: an SVG animation setting an event handler."""
    return name == "attributename" and (value or "").strip().lower().startswith("on")


def _tag(tag: str, attrs: list[tuple[str, str | None]], written: str) -> str:
    parts = [tag] + [
        name if value is None else f'{name}="{escape(value)}"' for name, value in attrs
    ]
    closing = "/>" if written.rstrip().endswith("/>") else ">"
    return "<" + " ".join(parts) + closing


def clean(html: str) -> tuple[str, list[str]]:
    """``html`` without what runs, and what was removed."""
    parser = Filter()
    text = _feed(parser, html)
    _finish(parser)
    return text, parser.removed


def _feed(parser: Filter, html: str) -> str:
    parser.out = []
    parser.feed(html)
    if parser.out[-1:] == ["<"]:  # what follows it in the page is not what followed it here
        parser.out[-1] = "&lt;"
    return "".join(parser.out)


def _finish(parser: Filter) -> None:
    if parser.rawdata or parser.dropping:  # an unfinished tag or element at the end
        parser.removed.append("an unfinished tag")


class SanitizeRawHTML(SphinxTransform):
    """Filter every document's raw HTML; one warning per document says what went."""

    default_priority = 6  # right after control characters, before anything reads raw HTML

    def apply(self, **kwargs: object) -> None:
        removed: list[str] = []
        first: nodes.Node | None = None
        parents = {id(n.parent): n.parent for n in self.document.findall(nodes.raw) if n.parent}
        for parent in parents.values():
            dropped, where = _filter_children(parent)
            if dropped:
                removed += dropped
                first = first or where
        if removed and first is not None:
            what = ", ".join(dict.fromkeys(removed))
            warn(f"raw HTML that would run was removed: {what}", Warn.TEXT, location=first)


def _is_html(node: nodes.Node) -> bool:
    return isinstance(node, nodes.raw) and "html" in node.get("format", "").split()


def _filter_children(parent: nodes.Element) -> tuple[list[str], nodes.Node]:
    """One filter over a parent's children in order: MyST splits ``<script>x</script>``
    into a raw node, a text node and a raw node, and the text between is code too."""
    parser = Filter()
    where: nodes.Node = parent
    for child in list(parent.children):
        if _is_html(child):
            count = len(parser.removed)
            text = _feed(parser, child.astext())
            if len(parser.removed) > count and where is parent:
                where = child  # the first node that lost something: its line is the one
            if text != child.astext():
                child.replace_self(nodes.raw("", text, format=child["format"]))
        elif parser.dropping:
            parent.remove(child)
    _finish(parser)
    return parser.removed, where


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_transform(SanitizeRawHTML)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Raw HTML in posts, made into real book content for the PDF and the ePub.

The web site shows a post's raw HTML as written.  LaTeX would silently drop it
and an ePub needs well-formed XHTML (``<details>`` without ``<summary>`` fails
epubcheck), so for book builders every raw HTML node becomes docutils nodes:

* ``<details>`` is a titled box (its ``<summary>``, or "Details"), holding the
  HTML inside it and the Markdown between its opening and closing tags;
* paragraphs, lists, ``<pre>``, headings, tables, links and inline formatting
  map onto their docutils counterparts; other tags keep their text;
* what a book cannot show (``<iframe>``, ``<video>``, images given as raw
  HTML) is replaced by a line naming it, and a warning with the file and line
  says so;
* ``<script>`` is left out, with a warning: its code is never printed.  Style
  sheets and comments are not content and go without a word; links to
  ``javascript:``, ``data:`` and other such URLs keep only their text, with a
  warning.  Nothing a reader would miss is dropped silently.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from chapbook.builders import BOOK_BUILDERS
from chapbook.locale import _
from chapbook.reading.sitelinks import site_xref
from chapbook.urls import site_path
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

INLINE = {
    "em": nodes.emphasis,
    "i": nodes.emphasis,
    "cite": nodes.emphasis,
    "strong": nodes.strong,
    "b": nodes.strong,
    "code": nodes.literal,
    "kbd": nodes.literal,
    "samp": nodes.literal,
    "tt": nodes.literal,
    "sup": nodes.superscript,
    "sub": nodes.subscript,
}
BLOCKS: dict[str, Callable[[], nodes.Element]] = {
    "details": lambda: nodes.admonition(classes=["chapbook-details"]),
    "summary": nodes.title,
    "pre": nodes.literal_block,
    "ul": nodes.bullet_list,
    "ol": nodes.enumerated_list,
    "li": nodes.list_item,
    "table": lambda: nodes.container(classes=["chapbook-html-table"]),
    "tr": lambda: nodes.paragraph(classes=["chapbook-html-row"]),
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), nodes.rubric),
    **dict.fromkeys(
        ("p", "div", "blockquote", "section", "article", "figure", "figcaption", "center"),
        nodes.container,
    ),
}
UNSHOWABLE = {"iframe", "video", "audio", "object", "embed", "canvas", "img", "svg"}
LEFT_OUT = {"script"}  # code, not content: never printed, not even as a note
SILENT = {"style", "noscript"}  # presentation or fallbacks: nothing a reader misses
VOID = {"br", "hr", "img", "wbr", "input", "source", "track", "meta", "link", "col", "area",
        "embed", "param"}  # fmt: skip
#: The URL schemes a book links to; no scheme is a relative link.
SAFE_SCHEMES = {"http", "https", "mailto", "ftp", "tel"}
SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):", re.IGNORECASE)


def unsafe_scheme(url: str) -> str:
    """The scheme of ``url`` if a book must not link to it (``javascript``), else ``""``.

    Browsers ignore spaces, tabs, newlines and control characters in a scheme
    (``java&#9;script:``); so does this check.  Entities are already decoded.
    """
    match = SCHEME.match("".join(char for char in url if char > " "))
    scheme = match.group(1).lower() if match else ""
    return "" if not scheme or scheme in SAFE_SCHEMES else scheme


class Converter(HTMLParser):
    """HTML events -> docutils nodes, appended to the innermost open element."""

    def __init__(self, root: nodes.Element, origin: nodes.Node) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, nodes.Element]] = [("", root)]
        self.origin = origin
        self.skipping = 0

    # -- where text goes ---------------------------------------------------------

    @property
    def top(self) -> nodes.Element:
        return self.stack[-1][1]

    def _inline_parent(self) -> nodes.Element:
        """Text needs a paragraph-like parent; open one when inside a block."""
        top = self.top
        if isinstance(top, nodes.TextElement | nodes.Inline):
            return top
        paragraph = nodes.paragraph()
        top += paragraph
        self.stack.append(("#p", paragraph))
        return paragraph

    def _close_implicit(self) -> None:
        while self.stack[-1][0] == "#p":
            self.stack.pop()

    def _open(self, tag: str, node: nodes.Element, *, inline: bool = False) -> None:
        parent = self._inline_parent() if inline else self._block_parent()
        parent += node
        self.stack.append((tag, node))

    def _block_parent(self) -> nodes.Element:
        self._close_implicit()
        return self.top

    # -- parser callbacks ----------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if self.skipping or tag in SILENT:
            self.skipping += tag not in VOID
            return
        if tag in LEFT_OUT:
            self._left_out(tag)
            return
        if tag in UNSHOWABLE:
            self._unshowable(tag, attributes)
            return
        if tag == "a" and self._site_link(attributes.get("href", "")):
            return
        opened = self._node_for(tag, attributes)
        if opened is not None:
            node, inline = opened
            self._open(tag, node, inline=inline)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            self.skipping -= 1
            return
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        holds_text = isinstance(self.top, nodes.TextElement | nodes.Inline)
        if self.skipping or (not data.strip() and not holds_text):
            return
        if isinstance(self.top, nodes.literal_block):
            self.top += nodes.Text(data)
            return
        self._inline_parent().append(nodes.Text(data))

    # -- mapping -------------------------------------------------------------------

    def _node_for(self, tag: str, attributes: dict[str, str]) -> tuple[nodes.Element, bool] | None:
        """The node a tag opens and whether it is inline; ``None`` keeps only its text."""
        if tag in INLINE:
            return INLINE[tag](), True
        if tag in BLOCKS:
            return BLOCKS[tag](), False
        if tag == "a" and attributes.get("href") and self._followable(attributes["href"]):
            return nodes.reference(refuri=attributes["href"]), True
        if tag in {"td", "th"}:
            if len(self.top.children):
                self._inline_parent().append(nodes.Text(" | "))
            cell = nodes.strong() if tag == "th" else nodes.inline(classes=["chapbook-html-cell"])
            return cell, True
        if tag == "br" and isinstance(self.top, nodes.TextElement):
            self.top += nodes.Text(" ")
        return None  # <span>, <small>, <mark>, ...: their text is kept

    def _site_link(self, href: str) -> bool:
        """Open a site link in raw HTML as Markdown ones are (into the book or to the web)."""
        document = self.origin.document
        env = getattr(document.settings, "env", None) if document else None
        path = site_path(href, base_url=env.config.html_baseurl) if env else None
        if path is None:
            return False
        xref = site_xref(href, path)
        xref.source, xref.line = self.origin.source, self.origin.line
        inner = nodes.inline("", "", classes=["chapbook-link"])
        xref += inner
        self._inline_parent().append(xref)
        self.stack.append(("a", inner))
        return True

    def _followable(self, href: str) -> bool:
        scheme = unsafe_scheme(href)
        if scheme:
            warn(
                f"raw HTML link to a {scheme}: URL left out of the book; its text is kept",
                Warn.BOOK,
                location=self.origin,
            )
        return not scheme

    def _left_out(self, tag: str) -> None:
        warn(f"raw HTML <{tag}> left out of the book: its code is not printed", Warn.BOOK,
             location=self.origin)  # fmt: skip
        self.skipping += 1

    def _unshowable(self, tag: str, attributes: dict[str, str]) -> None:
        source = attributes.get("src") or attributes.get("data") or attributes.get("href") or ""
        source = "" if unsafe_scheme(source) else source
        alt = attributes.get("alt") or attributes.get("title") or ""
        what = f"<{tag}>"
        text = f"[{alt}]" if tag == "img" and alt else f"[{what} {source}]".replace(" ]", "]")
        self._inline_parent().append(nodes.emphasis(text, text))
        warn(
            f"raw HTML {what} cannot be shown in a book; a note naming it is printed instead",
            Warn.BOOK,
            location=self.origin,
        )
        if tag not in VOID:
            self.skipping += 1


def _is_raw_html(node: nodes.Node) -> bool:
    return isinstance(node, nodes.raw) and "html" in node.get("format", "").split()


def convert_children(parent: nodes.Element) -> None:
    """Rebuild ``parent``'s children with its raw HTML converted.

    Markdown between an opening and a closing tag goes inside the element they
    make: a ``<details>`` box holds the paragraphs between ``<details>`` and
    ``</details>``, an ``<a href>`` in a paragraph the words up to ``</a>``.
    """
    if not any(_is_raw_html(child) for child in parent.children):
        return
    inline = isinstance(parent, nodes.TextElement)
    root: nodes.Element = nodes.inline() if inline else nodes.container()
    converter = Converter(root, parent)
    for child in list(parent.children):
        if _is_raw_html(child):
            converter.origin = child
            if not inline:
                converter._close_implicit()
            converter.feed(child.astext())
            continue
        if converter.skipping:
            continue  # Markdown inside a <script>, <style> or unshowable element: its text too
        target = converter.top if inline else converter._block_parent()
        if inline and not isinstance(target, nodes.TextElement | nodes.Inline):
            target = converter._inline_parent()
        target.append(child.deepcopy())
    converter.close()
    for box in root.findall(nodes.admonition):
        if "chapbook-details" in box["classes"] and not (
            box.children and isinstance(box[0], nodes.title)
        ):
            box.insert(0, nodes.title("", _("Details")))
    parent.children = []
    parent.extend(root.children)


class BookHTML(SphinxPostTransform):
    """Turn raw HTML into book content before references are resolved (links inside it)."""

    default_priority = 5
    builders: ClassVar = tuple(sorted(BOOK_BUILDERS))

    def run(self, **kwargs: object) -> None:
        # Reading time is for the web; a book has page numbers.
        for node in list(self.document.findall(nodes.inline)):
            if {"chapbook-reading-time", "chapbook-separator"} & set(node["classes"]):
                node.parent.remove(node)
        parents = {id(n.parent): n.parent for n in self.document.findall(nodes.raw)}
        # Innermost first: a section copies its converted paragraphs, not their raw HTML.
        for parent in sorted(parents.values(), key=_depth, reverse=True):
            if parent is not None:
                convert_children(parent)


def _depth(node: nodes.Element | None) -> int:
    depth = 0
    while node is not None:
        node, depth = node.parent, depth + 1
    return depth


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_post_transform(BookHTML)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

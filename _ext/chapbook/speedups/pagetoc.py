"""The page's contents list as pydata-sphinx-theme makes it, without Beautiful Soup.

The theme's ``generate_toc_html`` parses Sphinx's contents list (``toc``)
with Beautiful Soup on every page to add its classes, picks the part to show
and serialises it: 1.3 ms a page, 1.7 s of a 1,250-post build.  Sphinx writes
that list in a handful of shapes: nested ``<ul>``/``<li>`` with one link each
to a heading of the page.  ``page_toc`` reads exactly those shapes and makes
the theme's result from them, character for character (a test compares it
with the theme's own function on every page of several sites and on made-up
lists with hostile headings); anything else it does not recognise, and the
theme's function does the work as before.  Whichever makes it, each kind of
contents is serialised once a page (``serialised_once``).

Verified against pydata-sphinx-theme 0.20 (its ``generate_toc_html``) with
Sphinx 9.0's contents lists; with any other version, or
``chapbook_speedups = False``, the theme's own function runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from chapbook.builders import is_site_builder
from chapbook.speedups.guard import Shortcut, Verified, install_when_enabled

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sphinx.application import Sphinx

SPEEDUP = Shortcut(
    "pagetoc", (Verified("pydata-sphinx-theme", ">=0.20,<0.21"), Verified("sphinx", ">=9.0,<9.1"))
)
#: The theme's page function giving the in-page contents.
TOC = "generate_toc_html"
THEMES = frozenset({"sphinx_book_theme", "pydata_sphinx_theme"})

#: What Sphinx writes in a page's contents list; anything else is left to the theme.
TOKEN = re.compile(
    r"(?P<open><ul>|<li>)|(?P<close></ul>|</li>)"
    r'|<a class="reference internal" href="(?P<href>#[A-Za-z0-9_-]*)">(?P<text>[^<]*)</a>'
    r"|(?P<space>\n+)"
)
#: The entities docutils writes in text (``encode``), and what each stands for.
ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#64;": "@"}
ENTITY = re.compile("|".join(map(re.escape, ENTITIES)))
#: Beautiful Soup's "minimal" formatter: what it escapes in text.
MINIMAL = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
NAV = ("nav", "section-nav", "flex-column")
ENTRY = ("nav-item", "toc-entry")


@dataclass
class Element:
    tag: str
    children: list[Element | Link | str] = field(default_factory=list)
    level: int | None = None


@dataclass
class Link:
    href: str
    text: str


def page_toc(toc: str, show_toc_level: object) -> tuple[str, int] | None:
    """The theme's ``generate_toc_html()`` for Sphinx's ``toc``: its text and its length.

    ``("", 0)`` when the theme shows no contents; ``None`` when ``toc`` is not
    one of the shapes read here.
    """
    if not isinstance(show_toc_level, int) or isinstance(show_toc_level, bool):
        return None
    root = _parse(toc)
    if root is None:
        return None
    lists = [child for child in root.children if isinstance(child, Element)]
    if len(lists) != 1 or not _levels(lists[0], 1):
        return None
    headings = [li for li in _all(root, "li") if li.level == 1]
    if len(headings) == 1:
        (title,) = headings
        if not any(li.level == 2 for li in _all(title, "li")):
            return "", 0
        found = next(_all(title, "ul"))
        return _html(found, show_toc_level), len(found.children)
    return "".join(_html(child, show_toc_level) for child in root.children), len(root.children)


def _parse(toc: str) -> Element | None:
    root = Element("")
    stack = [root]
    at = 0
    for match in TOKEN.finditer(toc):
        if match.start() != at:
            return None
        at = match.end()
        top = stack[-1]
        if match["open"]:
            tag = match["open"][1:-1]
            if (tag == "li") != (top.tag == "ul"):
                return None
            stack.append(Element(tag))
            top.children.append(stack[-1])
        elif match["close"]:
            if match["close"][2:-1] != top.tag:
                return None
            stack.pop()
        elif match["href"] is not None:
            text = _text(match["text"])
            if top.tag != "li" or top.children or text is None:
                return None
            top.children.append(Link(match["href"], text))
        else:
            top.children.append(match["space"])
    return root if at == len(toc) and len(stack) == 1 else None


def _text(encoded: str) -> str | None:
    """Text as Beautiful Soup writes it again, or ``None`` for an entity docutils never writes."""
    if "&" in ENTITY.sub("", encoded):
        return None
    return ENTITY.sub(lambda m: ENTITIES[m[0]], encoded).translate(MINIMAL)


def _levels(ul: Element, level: int) -> bool:
    """The theme's heading levels: each list's items one deeper than its parent item."""
    ul.level = level
    for li in ul.children:
        if not isinstance(li, Element):
            continue
        if not li.children or not isinstance(li.children[0], Link):
            return False  # the theme would mark a nested item's link instead
        li.level = level
        inner = [child for child in li.children if isinstance(child, Element)]
        if len(inner) > 1 or (inner and not _levels(inner[0], level + 1)):
            return False
    return True


def _all(element: Element, tag: str) -> Iterator[Element]:
    for child in element.children:
        if isinstance(child, Element):
            if child.tag == tag:
                yield child
            yield from _all(child, tag)


def _html(node: Element | Link | str, show_toc_level: int) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, Link):
        return f'<a class="reference internal nav-link" href="{node.href}">{node.text}</a>'
    if node.tag == "ul":
        shown = node.level is not None and node.level <= show_toc_level + 1
        classes = ("pst-show_toc_level", *NAV) if shown else NAV
    else:
        classes = (f"toc-h{node.level}", *ENTRY)
    inner = "".join(_html(child, show_toc_level) for child in node.children)
    return f'<{node.tag} class="{" ".join(classes)}">{inner}</{node.tag}>'


class PageToc(str):
    """The theme's in-page contents as text, with its ``length`` and truth kept.

    pydata-sphinx-theme's ``generate_toc_html`` returns a Beautiful Soup tag,
    which each of the three places a page shows it (the secondary sidebar, its
    emptiness test, the print header) serialises again: 1.5 s of a 1,250-post
    build.  The text is made once; ``length`` stays the tag's number of
    children and a tag is always true, as the templates test them.
    """

    children: int

    def __new__(cls, html: str, children: int) -> PageToc:
        made = super().__new__(cls, html)
        made.children = children
        return made

    def __len__(self) -> int:
        return self.children

    def __bool__(self) -> bool:
        return True


def serialised_once(
    make: Callable[..., Any], context: dict[str, Any] | None = None
) -> Callable[..., Any]:
    """The theme's ``generate_toc_html``, each kind's result serialised once.

    The shown kind is made from Sphinx's ``toc`` without Beautiful Soup when
    ``page_toc`` knows its shape; by the theme otherwise.
    """
    made: dict[str, Any] = {}

    def generate_toc_html(kind: str = "html") -> Any:
        if kind not in made:
            fast = None
            if kind == "html" and context is not None and "toc" in context:
                fast = page_toc(context["toc"], context.get("theme_show_toc_level"))
            if fast is not None:
                html, length = fast
                made[kind] = PageToc(html, length) if html else ""
            else:
                found = make(kind)
                made[kind] = found if isinstance(found, str) else PageToc(str(found), len(found))
        return made[kind]

    return generate_toc_html


def replace(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``, after the theme's handler (500) that adds its function."""
    if not is_site_builder(app.builder) or app.config.html_theme not in THEMES:
        return
    if callable(context.get(TOC)):
        context[TOC] = serialised_once(context[TOC], context)


def install(app: Sphinx) -> None:
    app.connect("html-page-context", replace, priority=501)


def setup(app: Sphinx) -> dict[str, bool]:
    install_when_enabled(app, SPEEDUP, install)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

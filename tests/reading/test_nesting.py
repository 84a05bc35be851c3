"""A post nested deeper than the engines follow: one warning, the deeper part left out.

A thousand ``>``, two hundred nested ``*``, notes in quotes in notes, and
reStructuredText indented a hundred times each exhausted Python's stack
somewhere (markdown-it's tree, MyST's renderer, docutils, pickling the
doctree) and stopped the whole build.  Each post of ``test-nesting`` is now
published with what is deeper than the limits left out and one warning at its
line, in the site and the book alike.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from docutils import nodes
from markdown_it import MarkdownIt
from sphinx.util.docutils import new_document

from chapbook.collecting.state import posts_of
from chapbook.reading import depth
from tests.helpers import article, page, warnings_of

if TYPE_CHECKING:
    from pathlib import Path

    from bs4 import BeautifulSoup

NESTING = "[chapbook.nesting]"
WARNINGS = [
    "deep.rst:104: WARNING: reStructuredText nested more than 50 deep (indented blocks, lists, "
    f"directives, tables); 70 lines from line 104 left out {NESTING}",
    "emphasis.md:6: WARNING: emphasis or links nested more than 20 deep; the deeper markup is "
    f"left out, its text is kept {NESTING}",
    "eval-rst.md:107: WARNING: reStructuredText nested more than 50 deep (indented blocks, "
    f"lists, directives, tables); 70 lines from line 107 left out {NESTING}",
    "lists.md:6: WARNING: block quotes or lists nested more than 20 deep (Markdown's limit); "
    f"what is deeper is left out {NESTING}",
    "notes.md:8: WARNING: nested more than 50 levels deep (quotes, lists, directives, emphasis "
    f"together); what is deeper is left out {NESTING}",
    "quotes.md:6: WARNING: block quotes or lists nested more than 20 deep (Markdown's limit); "
    f"what is deeper is left out {NESTING}",
]

#: The PDF's own limit, lower than what the site shows (``book.frames``): one warning a post.
TEX_FRAMES = "WARNING: a note inside a note, or quotes, lists and notes nested more than 6 deep"
IN_THE_PDF = ["eval-rst.md:21", "lists.md:6", "notes.md:6", "quotes.md:6"]


def deepest(html: BeautifulSoup, tag: str) -> int:
    """How many ``tag`` elements nest at most."""
    return max((len(e.find_parents(tag)) + 1 for e in html.find_all(tag)), default=0)


@pytest.mark.parametrize("builder", ["dirhtml", "latex", "epub"])
@pytest.mark.sphinx("dirhtml", testroot="nesting", freshenv=True)
def test_every_deep_post_is_one_warning_in_every_builder(make_app, app, builder: str) -> None:
    built = app if builder == "dirhtml" else make_app(builder, srcdir=app.srcdir, freshenv=True)
    built.build()
    found = [w for w in warnings_of(built) if "[chapbook." in w]
    framed = sorted(w.split(": ", 1)[0] for w in found if TEX_FRAMES in w)
    assert framed == (IN_THE_PDF if builder == "latex" else [])
    assert [w for w in found if TEX_FRAMES not in w] == WARNINGS
    assert set(posts_of(built.env)) == {"quotes", "lists", "emphasis", "eval-rst", "notes"}


@pytest.mark.sphinx("dirhtml", testroot="nesting", freshenv=True)
def test_the_deeper_part_is_left_out_and_the_rest_published(app) -> None:
    app.build()
    for docname, deepest_text in (("quotes", "The deepest quote"), ("lists", "The deepest item"),
                                  ("notes", "The deepest note")):  # fmt: skip
        body = article(page(app, docname))
        assert "The end is kept." in body.get_text(), docname
        assert deepest_text not in body.get_text(), docname
    quotes = article(page(app, "quotes"))
    assert deepest(quotes, "blockquote") == 19  # the twentieth, emptied, is not written
    assert deepest(article(page(app, "lists")), "ul") == 10  # a list and its item: two levels


@pytest.mark.sphinx("dirhtml", testroot="nesting", freshenv=True)
def test_deep_emphasis_keeps_its_words(app) -> None:
    app.build()
    body = article(page(app, "emphasis"))
    (paragraph,) = [p for p in body.select("p") if "middle" in p.get_text()]
    words = paragraph.get_text().split()
    assert words.count("a") == 3000 and words.count("b") == 3000 and "middle" in words
    assert deepest(body, "em") == 20


@pytest.mark.parametrize("docname", ["eval-rst", "deep.rst"])
@pytest.mark.sphinx("dirhtml", testroot="nesting", freshenv=True)
def test_restructuredtext_keeps_its_first_fifty_levels(app, docname: str) -> None:
    app.build()
    text = article(page(app, docname.removesuffix(".rst"))).get_text()
    assert "Level 50." in text and "Level 51." not in text


# -- the last resort: a RecursionError is one warning, not the end of the build ----------


def deep_copy(app, name: str, text: str) -> Path:
    (app.srcdir / name).write_text(text, encoding="utf-8")
    return app.srcdir / name


@pytest.mark.sphinx("dirhtml", testroot="nesting", freshenv=True)
def test_a_recursion_error_in_markdown_leaves_the_body_out(app, monkeypatch) -> None:
    """Were emphasis not limited, MyST's token tree would exhaust the stack."""
    monkeypatch.setattr(depth, "limit_tokens", lambda state: None)
    app.build()
    assert (
        "emphasis.md:1: WARNING: nested too deep for Python to read; the post's body is left "
        f"out {NESTING}"
    ) in warnings_of(app)
    html = page(app, "emphasis")
    assert article(html).select_one("h1").get_text().rstrip("#¶") == "Emphasis"
    assert "middle" not in article(html).get_text()
    assert "The end is kept." in article(page(app, "quotes")).get_text()


@pytest.mark.sphinx("dirhtml", testroot="nesting", freshenv=True)
def test_a_recursion_error_in_evaluated_restructuredtext_leaves_the_block_out(
    app, monkeypatch
) -> None:
    """Were its lines not counted, docutils would exhaust the stack."""
    monkeypatch.setattr(depth, "rst_trim", lambda text, budget: (text, []))
    levels = "".join("  " * i + f"Level {i + 1}.\n\n" for i in range(1000))
    deep_copy(app, "eval-rst.md", f"---\ntitle: Evaluated\n---\n\n```{{eval-rst}}\n{levels}```\n"
                                  "\nThe end is kept.\n")  # fmt: skip
    app.build()
    assert (
        "eval-rst.md:5: WARNING: directive 'eval-rst': nested too deep for Python to read; it "
        f"is left out {NESTING}"
    ) in warnings_of(app)
    text = article(page(app, "eval-rst")).get_text()
    assert "Level 1." not in text and "The end is kept." in text


# -- one function at a time -------------------------------------------------------------


def tokens(source: str, limit: int = 3) -> list:
    md = MarkdownIt("commonmark", {"maxNesting": limit})
    md.core.ruler.push("chapbook_depth", depth.limit_tokens)
    depth.keep_what_follows(md)
    return md.parse(source)


def texts(found: list) -> list[str]:
    return [t.content for t in found if t.type == "inline"]


def test_a_block_too_deep_is_left_out_and_its_container_noted() -> None:
    found = tokens("> > > > deep\n\nafter\n")
    noted = [(t.type, t.level, t.meta.get(depth.BLOCK_CUT)) for t in found if t.meta]
    assert noted == [("blockquote_open", 2, 3)]
    assert texts(found) == ["after"]
    assert all(not t.meta for t in tokens("> > shallow\n"))  # a paragraph at the limit is kept


@pytest.mark.parametrize(
    "source",
    ["- - - - deep\n\nafter\n", "- a\n  - b\n    - c\n      - deep\n\n        deeper\n\nafter\n"],
)
def test_what_follows_a_list_too_deep_is_kept(source: str) -> None:
    """markdown-it alone skips to the end of the post from a list item too deep."""
    found = tokens(source, limit=4)
    assert texts(found)[-1] == "after"
    assert "deep" not in texts(found) and "deeper" not in texts(found)
    assert [t.type for t in found if t.meta] == ["list_item_open"]


def test_inline_markup_deeper_than_the_limit_keeps_its_text() -> None:
    inline = tokens("*a *b *c *d e* f* g* h*\n")[1]
    assert inline.meta == {depth.INLINE_CUT: 3}
    kinds = [t.type for t in inline.children]
    assert kinds.count("em_open") == kinds.count("em_close") == 3
    assert "".join(t.content for t in inline.children) == "a b c d e f g h"


def test_an_images_alt_text_is_one_level_deeper() -> None:
    inline = tokens("![*a *b *c x* y* z*](p.png)\n")[1]
    (image,) = inline.children
    assert inline.meta == {depth.INLINE_CUT: 3}
    assert [t.type for t in image.children].count("em_open") == 2


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("Para.\n\n  Quote.\n\n    Deeper.\n\nBack.\n", [1, 0, 2, 0, 3, 0, 1]),
        ("- - - item\n", [4]),
        ("1. (a) i) item\n", [4]),
        (".. note:: text\n\n   more\n", [2, 0, 2]),
        ("| a | b |\n", [2]),
        ("+---+\n| x |\n+---+\n", [2, 2, 2]),
        (":field: value\n", [2]),
        ("\tTabbed.\n", [1]),
        ("plain -- text\n", [1]),
    ],
)
def test_restructuredtext_levels_bound_the_nesting_from_above(text: str, levels: list[int]) -> None:
    assert depth.rst_levels(text) == levels


def test_restructuredtext_lines_deeper_than_the_budget_are_blank() -> None:
    text = "Top.\n\n  Quote.\n\n    Deeper.\n\n  Back.\n"
    assert depth.rst_trim(text, 2) == ("Top.\n\n  Quote.\n\n    \u2026\n\n  Back.\n", [5])
    # The first line of each run shows the gap; a directive keeps some content.
    note = ".. note::\n\n   .. note::\n\n      Deep.\n      Deeper.\n"
    assert depth.rst_trim(note, 2) == (".. note::\n\n   \u2026\n\n\n\n", [3, 5, 6])
    assert depth.rst_trim(note, 3) == (note, [])
    assert depth.rst_trim(text, 3) == (text, [])
    assert depth.rst_message(2, [5, 9]) == (
        "reStructuredText nested more than 2 deep (indented blocks, lists, directives, tables); "
        "2 lines from line 5 left out"
    )


def test_the_doctree_loses_what_is_deeper_than_its_limit() -> None:
    document = new_document("test")
    parent: nodes.Element = document
    for level in range(1, 8):
        child = nodes.block_quote()
        child.line = level if level in (1, 3) else None
        child += nodes.Text(f"level {level}")
        parent += child
        parent = child
    assert depth.cut_doctree(document, limit=4) == [3]  # no line at 5 or 4: the one of 3
    assert len(list(document.findall(nodes.block_quote))) == 4
    assert depth.cut_doctree(document, limit=4) == []


def test_one_warning_per_kind_counts_the_other_places(monkeypatch) -> None:
    said: list[tuple[str, object]] = []
    monkeypatch.setattr(depth, "warn", lambda message, subtype, location: said.append(
        (message, location)))  # fmt: skip
    depth.report("post", {"levels": (50, [9, 4, 4, 12]), depth.BLOCK_CUT: (20, []),
                          "doctree": (100, [7])})  # fmt: skip
    assert said == [
        ("nested more than 50 levels deep (quotes, lists, directives, emphasis together); what "
         "is deeper is left out (also at 2 more places)", ("post", 4)),
        ("nested more than 100 elements deep; what is deeper is left out", ("post", 7)),
    ]  # fmt: skip
    assert re.fullmatch(r"\d+", str(depth.MAX_DEPTH))

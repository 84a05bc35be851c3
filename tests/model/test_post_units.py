"""The post record and its reading of the doctree (``chapbook.model.post``), step by step.

The excerpt, publication order and series tests pin the rules; these pin the
record made from a front-matter and a doctree (title as shown, cover, authors),
the ``<!-- more -->`` marker and what counts as the post's own prose.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from chapbook.model import frontmatter, post
from chapbook.model.authors import Author, Profile
from chapbook.model.post import Post

MORE = "<!-- more -->"
#: The title after smart quotes, as the page shows it.
SHOWN = "It\u2019s"


def doctree(*body: nodes.Node, title: str = "A post") -> nodes.document:
    document = new_document("post", get_default_settings(Parser))
    section = nodes.section("", nodes.title("", title))
    section.extend(body)
    document += section
    return document


def para(*parts: str | nodes.Node) -> nodes.paragraph:
    children = [nodes.Text(p) if isinstance(p, str) else p for p in parts]
    return nodes.paragraph("", "", *children)


def more(text: str = MORE, fmt: str = "html") -> nodes.raw:
    return nodes.raw(text, text, format=fmt)


def record(*body: nodes.Node, yaml: str = "", **kwargs: object) -> Post:
    fm = frontmatter.read(f"---\ntitle: \"It's\"\ndate: '2024-01-02'\n{yaml}\n---\n\nBody.\n")
    return post.record("p/index", fm, doctree(*body, title=SHOWN), **kwargs)  # type: ignore[arg-type]


# -- the record -----------------------------------------------------------------------------


def test_a_record_copies_the_front_matter_and_reads_the_doctree() -> None:
    made = record(
        para("First ", "paragraph."), para("Second."),
        yaml="tags: [a, b]\norder: 3\naliases: [/old]\ndescription: Said.\nauthor: Ann Lee\n"
             "extra_key: x",
    )  # fmt: skip
    assert made.docname == "p/index"
    assert made.title == SHOWN  # as the page shows it
    assert (made.date, made.order, made.tags, made.aliases) == (
        dt.date(2024, 1, 2), 3, ("a", "b"), ("/old",))  # fmt: skip
    assert (made.description, made.excerpt, made.summary) == ("Said.", "First paragraph.", "Said.")
    assert made.preview == ("First paragraph.", "Second.")
    assert made.authors == (Author("ann lee", "Ann Lee"),)
    assert made.extra["extra_key"] == "x"
    assert made.lines["tags"] == 4
    assert (made.cover, made.cover_alt, made.cover_size) == ("", "", None)


def test_authors_are_matched_to_the_people_of_the_site() -> None:
    people = {"ann": Profile("ann", "Ann Lee", "https://ann.org/", "")}
    assert record(yaml="author: Ann Lee", people=people).authors == (Author("ann", "Ann Lee"),)


def test_the_summary_is_the_excerpt_without_a_description() -> None:
    assert record(para("Own words.")).summary == "Own words."


def test_a_title_the_page_does_not_show_is_the_front_matters() -> None:
    fm = frontmatter.read("---\ntitle: Written\ndate: '2024-01-02'\n---\n")
    empty = new_document("post", get_default_settings(Parser))
    assert post.record("p", fm, empty).title == "Written"  # type: ignore[arg-type]
    empty += nodes.section()
    assert post.record("p", fm, empty).title == "Written"  # type: ignore[arg-type]


def test_the_cover_is_the_image_of_the_cover_class() -> None:
    other = nodes.image(uri="a.png", alt="not it")
    cover = nodes.image(uri="c.png", alt="A bird", classes=["x", post.COVER],
                        chapbook_cover="covers/c.png", chapbook_size=[640, 480])  # fmt: skip
    made = record(para(other), cover)
    assert (made.cover, made.cover_alt, made.cover_size) == ("covers/c.png", "A bird", (640, 480))
    bare = nodes.image(uri="c.png", classes=[post.COVER], chapbook_cover="https://x.org/c.png")
    made = record(bare)
    assert (made.cover, made.cover_alt, made.cover_size) == ("https://x.org/c.png", "", None)


# -- order keys ------------------------------------------------------------------------------


def dated(
    docname: str, day: dt.date | None, when: str | None = None, order: int | None = None
) -> Post:
    return Post(docname=docname, title=docname, date=day, datetime=when, description="",
                excerpt="", order=order, tags=(), popular=False, popularity=None)  # fmt: skip


def test_the_keys_of_publication_order() -> None:
    assert post.day_key(dated("a", None)) == (dt.date.min, "")
    assert post.day_key(dated("a", dt.date(2024, 1, 2), "2024-01-02T10:00")) == (
        dt.date(2024, 1, 2), "2024-01-02T10:00")  # fmt: skip
    assert post.order_key(dated("a", None)) == -math.inf
    assert post.order_key(dated("a", None, order=0)) == 0
    assert post.order_key(dated("a", None, order=-5)) == -5


def test_a_time_of_day_orders_posts_of_one_day() -> None:
    day = dt.date(2024, 1, 2)
    posts = [dated("late", day, "2024-01-02T18:00"), dated("early", day, "2024-01-02T08:00"),
             dated("undated", None)]  # fmt: skip
    assert post.publication_ranks(posts) == {"undated": 0, "early": 1, "late": 2}
    assert [p.docname for p in post.publication_order(posts)] == ["undated", "early", "late"]


def test_ordered_posts_of_one_order_go_by_date_then_time() -> None:
    posts = [dated("b", dt.date(2024, 1, 3), order=1), dated("a", dt.date(2024, 1, 2), order=1),
             dated("c", dt.date(2024, 1, 2), "2024-01-02T09:00", order=1),
             dated("z", dt.date(2020, 1, 1), order=2)]  # fmt: skip
    assert post.publication_ranks(posts) == {"a": 0, "c": 1, "b": 2, "z": 3}


def test_a_post_without_order_comes_before_an_ordered_one_of_the_same_day() -> None:
    day = dt.date(2024, 1, 2)
    posts = [
        dated("ordered", day, order=1),
        dated("plain", day),
        dated("later", dt.date(2025, 1, 1)),
    ]
    assert post.publication_ranks(posts) == {"plain": 0, "ordered": 1, "later": 2}


def test_the_sort_key_breaks_ties_by_title_then_docname() -> None:
    day = dt.date(2024, 1, 2)
    posts = [dated("b", day), dated("a", day)]
    key = post.publication_key(posts)
    assert key(posts[0]) == (0, "b", "b")
    assert post.series_order([dated("b", day), dated("a", day)], {"a": 0, "b": 0})[0].docname == "a"


def test_a_series_order_of_zero_is_a_number() -> None:
    day = dt.date(2024, 1, 2)
    parts = [dated("none", day), Post(**{**dated("zero", day).__dict__, "series_order": 0}),
             Post(**{**dated("one", day).__dict__, "series_order": 1})]  # fmt: skip
    ranks = {"none": 0, "zero": 2, "one": 1}  # by number first, not by rank
    assert [p.docname for p in post.series_order(parts, ranks)] == ["zero", "one", "none"]


# -- the more marker -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("node", "found"),
    [(more(), True), (more("<!--more-->"), True), (more("  <!--  MORE  -->\n"), True),
     (more(fmt="latex html"), True), (more(fmt="latex"), False), (more(fmt=""), False),
     (more("<!-- more --> x"), False), (more("<!-- nore -->"), False),
     (nodes.comment(MORE, MORE), False), (nodes.Text(MORE), False)],
)  # fmt: skip
def test_what_is_the_more_marker(node: nodes.Node, found: bool) -> None:
    assert post.is_more(node) is found


def test_the_marker_in_the_header_does_not_count() -> None:
    header = nodes.container(classes=["chapbook-post-meta"])
    header += more()
    body = more()
    document = doctree(header, para("Above."), body, para("Below."))
    assert post.more_marker(document) is body
    assert post.more_marker(doctree(header.deepcopy(), para("x"))) is None
    post.drop_more_markers(document)
    assert not any(post.is_more(n) for n in document.findall(nodes.raw))
    assert [n.astext() for n in document.findall(nodes.paragraph)] == ["Above.", "Below."]


def test_the_text_above_the_marker_is_the_excerpt_and_the_preview() -> None:
    document = doctree(para("One."), para("Two ", nodes.emphasis("", "words"), "."), more(),
                       para("Three."))  # fmt: skip
    assert post.excerpt(document) == "One. Two words."
    assert post.preview(document) == ("One.", "Two words.")
    assert post.excerpt(document, marker=None) == "One."


def test_a_marker_inside_a_paragraph_cuts_it() -> None:
    inner = more()
    document = doctree(para("One."), para("Before ", nodes.strong("", "it"), inner, " after."),
                       para("Three."))  # fmt: skip
    assert post.excerpt(document) == "One. Before it"
    assert post.preview(document) == ("One.", "Before it")
    deep = more()
    document = doctree(para("Kept ", nodes.emphasis("", "", nodes.Text("in"), deep), " gone"),
                       para("Gone."))  # fmt: skip
    assert post.excerpt(document) == "Kept"


def test_a_marker_before_any_text_gives_nothing() -> None:
    assert post.excerpt(doctree(more(), para("Below."))) == ""
    assert post.preview(doctree(more(), para("Below."))) == ()


def test_without_a_marker_the_preview_reaches_the_word_count() -> None:
    document = doctree(para("one two three"), para("four five"), para("six"), para("seven"))
    assert post.preview(document, words=3) == ("one two three",)
    assert post.preview(document, words=4) == ("one two three", "four five")
    assert post.preview(document, words=5) == ("one two three", "four five")
    assert post.preview(document, words=6) == ("one two three", "four five", "six")
    assert post.preview(doctree()) == ()
    assert post.excerpt(doctree()) == ""


def test_the_excerpt_cut_is_near_the_length() -> None:
    text = "a" * 10 + " " + "b" * 10
    assert post.excerpt(doctree(para(text)), length=21) == text
    assert post.excerpt(doctree(para(text)), length=20) == "a" * 10 + "…"


def test_notes_images_and_raw_text_are_not_prose() -> None:
    paragraph = para("Text", nodes.footnote_reference("1", "1"), " ", nodes.image(alt="alt"),
                     nodes.raw("<b>", "<b>", format="html"), "  more\n text.")  # fmt: skip
    assert post.excerpt(doctree(paragraph)) == "Text more text."


@pytest.mark.parametrize(
    "outside",
    [
        nodes.docinfo,
        nodes.field_list,
        nodes.footnote,
        nodes.admonition,
        nodes.sidebar,
        nodes.note,  # every admonition box, not only {admonition}
        nodes.warning,
    ],
)
def test_paragraphs_outside_the_body_are_skipped(outside: type[nodes.Element]) -> None:
    box = outside()
    box += nodes.container("", para("Not the body."))
    assert post.excerpt(doctree(box, para("The body."))) == "The body."
    assert post.preview(doctree(box.deepcopy(), more(), para("x"))) == ()


def test_empty_paragraphs_are_skipped() -> None:
    assert post.excerpt(doctree(para(" "), para(nodes.image(alt="x")), para("Text."))) == "Text."
    marked = doctree(para(" "), para("Text."), more())
    assert post.preview(marked) == ("Text.",)


def test_the_doctree_is_not_changed_by_reading_it() -> None:
    paragraph = para("Text", nodes.footnote_reference("1", "1"), more(), " after")
    document = doctree(paragraph)
    post.excerpt(document)
    post.preview(document)
    assert len(paragraph.children) == 4


# -- edges found by mutation testing ---------------------------------------------------------


def test_the_merge_yields_each_post_once() -> None:
    """Read at most a few more than there are: a merge that repeats a post never ends."""
    day = dt.date(2024, 1, 2)
    plain = [dated("a", day), dated("b", dt.date(2024, 1, 3)), dated("c", dt.date(2024, 1, 4))]
    ordered = [dated("x", day, order=1), dated("y", day, order=2), dated("z", day, order=3)]
    for posts in (plain, ordered, plain + ordered):
        merged = list(itertools.islice(post._merged(posts), len(posts) + 2))
        assert sorted(p.docname for p in merged) == sorted(p.docname for p in posts)


def test_the_record_reads_up_to_the_marker() -> None:
    made = record(para("One."), para("Two."), more(), para("Three."))
    assert (made.excerpt, made.preview) == ("One. Two.", ("One.", "Two."))


def test_the_shown_title_is_the_first_sections_after_anything_else() -> None:
    fm = frontmatter.read("---\ntitle: Written\ndate: '2024-01-02'\n---\n")
    document = new_document("post", get_default_settings(Parser))
    document += nodes.target(ids=["top"])
    document += nodes.section("", nodes.title("", "Shown"))
    assert post.record("p", fm, document).title == "Shown"  # type: ignore[arg-type]


def test_the_cut_keeps_a_last_word_ending_in_x() -> None:
    assert post.excerpt(doctree(para("aaaX bbbb cccc")), length=6) == "aaaX…"


def test_raw_text_without_a_format_is_no_marker() -> None:
    assert post.is_more(nodes.raw(MORE, MORE)) is False

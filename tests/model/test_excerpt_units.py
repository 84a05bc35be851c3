"""A post's excerpt without a ``<!-- more -->`` marker: the first paragraph, cut at a word."""

from __future__ import annotations

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from chapbook.model.post import excerpt


def doctree(*paragraphs: str) -> nodes.document:
    document = new_document("post", get_default_settings(Parser))
    section = nodes.section("", nodes.title("", "A post"))
    section.extend(nodes.paragraph("", text) for text in paragraphs)
    document += section
    return document


#: Words of nine characters and a space: the 95th character is in the middle of the tenth.
LONG = " ".join(f"word{n:05d}" for n in range(30))


def test_a_long_first_paragraph_is_cut_after_a_whole_word() -> None:
    shown = excerpt(doctree(LONG, "The second paragraph."), length=95)
    assert shown.endswith("…")
    kept = shown.removesuffix("…")
    assert kept == " ".join(f"word{n:05d}" for n in range(9))  # 89 characters, not 95


def test_the_cut_drops_the_punctuation_left_before_it() -> None:
    shown = excerpt(doctree("First, second; third: fourth and the rest of it."), length=22)
    assert shown == "First, second; third…"


def test_a_short_first_paragraph_is_kept_whole() -> None:
    assert excerpt(doctree("Short and sweet.", "Not this one.")) == "Short and sweet."

"""The table of front-matter keys: the record, the post and the docs follow it, a row adds a key."""

from __future__ import annotations

import dataclasses

from chapbook.model import frontmatter
from chapbook.model.frontmatter import fields, kinds
from chapbook.model.frontmatter.key import Key
from chapbook.model.post import Post
from chapbook.trust.controls import one_line, strip_controls

#: What ``model.post.record`` reads from the doctree, the configuration or the reading,
#: never from a row of the table.
FROM_ELSEWHERE = {
    "docname", "excerpt", "preview", "cover", "cover_alt", "cover_size", "authors", "extra",
    "lines",
}  # fmt: skip


def test_every_post_field_is_a_row_of_the_table_or_read_elsewhere() -> None:
    posted = set(fields.POST_ATTRS)
    names = {f.name for f in dataclasses.fields(Post)}
    assert posted <= names, f"add to Post: {sorted(posted - names)}"
    assert names - posted == FROM_ELSEWHERE, "a Post field no row of KEYS fills"


def test_the_record_has_an_attribute_for_every_value_of_the_table() -> None:
    names = [f.name for f in dataclasses.fields(frontmatter.FrontMatter)]
    assert names[-len(fields.attributes()) :] == [a.name for a in fields.attributes()]
    assert {"date", "datetime", "tags", "tag_counts", "authors"} <= set(names)
    assert "author" not in names  # ``author`` and ``authors`` fill one attribute


def test_known_keys_come_from_the_table() -> None:
    assert {key.name for key in fields.KEYS} == frontmatter.KNOWN_KEYS
    assert {"author", "authors"} == frontmatter.NOT_FOR_MYST
    assert {"series", "series_order", "myst", "orphan"} <= frontmatter.KNOWN_KEYS
    assert "series" not in frontmatter.MODEL_KEYS  # kept in ``extra`` for templates


def test_every_key_has_a_line_of_help() -> None:
    assert [key.name for key in fields.KEYS if not key.help.strip()] == []


def test_a_new_key_is_one_row() -> None:
    """The CONTRIBUTING.md example: a ``subtitle``, one line of text of at most 200 characters."""
    row = Key("subtitle", kinds.NAME, "a line under the title", limit=200)
    table = (*fields.KEYS, row)
    record = fields.record_class(table)
    fm = record(data={"title": "T", "date": "2024-01-01", "subtitle": " A \x01 line "})
    fields.validate(fm, table)
    assert (fm.title, fm.subtitle, fm.extra) == ("T", "A line", {})
    assert [p.message for p in fm.problems] == [
        "front-matter 'subtitle': control characters removed"
    ]
    long = record(data={"subtitle": "x" * 201}, lines={"subtitle": 4})
    fields.validate(long, table)
    assert long.subtitle is None
    assert [(p.line, p.message) for p in long.problems] == [
        (4, "front-matter 'subtitle': too long (201 characters, at most 200)")
    ]


def test_a_date_key_fills_the_day_and_its_written_time() -> None:
    fm = frontmatter.read("---\ntitle: T\ndate: 2024-01-02 10:30:00+02:00\n---\n")
    assert (str(fm.date), fm.datetime) == ("2024-01-02", "2024-01-02T10:30:00+02:00")


# -- control characters: one rule ---------------------------------------------------


def test_control_characters_are_stripped_tabs_and_line_breaks_kept() -> None:
    assert strip_controls("a\x00b\x08\tc\nd\re\x0bf\x7f\x85g\ufffeh\x9f") == "ab\tc\nd\refgh"
    text = "plain \u200d text"  # a zero-width joiner (emoji sequences) is text, not a control
    assert strip_controls(text) is text


def test_a_configured_name_is_one_line_of_printable_text() -> None:
    assert one_line("  Ada\u200b \x01Lovelace\n\tjr ") == "Ada Lovelace jr"

"""The front-matter model on its own: decoding, validation, hostile input."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from chapbook.model import frontmatter
from chapbook.model.frontmatter import loading

if TYPE_CHECKING:
    import pytest


def read(yaml_text: str) -> frontmatter.FrontMatter:
    return frontmatter.read(f"---\n{yaml_text}\n---\n\nBody.\n")


def messages(fm: frontmatter.FrontMatter) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in fm.problems]


def test_the_real_format_decodes_with_types() -> None:
    fm = read(
        "title: Surprising results\ndescription:\norder: 91\ndate: '2025-06-01'\n"
        'tags: ["ai", "explainers", "deepseek"]\npopular: true\n'
        "popularity: {score: 873, views: 10}\nseries: x"
    )
    assert fm.problems == []
    assert fm.is_post
    assert fm.title == "Surprising results"
    assert fm.date == dt.date(2025, 6, 1)
    assert fm.datetime == "2025-06-01"
    assert fm.description == ""
    assert fm.order == 91
    assert fm.tags == ("ai", "explainers", "deepseek")
    assert fm.popular is True
    assert fm.popularity == {"score": 873, "views": 10}
    assert fm.extra == {"series": "x"}
    assert "description" not in frontmatter.myst_data(fm)  # never the string 'null'


def test_dates_with_time_and_offset() -> None:
    assert read("title: t\ndate: 2025-06-01 10:30:00+02:00").datetime == "2025-06-01T10:30:00+02:00"
    assert read("title: t\ndate: '2025-06-01T10:30Z'").datetime == "2025-06-01T10:30:00+00:00"
    assert read("title: t\ndate: 2025-06-01").date == dt.date(2025, 6, 1)


def test_tags_as_comma_separated_string_and_case_duplicates() -> None:
    fm = read("title: t\ndate: 2025-01-01\ntags: ai, Deep  Learning, AI, 2024")
    assert fm.tags == ("ai", "Deep Learning", "2024")
    assert fm.tag_counts == (2, 1, 1)  # as the old site's related post counted them
    assert read("title: t\ndate: 2025-01-01\ntags: [a, b]").tag_counts == ()


def test_a_tag_may_hold_a_comma_in_a_list() -> None:
    assert read('title: t\ndate: 2025-01-01\ntags: ["a, b", c]').tags == ("a, b", "c")


def test_every_problem_is_reported_with_its_line() -> None:
    fm = read("title: [a]\ndate: yesterday\ntags: {a: 1}\norder: x\ndraft: maybe")
    assert messages(fm) == [
        (2, "front-matter 'title': expected text, got a list"),
        (3, "front-matter 'date': 'yesterday' is not a date (YYYY-MM-DD)"),
        (5, "front-matter 'order': 'x' is not a whole number"),
        (4, "front-matter 'tags': expected a list or a comma-separated string, got a mapping"),
        (
            6,
            "front-matter 'draft': expected true or false, got 'maybe'; it may mean true",
        ),
    ]
    assert not fm.is_post
    assert frontmatter.myst_data(fm) == {}


def test_invalid_yaml_names_its_line() -> None:
    fm = read("title: ok\ndate: 2025-01-01\n  bad: indent")
    assert messages(fm) == [
        (4, "front-matter is not valid YAML: mapping values are not allowed in this context")
    ]


def never_called(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[str]:
    """Replace ``owner.name`` by a stand-in that counts its calls and does nothing.

    Only the name is recorded: the arguments (a bomb's YAML nodes) would take
    forever to print in a failure message.
    """
    calls: list[str] = []
    monkeypatch.setattr(owner, name, lambda *args, **kwargs: calls.append(name))
    return calls


def test_alias_bomb_is_refused_before_anything_expands(monkeypatch: pytest.MonkeyPatch) -> None:
    # 9**12 values once expanded: refused by counting nodes, never by building
    # them.  Counting calls, not seconds, keeps the test as fast machine or slow.
    constructed = never_called(monkeypatch, loading, "construct")
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 12):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    fm = read("\n".join(lines))
    assert constructed == []
    assert messages(fm) == [
        (2, "front-matter expands to more than 10000 values (through aliases?); it is ignored")
    ]


def test_huge_title_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = never_called(monkeypatch, loading.yaml, "compose")
    fm = read("title: " + "x" * 100_000 + "\ndate: 2025-01-01")
    assert parsed == []
    assert messages(fm) == [(1, "front-matter is too large (100024 bytes, at most 65536)")]
    monkeypatch.undo()
    long = read("title: " + "x" * 600 + "\ndate: 2025-01-01")
    assert messages(long) == [(2, "front-matter 'title': too long (600 characters, at most 500)")]


def test_deep_nesting_is_refused() -> None:
    fm = read("title: t\nx: " + "[" * 50 + "]" * 50)
    assert messages(fm) == [(2, "front-matter is nested too deeply (at most 20 levels)")]


def test_no_front_matter_and_unclosed_block() -> None:
    assert not frontmatter.read("# Just a heading\n").present
    unclosed = frontmatter.read("---\ntitle: never closed\ndraft: true\n\nBody.\n")
    assert (unclosed.present, unclosed.readable) == (True, False)  # not published

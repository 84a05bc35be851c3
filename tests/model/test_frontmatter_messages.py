"""Every front-matter problem, word for word, with its line and what is kept.

A writer fixes a post from the warning alone: the key, the line, what was
found (shortened past 40 characters) and what happens to the value.  Each
case below is one kind of problem; a change to a message, a line number or
the value kept fails here (mutation testing found messages no test read).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from chapbook.model import frontmatter


def read(yaml_text: str) -> frontmatter.FrontMatter:
    return frontmatter.read(f"---\n{yaml_text}\n---\n\nBody.\n")


def messages(fm: frontmatter.FrontMatter) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in fm.problems]


T = "title: t\ndate: 2025-01-01\n"  # lines 2 and 3: a post's first lines


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        pytest.param(
            T + "description: [1]\nseries: {a: 1}\ntags: 3\naliases: {a: b}\npopularity: [1]",
            [
                (4, "front-matter 'description': expected text, got a list"),
                (5, "front-matter 'series': expected text, got a mapping"),
                (6, "front-matter 'tags': expected a list or a comma-separated string, got a number"),
                (8, "front-matter 'popularity': expected a mapping (such as 'score: 873'), got a list"),
                (7, "front-matter 'aliases': expected a list of paths, got a mapping"),
            ],
            id="kinds",
        ),
        pytest.param(
            T + "description: true\nseries: 2025-01-02\ntags: [[1], {a: 1}, null, true, 2025-01-01]",
            [
                (4, "front-matter 'description': expected text, got true/false"),
                (5, "front-matter 'series': expected text, got a date"),
                (6, "front-matter 'tags': item 1 is a list, not text; ignored"),
                (6, "front-matter 'tags': item 2 is a mapping, not text; ignored"),
                (6, "front-matter 'tags': item 3 is nothing, not text; ignored"),
                (6, "front-matter 'tags': item 4 is true/false, not text; ignored"),
                (6, "front-matter 'tags': item 5 is a date, not text; ignored"),
            ],
            id="more-kinds",
        ),
        pytest.param(
            "title: t\ndate: " + "9" * 60 + "x\norder: " + "y" * 41 + "\nseries_order: "
            + "z" * 40 + "\ndraft: [a]",
            [
                (3, "front-matter 'date': '9999999999999999999999999999999999999...' is not a date (YYYY-MM-DD)"),
                (4, "front-matter 'order': 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy...' is not a whole number"),
                (5, "front-matter 'series_order': 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz' is not a whole number"),
                (
                    6,
                    "front-matter 'draft': expected true or false, got \"['a']\"; "
                    "it may mean true",
                ),
            ],
            id="long-values-shortened-past-40",
        ),
        pytest.param("title:\ndate: 2025-01-01", [(2, "front-matter 'title': is empty")], id="null-title"),
        pytest.param("title: '  '\ndate: 2025-01-01", [(2, "front-matter 'title': is empty")], id="blank-title"),
        pytest.param(
            'title: "a\\x01b"\ndate: 2025-01-01\ndescription: "x\\x02"',
            [
                (2, "front-matter 'title': control characters removed"),
                (4, "front-matter 'description': control characters removed"),
            ],
            id="escaped-controls",
        ),
        pytest.param("title: a\x01b\ndate: 2025-01-01", [(2, "front-matter: control characters removed")], id="raw-controls"),
        pytest.param(
            T + 'tags: ["ok", "b\\x01ad"]', [(4, "front-matter 'tags': item 2: control characters removed")], id="tag-controls"
        ),
        pytest.param(
            T + "tags: [" + "x" * 501 + "]", [(4, "front-matter 'tags': item 1 is too long (501 characters); ignored")], id="tag-too-long"
        ),
        pytest.param(
            T + "1: one\n[a]: b",
            [(4, "front-matter key 1 is not text; ignored"), (5, "front-matter key ['a'] is not text; ignored")],
            id="keys-not-text",
        ),
        pytest.param(
            T + "title: u", [(4, "front-matter 'title' is given twice (lines 2 and 4); the last one is used")], id="twice"
        ),
        pytest.param("- a\n- b", [(2, "front-matter is not a mapping of keys to values (a list)")], id="a-list"),
        pytest.param("just text", [(2, "front-matter is not a mapping of keys to values (a single value)")], id="a-value"),
        pytest.param(
            "title: t\ndate: [2025-01-01\ntags: a",
            [(3, "front-matter is not valid YAML: while parsing a flow sequence on this line, did not find expected ',' or ']'")],
            id="unclosed-bracket-names-where-it-opened",
        ),
        pytest.param(
            'title: "t\ndate: 2025-01-01',
            [(2, "front-matter is not valid YAML: while scanning a quoted scalar on this line, found unexpected end of stream")],
            id="unclosed-quote",
        ),
        pytest.param("date: 2025-01-01", [(1, "front-matter has a 'date' but no 'title': this page is not published as a post")], id="no-title"),
        pytest.param("title: t\ntags: [a]\norder: 3", [(3, "front-matter 'tags' without a 'date': this page is not published as a post (no listing, tag page or feed shows it)")], id="post-without-date"),
        pytest.param("title: t\ndate: 2024-02-30", [(3, "front-matter 'date': '2024-02-30' is not a date (YYYY-MM-DD)")], id="impossible-date"),
        pytest.param("title: t\ndate: '2025-01-01 25:61'", [(3, "front-matter 'date': '2025-01-01 25:61' is not a date (YYYY-MM-DD)")], id="impossible-time"),
        pytest.param("title: t\ndate: 20250101", [(3, "front-matter 'date': '20250101' is not a date (YYYY-MM-DD)")], id="date-as-number"),
        pytest.param(T + "popularity: {score: abc, views: 3}", [(4, "front-matter 'popularity': 'score' 'abc' is not a number")], id="score-text"),
        pytest.param(T + "popularity: {score: .inf}", [(4, "front-matter 'popularity': 'score' 'inf' is not a number")], id="score-infinite"),
        pytest.param(T + "tags: !!omap [{x: 1}]", [(4, "front-matter 'tags': item 1 is a YAML tuple, not text; ignored")], id="tags-omap"),
        pytest.param(T + "popularity: {score: 1" + "0" * 400 + "}", [(4, "front-matter 'popularity': 'score' '1000000000000000000000000000000000000...' is not a number")], id="score-past-float"),
        pytest.param(
            T + "aliases: ['/ok/', '//evil', '/a/../b', 3, '', 'rel/x', '/a%2e%2e/', '/%2e%2e/x']",
            [
                (4, "front-matter 'aliases': item 2 '//evil' is not a path on this site"),
                (4, "front-matter 'aliases': item 3 '/a/../b' is not a path on this site"),
                (4, "front-matter 'aliases': item 4 '3' is not a path on this site"),
                (4, "front-matter 'aliases': item 5 '' is not a path on this site"),
                (4, "front-matter 'aliases': item 6 'rel/x' is not a path on this site"),
                (4, "front-matter 'aliases': item 8 '/%2e%2e/x' is not a path on this site"),
            ],
            id="aliases",
        ),
        pytest.param(T + "order: '12'\nseries_order: 1.5", [(5, "front-matter 'series_order': '1.5' is not a whole number")], id="orders"),
        pytest.param(T + "order: true", [(4, "front-matter 'order': 'True' is not a whole number")], id="order-true"),
    ],
)  # fmt: skip
def test_each_problem_word_for_word(yaml_text: str, expected: list[tuple[int, str]]) -> None:
    assert messages(read(yaml_text)) == expected


@pytest.mark.parametrize(
    ("yaml_text", "field", "value"),
    [
        ("title: 2025\ndate: 2025-01-01", "title", "2025"),
        (T + "description: 1.5", "description", "1.5"),
        (T + "tags: [1, 2.5, 'a, b', ' A,  b ']", "tags", ("1", "2.5", "a, b")),
        (T + "tags: 'x,  y , X'", "tags", ("x", "y")),
        (T + 'tags: ["ok", "b\\x01ad"]', "tags", ("ok", "bad")),
        (T + "draft: ' Yes '\npopular: 'off'", "draft", True),
        (T + "popular: ON", "popular", True),
        (T + "popular: ''", "popular", False),
        (T + "order: '12'", "order", 12),
        (T + "order: -3", "order", -3),
        (T + "popularity: {score: '12.5'}", "popularity", {"score": 12.5}),
        (T + "popularity: {score: 7, views: 3}", "popularity", {"score": 7, "views": 3}),
        (T + "popularity: {views: 3}", "popularity", {"views": 3}),
        (T + "popularity: {score: abc, views: 3}", "popularity", {"views": 3}),
        (T + "aliases: /old/", "aliases", ("/old/",)),
        (T + "aliases: [' /a/ ', '/a%2e%2e/']", "aliases", ("/a/", "/a%2e%2e/")),
        ("title: '  a \n  b  '\ndate: 2025-01-01", "title", "a b"),
        ("title: t\ndate: 2025-01-01 10:30", "datetime", "2025-01-01T10:30:00"),
        ("title: t\ndate: '2025-01-01T10:30:00+02:00'", "datetime", "2025-01-01T10:30:00+02:00"),
        ("title: t\ndate: ' 2025-03-04 '", "date", dt.date(2025, 3, 4)),
        (T + "series: ' A  series '\nseries_order: '2'", "series", "A series"),
        (T + "series_order: '2'", "series_order", 2),
    ],
)
def test_what_is_kept(yaml_text: str, field: str, value: Any) -> None:
    fm = read(yaml_text)
    assert getattr(fm, field) == value
    assert fm.is_post


@pytest.mark.parametrize(
    ("yaml_text", "rejected"),
    [
        (T + "description: [1]\ntags: 3", {"description", "tags"}),
        ("title: '  '\ndate: 2025-01-01", {"title"}),
        (T + "order: x\ndraft: maybe", {"order", "draft"}),
        (T + "tags: [[1], ok]", {"tags"}),
        (T + "popularity: {score: .nan}", {"popularity"}),
        (T + "aliases: ['/ok/', '//x']", {"aliases"}),
    ],
)
def test_refused_values_never_reach_myst(yaml_text: str, rejected: set[str]) -> None:
    """Only what passed validation becomes docinfo: a refused value is not half-used."""
    fm = read(yaml_text)
    assert set(fm.rejected) == rejected
    assert not rejected & set(frontmatter.myst_data(fm))

"""The front-matter model's corners, one behaviour a test: what mutation testing found unread.

Each test below kills mutants of ``make mutate MUTATE=frontmatter`` that no
other test noticed: the byte-order mark, a fence that is not on the first
line, the line a problem is reported on, YAML errors of every shape, values
at their limits.  The survivors left are equivalent and listed in CONTRIBUTING.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

from chapbook.model import frontmatter, schedule
from chapbook.model.frontmatter import Block, Problem, loading


def read(yaml_text: str) -> frontmatter.FrontMatter:
    return frontmatter.read(f"---\n{yaml_text}\n---\n\nBody.\n")


def messages(fm: frontmatter.FrontMatter) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in fm.problems]


# -- the block -------------------------------------------------------------------


def test_a_byte_order_mark_before_the_fence_is_skipped() -> None:
    assert frontmatter.split("\ufeff---\ntitle: t\n---\nBody\n") == Block("title: t", 2, 4)


def test_a_fence_below_the_first_line_opens_no_block() -> None:
    assert frontmatter.split("Intro\n---\ntitle: t\n---\n") is None


def test_a_closed_block_is_present() -> None:
    assert read("title: t").present is True


def test_a_block_that_is_not_yaml_is_unreadable() -> None:
    assert read("title: [unclosed").readable is False


# -- control characters ----------------------------------------------------------


def test_control_characters_are_reported_on_their_own_lines() -> None:
    fm = read("title: t\nx: a\x01b\ny: ok\nz: c\x02")
    assert messages(fm) == [
        (3, "front-matter: control characters removed"),
        (5, "front-matter: control characters removed"),
    ]


def test_control_characters_in_the_block_are_removed_not_replaced() -> None:
    assert read("title: t\nx: a\x01b").data["x"] == "ab"


def test_an_escaped_control_character_in_a_title_is_removed() -> None:
    assert read('title: "a\\u0001b"').title == "ab"


# -- YAML errors -----------------------------------------------------------------


def mark(line: int) -> yaml.Mark:
    return yaml.Mark("front-matter", 0, line, 0, None, None)


def test_a_yaml_error_without_text_or_place_is_on_the_first_line() -> None:
    err = yaml.MarkedYAMLError()
    assert loading.yaml_problem(err, 2) == Problem(
        2, "front-matter is not valid YAML: cannot be parsed"
    )


def test_a_context_without_its_place_is_not_named() -> None:
    err = yaml.MarkedYAMLError("while scanning", None, "found a tab", mark(3))
    assert loading.yaml_problem(err, 2) == Problem(5, "front-matter is not valid YAML: found a tab")


def test_a_context_place_without_its_text_is_not_used() -> None:
    err = yaml.MarkedYAMLError(None, mark(1), "found a tab", mark(3))
    assert loading.yaml_problem(err, 2) == Problem(5, "front-matter is not valid YAML: found a tab")


def test_an_unknown_tag_is_reported_on_its_line() -> None:
    assert messages(read("title: t\nx: !foo y")) == [
        (3, "front-matter is not valid YAML: could not determine a constructor for the tag '!foo'")
    ]


def test_deep_nesting_with_the_pure_python_loader_is_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """PyYAML without libyaml recurses once a level: the RecursionError is a problem, not a crash."""
    monkeypatch.setattr(loading, "_Loader", yaml.SafeLoader)
    fm = read("x: " + "[" * 3000)
    assert len(fm.problems) == 1
    assert fm.problems[0].line == 2
    assert fm.problems[0].message.startswith(
        "front-matter is not valid YAML: maximum recursion depth exceeded"
    )


class _FailingLoader(yaml.SafeLoader):
    def construct_object(self, node: Any, deep: bool = False) -> Any:
        raise yaml.YAMLError("no constructor today")


def test_a_yaml_error_without_a_place_while_constructing_is_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(loading, "_Loader", _FailingLoader)
    assert messages(read("title: t")) == [
        (2, "front-matter is not valid YAML: no constructor today")
    ]


def test_an_impossible_date_in_a_list_is_reported_not_dropped_quietly() -> None:
    """Fixed bug: ``tags: [2024-02-30, python]`` used to lose every tag without a word."""
    unreadable = "a value in it cannot be read (day is out of range for month); ignored"
    assert messages(read("title: t\ntags: [2024-02-30, python]")) == [
        (3, f"front-matter 'tags': {unreadable}")
    ]


@pytest.mark.parametrize("value", ["maybe", "[a]", "{x: 1}", "3", "'not yet'"])
def test_a_draft_flag_neither_true_nor_false_keeps_the_post_unpublished(value: str) -> None:
    """Fail closed: ``draft: maybe`` may have meant true."""
    fm = read(f"title: t\ndate: 2025-01-01\ndraft: {value}")
    assert fm.draft is True
    ((line, message),) = messages(fm)
    assert line == 4
    assert message.startswith("front-matter 'draft': expected true or false, got ")
    assert message.endswith("; it may mean true")


def test_a_draft_flag_that_cannot_be_read_keeps_the_post_unpublished() -> None:
    fm = read("title: t\ndate: 2025-01-01\ndraft: [2024-02-30]")
    assert fm.draft is True
    unreadable = "a value in it cannot be read (day is out of range for month)"
    assert messages(fm) == [(4, f"front-matter 'draft': {unreadable}; it may mean true")]


@pytest.mark.parametrize(
    ("value", "draft"), [("true", True), ("no", False), ("'Yes'", True), ("", False)]
)
def test_a_readable_draft_flag_is_read(value: str, draft: bool) -> None:
    fm = read(f"title: t\ndate: 2025-01-01\ndraft: {value}")
    assert (fm.draft, messages(fm)) == (draft, [])


def test_an_unreadable_last_value_of_a_key_given_twice_leaves_none() -> None:
    """The last value is the one used; when it cannot be read, the first does not come back."""
    assert read("title: t\ntags: [a]\ntags: [2024-02-30]").tags == ()


def test_a_problem_of_the_whole_block_is_on_the_fence_line() -> None:
    """Fixed bug: a key named "" lent its line to problems that belong to no key."""
    assert messages(read('"": a\ndate: 2025-01-01')) == [
        (1, "front-matter has a 'date' but no 'title': this page is not published as a post")
    ]


# -- values at their limits --------------------------------------------------------


def test_a_title_of_exactly_the_longest_length_is_kept() -> None:
    title = "a" * frontmatter.MAX_TITLE
    assert read(f"title: {title}").title == title


def test_exactly_the_most_authors_are_kept_without_a_problem() -> None:
    names = [f"a{n}" for n in range(frontmatter.MAX_AUTHORS)]
    assert messages(read(f"title: t\nauthors: [{', '.join(names)}]")) == []


def test_too_many_authors_under_author_are_reported_under_author() -> None:
    names = [f"a{n}" for n in range(frontmatter.MAX_AUTHORS + 1)]
    assert messages(read(f"title: t\nauthor: [{', '.join(names)}]")) == [
        (3, "front-matter 'author': 21 authors, at most 20; the rest are ignored")
    ]


def test_popularity_given_as_text_is_named_text() -> None:
    assert messages(read("title: t\npopularity: high\ndate: 2025-01-01")) == [
        (3, "front-matter 'popularity': expected a mapping (such as 'score: 873'), got text")
    ]


def test_an_empty_cover_is_no_cover_and_no_problem() -> None:
    fm = read("title: t\nimage: ''")
    assert (fm.image, messages(fm)) == (None, [])


def test_a_cover_address_with_a_one_letter_host_is_kept() -> None:
    assert read("title: t\nimage: https://X").image == "https://X"


def test_an_alias_of_one_capital_letter_is_kept() -> None:
    assert read("title: t\naliases: [/X]").aliases == ("/X",)


# -- schedule --------------------------------------------------------------------


def test_a_front_matter_made_in_code_with_a_date_only_is_scheduled_by_its_day() -> None:
    fm = frontmatter.FrontMatter(data={"date": "2030-01-02"}, title="t", date=dt.date(2030, 1, 2))
    assert schedule.is_scheduled(fm, dt.datetime(2030, 1, 1, 12, tzinfo=dt.UTC)) is True


def test_problem_of_is_the_first_problem_about_a_key_or_none() -> None:
    fm = read("title: t\ndate: soon")
    assert fm.problem_of("date") == Problem(
        3, "front-matter 'date': 'soon' is not a date (YYYY-MM-DD)"
    )
    assert fm.problem_of("draft") is None


@pytest.mark.parametrize(
    ("value", "popular", "warned"),
    [("'Yes'", True, False), ("' no '", False, False), ("'3'", False, True)],
)
def test_popular_written_as_text_is_read(value: str, popular: bool, warned: bool) -> None:
    fm = read(f"title: t\ndate: 2025-01-01\npopular: {value}")
    assert fm.popular is popular
    assert bool(messages(fm)) is warned


# -- drafts, whatever the file's shape (fail closed) ---------------------------------------


@pytest.mark.parametrize("end", ["\r\n", "\r"])
def test_front_matter_with_windows_or_old_mac_line_ends_is_read(end: str) -> None:
    """Sphinx reads ``\\r\\n`` and ``\\r`` as line ends: a draft there is a draft here too."""
    source = end.join(["---", "title: t", "date: '2025-01-01'", "draft: true", "---", "", "x"])
    fm = frontmatter.read(source)
    assert (fm.present, fm.draft, fm.lines["draft"]) == (True, True, 4)


@pytest.mark.parametrize("key", ["Draft", "DRAFT"])
def test_a_draft_key_in_capitals_keeps_the_post_unpublished(key: str) -> None:
    fm = read(f"title: t\ndate: 2025-01-01\n{key}: true")
    assert fm.draft is True
    assert messages(fm) == [
        (4, f"front-matter '{key}': read as 'draft' (keys are lower case), it may mean true")
    ]


def test_a_draft_key_given_twice_is_a_draft_if_either_says_so() -> None:
    fm = read("title: t\ndate: 2025-01-01\ndraft: true\ndraft: false")
    assert fm.draft is True
    assert read("title: t\ndate: 2025-01-01\ndraft: false\ndraft: false").draft is False


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        ("+++\ntitle = 't'\ndraft = true\n+++\n\nx\n", 1,
         "front-matter in TOML (between +++ lines) is not read; write it in YAML between --- lines"),
        ("\n\n---\ntitle: t\ndraft: true\n---\n\nx\n", 3,
         "front-matter must start on the first line of the file"),
    ],
)  # fmt: skip
def test_front_matter_myst_would_not_read_is_not_published(
    source: str, line: int, message: str
) -> None:
    """MyST reads front-matter only in YAML on the first line: elsewhere, the draft flag
    would be body text and the post published."""
    fm = frontmatter.read(source)
    assert (fm.present, fm.readable) == (True, False)
    assert messages(fm) == [(line, message)]


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        (" ---\ntitle: t\ndraft: true\n---\n\nx\n", 1,
         "front-matter must open with --- at the start of the line"),
        ("\t---\ntitle: t\ndraft: true\n---\n\nx\n", 1,
         "front-matter must open with --- at the start of the line"),
        ("\u00a0---\ntitle: t\ndraft: true\n---\n\nx\n", 1,
         "front-matter must open with --- at the start of the line"),
        ("<!-- note -->\n---\ntitle: t\ndraft: true\n---\n\nx\n", 2,
         "front-matter must start on the first line of the file"),
    ],
)  # fmt: skip
def test_a_fence_no_reader_takes_is_not_published(source: str, line: int, message: str) -> None:
    """MyST shows such a block as text (its draft: true with it): fail closed."""
    fm = frontmatter.read(source)
    assert (fm.present, fm.readable, messages(fm)) == (True, False, [(line, message)])


@pytest.mark.parametrize(
    "source",
    ["Intro line\n---\nmore\n---\ntext\n", "```yaml\n---\ntitle: t\n---\n```\n",
     "# A page\n\n---\n\ntitle: t\n\n---\n"],
)  # fmt: skip
def test_headings_rules_and_code_that_look_like_fences_are_kept(source: str) -> None:
    fm = frontmatter.read(source)
    assert (fm.present, fm.readable, messages(fm)) == (False, True, [])


CLOSE_WITH_DASHES = "close it with a line of exactly ---"


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        # MyST's Markdown parser hides a block closed by four dashes; Chapbook needs three.
        ("---\ntitle: t\ndraft: true\n----\n\nx\n", 4,
         f"MyST and Chapbook would end the front-matter on different lines: {CLOSE_WITH_DASHES}"),
        ("----\ntitle: t\ndraft: true\n----\n\nx\n", 1,
         "front-matter must open with a line of exactly ---"),
        ("---x\ntitle: t\ndraft: true\n---\n\nx\n", 1,
         "front-matter must open with a line of exactly ---"),
        # An indented fence ends the block for MyST, not for Chapbook.
        ("---\ntitle: t\n  ---\ndraft: true\n---\n\nx\n", 3,
         f"MyST and Chapbook would end the front-matter on different lines: {CLOSE_WITH_DASHES}"),
        # read_topmatter (MyST's settings) ends at any line starting with ---.
        ("---\ntitle: t\n---x\nmyst: {}\n---\n\nx\n", 3,
         f"MyST and Chapbook would end the front-matter on different lines: {CLOSE_WITH_DASHES}"),
        ("---\ntitle: t\ndraft: true\n\nx\n", 1,
         "the front-matter is never closed: end it with a line of exactly ---"),
    ],
)  # fmt: skip
def test_a_block_myst_reads_otherwise_is_not_published(
    source: str, line: int, message: str
) -> None:
    """Where MyST would hide or obey another block than Chapbook reads, the draft flag
    Chapbook sees is not the file's: the file is not published, and the line named."""
    fm = frontmatter.read(source)
    assert (fm.present, fm.readable) == (True, False)
    assert messages(fm) == [(line, message)]


@pytest.mark.parametrize(
    "source",
    ["---\ntitle: t\n---\nx\n", "---  \ntitle: t\n...\t\nx\n", "\ufeff---\ntitle: t\n---\n",
     "---\ntitle: t\n---\n\nText.\n\n---\n\nMore.\n", "---\r\ntitle: t\r\n---\r\nx\r\n"],
)  # fmt: skip
def test_a_block_every_reader_ends_on_the_same_line_is_read(source: str) -> None:
    fm = frontmatter.read(source)
    assert (fm.present, fm.readable, fm.title, messages(fm)) == (True, True, "t", [])


def test_a_rule_between_paragraphs_is_not_taken_for_front_matter() -> None:
    fm = frontmatter.read("# A page\n\nText.\n\n---\n\nMore text.\n")
    assert (fm.present, fm.readable, messages(fm)) == (False, True, [])

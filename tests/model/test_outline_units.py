"""The book outline's smaller rules (``chapbook.model.outline``), one at a time.

``test_outline.py`` reads whole outlines; these pin each rule at its edges:
which lines are headings and items, what an item names, the front-matter's
text values and their limits, ISBN check digits, and the resolved book's parts.
"""

from __future__ import annotations

import pytest

from chapbook.model import outline


def parse(body: str, front: str = "title: T\n") -> outline.Outline:
    return outline.parse(f"---\n{front}---\n{body}")


def problems(parsed: outline.Outline) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in parsed.problems]


# -- the body -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "title"),
    [("# One", "One"), ("## Two ##", "Two"), ("#  Spaced  title  #", "Spaced  title"),
     ("#\tTab", "Tab"), ("# C# notes", "C# notes")],
)  # fmt: skip
def test_headings_start_parts(line: str, title: str) -> None:
    assert [part.title for part in parse(f"{line}\n- /x\n").parts] == [title]


@pytest.mark.parametrize("line", ["### Three", "#NoSpace", " # Indented?", "text # not"])
def test_other_lines_are_no_headings(line: str) -> None:
    parsed = parse(f"{line}\n")
    assert [(part.title, part.intro) for part in parsed.parts] == [(None, (line.strip(),))]


@pytest.mark.parametrize(
    ("line", "target"),
    [("- a", "a"), ("* a", "a"), ("+ a", "a"), ("1. a", "a"), ("12) a", "a"),
     ("  -   a  ", "a"), ("- [T](/a)", "/a"), ("- [T]( </a b> )", "/a b"), ("- []( /a )", "/a"),
     ("- </a/>", "/a/"), ("- < a >", "a"), ("- [T](/a) tail", "[T](/a) tail")],
)  # fmt: skip
def test_list_items_name_posts(line: str, target: str) -> None:
    (part,) = parse(f"{line}\n").parts
    assert [(e.target, e.line) for e in part.entries] == [(target, 4)]


@pytest.mark.parametrize("line", ["-a", "1.a", "a. b", "-"])
def test_other_lines_are_introduction(line: str) -> None:
    (part,) = parse(f"{line}\n").parts
    assert (part.entries, part.intro, part.intro_line) == ((), (line.strip(),), 4)


def test_without_front_matter_the_body_starts_at_the_first_line() -> None:
    parsed = outline.parse("- /a\n\nWords\n  more.\n\n\nLast.\n- /b\n")
    assert parsed.title is None
    (part,) = parsed.parts
    assert [(e.target, e.line) for e in part.entries] == [("/a", 1), ("/b", 8)]
    assert (part.intro, part.intro_line) == (("Words more.", "Last."), 3)


def test_an_item_ends_a_paragraph_of_the_introduction() -> None:
    (part,) = parse("One\n- /a\nTwo\n").parts
    assert part.intro == ("One", "Two")


def test_empty_parts_are_kept_only_with_a_title() -> None:
    parsed = parse("\n\n# A\n# B\nWords.\n")
    assert [(p.title, p.intro, p.entries, p.intro_line) for p in parsed.parts] == [
        ("A", (), (), 0),
        ("B", ("Words.",), (), 8),
    ]
    assert parse("\n\n").parts == []


def test_the_introduction_line_is_its_first_line() -> None:
    (part,) = parse("# A\n\nFirst\nsecond\n\nThird\n").parts
    assert (part.intro, part.intro_line) == (("First second", "Third"), 6)


# -- the front-matter ------------------------------------------------------------------------


def test_numbers_are_text_and_values_are_one_line() -> None:
    parsed = parse("", "title: T\nsubtitle: '  A  sub\ttitle '\nauthor: 42\nedition: 2.5\n"
                   "date: 2025-03-01T10:00:00\n")  # fmt: skip
    assert (parsed.subtitle, parsed.author, parsed.imprint.edition, parsed.date) == (
        "A sub title", "42", "2.5", "2025-03-01")  # fmt: skip
    assert problems(parsed) == []


def test_an_outline_without_values_has_empty_ones() -> None:
    parsed = parse("")
    assert (parsed.title, parsed.subtitle, parsed.author, parsed.date) == ("T", "", "", "")
    assert parsed.imprint == outline.Imprint()
    assert problems(parsed) == []


@pytest.mark.parametrize("value", ["true", "[a]", "{a: 1}"])
def test_a_value_that_is_not_text_is_a_problem(value: str) -> None:
    parsed = parse("", f"title: T\nauthor: x\ndedication: {value}\n")
    assert problems(parsed) == [(4, "outline 'dedication': expected text")]
    assert parsed.imprint.dedication == ()


def test_a_value_too_long_is_a_problem() -> None:
    parsed = parse("", f"title: T\nsubtitle: {'a' * 2000}\nedition: {'b' * 2001}\n")
    assert parsed.subtitle == "a" * 2000
    assert parsed.imprint.edition == ""
    assert problems(parsed) == [(4, "outline 'edition': too long (2001 characters, at most 2000)")]


def test_control_characters_are_taken_out() -> None:
    assert parse("", 'title: T\nauthor: "A\\x07B"\n').author == "AB"


def test_lines_keep_their_breaks_and_drop_blank_ones() -> None:
    assert outline.lines_of(" a  b \n\n  \nc\n") == ("a b", "c")
    assert outline.lines_of("") == ()


@pytest.mark.parametrize(
    ("value", "shown"),
    [("true", True), ("false", False), ("", False), ("yes", True)],
)
def test_show_date_is_a_flag(value: str, shown: bool) -> None:
    parsed = parse("", f"title: T\nshow_date: {value}\n")
    assert parsed.imprint.show_date is shown
    assert problems(parsed) == []


def test_show_date_of_another_type_is_a_problem() -> None:
    parsed = parse("", "title: T\nshow_date: 1\n")
    assert (parsed.imprint.show_date, problems(parsed)) == (
        False, [(3, "outline 'show_date': expected true or false, got 1")])  # fmt: skip


@pytest.mark.parametrize(
    "written",
    ["978-0-306-40615-7", "ISBN 978-0-306-40615-7", "isbn:978-0-306-40615-7",
     "ISBN-13: 978-0-306-40615-7", "ISBN-10 978-0-306-40615-7", "ISBN:   978-0-306-40615-7"],
)  # fmt: skip
def test_an_isbn_is_printed_without_its_prefix(written: str) -> None:
    parsed = parse("", f"title: T\nisbn: '{written}'\n")
    assert (parsed.imprint.isbn, problems(parsed)) == ("978-0-306-40615-7", [])


def test_a_wrong_isbn_is_printed_as_written_with_a_problem() -> None:
    parsed = parse("", "title: T\nisbn: ISBN-12 1\n")
    assert parsed.imprint.isbn == "-12 1"  # "ISBN" taken off, the rest printed
    assert problems(parsed) == [
        (3, "outline 'isbn': '-12 1' is not an ISBN (10 or 13 digits); printed as written")
    ]


@pytest.mark.parametrize(
    ("isbn", "problem"),
    [("0-306-40615-2", None), ("0306406152", None), ("080442957x", None),
     ("0-8044-2957-X", None), ("0-306-40615-3", "check"), ("9780306406157", None),
     ("9780306406156", "check"), ("978030640615", "digits"), ("97803064061570", "digits"),
     ("X306406152", "digits"), ("978030640615X", "digits"), ("0 306\t40615 2", None),
     ("030640615", "digits"), ("0-306-40615_2", "digits"), ("9791234567896", None),
     ("1234567890", "check"), ("0000000000", None), ("123456789X", None)],
)  # fmt: skip
def test_isbn_check_digits(isbn: str, problem: str | None) -> None:
    expected = {
        None: None,
        "check": f"{isbn!r} is not an ISBN (its check digit is wrong)",
        "digits": f"{isbn!r} is not an ISBN (10 or 13 digits)",
    }[problem]
    assert outline.isbn_problem(isbn) == expected


def test_a_problem_without_a_line_is_on_the_first() -> None:
    fm = outline.frontmatter.read("---\ntitle: T\n---\n")
    assert outline._problem(fm, "nowhere", "m") == outline.frontmatter.Problem(
        1, "outline 'nowhere': m"
    )


# -- the resolved book -------------------------------------------------------------------------


def book(*parts: outline.BookPart, **fields: object) -> outline.Book:
    values: dict[str, object] = {"name": "b", "title": "T", "subtitle": "", "author": "A",
                                 "date": "2024-03-01"}  # fmt: skip
    return outline.Book(parts=parts, **{**values, **fields})  # type: ignore[arg-type]


def test_a_book_with_parts() -> None:
    front = outline.BookPart(None, (), ("pre",))
    one = outline.BookPart("One", ("Para *one*.", "Para two."), ("a", "b"))
    two = outline.BookPart("Two", (), ("c",))
    made = book(front, one, two)
    assert made.docnames == ("pre", "a", "b", "c")
    assert made.all_docnames == ("_book", "_book-part-1", "_book-part-2", "pre", "a", "b", "c")
    assert made.has_parts is True
    assert made.front_matter is front
    assert made.titled_parts == (one, two)
    assert made.part_pages == ("_book-part-1", "_book-part-2")
    assert one.markdown == "Para *one*.\n\nPara two."
    assert book(one, front).front_matter is None  # a part without title after the first


def test_a_book_without_parts() -> None:
    whole = outline.BookPart(None, ("Intro.",), ("a",))
    made = book(whole)
    assert (made.has_parts, made.front_matter, made.titled_parts, made.part_pages) == (
        False, None, (), ())  # fmt: skip
    assert made.all_docnames == ("_book", "a")
    empty = book()
    assert (empty.docnames, empty.front_matter, empty.has_parts) == ((), None, False)


def test_the_byline_and_the_copyright_line() -> None:
    assert book(title="Ada  Quill", author="ada quill").byline == ""
    assert book(author="").byline == ""
    assert book(date="2024", author="").copyright == ("\u00a9 2024",)
    assert book(date="20", author="B").copyright == ("\u00a9 20 B",)


# -- edges found by mutation testing ---------------------------------------------------------


def test_the_front_matters_own_problems_are_the_outlines() -> None:
    parsed = parse("- /a\n", "title: [a]\n")
    assert parsed.title is None
    assert [line for line, _ in problems(parsed)] == [2]


def test_a_thirteen_digit_isbn_weighs_its_digits_one_and_three() -> None:
    assert outline.isbn_problem("978-3-16-148410-0") is None


def test_a_list_before_any_heading_has_no_introduction_line() -> None:
    (part,) = parse("- /a\n").parts
    assert part.intro_line == 0


def test_an_item_keeps_its_first_letter() -> None:
    (part,) = parse("- Xylophone\n- <Xray>\n").parts
    assert [e.target for e in part.entries] == ["Xylophone", "Xray"]

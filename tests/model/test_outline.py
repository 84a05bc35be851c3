"""Book outlines parsed on their own: front-matter, parts, introductions, entries."""

from __future__ import annotations

from chapbook.model import outline

OUTLINE = """\
---
title: Selected essays
subtitle: Two parts
author: B. Editor
---

Before any part: an opening list.

- /first

# Part one: Beginnings

An introduction
on two lines.

Its second paragraph.

- [Beta](/beta)
- <alpha/>
* gamma
1. https://book.example.org/delta/

## Part two ##

- /epsilon
"""


def test_outline_reads_parts_introductions_and_posts() -> None:
    parsed = outline.parse(OUTLINE)
    assert (parsed.title, parsed.subtitle, parsed.author) == (
        "Selected essays",
        "Two parts",
        "B. Editor",
    )
    assert [part.title for part in parsed.parts] == [None, "Part one: Beginnings", "Part two"]
    opening, one, two = parsed.parts
    assert opening.intro == ("Before any part: an opening list.",)
    assert one.intro == ("An introduction on two lines.", "Its second paragraph.")
    assert [(e.target, e.line) for e in one.entries] == [
        ("/beta", 18),
        ("alpha/", 19),
        ("gamma", 20),
        ("https://book.example.org/delta/", 21),
    ]
    assert [e.target for e in two.entries] == ["/epsilon"]
    assert parsed.problems == []


def test_outline_reports_bad_front_matter_with_its_line() -> None:
    parsed = outline.parse("---\ntitle: T\nauthor: [a, b]\n---\n- /x\n")
    assert [(p.line, p.message) for p in parsed.problems] == [
        (3, "outline 'author': expected text")
    ]
    assert [e.target for e in parsed.parts[0].entries] == ["/x"]


FRONT_PAGES = """\
---
title: Letters
author: B. Scribe
date: 2025-03-01
copyright: |
  (c) 2025   B. Scribe

  All rights reserved.
edition: First edition
isbn: "ISBN: 978-0-306-40615-7"
dedication: For M.
show_date: true
---
- /x
"""


def test_outline_gives_the_front_pages() -> None:
    parsed = outline.parse(FRONT_PAGES)
    assert parsed.problems == []
    assert parsed.imprint == outline.Imprint(
        copyright=("(c) 2025 B. Scribe", "All rights reserved."),
        edition="First edition",
        isbn="978-0-306-40615-7",
        dedication=("For M.",),
        show_date=True,
    )


def test_front_page_values_of_the_wrong_type_are_problems_with_their_line() -> None:
    text = "---\ntitle: T\nedition: [1]\nisbn: 0-306-40615-3\nshow_date: maybe\n---\n- /x\n"
    parsed = outline.parse(text)
    assert [(p.line, p.message) for p in parsed.problems] == [
        (3, "outline 'edition': expected text"),
        (4, "outline 'isbn': '0-306-40615-3' is not an ISBN (its check digit is wrong); "
            "printed as written"),
        (5, "outline 'show_date': expected true or false, got 'maybe'"),
    ]  # fmt: skip
    assert parsed.imprint == outline.Imprint(isbn="0-306-40615-3")


def test_isbns_are_checked_by_their_check_digit() -> None:
    for isbn in ("978-0-306-40615-7", "0-306-40615-2", "0 8044 2957 X", "9780306406157"):
        assert outline.isbn_problem(isbn) is None, isbn
    assert outline.isbn_problem("978-0-306-40615-8") is not None
    assert outline.isbn_problem("12345") == "'12345' is not an ISBN (10 or 13 digits)"


def book(**fields: object) -> outline.Book:
    values: dict[str, object] = {"name": "b", "title": "Ada Quill", "subtitle": "",
                                 "author": "Ada Quill", "date": "2024-03-01", "parts": ()}  # fmt: skip
    return outline.Book(**{**values, **fields})  # type: ignore[arg-type]


def test_the_title_page_never_names_the_author_twice() -> None:
    assert book().byline == ""
    assert book(author="  ada   QUILL ").byline == ""
    assert book(author="B. Scribe").byline == "B. Scribe"


def test_the_copyright_line_defaults_to_the_year_and_the_author() -> None:
    assert book().copyright == ("\u00a9 2024 Ada Quill",)
    assert book(date="").copyright == ("\u00a9 Ada Quill",)
    assert book(date="", author="").copyright == ()
    written = outline.Imprint(copyright=("Public domain",))
    assert book(imprint=written).copyright == ("Public domain",)


def test_an_introduction_right_above_a_heading_stays_in_its_part() -> None:
    """No blank line between an introduction and the next heading: the introduction is
    still its own part's, never the start of the next part's."""
    parsed = outline.parse("# One\n\nThe first part's words\non two lines.\n# Two\n- /beta\n")
    one, two = parsed.parts
    assert (one.title, one.intro, one.intro_line) == (
        "One",
        ("The first part's words on two lines.",),
        3,
    )
    assert (two.title, two.intro, [e.target for e in two.entries]) == ("Two", (), ["/beta"])

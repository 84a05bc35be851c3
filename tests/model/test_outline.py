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

"""Front-matter problems are warnings with file, line and type; the site still builds."""

from __future__ import annotations

import datetime as dt

import pytest

from chapbook.collecting.state import posts_of
from tests.helpers import warnings_of

EXPECTED = [
    # A date that cannot be read may be one to come: the post waits (fail closed).
    "bad-date.md:3: WARNING: not published: front-matter 'date': '2030-01-O1' is not a date (YYYY-MM-DD); it may be a date still to come [chapbook.source]",
    "bad-fields.md:4: WARNING: front-matter 'order': 'seven' is not a whole number [chapbook.frontmatter]",
    "bad-fields.md:5: WARNING: front-matter 'tags': expected a list or a comma-separated string, got a mapping [chapbook.frontmatter]",
    "unclear-draft.md:4: WARNING: not published: front-matter 'draft': expected true or false, got 'maybe'; it may mean true [chapbook.source]",
    "bad-fields.md:7: WARNING: front-matter 'popular': expected true or false, got '3' [chapbook.frontmatter]",
    "bad-fields.md:8: WARNING: front-matter 'popularity': 'score' 'lots' is not a number [chapbook.frontmatter]",
    "bad-fields.md:9: WARNING: front-matter 'description': expected text, got a list [chapbook.frontmatter]",
    # Front-matter that cannot be read: the file is not published (it may be a draft).
    "bad-yaml.md:4: WARNING: not published: front-matter is not valid YAML: while parsing a flow sequence on this line, did not find expected ',' or ']' [chapbook.source]",
    "bomb.md:2: WARNING: not published: front-matter expands to more than 10000 values (through aliases?); it is ignored [chapbook.source]",
    "no-title.md:1: WARNING: front-matter has a 'date' but no 'title': this page is not published as a post [chapbook.frontmatter]",
    "not-mapping.md:2: WARNING: not published: front-matter is not a mapping of keys to values (a list) [chapbook.source]",
    "title-list.md:2: WARNING: front-matter 'title': expected text, got a list [chapbook.frontmatter]",
    "twice.md:3: WARNING: front-matter 'title' is given twice (lines 2 and 3); the last one is used [chapbook.frontmatter]",
]


@pytest.mark.sphinx("dirhtml", testroot="frontmatter", freshenv=True)
def test_every_problem_reported_in_one_build(app) -> None:
    app.build()
    found = [w for w in warnings_of(app) if "chapbook" in w]
    assert sorted(found) == sorted(EXPECTED)
    assert not [w for w in warnings_of(app) if "myst.topmatter" in w]


@pytest.mark.sphinx("dirhtml", testroot="frontmatter", freshenv=True)
def test_the_rest_of_the_site_is_built(app) -> None:
    app.build()
    for docname in ("good", "bad-fields", "no-title", "twice"):
        assert (app.outdir / docname / "index.html").exists(), docname
    # Fail closed: front-matter that cannot be read might say ``draft: true``.
    for docname in ("bad-yaml", "bomb", "not-mapping", "unclear-draft", "bad-date"):
        assert not (app.outdir / docname).exists(), docname


@pytest.mark.sphinx("dirhtml", testroot="frontmatter", freshenv=True)
def test_invalid_fields_publish_with_what_is_valid(app) -> None:
    app.build()
    posts = posts_of(app.env)
    assert set(posts) == {"good", "bad-fields", "twice"}
    bad = posts["bad-fields"]
    assert (bad.title, bad.date, bad.order, bad.tags, bad.popular) == (
        "Bad fields",
        dt.date(2024, 1, 1),
        None,
        (),
        False,
    )
    assert posts["twice"].title == "Second"
    good = posts["good"]
    assert good.datetime == "2025-03-04T09:30:00+01:00"
    assert good.popularity == {"score": 873, "views": 12000}
    assert good.extra == {"series": "ropes"}
    assert app.env.metadata["good"]["series"] == "ropes"  # other keys reach templates


@pytest.mark.sphinx("dirhtml", testroot="frontmatter", warningiserror=True, freshenv=True)
def test_warnings_fail_a_strict_build(app) -> None:
    app.build()
    assert app.statuscode == 1  # what sphinx-build -W exits with


@pytest.mark.sphinx(
    "dirhtml",
    testroot="frontmatter",
    confoverrides={"suppress_warnings": ["chapbook.frontmatter"]},
    freshenv=True,
)
def test_warnings_can_be_suppressed_by_subtype(app) -> None:
    app.build()
    assert not [w for w in warnings_of(app) if "chapbook.frontmatter" in w]

"""Post header (date, tags) and description metadata."""

from __future__ import annotations

import re

import pytest

from tests.helpers import page, warnings_of


@pytest.mark.sphinx("dirhtml", testroot="header", freshenv=True)
def test_date_is_a_time_element_with_a_readable_date(app) -> None:
    app.build()
    time = page(app, "dated").select_one(".chapbook-post-meta time")
    assert time["datetime"] == "2025-06-01"
    assert time.get_text() == "1 June 2025"  # chapbook_date_format = "%-d %B %Y"
    timed = page(app, "timed").select_one(".chapbook-post-meta time")
    assert timed["datetime"] == "2025-06-01T18:45:00+02:00"


@pytest.mark.sphinx("dirhtml", testroot="header", freshenv=True)
def test_each_tag_links_to_its_tag_page(app) -> None:
    app.build()
    links = page(app, "dated").select(".chapbook-tags a")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("sailing", "../tags/sailing/"),
        ("Deep Learning", "../tags/deep-learning/"),
    ]
    for a in links:
        assert (app.outdir / "dated" / a["href"] / "index.html").resolve().exists()


@pytest.mark.sphinx("dirhtml", testroot="header", freshenv=True)
def test_description_becomes_meta_description(app) -> None:
    app.build()
    soup = page(app, "dated")
    assert soup.find("meta", attrs={"name": "description"})["content"] == (
        "A summary written by hand."
    )
    assert soup.find("meta", property="og:description")["content"] == "A summary written by hand."


@pytest.mark.sphinx("dirhtml", testroot="header", freshenv=True)
def test_empty_description_falls_back_to_first_paragraph(app) -> None:
    app.build()
    content = page(app, "timed").find("meta", attrs={"name": "description"})["content"]
    assert content.startswith("This first paragraph is long enough")
    assert "note" not in content and "1" not in content.split()[2]
    assert content.endswith("…")
    assert len(content) <= 201


@pytest.mark.sphinx("dirhtml", testroot="header", freshenv=True)
def test_reading_time_counts_prose_words(app) -> None:
    app.build()
    # 800 words of prose (the 60 lines of code are not read): 800 / 230 = 3.5 -> 3.
    minutes = page(app, "long").select_one(".chapbook-post-meta .chapbook-reading-time")
    assert minutes.get_text() == "3 min read"
    assert page(app, "dated").select_one(".chapbook-reading-time").get_text() == "1 min read"


@pytest.mark.sphinx("dirhtml", testroot="header", freshenv=True)
def test_an_image_without_alt_text_is_reported(app) -> None:
    app.build()
    assert (
        "long.md:85: WARNING: image 'missing-alt.png' has no alt text [chapbook.image]"
        in warnings_of(app)
    )
    assert not [w for w in warnings_of(app) if "chapbook.image" in w and "long.md" not in w]


@pytest.mark.sphinx("dirhtml", testroot="header", freshenv=True)
def test_the_build_ends_with_one_summary_line(app) -> None:
    app.build()
    status = re.sub(r"\x1b\[[0-9;]*m", "", app.status.getvalue())
    lines = [line for line in status.splitlines() if line.startswith("chapbook:")]
    assert len(lines) == 1
    assert re.fullmatch(
        r"chapbook: 3 posts, 3 tags, \d+ pages, 1 warning, \d+\.\d s \(dirhtml\)", lines[0]
    ), lines

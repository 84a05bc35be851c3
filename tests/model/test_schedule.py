"""Scheduled posts, on their own: which dates are still to come, in the site's time zone."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from chapbook.model import frontmatter, schedule

if TYPE_CHECKING:
    import pytest

PARIS = "Europe/Paris"


def post(date: str) -> frontmatter.FrontMatter:
    return frontmatter.read(f"---\ntitle: A post\ndate: '{date}'\n---\n\nBody.\n")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_a_date_is_due_on_its_day() -> None:
    moment = at("2030-01-01T00:00:00+01:00")
    assert not schedule.is_scheduled(post("2030-01-01"), moment)
    assert not schedule.is_scheduled(post("2029-12-31"), moment)
    assert schedule.is_scheduled(post("2030-01-02"), moment)


def test_a_date_with_a_time_is_due_at_that_moment() -> None:
    fm = post("2030-03-01T09:00:00+01:00")
    assert schedule.is_scheduled(fm, at("2030-03-01T07:59:00+00:00"))
    assert not schedule.is_scheduled(fm, at("2030-03-01T08:00:00+00:00"))


def test_a_time_without_an_offset_is_in_the_site_zone() -> None:
    fm = post("2030-03-01 09:00")
    assert schedule.is_scheduled(fm, at("2030-03-01T08:59:00+01:00"))
    assert not schedule.is_scheduled(fm, at("2030-03-01T09:00:00+01:00"))


def test_only_posts_are_scheduled() -> None:
    page = frontmatter.read("---\ndate: '2099-01-01'\n---\n\nNo title.\n")
    moment = at("2030-01-01T00:00:00+00:00")
    assert not schedule.is_scheduled(page, moment)
    assert not schedule.is_scheduled(frontmatter.read("No front-matter.\n"), moment)
    assert not schedule.is_scheduled(post("2099-02-30"), moment)  # not a date: reported elsewhere


def test_today_is_the_day_in_the_site_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    """23:30 UTC on New Year's Eve is already New Year's Day in Paris."""
    monkeypatch.setattr(schedule, "clock", lambda: at("2029-12-31T23:30:00+00:00"))
    assert schedule.now(PARIS).date() == dt.date(2030, 1, 1)
    assert schedule.now("UTC").date() == dt.date(2029, 12, 31)
    assert not schedule.is_scheduled(post("2030-01-01"), schedule.now(PARIS))
    assert schedule.is_scheduled(post("2030-01-01"), schedule.now("UTC"))


def test_the_real_clock_is_aware_and_now() -> None:
    before = dt.datetime.now(dt.UTC)
    moment = schedule.clock()
    assert moment.tzinfo is not None
    assert before <= moment <= dt.datetime.now(dt.UTC)


def test_the_next_date() -> None:
    assert schedule.next_due([dt.date(2031, 1, 1), dt.date(2030, 5, 1)]) == dt.date(2030, 5, 1)
    assert schedule.next_due([]) is None

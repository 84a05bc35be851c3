"""Scheduled posts: a post dated after today is held back until its day comes.

"Today" is the day in ``chapbook_timezone`` at the moment of the build, read
through :func:`clock`, the one place the build asks the time (tests replace
it).  A date without a time is due on that day; a date with a time is due at
that moment.  ``SOURCE_DATE_EPOCH`` is deliberately not used: it is the time
of the sources, and a scheduled post must go out on a build after its date
with no change to the sources.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from chapbook.model.frontmatter import FrontMatter


def clock() -> dt.datetime:
    """The current moment, aware; tests monkeypatch this to build on another day."""
    return dt.datetime.now(dt.UTC)


def now(zone: str) -> dt.datetime:
    """The build's moment in the site's time zone (``chapbook_timezone``)."""
    return clock().astimezone(ZoneInfo(zone))


def is_scheduled(fm: FrontMatter, moment: dt.datetime) -> bool:
    """Whether ``fm`` is a post whose date (or date and time) is still to come at ``moment``."""
    if not fm.is_post or fm.date is None:
        return False
    if fm.datetime and "T" in fm.datetime:
        due = dt.datetime.fromisoformat(fm.datetime)
        return (due if due.tzinfo else due.replace(tzinfo=moment.tzinfo)) > moment
    return fm.date > moment.date()


def next_due(dates: list[dt.date]) -> dt.date | None:
    """The first day one of the held-back posts goes out."""
    return min(dates, default=None)

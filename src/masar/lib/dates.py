"""Calendar arithmetic by whole months, and calendar dates read from text without a clock."""

from __future__ import annotations

import calendar
import time
from datetime import date
from zoneinfo import ZoneInfo

# The zone of the deployment's calendar (settings.TIME_ZONE), for instants written in tests
# and fixtures without a running Django.
BAGHDAD = ZoneInfo("Asia/Baghdad")


def add_months(day: date, months: int) -> date:
    """Step `day` by whole calendar months, back when `months` is negative.

    A day the target month lacks becomes that month's last day (31 January + 1 = 28 or 29
    February). Counting 30, 31 or 365 days instead skips or repeats a month depending on the
    months and leap years crossed."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def parse_date(text: str, pattern: str) -> date:
    """Read a calendar date written in a `strptime` pattern.

    A date is not an instant: this builds no naive datetime that could later be taken for one."""
    return date(*time.strptime(text, pattern)[:3])

"""Calendar arithmetic that more than one app needs, in one place."""

from __future__ import annotations

import calendar
import zoneinfo
from datetime import UTC, date, datetime, time


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (earlier if negative), clamped to the last
    day of a shorter month: 31 January + 1 month is 28 February (29 in a leap year)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def utc_start(local_date: date, local_time: time, zone_name: str) -> datetime:
    """The instant a local date and time happen in a zone. A time skipped by a spring-forward
    change resolves forward (02:30 becomes 03:30); a repeated one takes its first occurrence."""
    zone = zoneinfo.ZoneInfo(zone_name)
    naive = datetime.combine(local_date, local_time)
    aware = naive.replace(tzinfo=zone, fold=0)
    # A nonexistent wall time round-trips to another wall time; zoneinfo then gives the
    # offset from before the change, which lands the instant after the gap.
    return aware.astimezone(UTC)

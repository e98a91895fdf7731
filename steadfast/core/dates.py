"""Calendar arithmetic that more than one app needs, in one place."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (earlier if negative), clamped to the last
    day of a shorter month: 31 January + 1 month is 28 February (29 in a leap year)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))

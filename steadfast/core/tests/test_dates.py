from datetime import date

import pytest

from steadfast.core.dates import add_months


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # a common year's February
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # a leap year's February
        (date(2100, 1, 31), 1, date(2100, 2, 28)),  # a century that is not a leap year
        (date(2000, 1, 31), 1, date(2000, 2, 29)),  # one that is
        (date(2028, 2, 29), 12, date(2029, 2, 28)),  # a leap day a year on
        (date(2026, 3, 31), 1, date(2026, 4, 30)),  # a 30-day month
        (date(2026, 8, 31), 3, date(2026, 11, 30)),
        (date(2026, 1, 15), 1, date(2026, 2, 15)),  # mid-month days are kept
        (date(2026, 11, 30), 2, date(2027, 1, 30)),  # across a year end
        (date(2026, 12, 31), 12, date(2027, 12, 31)),
        (date(2026, 6, 30), 0, date(2026, 6, 30)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),  # backwards, clamped too
        (date(2026, 1, 31), -2, date(2025, 11, 30)),
    ],
)
def test_a_month_on_is_the_same_day_or_the_end_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected

"""The scoring engine: pure Python and numpy, no Django.

Instrument definitions live as data files under `instruments/`; this package loads them and
scores one response or a matrix of responses the same way.
"""

from __future__ import annotations

# Every instrument Steadfast ships a definition for (validated ones and our own not-validated
# check-in and Resilience Wheel self-check). Programs reference these codes in their plans.
INSTRUMENT_CODES: tuple[str, ...] = (
    "phq9",
    "phq2",
    "gad7",
    "gad2",
    "who5",
    "pcl5",
    "proqol5",
    "brs",
    "pss10",
    "pss4",
    "cbi",
    "scssf",
    "lotr",
    "checkin",
    "wheel",
)

# The six areas of the Resilience Wheel self-check, in item order (each rated 0-10, higher is
# stronger). Tailoring recommends modules for the lowest areas first.
WHEEL_AREAS: tuple[str, ...] = (
    "bonding",
    "boundaries",
    "life_skills",
    "caring_support",
    "high_expectations",
    "meaningful_participation",
)

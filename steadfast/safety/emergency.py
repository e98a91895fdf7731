"""Emergency numbers for every country and territory, read from data/emergency_numbers.csv
(sources in data/SOURCES.md). Plain data, no Django. A row lists its numbers most useful first,
each for everything or for one service ("112; 110 police"); a row with none is a place where
we know of no number we could check."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TABLE = Path(__file__).parent / "data" / "emergency_numbers.csv"

SERVICES = {"": "", "ambulance": "an ambulance", "police": "the police"}


@dataclass(frozen=True)
class EmergencyCall:
    number: str
    service: str = ""  # "" when the number reaches every emergency service

    @property
    def service_words(self) -> str:
        """What the number is for, as it reads after "for": "an ambulance", or ""."""
        return SERVICES[self.service]


def _calls(cell: str) -> tuple[EmergencyCall, ...]:
    calls = []
    for part in filter(None, (p.strip() for p in cell.split(";"))):
        number, _, service = part.partition(" ")
        if not number.isdigit() or service not in SERVICES:
            raise ValueError(f"{TABLE.name}: cannot read {part!r}")
        calls.append(EmergencyCall(number, service))
    return tuple(calls)


@cache
def emergency_table() -> dict[str, tuple[EmergencyCall, ...]]:
    """Country code to its emergency numbers, for every country in the table."""
    with TABLE.open(encoding="utf-8", newline="") as f:
        return {row["code"]: _calls(row["numbers"]) for row in csv.DictReader(f)}


def emergency_calls(code: str) -> tuple[EmergencyCall, ...]:
    """The country's emergency numbers; none for a place without one or a code we do not know."""
    return emergency_table().get(code, ())

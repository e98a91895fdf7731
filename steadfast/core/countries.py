"""Every country and territory: its ISO 3166-1 alpha-2 code and a plain English name, from
data/countries.csv (the 249 ISO codes and Kosovo; sources in data/SOURCES.md). Organisations
choose their country from it; safety keeps each one's emergency numbers."""

from __future__ import annotations

import csv
import unicodedata
from functools import cache
from pathlib import Path

TABLE = Path(__file__).parent / "data" / "countries.csv"

# Names read with "the" in a sentence ("numbers for the Netherlands"), besides those that
# start with "United" or end with "Islands" or "Republic" (but South Georgia and the South
# Sandwich Islands).
_WITH_THE = frozenset(
    {"BQ", "BS", "CD", "CG", "GM", "IM", "IO", "KM", "MV", "NL", "PH", "SC", "TF"}
)


def _sort_key(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name)
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold()


@cache
def country_names() -> dict[str, str]:
    """Code to name, in alphabetical order of name."""
    with TABLE.open(encoding="utf-8", newline="") as f:
        rows = [(row["code"], row["name"]) for row in csv.DictReader(f)]
    return dict(sorted(rows, key=lambda row: _sort_key(row[1])))


def country_choices() -> list[tuple[str, str]]:
    """Every country as (code, name) for a choice field, by name."""
    return list(country_names().items())


def country_name(code: str) -> str:
    """The country's name, or "" for a code we do not know."""
    return country_names().get(code, "")


def country_in_sentence(code: str) -> str:
    """The name as it reads after "in" or "for": "the United Kingdom", "Germany"."""
    name = country_name(code)
    takes_the = code in _WITH_THE or (
        code != "GS" and (name.startswith("United ") or name.endswith(("Islands", "Republic")))
    )
    return f"the {name}" if takes_the else name

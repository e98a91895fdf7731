"""Helpers for the two-tabs tests of edit pages (core.versioning): read the version a page was
loaded with, and check a conflict page shows both versions."""

from __future__ import annotations

import html
import re
from typing import Any

VERSION = re.compile(r'<input type="hidden" name="((?:[\w-]+-)?row_version)" value="(\d+)"')


def loaded_version(response: Any, name: str = "row_version") -> int:
    """The version carried by the page's form (the hidden field named `name`)."""
    found = {field: int(value) for field, value in VERSION.findall(response.content.decode())}
    assert name in found, f"no hidden {name} on the page"
    return found[name]


def assert_conflict(response: Any, *, saved: list[str], typed: list[str]) -> str:
    """A 409 page that shows what is saved now and what was typed; returns its text."""
    assert response.status_code == 409, response.status_code
    page = html.unescape(response.content.decode())
    assert "changed while you were editing" in page
    assert "Saved now" in page and "What you wrote" in page
    for text in [*saved, *typed]:
        assert text in page, f"{text!r} is not on the conflict page"
    return page

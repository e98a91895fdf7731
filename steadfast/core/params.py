"""Ids read from an address or a form, checked in one place (decision 0014).

An id is a plain whole number in ASCII digits that a database id column (a 64-bit integer)
can hold. In a URL, the `id` converter makes anything else a 404 before the view runs. In a
query string or a form, `id_param` and `id_params` answer a bad request (400) for anything
else, so that `get_object_or_404(Model, pk=id_param(request.POST, "member"))` is a 404 for an
id that does not exist and a 400 for one that cannot exist, never a 500.
"""

from __future__ import annotations

import re

from django.core.exceptions import BadRequest
from django.http import QueryDict

MAX_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")  # ASCII only: str.isdigit() also accepts "²" (superscript)


def parse_id(raw: str) -> int | None:
    """`raw` as an id, or None when it is not one."""
    if not _DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    return value if value <= MAX_ID else None


def id_param(data: QueryDict, name: str) -> int | None:
    """The id `name` in `request.GET` or `request.POST`: None when it is missing or empty,
    a bad request when it is anything but an id."""
    raw = data.get(name, "")
    if raw == "":
        return None
    value = parse_id(raw)
    if value is None:
        raise BadRequest(f"{name} is not an id")
    return value


def id_params(data: QueryDict, name: str) -> list[int]:
    """Every id given as `name` (ticked boxes): empty values skipped, anything else that is
    not an id a bad request."""
    values = []
    for raw in data.getlist(name):
        if raw == "":
            continue
        value = parse_id(raw)
        if value is None:
            raise BadRequest(f"{name} is not a list of ids")
        values.append(value)
    return values


class IdConverter:
    """`<id:pk>` in a route: like Django's `<int:pk>`, but a number larger than any id does
    not match (404) instead of reaching the view."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("larger than any id")
        return number

    def to_url(self, value: int) -> str:
        return str(value)

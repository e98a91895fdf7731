"""Fixtures for the tests that cross apps."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support import every_connection_wrapped


def carries_nul(value: object) -> bool:
    """A NUL in a query parameter, as text or as a JSON escape (PostgreSQL refuses both)."""
    if isinstance(value, str):
        return "\x00" in value or "\\u0000" in value
    if isinstance(value, bytes):
        return b"\x00" in value
    if isinstance(value, list | tuple):
        return any(carries_nul(v) for v in value)
    if isinstance(value, dict):
        return any(carries_nul(v) for v in value.values())
    return False


@pytest.fixture
def nul_never_reaches_the_database() -> Iterator[None]:
    """Fail a test whose SQL carries a NUL: PostgreSQL refuses it in text (a 500 there),
    SQLite stores it quietly, so without this guard SQLite runs would miss it."""

    def guard(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        for row in (params if many else [params]) or []:
            assert not carries_nul(row), f"a NUL character reached the database: {sql}"
        return execute(sql, params, many, context)

    with every_connection_wrapped(guard):
        yield

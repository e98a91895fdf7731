"""Fast inserts for synthetic data: COPY on PostgreSQL, executemany on SQLite.

Only `synthetic.py` uses this, to seed organisations of 100,000 people in minutes. It writes
rows with explicit primary keys (so no ids have to be read back), fills every column the
caller leaves out with the field's default, and turns Python values into what each backend
stores (dates, UUIDs, JSON, encrypted text). Model `save()` logic, signals and audit records
are skipped on purpose: synthetic people are not real and nothing about them is audited.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models

from steadfast.core import crypto
from steadfast.core.fields import EncryptedTextField

Convert = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


def _cached(fn: Convert) -> Convert:
    memo: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        if value is None:
            return None
        try:
            return memo[value]
        except KeyError:
            memo[value] = out = fn(value)
            return out
        except TypeError:  # unhashable (a dict or list for a JSON column)
            return fn(value)

    return convert


def _converter(field: models.Field[Any, Any], *, cache_encrypted: bool) -> Convert:
    postgres = connection.vendor == "postgresql"
    if isinstance(field, EncryptedTextField):
        return _cached(crypto.encrypt) if cache_encrypted else crypto.encrypt
    if isinstance(field, models.JSONField):
        return _cached(json.dumps)
    if isinstance(field, models.UUIDField):
        return _identity if postgres else (lambda v: None if v is None else v.hex)
    if postgres:
        return _identity
    if isinstance(field, models.DateTimeField):
        return _cached(connection.ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return _cached(connection.ops.adapt_datefield_value)
    if isinstance(field, models.TimeField):
        return _cached(connection.ops.adapt_timefield_value)
    return _identity


def next_id(model: type[models.Model]) -> int:
    """The first free primary key (call inside the seeding transaction)."""
    found = model._default_manager.aggregate(top=models.Max("pk"))["top"]
    return int(found or 0) + 1


def insert(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    cache_encrypted: bool = True,
) -> int:
    """Insert rows (values in the order of `columns`, attribute names such as "user_id").
    Columns left out get the field default, computed once (so never leave out a column whose
    default must differ per row). Encrypted columns are encrypted here; with cache_encrypted
    the same text gets the same token, which is still valid ciphertext."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    unknown = set(columns) - set(fields)
    if unknown:
        raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
    extra = [
        f
        for name, f in fields.items()
        if name not in columns and not f.primary_key and (f.has_default() or f.null)
    ]
    missing = [
        name
        for name, f in fields.items()
        if name not in columns and not f.primary_key and f not in extra
    ]
    if missing:
        raise ValueError(f"{model.__name__}: no value and no default for {missing}")
    constants = [f.get_db_prep_save(f.get_default(), connection) for f in extra]
    for i, f in enumerate(extra):
        if isinstance(f, models.JSONField):
            constants[i] = json.dumps(f.get_default())
    convert = [_converter(fields[c], cache_encrypted=cache_encrypted) for c in columns]
    names = [str(fields[c].column) for c in columns] + [str(f.column) for f in extra]
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(n) for n in names)

    def prepared() -> Iterable[tuple[Any, ...]]:
        for row in rows:
            yield tuple(c(v) for c, v in zip(convert, row, strict=True)) + tuple(constants)

    count = 0
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for values in prepared():
                    copy.write_row(values)
                    count += 1
            if "id" in columns:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "  # noqa: S608
                    f"(SELECT MAX(id) FROM {table}))",
                    [model._meta.db_table],
                )
        return count
    marks = ", ".join(["?"] * len(names))
    sql = f"INSERT INTO {table} ({quoted}) VALUES ({marks})"  # noqa: S608
    raw_connection = connection.connection
    batch: list[tuple[Any, ...]] = []
    for values in prepared():
        batch.append(values)
        if len(batch) >= 50_000:
            raw_connection.executemany(sql, batch)
            count += len(batch)
            batch = []
    if batch:
        raw_connection.executemany(sql, batch)
        count += len(batch)
    return count

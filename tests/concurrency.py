"""Requests at the same moment, each on its own database connection, in a test.

pytest-django's `transactional_db` empties every table after the test: on SQLite the audit
table's triggers refuse that, and on either database it would also wipe the rows migrations
load (consent texts, crisis resources) that later tests rely on. So a test that needs
committed data seen by several connections gets a private copy of the migrated test database
instead (SQLite: a file written with the backup API; PostgreSQL: CREATE DATABASE … TEMPLATE).
The test's own thread and every thread it starts connect to the copy; the shared test
database is left exactly as it was, and the copy is dropped afterwards.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend

WAIT_SECONDS = 120


class DatabaseCopy:
    """A private copy of the test database that any thread can connect to."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings

    def connect(self) -> None:
        """Point this thread's default connection at the copy."""
        backend = load_backend(self.settings["ENGINE"])
        connections[DEFAULT_DB_ALIAS] = backend.DatabaseWrapper(
            dict(self.settings), DEFAULT_DB_ALIAS
        )

    def at_once[T](self, calls: list[Callable[[], T]]) -> list[T]:
        """Run every call in its own thread, released together; their results in order.

        Each thread has its own connection to the copy, closed when its call returns. The
        first exception raised by any call is raised here."""
        start = threading.Barrier(len(calls))
        results: list[Any] = [None] * len(calls)
        errors: list[BaseException] = []

        def run(index: int, call: Callable[[], T]) -> None:
            self.connect()
            try:
                start.wait(timeout=WAIT_SECONDS)
                results[index] = call()
            except BaseException as error:  # re-raised in the calling thread
                errors.append(error)
            finally:
                connections[DEFAULT_DB_ALIAS].close()

        threads = [
            threading.Thread(target=run, args=(i, call), daemon=True)
            for i, call in enumerate(calls)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=WAIT_SECONDS)
        if any(thread.is_alive() for thread in threads):
            raise TimeoutError(f"requests still running after {WAIT_SECONDS} seconds")
        if errors:
            raise errors[0]
        return results


def _create_database(connection: Any, name: str, template: str) -> None:
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def _drop_database(connection: Any, name: str) -> None:
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def pristine_database(directory: Path) -> Iterator[dict[str, Any]]:
    """Once per test session: a copy of the freshly migrated test database that nothing ever
    connects to, so each test can copy it again (PostgreSQL copies only an unused template)."""
    original = connections[DEFAULT_DB_ALIAS]
    settings = dict(original.settings_dict)
    if original.vendor == "sqlite":
        path = directory / "pristine.sqlite3"
        original.ensure_connection()
        target = sqlite3.connect(path)
        try:
            original.connection.backup(target)
        finally:
            target.close()
        settings["NAME"] = str(path)
        yield settings
    elif original.vendor == "postgresql":
        settings["NAME"] = f"{settings['NAME'][:40]}_pristine_{uuid.uuid4().hex[:8]}"
        original.close()  # a template database must have no other sessions
        _create_database(original, settings["NAME"], original.settings_dict["NAME"])
        try:
            yield settings
        finally:
            _drop_database(original, settings["NAME"])
    else:
        raise NotImplementedError(f"no database copy for {original.vendor}")


@contextmanager
def database_copy(pristine: dict[str, Any], directory: Path) -> Iterator[DatabaseCopy]:
    """A copy of the pristine database for one test; this thread uses it until the end."""
    original = connections[DEFAULT_DB_ALIAS]
    settings = dict(pristine)
    if original.vendor == "sqlite":
        settings["NAME"] = str(directory / "copy.sqlite3")
        shutil.copyfile(pristine["NAME"], settings["NAME"])
    else:
        settings["NAME"] = f"{pristine['NAME'][:40]}_copy_{uuid.uuid4().hex[:8]}"
        _create_database(original, settings["NAME"], pristine["NAME"])
    copy = DatabaseCopy(settings)
    copy.connect()
    try:
        yield copy
    finally:
        connections[DEFAULT_DB_ALIAS].close()
        connections[DEFAULT_DB_ALIAS] = original
        if original.vendor == "postgresql":
            _drop_database(original, settings["NAME"])

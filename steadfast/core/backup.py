"""Consistent database backups: never a copy of a live file."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    pass


def database_backup(*, destination: Path) -> Path:
    """Write a consistent snapshot of the default database to `destination`.

    SQLite: `VACUUM INTO`, which reads one transaction-consistent snapshot while writers go
    on. PostgreSQL: `pg_dump --format=custom` (restore with pg_restore).
    """
    destination = destination.resolve()
    if destination.exists():
        raise BackupError(f"{destination} already exists; choose a new file name.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(destination)])
        return destination
    if connection.vendor == "postgresql":
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise BackupError("pg_dump is not installed; install the PostgreSQL client tools.")
        params = connection.get_connection_params()
        env = dict(os.environ)
        if params.get("password"):
            env["PGPASSWORD"] = str(params["password"])
        command = [pg_dump, "--format=custom", f"--file={destination}"]
        for flag, key in [("--host", "host"), ("--port", "port"), ("--username", "user")]:
            if params.get(key):
                command.append(f"{flag}={params[key]}")
        command.append(str(params.get("dbname") or connection.settings_dict["NAME"]))
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            destination.unlink(missing_ok=True)
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return destination
    raise BackupError(f"No backup method for the {connection.vendor} database.")

import sqlite3
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

# Committed data, as in real use: VACUUM INTO and pg_dump read what other connections see.
pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_is_a_consistent_restorable_copy(tmp_path, org, participant):
    destination = tmp_path / "backup.file"
    call_command("backup", str(destination))
    assert destination.stat().st_size > 0
    if connection.vendor == "sqlite":
        restored = sqlite3.connect(destination)
        assert restored.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = [row[0] for row in restored.execute("SELECT slug FROM organisations_organisation")]
    else:
        data = subprocess.run(
            [
                "pg_restore",
                "--data-only",
                "--table=organisations_organisation",
                "-f",
                "-",
                str(destination),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        names = data.stdout
    assert org.slug in names


def test_backup_never_overwrites(tmp_path):
    destination = tmp_path / "exists.file"
    destination.write_text("keep me")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(destination))
    assert destination.read_text() == "keep me"

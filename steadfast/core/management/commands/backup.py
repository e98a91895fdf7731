from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from steadfast.core.backup import BackupError, database_backup


class Command(BaseCommand):
    help = "Write a consistent backup of the database (SQLite VACUUM INTO, or pg_dump)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "destination",
            nargs="?",
            help="File to write (default: var/backups/steadfast-<UTC time>.<ext>).",
        )

    def handle(self, *args: Any, destination: str | None, **options: Any) -> None:
        from django.conf import settings
        from django.db import connection

        if destination is None:
            ext = "sqlite3" if connection.vendor == "sqlite" else "dump"
            stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
            destination = str(settings.VAR_DIR / "backups" / f"steadfast-{stamp}.{ext}")
        try:
            path = database_backup(destination=Path(destination))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))

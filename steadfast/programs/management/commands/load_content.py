from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from steadfast.programs.services import content_load


class Command(BaseCommand):
    help = (
        "Check the programs under content/ and load them (idempotent: unchanged content "
        "changes nothing, changed content becomes a new version). --check loads nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Only check; load nothing.")
        parser.add_argument(
            "--path", type=Path, default=settings.BASE_DIR / "content", help="Content folder."
        )
        parser.add_argument(
            "--seeds",
            type=Path,
            default=settings.BASE_DIR.parent / "shared" / "seeds",
            help="Seed pages that content must not share 8-word runs with.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = content_load(
            root=options["path"], seeds_dir=options["seeds"], check_only=options["check"]
        )
        for note in result.report.notes:
            self.stdout.write(note)
        errors = result.report.errors
        if errors:
            self.stderr.write(f"{len(errors)} problem(s) in {options['path']}; nothing was loaded:")
            for error in errors:
                self.stderr.write(f"  - {error}")
            raise CommandError("content check failed", returncode=1)
        names = ", ".join(p["slug"] for p in result.report.programs) or "none"
        if options["check"]:
            self.stdout.write(f"Content is valid ({names}). Nothing was loaded (--check).")
            return
        for slug, outcome in result.outcomes.items():
            self.stdout.write(f"{slug}: {outcome}")

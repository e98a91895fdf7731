"""Create or update an instrument from a FHIR R4 Questionnaire file (all or nothing)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steadfast.assessments.fhir import FhirError
from steadfast.assessments.services import instrument_import


class Command(BaseCommand):
    help = "Import an instrument from a FHIR R4 Questionnaire JSON file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Questionnaire JSON file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
        except ValueError as exc:
            raise CommandError(f"{path}: not valid JSON ({exc})") from None
        try:
            row, notes = instrument_import(data=data, source=path.name)
        except FhirError as exc:
            raise CommandError(f"{path}: {exc}; nothing was imported") from None
        for note in notes:
            self.stdout.write(f"note: {note}")
        self.stdout.write(f"Imported {row.title} as '{row.code}'.")

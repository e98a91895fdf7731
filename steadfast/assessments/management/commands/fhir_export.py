"""Print an instrument as a FHIR R4 Questionnaire."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steadfast.assessments.fhir import questionnaire_write
from steadfast.assessments.selectors import instrument_codes, instrument_definition


class Command(BaseCommand):
    help = "Print an instrument as a FHIR R4 Questionnaire (JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            definition = instrument_definition(options["code"])
        except LookupError:
            raise CommandError(
                f"unknown instrument {options['code']!r}; known: {', '.join(instrument_codes())}"
            ) from None
        self.stdout.write(json.dumps(questionnaire_write(definition), indent=2, ensure_ascii=False))

"""Print an instrument as a FHIR R4 Questionnaire, or one person's answers to it as a Bundle of
QuestionnaireResponses and Observations (an audited export)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steadfast.accounts.models import User
from steadfast.assessments.fhir import questionnaire_write
from steadfast.assessments.selectors import instrument_codes, instrument_definition
from steadfast.assessments.services import responses_bundle


class Command(BaseCommand):
    help = (
        "Print an instrument as a FHIR R4 Questionnaire (JSON); with --responses-of EMAIL, that "
        "person's responses as a FHIR Bundle of QuestionnaireResponses and Observations."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code")
        parser.add_argument("--responses-of", metavar="EMAIL", help="export this person's answers")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            definition = instrument_definition(options["code"])
        except LookupError:
            raise CommandError(
                f"unknown instrument {options['code']!r}; known: {', '.join(instrument_codes())}"
            ) from None
        if options["responses_of"]:
            user = User.objects.filter(email__iexact=options["responses_of"]).first()
            if user is None:
                raise CommandError("no account uses that address")
            data = responses_bundle(user=user, instrument=options["code"])
        else:
            data = questionnaire_write(definition)
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))

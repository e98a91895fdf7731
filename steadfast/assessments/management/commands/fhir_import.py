"""Import a FHIR R4 file (all or nothing): a Questionnaire creates or updates an instrument;
QuestionnaireResponses (alone, with a contained Questionnaire, or in a Bundle) become one
person's responses, scored and screened for safety like answers given on the pages. Each says
which recognition rule matched."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steadfast.accounts.models import User
from steadfast.assessments.fhir import FhirError
from steadfast.assessments.imports import Imported, responses_import
from steadfast.assessments.selectors import instrument_codes
from steadfast.assessments.services import AssessmentError, instrument_import
from steadfast.safety.services import ScreeningUnavailable


def _plain(value: float | None) -> str:
    if value is None:
        return "none (too many items unanswered)"
    return str(int(value)) if float(value).is_integer() else str(value)


class Command(BaseCommand):
    help = (
        "Import a FHIR R4 JSON file: a Questionnaire becomes an instrument; QuestionnaireResponses "
        "(or a Bundle of them) become the answers of the person named by --for."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Questionnaire, QuestionnaireResponse or Bundle JSON file")
        parser.add_argument(
            "--as",
            dest="as_code",
            metavar="CODE",
            help="say which instrument the file is when nothing in it does (e.g. phq9)",
        )
        parser.add_argument(
            "--for", dest="email", metavar="EMAIL", help="whose answers a response file holds"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
        except ValueError as exc:
            raise CommandError(f"{path}: not valid JSON ({exc})") from None
        as_code = options["as_code"]
        try:
            if isinstance(data, dict) and data.get("resourceType") == "Questionnaire":
                row, notes = instrument_import(data=data, source=path.name, as_code=as_code)
                for note in notes:
                    self.stdout.write(f"note: {note}")
                self.stdout.write(f"Imported {row.title} as '{row.code}'.")
                return
            if not options["email"]:
                raise CommandError(
                    f"{path}: a file of answers needs --for EMAIL (whose answers they are); "
                    "nothing was imported"
                )
            user = User.objects.filter(email__iexact=options["email"]).first()
            if user is None:
                raise CommandError("no account uses that address; nothing was imported")
            imported = responses_import(user=user, data=data, as_code=as_code)
        except FhirError as exc:
            known = f" (known: {', '.join(instrument_codes())})" if "--as" in str(exc) else ""
            raise CommandError(f"{path}: {exc}{known}; nothing was imported") from None
        except AssessmentError as exc:
            raise CommandError(f"{path}: {exc}; nothing was imported") from None
        except ScreeningUnavailable:
            raise CommandError(
                f"{path}: safety screening could not run, so nothing was imported; try again"
            ) from None
        for one in imported:
            self._report(one)
        added = sum(1 for one in imported if one.created)
        self.stdout.write(
            f"Imported {added} of {len(imported)} responses for {user.email} "
            f"({len(imported) - added} were already there)."
        )

    def _report(self, one: Imported) -> None:
        read, response = one.read, one.response
        rule = read.rule if read.rule.startswith("not recognised") else f"recognised by {read.rule}"
        self.stdout.write(f"{read.identifier}: {read.key.short_title} ({read.key.code}), {rule}")
        for note in read.notes:
            self.stdout.write(f"  note: {note}")
        flags = f"; flags: {', '.join(response.flags)}" if response.flags else ""
        self.stdout.write(
            f"  total {_plain(response.total)}, band {response.band or 'none'}{flags}"
        )
        stored = (
            f"stored as response {response.pk}"
            if one.created
            else f"already imported as response {response.pk}: nothing added"
        )
        self.stdout.write(
            f"  {stored}; safety alerts raised by it: {one.alerts} "
            f"(open for this person: {one.open_alerts})"
        )

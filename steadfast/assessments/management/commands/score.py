"""Score answers from the command line: `score phq9 --answers '[1,0,2,…]'` or a FHIR file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steadfast.assessments.fhir import FhirError, responses_read
from steadfast.assessments.scoring.engine import AnswerError, score
from steadfast.assessments.scoring.keys import shipped_codes, shipped_key


def _load_json(path: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror}") from None
    except ValueError as exc:
        raise CommandError(f"{path}: not valid JSON ({exc})") from None


class Command(BaseCommand):
    help = (
        "Score one response and print {instrument, total, subscales, band, flags, valid, missing};"
        " a FHIR response also prints the rule that recognised its instrument (one line each)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", nargs="?", help=f"one of: {', '.join(shipped_codes())}")
        parser.add_argument(
            "--answers", help="JSON list of item values in item order; null = not answered"
        )
        parser.add_argument(
            "--fhir-response",
            help="a FHIR R4 QuestionnaireResponse JSON file (or a Bundle of them)",
        )
        parser.add_argument(
            "--fhir-questionnaire",
            help="its Questionnaire, when the response file does not hold it",
        )
        parser.add_argument(
            "--as",
            dest="as_code",
            metavar="CODE",
            help="say which instrument a FHIR file is when nothing in it does",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["fhir_questionnaire"] or options["fhir_response"]:
            if not options["fhir_response"]:
                raise CommandError("give --fhir-response (and --fhir-questionnaire if needed)")
            questionnaire = (
                _load_json(options["fhir_questionnaire"]) if options["fhir_questionnaire"] else None
            )
            try:
                read = responses_read(
                    _load_json(options["fhir_response"]),
                    questionnaire=questionnaire,
                    as_code=options["as_code"],
                    score_unrecognised=True,
                )
                for one in read:
                    shown = {
                        "rule": one.rule,
                        **score(one.key, one.answers).as_dict(),
                        "notes": list(one.notes),
                    }
                    self.stdout.write(json.dumps(shown, ensure_ascii=False))
            except (FhirError, AnswerError) as exc:
                raise CommandError(str(exc)) from None
            return
        code = options["code"]
        if not code or options["answers"] is None:
            raise CommandError("give an instrument code and --answers '[…]'")
        try:
            key = shipped_key(code)
        except LookupError:
            raise CommandError(
                f"unknown instrument {code!r}; known: {', '.join(shipped_codes())}"
            ) from None
        try:
            answers = json.loads(options["answers"])
        except ValueError as exc:
            raise CommandError(f"--answers is not valid JSON ({exc})") from None
        try:
            result = score(key, answers)
        except AnswerError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))

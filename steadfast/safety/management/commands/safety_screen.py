"""Screen lines of free text the way journal and practice writes are screened.

    manage.py safety_screen --jsonl FILE      (FILE "-" reads standard input)

Each input line is a JSON object with a "text" string. For each line one JSON object is
printed, in order: {"line": n, "flagged": true|false, "reasons": [...], "phrases": [...]}.
A line that is not JSON, not an object, has no "text" or a "text" that is not a string gives
{"line": n, "error": "..."} and the command goes on; if any line was bad it exits with status
1 at the end. Blank lines are skipped. The text is never printed or logged, and nothing is
stored and no alert is raised: this only runs the matcher.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steadfast.safety.language import screen


def _problem(row: Any) -> str:
    if not isinstance(row, dict):
        return "each line must be a JSON object"
    if "text" not in row:
        return 'the object has no "text"'
    if not isinstance(row["text"], str):
        return '"text" must be a string'
    return ""


class Command(BaseCommand):
    help = (
        'Screen JSON lines ({"text": ...}) for words of danger and print, for each, whether '
        "it is flagged and why. Never prints or logs the text; stores nothing, alerts no one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--jsonl", required=True, metavar="FILE", help='JSON lines to screen; "-" is stdin.'
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["jsonl"]
        if source == "-":
            bad = self._screen(sys.stdin)
        else:
            path = Path(source)
            try:
                with path.open(encoding="utf-8", errors="replace") as stream:
                    bad = self._screen(stream)
            except OSError as error:
                raise CommandError(f"cannot read {source}: {error.strerror}") from error
        if bad:
            raise CommandError(f"{bad} line(s) could not be screened", returncode=1)

    def _screen(self, stream: IO[str]) -> int:
        bad = 0
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError:
                problem = "not valid JSON"
            else:
                problem = _problem(row)
            if problem:
                bad += 1
                out: dict[str, Any] = {"line": number, "error": problem}
            else:
                result = screen(row["text"])
                out = {
                    "line": number,
                    "flagged": result.flagged,
                    "reasons": list(result.reasons),
                    "phrases": list(result.phrases),
                }
            self.stdout.write(json.dumps(out))
        return bad

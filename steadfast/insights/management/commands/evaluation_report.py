"""Write an organisation's evaluation report as JSON, HTML, CSV or PDF (stdout or --output)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.loader import render_to_string

from steadfast.insights import render as rendering
from steadfast.insights import reports
from steadfast.insights.views import report_context
from steadfast.organisations.models import Organisation


class Command(BaseCommand):
    help = "Write the evaluation report of one organisation (aggregates only, suppressed below k)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--cohort", type=int, help="one cohort of this organisation (id)")
        parser.add_argument("--format", choices=["json", "html", "csv", "pdf"], default="json")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"no organisation {options['org']!r}")
        cohort = None
        if options["cohort"] is not None:
            try:
                cohort = reports.cohort_of(organisation=organisation, cohort_id=options["cohort"])
            except reports.CohortError as exc:
                raise CommandError(str(exc)) from None
        report = reports.evaluation_report(organisation=organisation, cohort=cohort)
        fmt = options["format"]
        body: bytes
        if fmt == "json":
            body = json.dumps(report, indent=2).encode()
        elif fmt == "csv":
            body = rendering.to_csv(report).encode()
        elif fmt == "pdf":
            body = rendering.to_pdf(report)
        else:
            body = render_to_string(
                "insights/report_document.html",
                {"organisation": organisation, **report_context(report)},
            ).encode()
        if options["output"]:
            Path(options["output"]).write_bytes(body)
        else:
            sys.stdout.buffer.write(body)
            sys.stdout.flush()

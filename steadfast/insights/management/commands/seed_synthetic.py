"""Create a synthetic organisation with a known program effect (see insights/synthetic.py)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steadfast.insights.synthetic import SyntheticError, synthetic_organisation_seed


class Command(BaseCommand):
    help = "Seed a synthetic organisation whose mean PHQ-9 change baseline to post is --effect."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="slug of the organisation to create")
        parser.add_argument("--participants", type=int, default=500)
        parser.add_argument("--effect", type=float, default=-2.0)
        parser.add_argument("--small-teams", type=int, default=2)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--checkin-weeks", type=int, default=12)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["participants"] < 10:
            raise CommandError("use at least 10 participants")
        started = time.perf_counter()
        try:
            seeded = synthetic_organisation_seed(
                slug=options["org"],
                participants=options["participants"],
                effect=options["effect"],
                small_teams=options["small_teams"],
                seed=options["seed"],
                checkin_weeks=options["checkin_weeks"],
            )
        except SyntheticError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"{seeded.organisation.slug}: {seeded.participants} people in {seeded.teams} teams, "
            f"{seeded.responses} questionnaire responses, {seeded.checkins} check-ins "
            f"in {time.perf_counter() - started:.1f}s"
        )

"""Send session reminders whose task was lost (a worker that was down). Safe to run often."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from steadfast.cohorts.services import reminders_sweep


class Command(BaseCommand):
    help = "Send any due session reminder that was not sent yet (idempotent; run from cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_sweep()
        self.stdout.write(f"{sent} reminder(s) sent.")

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from steadfast.safety.services import alerts_escalate_overdue


class Command(BaseCommand):
    help = (
        "Escalate every open safety alert past its deadline that was not escalated yet (a "
        "safety net for a lost task; safe to run often, e.g. every few minutes from cron)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = alerts_escalate_overdue()
        self.stdout.write(f"Escalated {count} overdue alert(s).")

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from steadfast.home.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo organisation with one person for every role (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = demo_load()
        self.stdout.write(f"Demo organisation ready: {organisation.name}")

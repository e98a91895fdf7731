from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from steadfast.home.demo import DEMO_PASSWORD, DEMO_PEOPLE, DEMO_STAFF


class Command(BaseCommand):
    help = "Print the demo sign-ins."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD})")
        for person in DEMO_PEOPLE:
            self.stdout.write(f"  {person.role:<14} {person.email}")
        self.stdout.write(
            f"  {'platform staff':<14} {DEMO_STAFF.email} "
            "(administration, training requests; in no organisation)"
        )
        if settings.STEADFAST_REQUIRE_STAFF_MFA:
            self.stdout.write("  Staff roles will be asked to set up an authenticator app first.")
        self.stdout.write("")

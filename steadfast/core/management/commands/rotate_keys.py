from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from steadfast.core.services import encryption_keys_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt all encrypted fields under the newest key. Put the new key first in "
        "STEADFAST_ENCRYPTION_KEYS, keep the old ones after it, run this, then drop the old keys."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        counts = encryption_keys_rotate(batch_size=batch_size)
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count} rows re-encrypted")
        self.stdout.write(self.style.SUCCESS("Rotation complete."))

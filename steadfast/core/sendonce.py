"""Send an email at most once: claim it, then send it, and give the claim back if sending
fails so the task's retry can send it.

The claim is a write that only one caller can win: a conditional UPDATE of a `sent` marker
(`MarkerClaim`, "set it where it is still unset") or an INSERT under a unique constraint
(`RowClaim`). It commits on its own before anything is sent, so a second worker (or the same
task run again after a crash) finds it and sends nothing. The price is the other edge: a crash
after the claim and before the send leaves it claimed and the email unsent, which we prefer
to sending twice (an invitation or a safety alert sent twice confuses people). A failed send
is different: the claim is given back and the exception reaches the task's retry.

Call `send_once` outside any transaction of your own (tasks run in autocommit): inside one,
the claim would only commit with it, after the email had gone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import IntegrityError, models, transaction


class Claim(Protocol):
    def take(self) -> bool:
        """Claim the send; False if someone already has."""

    def give_back(self) -> None:
        """Release the claim after a failed send, so a retry can take it."""


@dataclass(frozen=True)
class MarkerClaim:
    """Claim by setting marker fields on one row, only where `unsent` still holds."""

    model: type[models.Model]
    pk: Any
    unsent: models.Q
    claim: Mapping[str, Any]
    release: Mapping[str, Any]

    def take(self) -> bool:
        # One conditional UPDATE: of two callers at once, only one changes the row.
        updated = self.model._base_manager.filter(self.unsent, pk=self.pk).update(**self.claim)
        return updated == 1

    def give_back(self) -> None:
        # Only our own claim is released: the row must still hold the values we wrote.
        self.model._base_manager.filter(pk=self.pk, **self.claim).update(**self.release)


@dataclass(frozen=True)
class RowClaim:
    """Claim by inserting a row whose unique constraint admits one per email."""

    model: type[models.Model]
    fields: Mapping[str, Any]

    def take(self) -> bool:
        try:
            with transaction.atomic():
                self.model._base_manager.create(**self.fields)
        except IntegrityError:
            return False
        return True

    def give_back(self) -> None:
        self.model._base_manager.filter(**self.fields).delete()


def send_once(claim: Claim, send: Callable[[], object]) -> bool:
    """Run `send` only if `claim` can be taken; True if it ran. If `send` raises, the claim is
    given back and the exception goes on to the task's retry."""
    if not claim.take():
        return False
    try:
        send()
    except BaseException:
        claim.give_back()
        raise
    return True

"""Writes owned by core: the single helper that records audit events."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.db import models

from steadfast.core import auditcontext
from steadfast.core.fields import EncryptedTextField
from steadfast.core.models import AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from steadfast.accounts.models import User
    from steadfast.organisations.models import Organisation


def audit_record(
    *,
    actor: User | AnonymousUser | None,
    action: AuditEvent.Action | str,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    organisation: Organisation | None = None,
    detail: str = "",
) -> AuditEvent:
    """Record one audit event in the caller's transaction (so both land or neither does).

    Pass `target` (a model instance) or `object_type`/`object_id`. `detail` must never
    carry sensitive content: ids, role names and field names only.

    The client address comes from the request's audit context (`core.auditcontext`, set by
    `AuditContextMiddleware`); so does the actor when none is passed (decision 0015). Outside
    a request (tasks, commands) the address is None.
    """
    if actor is None:
        actor = auditcontext.current_actor()
    if target is not None:
        object_type = target._meta.label_lower
        object_id = target.pk
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        actor=cast("User | None", actor),  # an anonymous visitor was dropped just above
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        organisation=organisation,
        ip_address=auditcontext.current_ip(),
        detail=detail[:200],
    )


def encrypted_models() -> list[tuple[type[models.Model], list[str]]]:
    """Every model with encrypted fields, and those fields' names."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found


def encryption_keys_rotate(*, batch_size: int = 500) -> dict[str, int]:
    """Re-encrypt every encrypted value under the newest key (the first in
    STEADFAST_ENCRYPTION_KEYS). Values made with any listed key are read; after this the
    old keys can be removed. Runs in batches, each in its own transaction, so it can be
    stopped and re-run safely."""
    from django.db import transaction

    counts: dict[str, int] = {}
    for model, names in encrypted_models():
        label = model._meta.label
        counts[label] = 0
        manager = model._base_manager
        last_pk = None
        while True:
            with transaction.atomic():
                queryset = manager.order_by("pk")
                if last_pk is not None:
                    queryset = queryset.filter(pk__gt=last_pk)
                rows = list(queryset.select_for_update()[:batch_size])
                if not rows:
                    break
                # Reading decrypted with whichever key fits; saving encrypts with the first.
                manager.bulk_update(rows, names)
                counts[label] += len(rows)
                last_pk = rows[-1].pk
    return counts

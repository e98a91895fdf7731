"""What safety holds of a person, for *My data* (core.personal_data).

Exported and erased: the ways the person chose to be reached by a responder (their phone
number and note). Kept on erase, with the reason: an alert carries the minimum (who, which
rule, when; never the person's words) and stays, as the responder's duty-of-care record whose
resolution note is the responder's, not the person's. Being named responder is the
organisation's setup.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Model

from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record
from steadfast.safety.models import Alert, SafetyContact, SafetySetup

MODELS = (SafetyContact,)
KEPT: dict[type[Model], str] = {
    Alert: "the responder's duty-of-care record: who, which rule and when, never the "
    "person's words; the resolution note is the responder's own record",
    SafetySetup: "the organisation's choice of safety responder and backup",
}
LABEL = "how a safety responder may reach you"


def export(user: Any) -> dict[str, Any]:
    contacts = SafetyContact.objects.filter(person=user).select_related("organisation")
    return {
        "contacts": [
            {"organisation": c.organisation.name, "phone": c.phone, "note": c.note}
            for c in contacts.order_by("pk")
        ]
    }


def erase(user: Any) -> int:
    with transaction.atomic():
        removed, _ = SafetyContact.objects.filter(person=user).delete()
        audit_record(
            actor=user,
            action=AuditEvent.Action.DELETE,
            object_type="safety.personal_data",
            object_id=user.pk,
            detail=f"contacts={removed}",
        )
    return removed

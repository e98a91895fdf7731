"""Reads about organisations, scoped to the person asking."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest

from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record
from steadfast.organisations.models import Invitation, Membership, Organisation


def memberships_for(*, user: Any) -> QuerySet[Membership]:
    return Membership.objects.active().filter(user=user).select_related("organisation", "team")


def members_of(*, organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.active()
        .filter(organisation=organisation)
        .select_related("user", "team")
        .order_by("user__full_name", "user__email")
    )


def invitations_pending_for(
    *, organisation: Organisation, actor: Any, request: HttpRequest | None = None
) -> list[Invitation]:
    """Open invitations, whose (decrypted) addresses are personal data of people who have
    not joined: the read is audited."""
    invitations = list(organisation.invitations.pending().select_related("team", "invited_by"))
    if invitations:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.READ,
            object_type="organisations.invitation",
            object_id="",
            organisation=organisation,
            request=request,
            detail="ids=" + ",".join(str(i.pk) for i in invitations)[:190],
        )
    return invitations


def role_counts(*, organisation: Organisation) -> dict[str, int]:
    counts = (
        Membership.objects.active()
        .filter(organisation=organisation)
        .aggregate(
            **{role.value: Count("id", filter=Q(role=role.value)) for role in Membership.Role}
        )
    )
    return {key: value or 0 for key, value in counts.items()}

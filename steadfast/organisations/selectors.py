"""Reads about organisations, scoped to the person asking."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record
from steadfast.organisations.models import (
    Invitation,
    Membership,
    Organisation,
    RoleChange,
)
from steadfast.organisations.permissions import CAPABILITIES

if TYPE_CHECKING:
    from steadfast.accounts.models import User


def memberships_for(*, user: Any) -> QuerySet[Membership]:
    return Membership.objects.active().filter(user=user).select_related("organisation", "team")


def organisations_where(*, user: Any, capability: str) -> list[Organisation]:
    """The organisations in which this person's active role has the capability."""
    return [
        m.organisation
        for m in Membership.objects.filter(
            user_id=user.pk or 0, is_active=True, role__in=CAPABILITIES[capability]
        ).select_related("organisation")
    ]


def active_member_of(*, organisation: Organisation, pk: int) -> Membership:
    """An active member of this organisation by membership id; 404 for any other."""
    return get_object_or_404(
        Membership.objects.active().select_related("user"), organisation=organisation, pk=pk
    )


def invitation_of(*, organisation: Organisation, pk: int) -> Invitation:
    """One of this organisation's invitations; 404 for another's."""
    return get_object_or_404(organisation.invitations, pk=pk)


def members_of(*, organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.active()
        .filter(organisation=organisation)
        .select_related("user", "team")
        .order_by("user__full_name", "user__email")
    )


def invitations_pending_for(*, organisation: Organisation, actor: User) -> list[Invitation]:
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
            detail="ids=" + ",".join(str(i.pk) for i in invitations)[:190],
        )
    return invitations


def role_changes_for(*, organisation: Organisation, limit: int = 50) -> list[RoleChange]:
    """The latest changes to who may do what in the organisation, newest first (for its
    administrators)."""
    return list(
        RoleChange.objects.filter(organisation=organisation).select_related("person", "changed_by")[
            :limit
        ]
    )


def role_counts(*, organisation: Organisation) -> dict[str, int]:
    counts = (
        Membership.objects.active()
        .filter(organisation=organisation)
        .aggregate(
            **{role.value: Count("id", filter=Q(role=role.value)) for role in Membership.Role}
        )
    )
    return {key: value or 0 for key, value in counts.items()}

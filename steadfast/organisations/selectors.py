"""Reads about organisations, scoped to the person asking."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from steadfast.organisations.models import Invitation, Membership, Organisation


def memberships_for(*, user: Any) -> QuerySet[Membership]:
    return Membership.objects.active().filter(user=user).select_related("organisation", "team")


def members_of(*, organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user", "team")
        .order_by("user__full_name", "user__email")
    )


def invitations_pending_for(*, organisation: Organisation) -> QuerySet[Invitation]:
    return organisation.invitations.pending().select_related("team", "invited_by")


def role_counts(*, organisation: Organisation) -> dict[str, int]:
    counts = (
        Membership.objects.active()
        .filter(organisation=organisation)
        .aggregate(
            **{role.value: Count("id", filter=Q(role=role.value)) for role in Membership.Role}
        )
    )
    return {key: value or 0 for key, value in counts.items()}

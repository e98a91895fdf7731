"""How a signed-in person is loaded on each request."""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.db.models import OuterRef, Subquery

from steadfast.accounts.models import User
from steadfast.organisations.models import Membership


def with_organisation_zone(users: Any) -> Any:
    """Users annotated with `organisation_time_zone`: the zone of the organisation they joined
    first among their active memberships (None without one). accounts.selectors.person_zone
    reads it, so the page's time zone costs no query of its own."""
    first = (
        Membership.objects.filter(user=OuterRef("pk"), is_active=True)
        .order_by("joined_at", "pk")
        .values("organisation__time_zone")[:1]
    )
    return users.annotate(organisation_time_zone=Subquery(first))


class PersonBackend(AuthenticationBackend):  # type: ignore[misc]  # allauth is untyped
    """allauth's sign-in, loading the person with their organisation's time zone in the same
    query."""

    def get_user(self, user_id: Any) -> User | None:
        user = with_organisation_zone(User._default_manager).filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

"""How a signed-in person is loaded on each request."""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend

from steadfast.accounts.models import User
from steadfast.accounts.selectors import with_organisation_zone


class PersonBackend(AuthenticationBackend):  # type: ignore[misc]  # allauth is untyped
    """allauth's sign-in, loading the person with their organisation's time zone in the same
    query."""

    def get_user(self, user_id: Any) -> User | None:
        user = with_organisation_zone(User._default_manager).filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

"""Who must do what before using Steadfast."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings

from steadfast.organisations.models import Membership


def requires_mfa(user: Any) -> bool:
    """Staff roles (facilitator, organisation lead, administrator) need a second factor
    whenever the production setting is on."""
    if not settings.STEADFAST_REQUIRE_STAFF_MFA or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    memberships = Membership.objects.filter(
        user=user, role__in=Membership.STAFF_ROLES, is_active=True
    )
    return bool(memberships.exists())


def has_mfa(user: Any) -> bool:
    return bool(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())

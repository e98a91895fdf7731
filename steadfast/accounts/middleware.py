"""Sign-in policy applied to every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from steadfast.accounts.permissions import has_mfa, requires_mfa
from steadfast.accounts.selectors import person_zone

# Reachable while MFA is not yet set up: setting it up, signing out, help and health.
MFA_EXEMPT_PREFIXES = ("/accounts/", "/crisis/", "/healthz", "/static/")
SESSION_STARTED_KEY = "steadfast_session_started"
SESSION_TOUCHED_KEY = "steadfast_session_touched"


class SignInPolicyMiddleware:
    """For signed-in requests: end sessions past their absolute maximum age, extend the idle
    timeout on activity (at most once a minute), and send a staff member without a second
    factor to set one up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            now = int(time.time())
            session = request.session
            if (
                now - session.setdefault(SESSION_STARTED_KEY, now)
                > settings.STEADFAST_SESSION_MAX_SECONDS
            ):
                logout(request)
                return redirect(f"{reverse('account_login')}?expired=1")
            if (
                now - session.get(SESSION_TOUCHED_KEY, 0)
                >= settings.STEADFAST_SESSION_TOUCH_SECONDS
            ):
                session[SESSION_TOUCHED_KEY] = now  # saving restarts the idle timeout
            if (
                not request.path.startswith(MFA_EXEMPT_PREFIXES)
                and requires_mfa(user)
                and not has_mfa(user)
            ):
                return redirect(f"{reverse('mfa_activate_totp')}?required=1")
        return self.get_response(request)


class PersonZoneMiddleware:
    """Every page a signed-in person reads shows times in their zone (accounts.selectors.
    person_zone: their own setting, else their organisation's): templates' date filters and
    `timezone.localtime()` / `localdate()` follow the zone activated here. Signed out, the
    site's zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.get_response(request)
        with timezone.override(person_zone(request.user)):
            return self.get_response(request)

"""Sign-in policy applied to every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from steadfast.accounts.permissions import has_mfa, requires_mfa

# Reachable while MFA is not yet set up: setting it up, signing out, help and health.
MFA_EXEMPT_PREFIXES = ("/accounts/", "/crisis/", "/healthz", "/static/")
SESSION_STARTED_KEY = "steadfast_session_started"


class RequireMFAMiddleware:
    """Send a signed-in staff member without a second factor to set one up, and end
    sessions older than the absolute maximum age."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            started = request.session.setdefault(SESSION_STARTED_KEY, int(time.time()))
            if time.time() - started > settings.STEADFAST_SESSION_MAX_SECONDS:
                logout(request)
                return redirect(f"{reverse('account_login')}?expired=1")
            if (
                not request.path.startswith(MFA_EXEMPT_PREFIXES)
                and requires_mfa(user)
                and not has_mfa(user)
            ):
                return redirect(f"{reverse('mfa_activate_totp')}?required=1")
        return self.get_response(request)

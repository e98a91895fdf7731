"""Secret tokens in addresses (invitation links, calendar feeds, password-reset and
email-confirmation keys) never reach a log: the logged line keeps the page and shows the
token as [hidden]. The real servers' logs are tested in tests/test_server_logs.py."""

import logging
import re
import uuid

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from steadfast.cohorts import services as cohort_services
from steadfast.core.logfilters import HIDDEN, hide_secrets
from steadfast.organisations import services

SECRET = "Zq8-s3cr3t_T0ken:x9"
ROUTE_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")

# Addresses with a token that is not a key: they open only for the signed-in owner.
OWNER_ONLY = {
    "assessments:question",
    "assessments:review",
    "journal:write",
    "journal:autosave",
    "journal:discard",
}


@pytest.mark.parametrize(
    "line,shown",
    [
        (f'"GET /invitations/{SECRET}/ HTTP/1.1" 200 5120', '"GET /invitations/'),
        (f"Not Found: /cohorts/calendar/{SECRET}.ics", "Not Found: /cohorts/calendar/"),
        (f"GET /accounts/password/reset/key/4-{SECRET}/", "/accounts/password/reset/key/"),
        ("GET /accounts/password/reset/key/4-set-password/", "/accounts/password/reset/key/"),
        (f"GET /accounts/confirm-email/{SECRET}/", "/accounts/confirm-email/"),
        (f'"-" "https://steadfast.example.org/invitations/{SECRET}/"', "example.org/invitations/"),
        (f"/accounts/login/?next=/invitations/{SECRET}/", "?next=/invitations/"),
        (f"/accounts/login/?next=%2Finvitations%2F{SECRET}%2F&a=1", "?next=%2Finvitations%2F"),
        (f"GET /invitations/{SECRET}?utm_source=mail", "/invitations/"),
    ],
)
def test_a_token_in_a_logged_address_is_hidden_and_the_page_kept(line, shown):
    masked = hide_secrets(line)
    assert SECRET not in masked and "4-set-password" not in masked
    assert HIDDEN in masked and shown in masked


@pytest.mark.parametrize(
    "line",
    [
        "GET /o/harbor-city/invitations/12/resend/ HTTP/1.1",
        "POST /cohorts/calendar/revoke/ HTTP/1.1",
        "GET /accounts/password/reset/key/done/ HTTP/1.1",
        "GET /accounts/confirm-email/ HTTP/1.1",
        "GET /invitations/ HTTP/1.1",
        "denied user=7 capability=manage_people",
    ],
)
def test_addresses_without_a_secret_are_logged_as_they_are(line):
    assert hide_secrets(line) == line


def _routes(patterns, namespace=None, params=()):
    for entry in patterns:
        found = _params(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace) if n) or None
            yield from _routes(entry.url_patterns, inner, (*params, *found))
        elif entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, (*params, *found)


def _params(pattern):
    """(kind, name) of each parameter, read from the pattern's text (Django merges converters
    into nested patterns as it reverses, so their `converters` cannot be trusted here)."""
    if isinstance(pattern, RoutePattern):
        return [(kind or "str", name) for kind, name in ROUTE_PARAM.findall(str(pattern))]
    return [("regex", name) for name in pattern.regex.groupindex]


def _sample(kind, name):
    if kind == "uuid":
        return str(uuid.UUID(int=7))
    if name in ("token", "key"):
        return SECRET
    return "x" if kind in ("str", "slug", "path") else "4"


def test_every_address_that_carries_a_token_or_key_is_masked():
    """A new address with a token or key in it fails here until it is masked, or named as
    opening only for its signed-in owner."""
    unmasked, checked = set(), set()
    for name, params in _routes(get_resolver().url_patterns):
        if not {param for _, param in params} & {"token", "key"}:
            continue
        kwargs = {param: _sample(kind, param) for kind, param in params}
        path = reverse(name, kwargs=kwargs)
        secret = kwargs.get("token", kwargs.get("key"))
        checked.add(name)
        if secret in hide_secrets(f'"GET {path} HTTP/1.1" 200'):
            unmasked.add(name)
    assert {
        "invitation_accept",
        "cohorts:calendar",
        "account_reset_password_from_key",
        "account_confirm_email",
    } <= checked
    assert unmasked == OWNER_ONLY


@pytest.fixture
def secrets_and_paths(org, lead, participant):
    """A revoked invitation link, a revoked calendar address and a password-reset link."""
    invitation = services.invitation_create(
        organisation=org, email="new.person@example.org", role="participant", invited_by=lead
    )
    token = services.invitation_token(invitation)
    services.invitation_revoke(invitation=invitation, actor=lead)
    feed = cohort_services.calendar_feed_for(user=participant)
    cohort_services.calendar_feed_revoke(user=participant)
    reset_key = default_token_generator.make_token(participant)
    uidb36 = user_pk_to_url_str(participant)
    return {
        token: reverse("invitation_accept", kwargs={"token": token}),
        feed.token: reverse("cohorts:calendar", kwargs={"token": feed.token}),
        reset_key: reverse(
            "account_reset_password_from_key", kwargs={"uidb36": uidb36, "key": reset_key}
        ),
    }


def test_refused_requests_log_the_page_but_never_its_token(caplog, secrets_and_paths):
    """Django logs the path of every 4xx (django.request) and of every CSRF refusal
    (django.security.csrf); both go through the filter before any handler sees them."""
    caplog.set_level(logging.INFO)
    invitation, feed, reset = secrets_and_paths.values()
    assert Client().get(invitation).status_code == 404  # withdrawn
    assert Client().get(feed).status_code == 404  # replaced by a new address
    strict = Client(enforce_csrf_checks=True)
    for path in (invitation, feed, reset):
        assert strict.post(path).status_code == 403

    records = [r for r in caplog.records if r.name in ("django.request", "django.security.csrf")]
    logged = "\n".join(record.getMessage() for record in records)
    assert "Not Found: /invitations/[hidden]/" in logged
    assert "Not Found: /cohorts/calendar/[hidden].ics" in logged
    assert "Forbidden (CSRF cookie not set.): /invitations/[hidden]/" in logged
    assert "Forbidden (CSRF cookie not set.): /cohorts/calendar/[hidden].ics" in logged
    assert "Forbidden (CSRF cookie not set.): /accounts/password/reset/key/[hidden]/" in logged
    for secret in secrets_and_paths:
        assert secret not in logged

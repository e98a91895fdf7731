import time

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.urls import reverse

from steadfast.accounts.middleware import SESSION_STARTED_KEY, SESSION_TOUCHED_KEY
from steadfast.accounts.tests.factories import UserFactory
from steadfast.core.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
LOGIN = "/accounts/login/"


@pytest.fixture
def person(org):
    from steadfast.organisations.tests.factories import MembershipFactory

    user = UserFactory(email="sam@example.org", password=PASSWORD)
    MembershipFactory(user=user, organisation=org)
    return user


@pytest.fixture
def hash_calls(monkeypatch):
    calls = []
    original_verify, original_encode = Argon2PasswordHasher.verify, Argon2PasswordHasher.encode

    def verify(self, password, encoded):
        calls.append("verify")
        return original_verify(self, password, encoded)

    def encode(self, password, salt):
        calls.append("encode")
        return original_encode(self, password, salt)

    monkeypatch.setattr(Argon2PasswordHasher, "verify", verify)
    monkeypatch.setattr(Argon2PasswordHasher, "encode", encode)
    return calls


def test_sign_in_with_email_lands_on_the_organisation_home(client, person, org):
    response = client.post(LOGIN, {"login": "Sam@Example.org", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("organisation_home", kwargs={"slug": org.slug})
    assert AuditEvent.objects.filter(action="sign_in", actor=person).count() == 1


def test_sign_in_events_carry_the_client_address_from_the_audit_context(client, person):
    client.post(LOGIN, {"login": person.email, "password": "wrong"}, REMOTE_ADDR="192.0.2.60")
    client.post(LOGIN, {"login": person.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.61")
    client.post("/accounts/logout/", REMOTE_ADDR="192.0.2.62")
    seen = dict(
        AuditEvent.objects.filter(action__in=["sign_in_failed", "sign_in", "sign_out"]).values_list(
            "action", "ip_address"
        )
    )
    assert seen == {
        "sign_in_failed": "192.0.2.60",
        "sign_in": "192.0.2.61",
        "sign_out": "192.0.2.62",
    }


def test_session_id_changes_at_sign_in(client, person):
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    client.post(LOGIN, {"login": person.email, "password": PASSWORD})
    assert client.session.session_key != before


def test_wrong_password_and_unknown_email_give_the_same_answer(client, person):
    wrong = client.post(LOGIN, {"login": person.email, "password": "not the password"})
    unknown = client.post(LOGIN, {"login": "nobody@example.org", "password": "not the password"})
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].errors == unknown.context["form"].errors
    assert AuditEvent.objects.filter(action="sign_in_failed").count() == 2
    # The failed attempt is recorded without the address that was typed.
    assert not AuditEvent.objects.filter(detail__icontains="example.org").exists()


def test_rapid_sign_in_attempts_are_throttled_before_hashing(client, person, hash_calls):
    statuses = [
        client.post(LOGIN, {"login": person.email, "password": f"guess {i}"}).status_code
        for i in range(20)
    ]
    assert 429 in statuses
    assert len(hash_calls) < 20
    assert len(hash_calls) <= 5  # the per-address lock-out stops hashing after 5 failures


def test_address_is_locked_out_even_with_the_right_password(client, person, hash_calls):
    for i in range(5):
        client.post(LOGIN, {"login": person.email, "password": f"guess {i}"})
    response = client.post(LOGIN, {"login": person.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.text
    assert len(hash_calls) == 5


def test_lockout_of_unknown_address_looks_the_same(client, person):
    for i in range(5):
        client.post(LOGIN, {"login": "ghost@example.org", "password": f"guess {i}"})
    response = client.post(LOGIN, {"login": "ghost@example.org", "password": "x"})
    assert "Too many failed login attempts" in response.text


def test_open_sign_up_is_closed(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "walk.in@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    from steadfast.accounts.models import User

    assert not User.objects.filter(email="walk.in@example.org").exists()
    assert "by invitation" in response.text


def test_password_reset_sends_an_email_only_to_existing_accounts(client, person, mailoutbox):
    client.post("/accounts/password/reset/", {"email": person.email})
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [person.email]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body
    response = client.post(
        "/accounts/password/reset/", {"email": "nobody@example.org"}, follow=True
    )
    assert response.status_code == 200
    # Enumeration protection: the unknown address gets a notice, never a reset link.
    assert all("/accounts/password/reset/key/" not in m.body for m in mailoutbox[1:])


def test_session_ends_after_its_absolute_maximum_age(client, person, org, settings):
    client.force_login(person)
    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - settings.STEADFAST_SESSION_MAX_SECONDS - 1
    session.save()
    response = client.get(reverse("organisation_home", kwargs={"slug": org.slug}))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def session_expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_activity_extends_the_idle_timeout_at_most_once_a_minute(client, person, org):
    client.force_login(person)
    url = reverse("organisation_home", kwargs={"slug": org.slug})
    client.get(url)
    first = session_expiry(client)
    client.get(url)
    assert session_expiry(client) == first  # no write for every page view
    session = client.session
    session[SESSION_TOUCHED_KEY] = int(time.time()) - 61
    session.save()
    from django.contrib.sessions.models import Session

    Session.objects.filter(session_key=session.session_key).update(expire_date=first)
    client.get(url)
    assert session_expiry(client) > first


def test_an_idle_session_expires(client, person, org):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(person)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("organisation_home", kwargs={"slug": org.slug}))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(LOGIN)


def test_lockout_state_lives_in_the_shared_cache_not_in_a_process(client, person):
    # Several workers and restarts must see the same counters: they live in the database
    # cache table (or Redis), never in process memory.
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection

    for i in range(5):
        client.post(LOGIN, {"login": person.email, "password": f"guess {i}"})
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("DatabaseCache"):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {cache._table}")  # noqa: S608
            assert cursor.fetchone()[0] > 0
    else:
        assert backend.endswith("RedisCache")

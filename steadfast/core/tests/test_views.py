import json

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_task_queue(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["tasks"] == "ok"


def test_healthz_is_503_with_a_reason_when_the_queue_is_unreadable(client, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    def broken(self):
        raise DatabaseError("no such table")

    monkeypatch.setattr(type(DBTaskResult.objects.ready()), "count", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "error"
    assert "tasks unavailable" in body["reason"]


def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["reason"] == "database unavailable"


def test_healthz_is_503_when_static_files_were_not_collected(client, monkeypatch):
    from django.contrib.staticfiles.storage import staticfiles_storage

    def missing(name):
        raise ValueError(f"Missing staticfiles manifest entry for '{name}'")

    monkeypatch.setattr(staticfiles_storage, "url", missing)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "collectstatic" in response.json()["reason"]


def test_crisis_page_is_reachable_signed_out(client):
    response = client.get(reverse("crisis"))
    assert response.status_code == 200
    assert "988" in response.text
    assert "<script" not in response.text


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/crisis/"])
def test_every_page_links_to_crisis_help_in_its_footer(client, url):
    response = client.get(url)
    footer = response.text.split("<footer", 1)[1]
    assert reverse("crisis") in footer


def test_signed_in_home_links_to_crisis_help(client, participant, org):
    client.force_login(participant)
    response = client.get(reverse("organisation_home", kwargs={"slug": org.slug}))
    assert reverse("crisis") in response.text.split("<footer", 1)[1]


def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "object-src 'none'" in policy


def test_signed_in_pages_are_never_cached(client, participant, org):
    client.force_login(participant)
    response = client.get(reverse("organisation_home", kwargs={"slug": org.slug}))
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]


def test_security_headers_present(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_bench_hello_only_exists_when_enabled(client, settings):
    settings.STEADFAST_BENCH_VIEWS = False
    assert client.get("/_bench/hello").status_code == 404
    settings.STEADFAST_BENCH_VIEWS = True
    assert client.get("/_bench/hello").content == b"hello"


def test_unexpected_error_shows_a_generic_page_without_details(
    settings, participant, org, monkeypatch
):
    settings.DEBUG = False
    from steadfast.home import views

    def explode(**kwargs):
        raise RuntimeError("secret-detail-from-the-database")

    monkeypatch.setattr(views.selectors, "role_counts", explode)
    monkeypatch.setattr(views, "consent_statuses_for", explode)
    client = Client(raise_request_exception=False)
    client.force_login(participant)
    response = client.get(reverse("organisation_home", kwargs={"slug": org.slug}))
    assert response.status_code == 500
    assert "secret-detail" not in response.text
    assert "Traceback" not in response.text


def test_oversize_body_is_refused(client, participant, org):
    client.force_login(participant)
    response = client.post(
        reverse("consent", kwargs={"slug": org.slug}),
        data=b"purpose=" + b"x" * 3_000_000,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert not participant.consent_records.exists()

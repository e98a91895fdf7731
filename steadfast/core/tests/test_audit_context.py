"""The audit context (decision 0015): set for a request, empty after it and outside one."""

import threading

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from steadfast.core import auditcontext
from steadfast.core.middleware import AuditContextMiddleware
from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record

pytestmark = pytest.mark.django_db


def test_the_context_is_set_during_a_request_and_empty_after_it(rf, participant):
    seen: list[tuple[str | None, object]] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append((auditcontext.current_ip(), auditcontext.current_actor()))
        return HttpResponse()

    request = rf.get("/", REMOTE_ADDR="198.51.100.7")
    request.user = participant
    AuditContextMiddleware(view)(request)
    assert seen == [("198.51.100.7", participant)]
    assert auditcontext.current.get() is None
    assert auditcontext.current_ip() is None


def test_the_context_is_reset_when_the_view_raises(rf):
    def view(request: HttpRequest) -> HttpResponse:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        AuditContextMiddleware(view)(rf.get("/", REMOTE_ADDR="198.51.100.8"))
    assert auditcontext.current.get() is None


def test_outside_a_request_the_address_is_none(participant):
    event = audit_record(actor=participant, action="read", object_type="x", object_id=1)
    assert event.ip_address is None
    assert event.actor == participant


def test_audit_record_takes_address_and_actor_from_the_context(rf, participant):
    made: list[AuditEvent] = []

    def view(request: HttpRequest) -> HttpResponse:
        made.append(audit_record(actor=None, action="read", object_type="x", object_id=2))
        return HttpResponse()

    request = rf.get("/", REMOTE_ADDR="203.0.113.20")
    request.user = participant
    AuditContextMiddleware(view)(request)
    assert made[0].ip_address == "203.0.113.20"
    assert made[0].actor == participant


def test_an_audited_action_through_a_view_records_the_client_address(client, participant, org):
    client.force_login(participant)
    client.get(reverse("organisation_people", kwargs={"slug": org.slug}), REMOTE_ADDR="192.0.2.44")
    event = AuditEvent.objects.get(action="denied", actor=participant)
    assert event.ip_address == "192.0.2.44"
    assert auditcontext.current.get() is None


def test_two_requests_on_one_thread_do_not_share_the_context(rf, participant):
    seen: list[str | None] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(auditcontext.current_ip())
        return HttpResponse()

    def two_requests() -> None:
        middleware = AuditContextMiddleware(view)
        middleware(rf.get("/", REMOTE_ADDR="192.0.2.1"))
        seen.append(auditcontext.current_ip())
        middleware(rf.get("/", REMOTE_ADDR="192.0.2.2"))
        seen.append(auditcontext.current_ip())

    thread = threading.Thread(target=two_requests)
    thread.start()
    thread.join()
    assert seen == ["192.0.2.1", None, "192.0.2.2", None]

"""A form sent twice is acted on once (core.idempotency).

The views here are small stand-ins served through the real middleware stack: each records one
audit event (our real service) and then answers as the address says, so a test can count how
often a view ran and what it left behind.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template import engines
from django.test import Client
from django.urls import path

from config import urls as project_urls
from steadfast.core.idempotency import FIELD, HEADER, SENT_FORM_KEEP
from steadfast.core.models import AuditEvent, SentForm
from steadfast.core.services import audit_record
from tests.concurrency import DatabaseCopy

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"


def answer(request: HttpRequest, outcome: str) -> HttpResponse:
    audit_record(
        actor=request.user, action=AuditEvent.Action.CREATE, object_type="test.sent", object_id=1
    )
    request.session["answered"] = request.session.get("answered", 0) + 1
    messages.success(request, "Saved.")
    if outcome == "raise":
        raise RuntimeError("the view failed")
    if outcome == "redirect":
        return redirect(f"/done/{AuditEvent.objects.filter(object_type='test.sent').count()}/")
    return HttpResponse("answered", status=int(outcome))


# The project's own pages too: error pages link to them.
urlpatterns = [path("send/<str:outcome>/", answer), *project_urls.urlpatterns]
pytestmark = pytest.mark.urls(__name__)


def ran() -> int:
    return AuditEvent.objects.filter(object_type="test.sent").count()


def send(client: Client, outcome: str, key: str, **fields: str) -> Any:
    return client.post(f"/send/{outcome}/", {FIELD: key, **fields})


@pytest.fixture
def signed_in(client: Client, participant: Any) -> Client:
    client.force_login(participant)
    return client


def test_a_form_sent_again_gets_the_first_answer_and_the_view_runs_once(signed_in):
    key = str(uuid.uuid4())
    first = send(signed_in, "redirect", key, note="hello")
    again = send(signed_in, "redirect", key, note="hello")
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == "/done/1/"
    assert ran() == 1


def test_a_repeat_leaves_the_session_to_the_first_request(signed_in):
    """Both read the session before the first one saved it: a repeat that saved it too would
    put back the old copy, losing the first one's message and flags."""
    key = str(uuid.uuid4())
    send(signed_in, "redirect", key)
    again = send(signed_in, "redirect", key)
    assert again.wsgi_request.session.modified is False
    assert signed_in.session["answered"] == 1
    page = signed_in.get("/home/", follow=True)
    assert [str(m) for m in page.context["messages"]] == ["Saved."]


def test_what_is_kept_is_a_status_and_an_address_never_the_content(signed_in, participant):
    send(signed_in, "redirect", str(uuid.uuid4()), note="my private words")
    (sent,) = SentForm.objects.all()
    assert sent.owner == f"user:{participant.pk}"
    assert (sent.status, sent.location) == (302, "/done/1/")
    assert "private" not in sent.fingerprint and len(sent.fingerprint) == 64


@pytest.mark.parametrize("outcome", ["400", "403", "409"])
def test_a_refused_form_can_be_sent_again_and_keeps_what_the_view_recorded(signed_in, outcome):
    key = str(uuid.uuid4())
    assert send(signed_in, outcome, key).status_code == int(outcome)
    assert send(signed_in, outcome, key).status_code == int(outcome)
    assert ran() == 2  # both ran; each one's audit event stays
    assert not SentForm.objects.exists()


def test_a_server_error_undoes_everything_and_the_form_can_be_sent_again(participant):
    client = Client(raise_request_exception=False)
    client.force_login(participant)
    key = str(uuid.uuid4())
    assert send(client, "500", key).status_code == 500
    assert send(client, "raise", key).status_code == 500
    assert ran() == 0 and not SentForm.objects.exists()
    assert send(client, "redirect", key).status_code == 302
    assert ran() == 1


def test_a_page_answer_is_not_kept_so_a_repeat_runs_again(signed_in):
    key = str(uuid.uuid4())
    assert send(signed_in, "200", key).content == b"answered"
    assert send(signed_in, "200", key).content == b"answered"
    assert ran() == 2 and not SentForm.objects.exists()


def test_the_same_key_with_other_content_is_another_intent(signed_in):
    key = str(uuid.uuid4())
    send(signed_in, "redirect", key, note="first")
    changed = send(signed_in, "redirect", key, note="changed after going back")
    assert changed["Location"] == "/done/2/"
    assert ran() == 2


def test_the_key_belongs_to_whoever_sent_it(client, participant, facilitator):
    key = str(uuid.uuid4())
    client.force_login(participant)
    send(client, "redirect", key)
    client.force_login(facilitator)
    assert send(client, "redirect", key)["Location"] == "/done/2/"
    client.logout()
    assert send(client, "redirect", key)["Location"] == "/done/3/"
    assert send(client, "redirect", key)["Location"] == "/done/3/"  # signed out: once too
    assert ran() == 3


def test_a_fetch_request_may_send_the_key_in_a_header(signed_in):
    key = str(uuid.uuid4())
    for _ in range(2):
        response = signed_in.post(
            "/send/redirect/",
            '{"note": "hi"}',
            content_type="application/json",
            **{f"HTTP_{HEADER.upper().replace('-', '_')}": key},
        )
        assert response["Location"] == "/done/1/"
    assert ran() == 1


def test_without_a_key_nothing_changes(signed_in):
    signed_in.post("/send/redirect/")
    signed_in.post("/send/redirect/")
    assert ran() == 2 and not SentForm.objects.exists()


def test_a_key_that_is_not_one_is_a_bad_request(signed_in):
    response = send(signed_in, "redirect", "not-a-key")
    assert response.status_code == 400
    assert ran() == 0


def test_a_body_that_cannot_be_read_is_refused_by_the_csrf_check_not_a_server_error(participant):
    class GoneAway(io.BytesIO):
        def read(self, *args: Any) -> bytes:
            raise OSError("the sender went away")

    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(participant)
    environ = {
        "wsgi.input": GoneAway(),
        "CONTENT_LENGTH": "40",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
    }
    response = client.generic("POST", "/send/redirect/", **environ)
    assert response.status_code == 403
    assert ran() == 0


def test_forms_older_than_a_day_are_purged_after_the_next_one_is_sent(
    signed_in, django_capture_on_commit_callbacks
):
    start = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        old = str(uuid.uuid4())
        with django_capture_on_commit_callbacks(execute=True):
            send(signed_in, "redirect", old)
    with time_machine.travel(start + SENT_FORM_KEEP - dt.timedelta(minutes=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            send(signed_in, "redirect", str(uuid.uuid4()))
        assert SentForm.objects.count() == 2  # not a day old yet
    with time_machine.travel(start + SENT_FORM_KEEP + dt.timedelta(minutes=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            send(signed_in, "redirect", str(uuid.uuid4()))
        assert SentForm.objects.count() == 2
        assert not SentForm.objects.filter(key=old).exists()


def test_the_tag_gives_each_rendered_form_its_own_key():
    template = engines["django"].from_string("{% idempotency_key %}")
    keys = [re.search(r'value="([^"]+)"', template.render({})) for _ in range(2)]
    assert all(keys) and keys[0] and keys[1]
    assert f'name="{FIELD}"' in template.render({})
    assert uuid.UUID(keys[0].group(1)) != uuid.UUID(keys[1].group(1))


def test_every_form_in_our_templates_carries_a_key_beside_its_csrf_token():
    """The sign-in form is the one exception: a repeat would answer without the new session's
    cookie, and signing in twice does no harm."""
    missing = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        name = template.relative_to(TEMPLATES).as_posix()
        text = template.read_text()
        tokens = text.count("{% csrf_token %}")
        keyed = text.count("{% csrf_token %}{% idempotency_key %}")
        if tokens != keyed and name != "account/login.html":
            missing.append(name)
    assert missing == [], "add {% idempotency_key %} right after {% csrf_token %}"


# -- at the same moment ------------------------------------------------------------------------


def _eight(copy: DatabaseCopy, participant: Any, outcome: str, key: str) -> list[Any]:
    source = Client()
    source.force_login(participant)

    def one() -> Any:
        client = Client()
        client.cookies = source.cookies
        return send(client, outcome, key, note="same")

    return copy.at_once([one] * 8)


def test_eight_at_once_run_the_view_once_and_all_get_its_redirect(database_copy):
    from steadfast.accounts.tests.factories import UserFactory

    participant = UserFactory()
    responses = _eight(database_copy, participant, "redirect", str(uuid.uuid4()))
    assert {r.status_code for r in responses} == {302}
    assert {r["Location"] for r in responses} == {"/done/1/"}
    assert ran() == 1 and SentForm.objects.count() == 1


def test_eight_at_once_that_are_refused_all_run_nothing_is_burnt(database_copy):
    from steadfast.accounts.tests.factories import UserFactory

    participant = UserFactory()
    responses = _eight(database_copy, participant, "400", str(uuid.uuid4()))
    assert {r.status_code for r in responses} == {400}
    assert ran() == 8 and not SentForm.objects.exists()

"""An organisation is ready for participants once it names a responder and a backup, or
records, with a reason, that it names nobody; participants read that reason at consent."""

import pytest
from django.urls import reverse

from steadfast.core.models import AuditEvent
from steadfast.safety.models import SafetySetup
from steadfast.safety.selectors import ready_for_participants

pytestmark = pytest.mark.django_db
REASON = "Our two-person team has no one on call; we point people to the crisis lines."
NOT_READY = "Nobody can be enrolled as a participant yet"


def setup_url(org):
    return reverse("safety_org:setup", kwargs={"slug": org.slug})


def test_a_new_organisation_is_not_ready_and_its_setup_page_says_so(client, administrator, org):
    assert not ready_for_participants(org)
    client.force_login(administrator)
    assert NOT_READY in client.get(setup_url(org)).content.decode()


def test_a_responder_alone_is_not_enough_a_backup_makes_it_ready(
    client, administrator, facilitator, org
):
    client.force_login(administrator)
    client.post(setup_url(org), {"form": "setup", "responder": facilitator.pk})
    assert not ready_for_participants(org)
    client.post(
        setup_url(org),
        {
            "form": "setup",
            "responder": facilitator.pk,
            "backup": administrator.pk,
            "row_version": SafetySetup.objects.get().row_version,
        },
    )
    assert ready_for_participants(org)
    assert NOT_READY not in client.get(setup_url(org)).content.decode()


def test_recording_that_nobody_is_named_makes_it_ready_audited_and_told_at_consent(
    client, administrator, participant, org
):
    client.force_login(administrator)
    response = client.post(setup_url(org), {"form": "setup", "no_responder_reason": REASON})
    assert response.status_code == 302
    assert ready_for_participants(org)
    event = AuditEvent.objects.get(object_type="safety.safetysetup")
    assert event.actor == administrator and "name no responder" in event.detail
    client.force_login(participant)
    html = client.get(reverse("consent", kwargs={"slug": org.slug})).content.decode()
    assert "decided not to name anyone" in html
    assert REASON in html


def test_naming_a_responder_and_recording_nobody_at_once_is_refused(
    client, administrator, facilitator, org
):
    client.force_login(administrator)
    response = client.post(
        setup_url(org),
        {"form": "setup", "responder": facilitator.pk, "no_responder_reason": REASON},
    )
    assert response.status_code == 400
    assert "not both" in response.content.decode()
    assert not SafetySetup.objects.exists()

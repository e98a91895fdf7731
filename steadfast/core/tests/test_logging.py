import logging

import pytest
from django.urls import reverse

from steadfast.organisations import services

pytestmark = pytest.mark.django_db


def test_logs_never_carry_names_addresses_or_passwords(
    client, caplog, lead, participant, org, django_capture_on_commit_callbacks, run_worker
):
    caplog.set_level(logging.DEBUG)
    secret_password = "my very secret passphrase"
    client.post("/accounts/login/", {"login": participant.email, "password": secret_password})
    client.post(
        "/accounts/login/", {"login": "unknown.person@example.org", "password": secret_password}
    )
    client.force_login(participant)
    client.get(reverse("organisation_people", kwargs={"slug": org.slug}))  # 403, logged
    client.post(
        reverse("consent", kwargs={"slug": org.slug}),
        {"purpose": "research", "decision": "give", "version": 1},
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            organisation=org, email="invitee@example.org", role="participant", invited_by=lead
        )
    run_worker()

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "denied" in logged and "sign-in failed" in logged  # the events were logged…
    for sensitive in [
        participant.email,
        participant.full_name,
        "unknown.person",
        "invitee@",
        secret_password,
    ]:
        assert sensitive not in logged  # …without anything that identifies a person

"""Invitation emails go out at most once: the send is claimed before the email leaves, a
second worker finds the claim, and a failed send is given back for the retry."""

import pytest
from django.core import mail

from steadfast.core.tests.mailbackends import use_flaky_backend
from steadfast.organisations import services
from steadfast.organisations.models import Invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def server(settings):
    return use_flaky_backend(settings)


@pytest.fixture
def invitation(org, lead):
    return services.invitation_create(
        organisation=org, email="new.nurse@example.org", role="participant", invited_by=lead
    )


def send_invitation(invitation):
    return services.invitation_email_send(invitation_id=invitation.pk, nonce=invitation.nonce)


def test_an_invitation_run_twice_is_sent_once(server, invitation):
    assert send_invitation(invitation) is True
    assert send_invitation(invitation) is False
    assert len(mail.outbox) == 1


def test_a_second_worker_running_while_the_invitation_is_sent_sends_nothing(server, invitation):
    second = []
    server.during_send = lambda: second.append(send_invitation(invitation))
    assert send_invitation(invitation) is True
    assert second == [False]
    assert len(mail.outbox) == 1
    stored = Invitation.objects.get(pk=invitation.pk)
    assert stored.sent_nonce == invitation.nonce and stored.sent_at is not None


def test_a_failed_invitation_send_is_given_back_and_the_retry_sends_it(server, invitation):
    server.failures = 1
    with pytest.raises(ConnectionError):
        send_invitation(invitation)
    assert Invitation.objects.get(pk=invitation.pk).sent_nonce == ""
    assert send_invitation(invitation) is True
    assert send_invitation(invitation) is False
    assert len(mail.outbox) == 1

"""A questionnaire reminder goes out at most once, and a failed send is retried, not lost."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from steadfast.assessments import services
from steadfast.assessments.models import DueAssessment
from steadfast.core.tests.mailbackends import use_flaky_backend

pytestmark = pytest.mark.django_db


@pytest.fixture
def server(settings):
    return use_flaky_backend(settings)


@pytest.fixture
def due(participant):
    services.schedule_plan(
        user=participant,
        plan={"baseline": ["phq9"]},
        starts_on=timezone.localdate() - timedelta(days=1),
        ends_on=timezone.localdate() + timedelta(days=30),
        source="test:once",
    )
    return DueAssessment.objects.get(user=participant)


def test_a_reminder_run_twice_and_by_a_second_worker_meanwhile_is_sent_once(server, due):
    second = []
    server.during_send = lambda: second.append(services.due_reminder_send(due_id=due.pk))
    assert services.due_reminder_send(due_id=due.pk) is True
    assert services.due_reminder_send(due_id=due.pk) is False
    assert second == [False]
    assert len(mail.outbox) == 1


def test_a_failed_reminder_is_given_back_and_the_retry_sends_it(server, due):
    server.failures = 1
    with pytest.raises(ConnectionError):
        services.due_reminder_send(due_id=due.pk)
    # Before, the reminder was marked sent and then the email failed: it was never sent.
    assert DueAssessment.objects.get(pk=due.pk).reminder_sent_at is None
    assert services.due_reminder_send(due_id=due.pk) is True
    assert len(mail.outbox) == 1

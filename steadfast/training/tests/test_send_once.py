"""Training-request emails go out at most once: the send is claimed before the email leaves,
a second worker finds the claim, and a failed send is given back for the retry."""

import pytest
from django.core import mail

from steadfast.core.tests.mailbackends import use_flaky_backend
from steadfast.training import services
from steadfast.training.models import TrainingRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def server(settings):
    return use_flaky_backend(settings)


@pytest.fixture
def training_request(org):
    return TrainingRequest.objects.create(
        organisation=org,
        organisation_name="Lakeside Fire",
        staff_roles="firefighters",
        headcount=20,
        preferred_format="in_person",
        preferred_dates="May",
        contact_name="Dana",
        contact_email="dana@example.org",
    )


def send_training(request):
    return services.training_request_email_send(request_id=request.pk, status=request.status)


def test_a_training_request_email_is_sent_once_even_with_a_second_worker(server, training_request):
    second = []
    server.during_send = lambda: second.append(send_training(training_request))
    assert send_training(training_request) is True
    assert send_training(training_request) is False
    assert second == [False]
    assert len(mail.outbox) == 1


def test_a_failed_training_request_email_is_retried_and_then_sent(server, training_request):
    server.failures = 1
    with pytest.raises(ConnectionError):
        send_training(training_request)
    assert TrainingRequest.objects.get(pk=training_request.pk).notified_status == ""
    assert send_training(training_request) is True
    assert len(mail.outbox) == 1

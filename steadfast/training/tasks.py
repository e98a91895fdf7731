"""Background work for training: the requester's email at each step, and the email to
someone given a freed seat."""

from __future__ import annotations

from django.tasks import task

from steadfast.core.taskutils import retried
from steadfast.training import services


@task(queue_name="email")
@retried
def training_request_email(request_id: int, status: str) -> bool:
    return services.training_request_email_send(request_id=request_id, status=status)


@task(queue_name="email")
@retried
def seat_offer_email(seat_id: int) -> bool:
    return services.seat_offer_email_send(seat_id=seat_id)

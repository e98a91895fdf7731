"""Background work for organisations: invitation, training-request and seat emails."""

from __future__ import annotations

from django.tasks import task

from steadfast.core.taskutils import retried
from steadfast.organisations import services


@task(queue_name="email")
@retried
def invitation_send(invitation_id: int, nonce: str) -> bool:
    return services.invitation_email_send(invitation_id=invitation_id, nonce=nonce)


@task(queue_name="email")
@retried
def training_request_email(request_id: int, status: str) -> bool:
    return services.training_request_email_send(request_id=request_id, status=status)


@task(queue_name="email")
@retried
def seat_offer_email(seat_id: int) -> bool:
    return services.seat_offer_email_send(seat_id=seat_id)

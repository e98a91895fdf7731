"""Background work for organisations: invitation emails."""

from __future__ import annotations

from django.tasks import task

from steadfast.core.taskutils import retried
from steadfast.organisations import services


@task(queue_name="email")
@retried
def invitation_send(invitation_id: int, nonce: str) -> bool:
    return services.invitation_email_send(invitation_id=invitation_id, nonce=nonce)

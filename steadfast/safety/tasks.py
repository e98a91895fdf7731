"""Background work for safety: telling the responder, escalating a missed deadline."""

from __future__ import annotations

from django.tasks import task

from steadfast.core.taskutils import retried
from steadfast.safety import services


@task(queue_name="email")
@retried
def alert_notify(alert_id: int) -> bool:
    return services.alert_notify(alert_id=alert_id)


@task()
@retried
def alert_escalate(alert_id: int) -> bool:
    return services.alert_escalate(alert_id=alert_id)

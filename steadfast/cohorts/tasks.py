"""Background work for cohorts: session reminders."""

from __future__ import annotations

from django.tasks import task

from steadfast.cohorts import services
from steadfast.core.taskutils import retried


@task(queue_name="email")
@retried
def session_reminders(session_id: int, kind: str, starts_at: str) -> int:
    return services.session_reminders_send(session_id=session_id, kind=kind, starts_at=starts_at)

"""Background work for assessments: reminders for due questionnaires."""

from __future__ import annotations

from django.tasks import task

from steadfast.assessments import services
from steadfast.core.taskutils import retried


@task(queue_name="email")
@retried
def due_reminder_send(due_id: int) -> bool:
    return services.due_reminder_send(due_id=due_id)

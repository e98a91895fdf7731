"""Helpers for background tasks: enqueue after commit, retry with back-off."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import Task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("steadfast.tasks")


def enqueue_on_commit(task: Task, *args: Any, **kwargs: Any) -> None:  # type: ignore[type-arg]
    """Enqueue once the surrounding transaction commits, so a rolled-back request sends
    nothing."""
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


def retried(func: Callable[..., Any]) -> Callable[..., Any]:
    """Let a task retry itself: on an exception, enqueue the next attempt with exponential
    back-off (30 s, 1 min, 2 min …) up to STEADFAST_TASK_MAX_ATTEMPTS, then re-raise so
    this attempt is recorded as failed, with its traceback, for administrators.

    Apply it under @task: the task must accept `attempt` as a keyword.
    """

    @wraps(func)
    def wrapper(*args: Any, attempt: int = 1, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except Exception:
            name = f"{func.__module__}.{func.__name__}"
            if attempt < settings.STEADFAST_TASK_MAX_ATTEMPTS:
                task: Task = getattr(sys.modules[func.__module__], func.__name__)  # type: ignore[type-arg]
                delay = timedelta(seconds=30 * 2 ** (attempt - 1))
                task.using(run_after=timezone.now() + delay).enqueue(
                    *args, attempt=attempt + 1, **kwargs
                )
                logger.warning("task %s attempt %s failed; retrying in %s", name, attempt, delay)
            else:
                logger.error("task %s failed after %s attempts; giving up", name, attempt)
            raise

    return wrapper


def tasks_waiting() -> int:
    """How many tasks wait in the queue, ready to run (the health page reports it)."""
    return DBTaskResult.objects.ready().count()

"""Pages that belong to no organisation: landing and health (crisis help is in safety)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import connection
from django.db.utils import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from steadfast.core.taskutils import tasks_waiting

logger = logging.getLogger("steadfast.health")


def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    return render(request, "core/landing.html")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness: the database answers and the task queue table is readable."""
    checks: dict[str, str] = {}
    queued: int | None = None
    status = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except DatabaseError:
        logger.exception("health: database check failed")
        checks["database"] = "unavailable"
        status = 503
    try:
        # Pages fail without the static manifest (collectstatic not run): say so here.
        staticfiles_storage.url("css/steadfast.css")
        checks["static"] = "ok"
    except ValueError:
        checks["static"] = "missing (run collectstatic)"
        status = 503
    if checks["database"] == "ok":
        try:
            queued = tasks_waiting()
            checks["tasks"] = "ok"
        except DatabaseError:
            logger.exception("health: task queue check failed")
            checks["tasks"] = "unavailable"
            status = 503
    body: dict[str, object] = {
        "status": "ok" if status == 200 else "error",
        "checks": checks,
        "tasks_waiting": queued,
        "time": timezone.now().isoformat(),
    }
    if status != 200:
        body["reason"] = ", ".join(
            f"{name} {value}" for name, value in checks.items() if value != "ok"
        )
    return JsonResponse(body, status=status)


def hello(request: HttpRequest) -> HttpResponse:
    """The benchmark ceiling: the full middleware stack and nothing else."""
    if not settings.STEADFAST_BENCH_VIEWS:
        raise Http404
    return HttpResponse("hello", content_type="text/plain")

"""Closing a cohort: end-of-program and follow-up questionnaires, and follow-up sessions."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from steadfast.accounts.models import User
from steadfast.assessments.services import schedule_plan
from steadfast.cohorts.models import (
    Cohort,
    CohortGroup,
    CohortSession,
    CohortStatus,
    MemberStatus,
    SessionKind,
    SessionStatus,
)
from steadfast.cohorts.services._shared import CohortError, cohort_source
from steadfast.cohorts.services.sessions import _enqueue_reminders, _next_number
from steadfast.core.dates import add_months, utc_start
from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record
from steadfast.core.versioning import update_bumping

DEFAULT_FOLLOW_UP_MONTHS = (3, 6)


@transaction.atomic
def cohort_close(
    *,
    cohort: Cohort,
    actor: User,
    follow_up_months: tuple[int, ...] = DEFAULT_FOLLOW_UP_MONTHS,
) -> Cohort:
    """Close the cohort: schedule each participant's end-of-program and follow-up
    questionnaires from the last session held, and a follow-up check-in session for each
    group at the same local time."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.is_closed:
        return cohort
    last = (
        cohort.sessions.filter(kind=SessionKind.REGULAR, status=SessionStatus.SCHEDULED)
        .order_by("-starts_at")
        .first()
    )
    if last is None:
        raise CohortError("Schedule and run the sessions before closing the cohort.")
    plan = cohort.version.assessment_plan or {}
    by_months = {int(f["after_months"]): f["instruments"] for f in plan.get("follow_ups") or ()}
    fallback = plan.get("post") or plan.get("baseline") or []
    follow_ups = [
        {"after_months": m, "instruments": by_months.get(m, fallback)} for m in follow_up_months
    ]
    members = list(cohort.members.filter(status=MemberStatus.ACTIVE).select_related("user"))
    for member in members:
        assert member.user is not None  # noqa: S101 — active members have joined
        schedule_plan(
            user=member.user,
            plan={"post": plan.get("post", []), "follow_ups": follow_ups},
            starts_on=last.local_date,
            ends_on=last.local_date,
            source=cohort_source(cohort),
            organisation=cohort.organisation,
        )
    first_follow_up = add_months(last.local_date, min(follow_up_months or (3,)))
    number = _next_number(cohort)
    groups: list[CohortGroup | None] = [*cohort.groups.all()] or [None]
    for offset, group in enumerate(groups):
        session = CohortSession.objects.create(
            cohort=cohort,
            group=group,
            number=number + offset,
            title="Follow-up check-in",
            kind=SessionKind.FOLLOW_UP,
            local_date=first_follow_up,
            local_time=last.local_time,
            time_zone=cohort.time_zone,
            minutes=60,
            starts_at=utc_start(first_follow_up, last.local_time, cohort.time_zone),
        )
        _enqueue_reminders(session)
    cohort.status = CohortStatus.CLOSED
    cohort.closed_at = timezone.now()
    update_bumping(cohort, fields=["status", "closed_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=cohort,
        organisation=cohort.organisation,
        detail=f"closed; follow-ups at {','.join(map(str, follow_up_months))} months",
    )
    return cohort

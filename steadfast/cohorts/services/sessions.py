"""Scheduling, moving and cancelling sessions, and the reminders sent before each."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import partial

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from steadfast.accounts.models import User
from steadfast.cohorts.models import (
    REMINDER_OFFSETS,
    Cohort,
    CohortGroup,
    CohortMember,
    CohortSession,
    MemberStatus,
    ReminderKind,
    ReminderSent,
    SessionStatus,
)
from steadfast.cohorts.selectors import local_start
from steadfast.cohorts.services._shared import CohortError
from steadfast.core.dates import utc_start
from steadfast.core.models import AuditEvent
from steadfast.core.sendonce import RowClaim, send_once
from steadfast.core.services import audit_record
from steadfast.core.taskutils import enqueue_on_commit
from steadfast.core.versioning import update_bumping, update_if_version
from steadfast.programs.models import ItemKind


def _next_number(cohort: Cohort) -> int:
    return (cohort.sessions.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def sessions_schedule(
    *,
    cohort: Cohort,
    first_date: date,
    local_time: time,
    actor: User,
    every_days: int = 7,
    count: int | None = None,
    group: CohortGroup | None = None,
) -> list[CohortSession]:
    """Schedule the program's live sessions at the same local time every `every_days` days
    (weekly by default), one per session plan in the version, or `count` sessions."""
    if every_days < 1:
        raise CohortError("Sessions need at least one day between them.")
    if group is not None and group.cohort_id != cohort.pk:
        raise CohortError("That group belongs to another cohort.")
    items = list(
        cohort.version.items.filter(kind=ItemKind.SESSION).order_by("module__order", "order")
    )
    total = count or len(items) or (cohort.version.weeks or 1)
    number = _next_number(cohort)
    sessions = []
    for index in range(total):
        item = items[index] if index < len(items) else None
        local_date = first_date + timedelta(days=every_days * index)
        sessions.append(
            CohortSession.objects.create(
                cohort=cohort,
                group=group,
                number=number + index,
                title=item.title if item else f"Session {index + 1}",
                item=item,
                local_date=local_date,
                local_time=local_time,
                time_zone=cohort.time_zone,
                minutes=(item.minutes if item else None) or cohort.version.session_minutes or 75,
                starts_at=utc_start(local_date, local_time, cohort.time_zone),
            )
        )
    for session in sessions:
        _enqueue_reminders(session)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        object_type="cohorts.cohortsession",
        object_id=cohort.pk,
        organisation=cohort.organisation,
        detail=f"{len(sessions)} sessions scheduled",
    )
    return sessions


def _enqueue_reminders(session: CohortSession) -> None:
    # Deferred: the tasks module imports these services.
    from steadfast.cohorts.tasks import session_reminders

    now = timezone.now()
    for kind, offset in REMINDER_OFFSETS.items():
        send_at = session.starts_at - offset
        if session.starts_at <= now:
            continue
        task = session_reminders.using(run_after=max(send_at, now))
        enqueue_on_commit(task, session.pk, str(kind), session.starts_at.isoformat())


@transaction.atomic
def session_move(
    *,
    session: CohortSession,
    local_date: date,
    local_time: time,
    actor: User,
    row_version: int | None = None,
) -> CohortSession:
    """Move one session; calendars get a new SEQUENCE and reminders follow the new time.
    With `row_version` (the version the page was loaded with), a session changed since is
    left alone and StaleEdit is raised (core.versioning)."""
    session.local_date = local_date
    session.local_time = local_time
    session.starts_at = utc_start(local_date, local_time, session.time_zone)
    session.status = SessionStatus.SCHEDULED
    session.sequence += 1
    _session_write(session, row_version, ["local_date", "local_time", "starts_at", "status"])
    _enqueue_reminders(session)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=session,
        organisation=session.cohort.organisation,
        detail="moved",
    )
    return session


def _session_write(session: CohortSession, row_version: int | None, fields: list[str]) -> None:
    fields = [*fields, "sequence"]
    if row_version is None:
        update_bumping(session, fields=fields)
    else:
        update_if_version(session, expected=row_version, fields=fields)


@transaction.atomic
def session_cancel(
    *,
    session: CohortSession,
    actor: User,
    row_version: int | None = None,
) -> CohortSession:
    """Cancel one session (calendars get a new SEQUENCE). With `row_version`, as session_move."""
    session.status = SessionStatus.CANCELLED
    session.sequence += 1
    _session_write(session, row_version, ["status"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=session,
        organisation=session.cohort.organisation,
        detail="cancelled",
    )
    return session


def session_members(session: CohortSession) -> list[CohortMember]:
    members = CohortMember.objects.filter(cohort_id=session.cohort_id, status=MemberStatus.ACTIVE)
    if session.group_id is not None:
        members = members.filter(group_id=session.group_id)
    return list(members.select_related("user"))


def session_reminders_send(
    *, session_id: int, kind: str, starts_at: str, now: datetime | None = None
) -> int:
    """Send one kind of reminder for one session to everyone in it, at most once each.

    Each person's reminder is claimed by inserting their sent-marker (unique per session,
    person, kind and start) before their email goes out; a restarted worker (or a second one)
    finds the marker and sends them nothing. A failed send gives that one marker back and
    stops, so the retry sends to that person and to everyone not reached yet. A moved
    session has a new start, so this stale task does nothing and the new one sends.
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = (
            CohortSession.objects.select_for_update()
            .select_related("cohort")
            .filter(pk=session_id)
            .first()
        )
        if (
            session is None
            or session.is_cancelled
            or session.starts_at.isoformat() != starts_at
            or session.starts_at <= now
            or kind not in REMINDER_OFFSETS
        ):
            return 0
        members = session_members(session)
        done = set(
            ReminderSent.objects.filter(
                session=session, kind=kind, starts_at=session.starts_at
            ).values_list("member_id", flat=True)
        )
        due = [m for m in members if m.pk not in done and m.user is not None]

    def send(member: CohortMember) -> None:
        assert member.user is not None  # noqa: S101 — filtered above
        send_mail(
            subject=f"Reminder: {session.title} "
            + ("tomorrow" if kind == ReminderKind.DAY_BEFORE else "in one hour"),
            message=render_to_string(
                "cohorts/email/reminder.txt",
                {
                    "session": session,
                    "cohort": session.cohort,
                    "member": member,
                    "when": local_start(session, member.user),
                },
            ),
            from_email=None,
            recipient_list=[member.user.email],
        )

    sent = 0
    for member in due:
        marker = {
            "session": session,
            "member": member,
            "kind": kind,
            "starts_at": session.starts_at,
        }
        if send_once(RowClaim(model=ReminderSent, fields=marker), partial(send, member)):
            sent += 1
    return sent


def reminders_sweep(*, now: datetime | None = None) -> int:
    """Send any reminder whose time has come and that was not sent (for a worker that was
    down when its task was due). Markers make this safe to run as often as wanted."""
    now = now or timezone.now()
    sent = 0
    for kind, offset in REMINDER_OFFSETS.items():
        sessions = CohortSession.objects.filter(
            status=SessionStatus.SCHEDULED, starts_at__gt=now, starts_at__lte=now + offset
        ).values_list("pk", "starts_at")
        for pk, starts_at in sessions:
            sent += session_reminders_send(
                session_id=pk, kind=str(kind), starts_at=starts_at.isoformat(), now=now
            )
    return sent

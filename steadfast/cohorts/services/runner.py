"""The session runner: attendance, the group agreement, facilitator notes, feedback and the
maintenance plan."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from steadfast.accounts.models import User
from steadfast.cohorts.models import (
    Attendance,
    AttendanceStatus,
    Cohort,
    CohortMember,
    CohortSession,
    FacilitatorNote,
    FeedbackReceipt,
    MaintenancePlan,
    SessionFeedback,
)
from steadfast.cohorts.services._shared import CohortError, is_facilitator
from steadfast.cohorts.services.sessions import session_members
from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record
from steadfast.core.versioning import update_bumping, update_if_version


@transaction.atomic
def attendance_record(
    *,
    session: CohortSession,
    statuses: dict[int, str],
    actor: User,
) -> int:
    allowed = {m.pk for m in session_members(session)}
    valid = set(AttendanceStatus.values)
    saved = 0
    for member_id, status in statuses.items():
        if member_id not in allowed or status not in valid:
            continue
        Attendance.objects.update_or_create(
            session=session, member_id=member_id, defaults={"status": status}
        )
        saved += 1
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=session,
        organisation=session.cohort.organisation,
        detail=f"attendance for {saved}",
    )
    return saved


@transaction.atomic
def agreement_accept(*, session: CohortSession, member_ids: list[int], actor: User) -> int:
    """Record that these members accepted the group agreement (in the room, or themselves)."""
    allowed = [m.pk for m in session_members(session) if m.pk in set(member_ids)]
    return CohortMember.objects.filter(pk__in=allowed, agreement_accepted_at__isnull=True).update(
        agreement_accepted_at=timezone.now()
    )


@transaction.atomic
def note_add(
    *,
    cohort: Cohort,
    author: User,
    body: str,
    session: CohortSession | None = None,
    member: CohortMember | None = None,
) -> FacilitatorNote:
    if not is_facilitator(cohort, author):
        raise CohortError("Only this cohort's facilitators can write notes.")
    if session is None and member is None:
        raise CohortError("A note is about a session or a participant.")
    if (session and session.cohort_id != cohort.pk) or (member and member.cohort_id != cohort.pk):
        raise CohortError("That belongs to another cohort.")
    if not body.strip():
        raise CohortError("The note is empty.")
    note = FacilitatorNote.objects.create(
        cohort=cohort, session=session, member=member, author=author, body=body.strip()
    )
    audit_record(
        actor=author,
        action=AuditEvent.Action.CREATE,
        target=note,
        organisation=cohort.organisation,
    )
    return note


@transaction.atomic
def note_update(
    *,
    note: FacilitatorNote,
    author: User,
    body: str,
    row_version: int | None,
) -> FacilitatorNote:
    """Change a note. Only its author may, while they facilitate its cohort. `row_version`
    is the version the page was loaded with: if the note was saved since, nothing is
    written and StaleEdit is raised (core.versioning). None skips the check."""
    cohort = note.cohort
    if note.author_id != getattr(author, "pk", None) or not is_facilitator(cohort, author):
        raise CohortError("Only the note's author can change it.")
    if not body.strip():
        raise CohortError("The note is empty.")
    note.body = body.strip()
    if row_version is None:
        update_bumping(note, fields=["body"])
    else:
        update_if_version(note, expected=row_version, fields=["body"])
    audit_record(
        actor=author,
        action=AuditEvent.Action.UPDATE,
        target=note,
        organisation=cohort.organisation,
        detail="note changed",
    )
    return note


@transaction.atomic
def feedback_submit(
    *, session: CohortSession, member: CohortMember, useful: int, keep: str = "", change: str = ""
) -> None:
    """Record a participant's feedback on a session they attended. The receipt (who answered)
    and the answer are separate rows with nothing to join them."""
    if member.cohort_id != session.cohort_id or session.is_cancelled:
        raise CohortError("You cannot give feedback on this session.")
    attended = Attendance.objects.filter(
        session=session, member=member, status__in=[AttendanceStatus.PRESENT, AttendanceStatus.LATE]
    ).exists()
    if not attended:
        raise CohortError("Feedback is for sessions you attended.")
    if not 1 <= useful <= 5:
        raise CohortError("Choose a number from 1 to 5.")
    try:
        with transaction.atomic():
            FeedbackReceipt.objects.create(session=session, member=member)
    except IntegrityError:
        raise CohortError("You already gave feedback on this session. Thank you!") from None
    SessionFeedback.objects.create(
        session=session, useful=useful, keep=keep.strip()[:500], change=change.strip()[:500]
    )


@transaction.atomic
def maintenance_plan_save(*, member: CohortMember, body: str, goals_met: str) -> MaintenancePlan:
    if goals_met and goals_met not in MaintenancePlan.GoalsMet.values:
        raise CohortError("Choose one of the answers about your goals.")
    plan, _ = MaintenancePlan.objects.update_or_create(
        member=member, defaults={"body": body.strip(), "goals_met": goals_met}
    )
    return plan


def agreement_accept_own(*, place: CohortMember) -> bool:
    """The person agrees to the group agreement, once; True if this call recorded it."""
    with transaction.atomic():
        agreed = CohortMember.objects.filter(
            pk=place.pk, agreement_accepted_at__isnull=True
        ).update(agreement_accepted_at=timezone.now())
        if agreed:
            audit_record(
                actor=place.user,
                action=AuditEvent.Action.UPDATE,
                target=place,
                organisation=place.cohort.organisation,
                detail="group agreement accepted",
            )
    return bool(agreed)

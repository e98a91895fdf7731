"""Writes for training: requests and their triage, seats at regional trainings and the
waiting list, debriefs and who attended. Each email goes out once, after commit."""

from __future__ import annotations

from datetime import date, time

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from steadfast.accounts.models import User
from steadfast.core import crypto
from steadfast.core.dates import utc_start
from steadfast.core.emails import normalise_email
from steadfast.core.models import AuditEvent
from steadfast.core.sendonce import MarkerClaim, send_once
from steadfast.core.services import audit_record
from steadfast.core.taskutils import enqueue_on_commit
from steadfast.organisations.models import Membership, Organisation, Team
from steadfast.training.models import (
    Debrief,
    Seat,
    SeatAllocation,
    SeatStatus,
    TrainingRequest,
    TrainingStatus,
)

SEAT_EMAIL_INDEX = "seat-email"
TRAINING_TRANSITIONS = {
    "new": {"accepted", "declined"},
    "accepted": {"scheduled", "declined"},
    "scheduled": set(),
    "declined": set(),
}


class TrainingError(Exception):
    pass


@transaction.atomic
def training_request_submit(
    *,
    organisation_name: str,
    staff_roles: str,
    headcount: int,
    preferred_format: str,
    preferred_dates: str,
    contact_name: str,
    contact_email: str,
    needs: str = "",
    organisation: Organisation | None = None,
    submitted_by: User | None = None,
) -> TrainingRequest:
    """Record a request for training (from a lead, or the public form) and confirm it to the
    contact by email once this commits."""
    training_request = TrainingRequest.objects.create(
        organisation=organisation,
        organisation_name=organisation.name if organisation else organisation_name.strip(),
        staff_roles=staff_roles.strip(),
        headcount=headcount,
        preferred_format=preferred_format,
        preferred_dates=preferred_dates.strip(),
        contact_name=contact_name.strip(),
        contact_email=normalise_email(contact_email),
        needs=needs.strip(),
        submitted_by=submitted_by if getattr(submitted_by, "is_authenticated", False) else None,
    )
    audit_record(
        actor=submitted_by,
        action=AuditEvent.Action.CREATE,
        target=training_request,
        organisation=organisation,
        detail="training request",
    )
    _enqueue_training_email(training_request)
    return training_request


def _enqueue_training_email(training_request: TrainingRequest) -> None:
    # Deferred: the tasks module imports these services.
    from steadfast.training.tasks import training_request_email

    enqueue_on_commit(training_request_email, training_request.pk, training_request.status)


@transaction.atomic
def training_request_transition(
    *,
    training_request: TrainingRequest,
    status: str,
    actor: User,
    reason: str = "",
) -> TrainingRequest:
    """Move a request along new → accepted → scheduled, or decline it with a reason. The
    requester hears about each change by email."""
    locked = TrainingRequest.objects.select_for_update().get(pk=training_request.pk)
    if status not in TRAINING_TRANSITIONS.get(locked.status, set()):
        raise TrainingError(f"A {locked.status} request cannot become {status}.")
    if status == TrainingStatus.DECLINED and not reason.strip():
        raise TrainingError("Please give a reason, so the requester knows why.")
    locked.status = status
    locked.decline_reason = reason.strip() if status == TrainingStatus.DECLINED else ""
    locked.save(update_fields=["status", "decline_reason", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=locked,
        organisation=locked.organisation,
        detail=f"status={status}",
    )
    _enqueue_training_email(locked)
    return locked


def training_request_email_send(*, request_id: int, status: str) -> bool:
    """Tell the requester where their request stands, once per status."""
    found = TrainingRequest.objects.filter(pk=request_id).first()
    if found is None or found.status != status or found.notified_status == status:
        return False
    claim = MarkerClaim(
        model=TrainingRequest,
        pk=found.pk,
        unsent=Q(status=status) & ~Q(notified_status=status),
        claim={"notified_status": status},
        release={"notified_status": found.notified_status},
    )
    return send_once(
        claim,
        lambda: send_mail(
            subject=f"Your training request: {found.get_status_display()}",
            message=render_to_string("training/email/training_request.txt", {"req": found}),
            from_email=None,
            recipient_list=[found.contact_email],
        ),
    )


def seat_email_index(email: str) -> str:
    return crypto.blind_index(normalise_email(email), purpose=SEAT_EMAIL_INDEX)


@transaction.atomic
def seat_add(
    *,
    allocation: SeatAllocation,
    name: str,
    email: str,
    actor: User,
) -> Seat:
    """Name a person for a regional training: a seat if the organisation has one free,
    otherwise the waiting list. The allocation row is locked so two leads adding at the same
    moment cannot both take the last seat."""
    locked = SeatAllocation.objects.select_for_update().get(pk=allocation.pk)
    taken = locked.seats_taken.filter(status=SeatStatus.CONFIRMED).count()
    status = SeatStatus.CONFIRMED if taken < locked.seats else SeatStatus.WAITING
    try:
        with transaction.atomic():
            seat = Seat.objects.create(
                allocation=locked,
                name=name.strip(),
                email=normalise_email(email),
                email_index=seat_email_index(email),
                status=status,
                added_by=actor,
            )
    except IntegrityError:
        raise TrainingError("This person already has a seat or is waiting for one.") from None
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=seat,
        organisation=locked.organisation,
        detail=f"status={status}",
    )
    return seat


@transaction.atomic
def seat_cancel(*, seat: Seat, actor: User) -> Seat | None:
    """Cancel a seat or a place on the waiting list. A freed seat goes to the first person
    waiting in the same organisation, who is emailed. Returns that person's seat, if any."""
    allocation = SeatAllocation.objects.select_for_update().get(pk=seat.allocation_id)
    current = Seat.objects.get(pk=seat.pk)
    if current.status == SeatStatus.CANCELLED:
        return None
    freed = current.status == SeatStatus.CONFIRMED
    current.status = SeatStatus.CANCELLED
    current.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=current,
        organisation=allocation.organisation,
        detail="cancelled",
    )
    if not freed:
        return None
    confirmed = allocation.seats_taken.filter(status=SeatStatus.CONFIRMED).count()
    if confirmed >= allocation.seats:
        return None
    promoted = (
        allocation.seats_taken.filter(status=SeatStatus.WAITING)
        .order_by("created_at", "pk")
        .first()
    )
    if promoted is None:
        return None
    promoted.status = SeatStatus.CONFIRMED
    promoted.offered_at = timezone.now()
    promoted.save(update_fields=["status", "offered_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=promoted,
        organisation=allocation.organisation,
        detail="given a freed seat",
    )
    # Deferred: the tasks module imports these services.
    from steadfast.training.tasks import seat_offer_email

    enqueue_on_commit(seat_offer_email, promoted.pk)
    return promoted


def seat_offer_email_send(*, seat_id: int) -> bool:
    """Tell someone from the waiting list they now have a seat, once."""
    seat = (
        Seat.objects.select_related("allocation__training", "allocation__organisation")
        .filter(pk=seat_id)
        .first()
    )
    if seat is None or seat.status != SeatStatus.CONFIRMED or seat.offer_sent_at:
        return False
    claim = MarkerClaim(
        model=Seat,
        pk=seat.pk,
        unsent=Q(status=SeatStatus.CONFIRMED, offer_sent_at__isnull=True),
        claim={"offer_sent_at": timezone.now()},
        release={"offer_sent_at": None},
    )
    return send_once(
        claim,
        lambda: send_mail(
            subject=f"A seat is yours: {seat.allocation.training.title}",
            message=render_to_string("training/email/seat_offer.txt", {"seat": seat}),
            from_email=None,
            recipient_list=[seat.email],
        ),
    )


# -- debriefs ---------------------------------------------------------------------------------


class DebriefError(Exception):
    pass


@transaction.atomic
def debrief_schedule(
    *,
    organisation: Organisation,
    title: str,
    local_date: date,
    local_time: time,
    runner: User,
    actor: User,
    team: Team | None = None,
) -> Debrief:
    """Put a team debrief in the organisation's calendar, run by one of its members."""
    if team is not None and team.organisation_id != organisation.pk:
        raise DebriefError("That team belongs to another organisation.")
    if not Membership.objects.active().filter(organisation=organisation, user=runner).exists():
        raise DebriefError("The person running it must be a member of the organisation.")
    debrief = Debrief.objects.create(
        organisation=organisation,
        team=team,
        title=title.strip(),
        local_date=local_date,
        local_time=local_time,
        time_zone=organisation.time_zone,
        starts_at=utc_start(local_date, local_time, organisation.time_zone),
        runner=runner,
        scheduled_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=debrief,
        organisation=organisation,
    )
    return debrief


@transaction.atomic
def debrief_attendance_record(*, debrief: Debrief, user_ids: list[int], actor: User) -> int:
    """Keep who came (members of the organisation, or of the debrief's team), nothing else.
    Returns how many."""
    members = Membership.objects.active().filter(
        organisation=debrief.organisation, user_id__in=user_ids
    )
    if debrief.team_id is not None:
        members = members.filter(team_id=debrief.team_id)
    ids = list(members.values_list("user_id", flat=True))
    debrief.attended.set(ids)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=debrief,
        organisation=debrief.organisation,
        detail=f"attendance for {len(ids)}",
    )
    return len(ids)

"""Creating a cohort and giving people places: one by one, or when an invitee has accepted
and agreed to take part. Nobody gets a place before the organisation has set up safety
(a named responder and backup, or its recorded decision that it has none)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from steadfast.accounts.models import ConsentPurpose, User
from steadfast.accounts.selectors import has_consented, person_zone
from steadfast.assessments.services import schedule_plan
from steadfast.cohorts.models import (
    Cohort,
    CohortMember,
    MemberStatus,
    SessionKind,
    SessionStatus,
)
from steadfast.cohorts.services._shared import CohortError, cohort_source, member_email_index
from steadfast.core.emails import normalise_email
from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record
from steadfast.core.versioning import update_bumping, update_if_version
from steadfast.organisations.models import (
    Invitation,
    Membership,
    Organisation,
    Role,
    Team,
)
from steadfast.organisations.services import (
    InvitationError,
    invitation_create,
    invitation_email_index,
)
from steadfast.programs.models import Enrolment, ProgramVersion
from steadfast.programs.services import ProgramError, enrolment_create
from steadfast.safety.selectors import NOT_READY, ready_for_participants
from steadfast.training.models import TrainingRequest, TrainingStatus
from steadfast.training.services import training_request_transition


@transaction.atomic
def cohort_create(
    *,
    organisation: Organisation,
    version: ProgramVersion,
    title: str,
    facilitators: list[User],
    starts_on: date,
    time_zone: str,
    format: str,
    place: str = "",
    video_link: str = "",
    seats: int = 24,
    training_request: TrainingRequest | None = None,
    actor: User,
) -> Cohort:
    """Start a cohort on one program version. Created from an accepted training request, it
    marks that request scheduled (which emails the requester)."""
    if not facilitators:
        raise CohortError("A cohort needs at least one facilitator.")
    allowed = set(
        Membership.objects.active()
        .filter(organisation=organisation, role__in=[Role.FACILITATOR, Role.ADMINISTRATOR])
        .values_list("user_id", flat=True)
    )
    if any(f.pk not in allowed for f in facilitators):
        raise CohortError("Every facilitator must be a facilitator in this organisation.")
    if training_request is not None and training_request.organisation_id not in (
        None,
        organisation.pk,
    ):
        raise CohortError("That training request belongs to another organisation.")
    cohort = Cohort(
        organisation=organisation,
        version=version,
        title=title.strip(),
        starts_on=starts_on,
        time_zone=time_zone,
        format=format,
        place=place.strip() if format == "in_person" else "",
        video_link=video_link.strip() if format == "online" else "",
        seats=seats,
        training_request=training_request,
    )
    try:
        cohort.full_clean()
    except ValidationError as error:
        raise CohortError(" ".join(error.messages)) from None
    cohort.save()
    cohort.facilitators.set(facilitators)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=cohort,
        organisation=organisation,
        detail=f"version={version.pk}",
    )
    if training_request is not None:
        if training_request.status == TrainingStatus.NEW:
            training_request = training_request_transition(
                training_request=training_request, status="accepted", actor=actor
            )
        if training_request.status == TrainingStatus.ACCEPTED:
            training_request_transition(
                training_request=training_request, status="scheduled", actor=actor
            )
    return cohort


@transaction.atomic
def cohort_update(
    *,
    cohort: Cohort,
    title: str,
    format: str,
    place: str = "",
    video_link: str = "",
    seats: int,
    row_version: int | None,
    actor: User,
) -> Cohort:
    """Change a cohort's name, where it meets and its seats. `row_version` is the version the
    page was loaded with: if the cohort was saved since, nothing is written and StaleEdit is
    raised (core.versioning). None skips the check."""
    cohort.title = title.strip()
    cohort.format = format
    cohort.place = place.strip() if format == "in_person" else ""
    cohort.video_link = video_link.strip() if format == "online" else ""
    cohort.seats = seats
    try:
        cohort.full_clean(exclude=["organisation", "version", "training_request"])
    except ValidationError as error:
        raise CohortError(" ".join(error.messages)) from None
    fields = ["title", "format", "place", "video_link", "seats"]
    if row_version is None:
        update_bumping(cohort, fields=fields)
    else:
        update_if_version(cohort, expected=row_version, fields=fields)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=cohort,
        organisation=cohort.organisation,
        detail="details changed",
    )
    return cohort


def _planned_end(cohort: Cohort) -> date:
    last = (
        cohort.sessions.filter(kind=SessionKind.REGULAR, status=SessionStatus.SCHEDULED)
        .order_by("-local_date")
        .values_list("local_date", flat=True)
        .first()
    )
    if last is not None:
        return last
    weeks = cohort.version.weeks or 1
    return cohort.starts_on + timedelta(days=7 * weeks - 1)


def _member_activate(member: CohortMember, user: User, actor: User) -> None:
    """Enrol the person on the cohort's version and schedule the start of their plan
    (baseline and recurring check-ins; end-of-program and follow-ups come at closure, from
    the real last session)."""
    cohort = member.cohort
    variant = cohort.version.variants.filter(role=member.staff_role.strip().lower()).first()
    enrolment = Enrolment.objects.filter(user=user, version=cohort.version).first()
    if enrolment is None:
        try:
            enrolment = enrolment_create(
                user=user,
                version=cohort.version,
                source=Enrolment.Source.COHORT,
                organisation=cohort.organisation,
                variant=variant,
                actor=actor,
            )
        except ProgramError as error:
            raise CohortError(str(error)) from None
    plan = cohort.version.assessment_plan or {}
    schedule_plan(
        user=user,
        plan={"baseline": plan.get("baseline", []), "recurring": plan.get("recurring", [])},
        starts_on=max(cohort.starts_on, timezone.localdate(timezone=person_zone(user))),
        ends_on=_planned_end(cohort),
        source=cohort_source(cohort),
        organisation=cohort.organisation,
    )
    member.user = user
    member.enrolment = enrolment
    member.status = MemberStatus.ACTIVE
    member.save(update_fields=["user", "enrolment", "status"])


@transaction.atomic
def member_enrol(
    *,
    cohort: Cohort,
    email: str,
    name: str,
    actor: User,
    staff_role: str = "",
    team: Team | None = None,
) -> CohortMember:
    """Give one person a place. A member of the organisation is enrolled at once; anyone else
    gets the organisation's invitation and is enrolled when they accept it."""
    if cohort.is_closed:
        raise CohortError("This cohort is closed.")
    if not ready_for_participants(cohort.organisation):
        raise CohortError(NOT_READY)
    email = normalise_email(email)
    index = member_email_index(email)
    if cohort.members.filter(email_index=index).exists():
        raise CohortError("This person already has a place in the cohort.")
    if cohort.members.exclude(status=MemberStatus.WITHDRAWN).count() >= cohort.seats:
        raise CohortError("All the seats in this cohort are taken.")
    membership = (
        Membership.objects.active()
        .select_related("user")
        .filter(organisation=cohort.organisation, user__email__iexact=email)
        .first()
    )
    member = CohortMember.objects.create(
        cohort=cohort,
        name=name.strip() or (membership.user.full_name if membership else ""),
        email=email,
        email_index=index,
        staff_role=staff_role.strip(),
        team=team,
        status=MemberStatus.INVITED,
    )
    if membership is not None:
        _member_activate(member, membership.user, actor)
    else:
        try:
            member.invitation = invitation_create(
                organisation=cohort.organisation,
                email=email,
                role=Role.PARTICIPANT,
                team=team,
                invited_by=actor,
            )
        except InvitationError as error:
            if error.reason != "duplicate":
                raise CohortError(error.message) from None
            # An invitation is already waiting: link the place to it.
            member.invitation = (
                Invitation.objects.pending()
                .filter(organisation=cohort.organisation, email_index=invitation_email_index(email))
                .first()
            )
        member.save(update_fields=["invitation"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=member,
        organisation=cohort.organisation,
        detail=f"cohort={cohort.pk} status={member.status}",
    )
    return member


def claim_places_on_acceptance(sender: object, *, user: User, **kwargs: Any) -> None:
    """Receiver of `organisations.signals.invitation_accepted`: a person invited to a cohort
    takes their place when they accept, if they already agreed to take part there."""
    members_claim(user=user)


def claim_places_on_consent(
    sender: object, *, user: User, organisation: Organisation | None, purpose: str, **kwargs: Any
) -> None:
    """Receiver of `accounts.signals.consent_given`: agreeing to take part is the step that
    gives an invitee their place and schedules their questionnaires."""
    if purpose == ConsentPurpose.TAKING_PART and organisation is not None:
        members_claim(user=user)


@transaction.atomic
def members_claim(*, cohort: Cohort | None = None, user: User | None = None) -> int:
    """Enrol invited people who have accepted their invitation and agreed to take part in the
    cohort's organisation: nothing is scheduled for anyone before that. Safe to call often:
    it does nothing when nobody new is ready."""
    pending = CohortMember.objects.filter(
        status=MemberStatus.INVITED, invitation__accepted_by__isnull=False
    ).select_related("invitation__accepted_by", "cohort__version")
    if cohort is not None:
        pending = pending.filter(cohort=cohort)
    if user is not None:
        pending = pending.filter(invitation__accepted_by=user)
    count = 0
    for member in pending.select_for_update(of=("self",)):
        accepted_by = member.invitation.accepted_by if member.invitation else None
        if accepted_by is not None and has_consented(
            user=accepted_by,
            organisation=member.cohort.organisation,
            purpose=ConsentPurpose.TAKING_PART,
        ):
            _member_activate(member, accepted_by, accepted_by)
            count += 1
    return count

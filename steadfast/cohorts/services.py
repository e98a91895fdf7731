"""Writes for cohorts: creating, enrolling (one by one or from a CSV file), intake, groups,
sessions and reminders, attendance, notes, feedback, debriefs and closure."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from steadfast.accounts.models import User
from steadfast.assessments.services import schedule_plan
from steadfast.cohorts import grouping
from steadfast.cohorts.models import (
    LABELS,
    REMINDER_OFFSETS,
    Attendance,
    AttendanceStatus,
    CalendarFeed,
    Cohort,
    CohortGroup,
    CohortMember,
    CohortSession,
    CohortStatus,
    Debrief,
    FacilitatorNote,
    FeedbackReceipt,
    Intake,
    MaintenancePlan,
    MemberStatus,
    ReminderKind,
    ReminderSent,
    SessionFeedback,
    SessionKind,
    SessionStatus,
    utc_start,
)
from steadfast.cohorts.selectors import local_start
from steadfast.core import crypto
from steadfast.core.dates import add_months
from steadfast.core.emails import normalise_email
from steadfast.core.models import AuditEvent
from steadfast.core.sendonce import RowClaim, send_once
from steadfast.core.services import audit_record
from steadfast.core.taskutils import enqueue_on_commit
from steadfast.core.text import has_control_characters
from steadfast.core.versioning import update_bumping, update_if_version
from steadfast.organisations.models import (
    Invitation,
    Membership,
    Organisation,
    Role,
    Team,
    TrainingRequest,
    TrainingStatus,
)
from steadfast.organisations.services import (
    InvitationError,
    invitation_create,
    invitation_email_index,
    training_request_transition,
)
from steadfast.programs.models import Enrolment, ItemKind, ProgramVersion
from steadfast.programs.services import ProgramError, enrolment_create

MEMBER_EMAIL_INDEX = "cohort-member-email"
CSV_COLUMNS = ("name", "email", "role", "team")
CSV_MAX_BYTES = 1_000_000
CSV_MAX_ROWS = 2000
DEFAULT_FOLLOW_UP_MONTHS = (3, 6)


class CohortError(Exception):
    pass


def member_email_index(email: str) -> str:
    return crypto.blind_index(normalise_email(email), purpose=MEMBER_EMAIL_INDEX)


def cohort_source(cohort: Cohort) -> str:
    return f"cohort:{cohort.pk}"


def is_facilitator(cohort: Cohort, user: Any) -> bool:
    return cohort.facilitators.filter(pk=getattr(user, "pk", None)).exists()


# -- creating and enrolling -----------------------------------------------------------------


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
        starts_on=max(cohort.starts_on, timezone.localdate()),
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
    takes their place as soon as they accept."""
    members_claim(user=user)


@transaction.atomic
def members_claim(*, cohort: Cohort | None = None, user: User | None = None) -> int:
    """Enrol invited people whose invitation has been accepted since. Safe to call often:
    it does nothing when nobody new has joined."""
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
        if accepted_by is not None:
            _member_activate(member, accepted_by, accepted_by)
            count += 1
    return count


# -- CSV import -------------------------------------------------------------------------------


@dataclass
class ImportRow:
    line: int
    name: str
    email: str
    role: str
    team: str
    errors: list[str] = field(default_factory=list)
    already: bool = False


@dataclass
class ImportCheck:
    rows: list[ImportRow]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems and not any(r.errors for r in self.rows)

    @property
    def new_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if not r.already and not r.errors]


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        return text
    raise CohortError('The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.')


def import_check(*, cohort: Cohort, data: bytes) -> ImportCheck:
    """Read a staff file (name, email, role, team) and say what is wrong with every row,
    without changing anything."""
    if len(data) > CSV_MAX_BYTES:
        return ImportCheck([], ["The file is larger than 1 MB. Split it into smaller files."])
    try:
        text = _decode(data)
    except CohortError as error:
        return ImportCheck([], [str(error)])
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return ImportCheck([], ["The file is empty."])
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        return ImportCheck(
            [],
            [
                "The first line must name the columns name, email, role, team "
                f"(missing: {', '.join(missing)})."
            ],
        )
    at = {c: header.index(c) for c in CSV_COLUMNS}
    teams = {t.name.strip().casefold(): t for t in cohort.organisation.teams.all()}
    existing = set(cohort.members.values_list("email_index", flat=True))
    rows: list[ImportRow] = []
    seen: dict[str, int] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(rows) >= CSV_MAX_ROWS:
            return ImportCheck([], [f"The file has more than {CSV_MAX_ROWS} people."])
        cell = {c: (cells[i].strip() if i < len(cells) else "") for c, i in at.items()}
        row = ImportRow(
            line, cell["name"], normalise_email(cell["email"]), cell["role"], cell["team"]
        )
        if any(has_control_characters(value) for value in cell.values()):
            row.errors.append(
                "This line has a hidden control character in it. Retype the line and save the "
                "file again."
            )
        if not row.name:
            row.errors.append("The name is empty.")
        elif len(row.name) > 150:
            row.errors.append("The name is longer than 150 characters.")
        try:
            validate_email(row.email)
        except ValidationError:
            row.errors.append(f"{row.email or 'The email'} is not an email address.")
        if len(row.role) > 60:
            row.errors.append("The role is longer than 60 characters.")
        if row.team and row.team.casefold() not in teams:
            known = ", ".join(sorted(t.name for t in teams.values())) or "none yet"
            row.errors.append(f"There is no team called {row.team!r} (teams: {known}).")
        if row.email:
            if row.email in seen:
                row.errors.append(f"The same email is on line {seen[row.email]}.")
            else:
                seen[row.email] = line
            row.already = member_email_index(row.email) in existing
        rows.append(row)
    problems = []
    if not rows:
        problems.append("The file has no people in it.")
    taken = cohort.members.exclude(status=MemberStatus.WITHDRAWN).count()
    adding = sum(1 for r in rows if not r.already)
    if taken + adding > cohort.seats:
        problems.append(
            f"The cohort has {cohort.seats} seats, {taken} taken; this file adds {adding}."
        )
    return ImportCheck(rows, problems)


@transaction.atomic
def import_apply(*, cohort: Cohort, data: bytes, actor: User) -> ImportCheck:
    """Enrol everyone in the file, or nobody: the file is checked again here and any error
    refuses the whole file. People already in the cohort are left as they are."""
    check = import_check(cohort=cohort, data=data)
    if not check.ok:
        raise CohortError("The file has errors; nothing was imported.")
    teams = {t.name.strip().casefold(): t for t in cohort.organisation.teams.all()}
    for row in check.new_rows:
        member_enrol(
            cohort=cohort,
            email=row.email,
            name=row.name,
            staff_role=row.role,
            team=teams.get(row.team.casefold()) if row.team else None,
            actor=actor,
        )
    return check


# -- intake and groups ------------------------------------------------------------------------


@transaction.atomic
def intake_save(
    *,
    member: CohortMember,
    challenges: list[str],
    availability: list[str],
    not_with: list[int],
    challenges_other: str = "",
    goals: str = "",
    not_with_note: str = "",
) -> Intake:
    valid_ids = set(member.cohort.members.exclude(pk=member.pk).values_list("pk", flat=True))
    unknown = [i for i in not_with if i not in valid_ids]
    if unknown:
        raise CohortError("Choose people from this cohort only.")
    intake, _ = Intake.objects.update_or_create(
        member=member,
        defaults={
            "challenges": sorted(set(challenges)),
            "availability": sorted(set(availability)),
            "not_with": sorted(set(not_with)),
            "challenges_other": challenges_other.strip(),
            "goals": goals.strip(),
            "not_with_note": not_with_note.strip(),
        },
    )
    return intake


def groups_propose(*, cohort: Cohort) -> grouping.Proposal:
    members = list(cohort.members.filter(status=MemberStatus.ACTIVE).select_related("intake"))
    people = []
    for member in members:
        intake = getattr(member, "intake", None)
        people.append(
            grouping.Person(
                id=member.pk,
                challenges=frozenset(intake.challenges if intake else ()),
                availability=frozenset(intake.availability if intake else ()),
                not_with=frozenset(intake.not_with if intake else ()),
            )
        )
    return grouping.propose(
        people, min_size=cohort.group_min, max_size=cohort.group_max, labels=LABELS
    )


@transaction.atomic
def groups_save(*, cohort: Cohort, proposal: grouping.Proposal, actor: User) -> list[CohortGroup]:
    """Replace the cohort's groups with a proposal (groups that have sessions are kept and
    refilled)."""
    existing = {g.number: g for g in cohort.groups.all()}
    groups = []
    for number, ids in enumerate(proposal.groups, start=1):
        group = existing.get(number) or CohortGroup.objects.create(cohort=cohort, number=number)
        groups.append(group)
        for member_id in ids:
            CohortMember.objects.filter(pk=member_id, cohort=cohort).update(
                group=group, group_reasons=list(proposal.reasons.get(member_id, ()))
            )
    CohortMember.objects.filter(cohort=cohort, pk__in=proposal.unplaced).update(
        group=None, group_reasons=[]
    )
    for number, group in existing.items():
        if number > len(proposal.groups) and not group.sessions.exists():
            group.delete()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=cohort,
        organisation=cohort.organisation,
        detail=f"groups formed: {len(groups)}",
    )
    return groups


def _kept_apart(member: CohortMember, others: list[CohortMember]) -> bool:
    mine = set(getattr(getattr(member, "intake", None), "not_with", None) or [])
    for other in others:
        theirs = set(getattr(getattr(other, "intake", None), "not_with", None) or [])
        if other.pk in mine or member.pk in theirs:
            return True
    return False


@transaction.atomic
def member_move(*, member: CohortMember, group: CohortGroup, actor: User) -> CohortMember:
    """Move one person to another group by hand; a "not with" rule is never broken."""
    if group.cohort_id != member.cohort_id:
        raise CohortError("That group belongs to another cohort.")
    others = list(group.members.exclude(pk=member.pk).select_related("intake"))
    if _kept_apart(member, others):
        raise CohortError("This would put the person with someone they must be kept apart from.")
    member.group = group
    member.group_reasons = ["Moved here by the facilitator."]
    member.save(update_fields=["group", "group_reasons"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=member,
        organisation=member.cohort.organisation,
        detail=f"moved to group {group.number}",
    )
    return member


@transaction.atomic
def partners_pair(*, cohort: Cohort, actor: User) -> int:
    """Pair people within each group (in the group's order). With an odd number, the last
    person joins the first pair as a third partner."""
    pairs = 0
    for group in cohort.groups.prefetch_related("members"):
        people = [m for m in group.members.all() if m.status == MemberStatus.ACTIVE]
        for a, b in zip(people[0::2], people[1::2], strict=False):
            CohortMember.objects.filter(pk=a.pk).update(partner=b)
            CohortMember.objects.filter(pk=b.pk).update(partner=a)
            pairs += 1
        if len(people) % 2 == 1 and len(people) > 1:
            CohortMember.objects.filter(pk=people[-1].pk).update(partner=people[0])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=cohort,
        organisation=cohort.organisation,
        detail=f"partners paired: {pairs}",
    )
    return pairs


# -- sessions and reminders -------------------------------------------------------------------


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


# -- the session runner -----------------------------------------------------------------------


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


# -- closure ----------------------------------------------------------------------------------


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


# -- debriefs and calendars -------------------------------------------------------------------


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
    if team is not None and team.organisation_id != organisation.pk:
        raise CohortError("That team belongs to another organisation.")
    if not Membership.objects.active().filter(organisation=organisation, user=runner).exists():
        raise CohortError("The person running it must be a member of the organisation.")
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


@transaction.atomic
def calendar_feed_for(*, user: User) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()
    return feed or CalendarFeed.objects.create(user=user)


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> CalendarFeed:
    """Stop the current calendar address working and make a new one."""
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    feed = CalendarFeed.objects.create(user=user)
    audit_record(
        actor=user,
        action=AuditEvent.Action.UPDATE,
        target=feed,
        detail="calendar address replaced",
    )
    return feed

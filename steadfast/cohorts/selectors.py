"""Reads for cohorts, scoped to the person asking. Notes are read only here, audited."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from steadfast.accounts.models import ConsentPurpose, User
from steadfast.accounts.selectors import consenting_user_ids, person_zone
from steadfast.assessments.models import Response
from steadfast.assessments.selectors import progress_for
from steadfast.cohorts.models import (
    Attendance,
    AttendanceStatus,
    CalendarFeed,
    Cohort,
    CohortGroup,
    CohortMember,
    CohortSession,
    CohortStatus,
    FacilitatorNote,
    FeedbackReceipt,
    MemberStatus,
    SessionFeedback,
    SessionStatus,
)
from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record
from steadfast.organisations.models import Membership, Organisation, Role
from steadfast.programs.models import Item, ItemKind, ItemProgress, ProgressStatus

FEEDBACK_MINIMUM = 5


def local_start(
    session: CohortSession, user: Any, zone: zoneinfo.ZoneInfo | None = None
) -> datetime:
    return session.starts_at.astimezone(zone or person_zone(user))


def group_facilitators_of(*, user: Any, organisation: Organisation) -> QuerySet[User]:
    """The facilitators of the groups `user` takes part in now, in `organisation`: people who
    run a cohort there that is not closed, in which `user` has an active place while still
    an active participant of the organisation, and who are still active facilitators there.
    The one answer to "who are my facilitators" for anything a person shares with them.
    `user` may be an `OuterRef`."""
    return User.objects.filter(
        is_active=True,
        cohorts_led__organisation=organisation,
        cohorts_led__status=CohortStatus.OPEN,
        cohorts_led__members__user=user,
        cohorts_led__members__status=MemberStatus.ACTIVE,
        cohorts_led__members__user__memberships__organisation=organisation,
        cohorts_led__members__user__memberships__role=Role.PARTICIPANT,
        cohorts_led__members__user__memberships__is_active=True,
        memberships__organisation=organisation,
        memberships__role=Role.FACILITATOR,
        memberships__is_active=True,
    ).distinct()


# -- for facilitators and administrators ------------------------------------------------------


def cohorts_for(*, membership: Membership) -> QuerySet[Cohort]:
    """Administrators see every cohort of the organisation; facilitators their own."""
    cohorts = Cohort.objects.filter(organisation=membership.organisation).select_related(
        "version__program"
    )
    if membership.role != Role.ADMINISTRATOR:
        cohorts = cohorts.filter(facilitators=membership.user)
    return cohorts.annotate(
        member_count=Count("members", filter=~Q(members__status=MemberStatus.WITHDRAWN))
    ).order_by("-starts_on", "pk")


def cohort_for(*, membership: Membership, pk: int) -> Cohort:
    cohort = cohorts_for(membership=membership).filter(pk=pk).first()
    if cohort is None:
        raise Http404
    return cohort


def facilitator_cohort_for(*, membership: Membership, pk: int) -> Cohort:
    """Only the cohort's own facilitators: for notes, feedback and the session runner."""
    cohort = (
        Cohort.objects.filter(
            organisation=membership.organisation, facilitators=membership.user, pk=pk
        )
        .select_related("version__program", "organisation")
        .first()
    )
    if cohort is None:
        raise Http404
    return cohort


def members_of(*, cohort: Cohort) -> list[CohortMember]:
    return list(
        cohort.members.select_related("user", "team", "group", "intake", "partner").order_by(
            "group__number", "pk"
        )
    )


def sessions_of(*, cohort: Cohort) -> list[CohortSession]:
    return list(cohort.sessions.select_related("group", "item").order_by("starts_at", "pk"))


def session_for(*, cohort: Cohort, pk: int) -> CohortSession:
    session = cohort.sessions.select_related("item__module", "group").filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def attendance_for(*, session: CohortSession) -> dict[int, str]:
    return dict(Attendance.objects.filter(session=session).values_list("member_id", "status"))


def catch_up_items(*, session: CohortSession) -> list[Item]:
    """The micro-lessons of the session's module: what someone who missed it reads instead."""
    if session.item is None:
        return []
    return list(
        Item.objects.filter(module_id=session.item.module_id, kind=ItemKind.LESSON).order_by(
            "order"
        )
    )


def notes_for(
    *,
    cohort: Cohort,
    actor: User,
    session: CohortSession | None = None,
    member: CohortMember | None = None,
) -> list[FacilitatorNote]:
    """Notes about a session or a participant, for this cohort's facilitators only. Every
    read is recorded, with the ids of the notes shown."""
    if not cohort.facilitators.filter(pk=getattr(actor, "pk", None)).exists():
        raise Http404
    notes = FacilitatorNote.objects.filter(cohort=cohort).select_related("author")
    if session is not None:
        notes = notes.filter(session=session)
    if member is not None:
        notes = notes.filter(member=member)
    found = list(notes)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.READ,
        object_type="cohorts.facilitatornote",
        object_id=f"session:{session.pk}" if session else f"member:{member.pk if member else ''}",
        organisation=cohort.organisation,
        detail="notes " + ",".join(str(n.pk) for n in found)[:180],
    )
    return found


def note_for(*, cohort: Cohort, author: User, pk: int) -> FacilitatorNote:
    """One note, for its author while they facilitate the cohort (Http404 for anyone else).
    The read is recorded, as every read of notes is."""
    if not cohort.facilitators.filter(pk=getattr(author, "pk", None)).exists():
        raise Http404
    note = (
        FacilitatorNote.objects.filter(cohort=cohort, author=author, pk=pk)
        .select_related("member", "session")
        .first()
    )
    if note is None:
        raise Http404
    audit_record(
        actor=author,
        action=AuditEvent.Action.READ,
        target=note,
        organisation=cohort.organisation,
        detail=f"note {note.pk}",
    )
    return note


@dataclass(frozen=True)
class FeedbackSummary:
    answers: int
    shown: bool
    average: float | None = None
    counts: dict[int, int] = field(default_factory=dict)
    keep: list[str] = field(default_factory=list)
    change: list[str] = field(default_factory=list)


def feedback_for(*, session: CohortSession) -> FeedbackSummary:
    """Session feedback in aggregate, and only from FEEDBACK_MINIMUM answers: below that the
    count alone is shown. Comments come in a random order, never with a name."""
    answers = list(
        SessionFeedback.objects.filter(session=session)
        .order_by("shuffle")
        .only("useful", "keep", "change", "shuffle")
    )
    if len(answers) < FEEDBACK_MINIMUM:
        return FeedbackSummary(answers=len(answers), shown=False)
    counts = Counter(a.useful for a in answers)
    return FeedbackSummary(
        answers=len(answers),
        shown=True,
        average=round(sum(a.useful for a in answers) / len(answers), 1),
        counts={score: counts.get(score, 0) for score in range(1, 6)},
        keep=[a.keep for a in answers if a.keep],
        change=[a.change for a in answers if a.change],
    )


@dataclass(frozen=True)
class AttendanceRow:
    member: CohortMember
    attended: int
    missed: int


def closure_overview(*, cohort: Cohort) -> list[AttendanceRow]:
    """Sessions attended and missed by each person (counts only), in two queries."""
    members = members_of(cohort=cohort)
    counts = (
        Attendance.objects.filter(session__cohort=cohort)
        .values("member_id")
        .annotate(
            attended=Count(
                "pk", filter=Q(status__in=[AttendanceStatus.PRESENT, AttendanceStatus.LATE])
            ),
            missed=Count(
                "pk", filter=Q(status__in=[AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED])
            ),
        )
    )
    by_member: dict[int, dict[str, int]] = {
        row["member_id"]: {"attended": row["attended"], "missed": row["missed"]} for row in counts
    }
    return [
        AttendanceRow(
            member=m,
            attended=by_member.get(m.pk, {}).get("attended", 0),
            missed=by_member.get(m.pk, {}).get("missed", 0),
        )
        for m in members
        if m.status == MemberStatus.ACTIVE
    ]


# -- for participants -------------------------------------------------------------------------


def places_for(*, user: User) -> list[CohortMember]:
    return list(
        CohortMember.objects.filter(user=user, status=MemberStatus.ACTIVE).select_related(
            "cohort__organisation", "cohort__version__program", "group", "partner", "intake"
        )
    )


def _sessions_for_places(places: list[CohortMember]) -> QuerySet[CohortSession]:
    condition = Q(pk__in=[])
    for place in places:
        mine = Q(cohort_id=place.cohort_id) & (Q(group__isnull=True) | Q(group_id=place.group_id))
        condition |= mine
    return CohortSession.objects.filter(condition).select_related("cohort", "group")


def sessions_for(*, user: User, places: list[CohortMember] | None = None) -> list[CohortSession]:
    """Every session of the person's cohorts (their own group's and the whole cohort's)."""
    places = places_for(user=user) if places is None else places
    if not places:
        return []
    return list(_sessions_for_places(places).order_by("starts_at", "pk"))


def calendar_sessions_for(*, user: User) -> list[CohortSession]:
    """A participant's sessions plus the sessions of cohorts they facilitate."""
    places = places_for(user=user)
    led = CohortSession.objects.filter(cohort__facilitators=user).select_related("cohort")
    found = {s.pk: s for s in led}
    for session in sessions_for(user=user, places=places):
        found[session.pk] = session
    return sorted(found.values(), key=lambda s: (s.starts_at, s.pk))


@dataclass(frozen=True)
class NextSession:
    session: CohortSession
    cohort: Cohort
    starts_local: datetime
    zone_name: str


def next_session_for(*, user: User, now: datetime | None = None) -> NextSession | None:
    """The person's next scheduled session, in their own time zone, or None. Fixed queries
    (for the participant home)."""
    if not getattr(user, "is_authenticated", False):
        return None
    now = now or timezone.now()
    places = places_for(user=user)
    if not places:
        return None
    session = (
        _sessions_for_places(places)
        .filter(status=SessionStatus.SCHEDULED, starts_at__gte=now)
        .order_by("starts_at", "pk")
        .first()
    )
    if session is None:
        return None
    zone = person_zone(user)
    return NextSession(session, session.cohort, session.starts_at.astimezone(zone), str(zone))


@dataclass(frozen=True)
class CatchUp:
    session: CohortSession
    lessons: list[Item]


def catch_up_for(*, user: User, places: list[CohortMember] | None = None) -> list[CatchUp]:
    """For each session the person missed, the micro-lessons of that week's module."""
    places = places_for(user=user) if places is None else places
    missed = list(
        Attendance.objects.filter(
            member__in=places, status__in=[AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED]
        ).select_related("session__item")
    )
    modules = {a.session.item.module_id for a in missed if a.session.item is not None}
    lessons: dict[int, list[Item]] = {}
    for item in Item.objects.filter(module_id__in=modules, kind=ItemKind.LESSON).order_by("order"):
        lessons.setdefault(item.module_id, []).append(item)
    return [
        CatchUp(a.session, lessons.get(a.session.item.module_id, []))
        for a in missed
        if a.session.item is not None
    ]


def place_for(*, user: User, cohort_id: int) -> CohortMember:
    place = (
        CohortMember.objects.filter(user=user, cohort_id=cohort_id, status=MemberStatus.ACTIVE)
        .select_related("cohort__organisation", "cohort__version", "intake", "group")
        .first()
    )
    if place is None:
        raise Http404
    return place


def feedback_open_for(*, user: User, places: list[CohortMember]) -> list[CohortSession]:
    """Past sessions the person attended and has not given feedback on yet."""
    attended = Attendance.objects.filter(
        member__in=places, status__in=[AttendanceStatus.PRESENT, AttendanceStatus.LATE]
    ).values_list("session_id", "member_id")
    answered = set(
        FeedbackReceipt.objects.filter(member__in=places).values_list("session_id", "member_id")
    )
    ids = [sid for sid, mid in attended if (sid, mid) not in answered]
    return list(
        CohortSession.objects.filter(pk__in=ids).select_related("cohort").order_by("starts_at")
    )


@dataclass(frozen=True)
class MeasureChange:
    instrument: str
    first: float | None
    last: float | None
    change: str  # reliable change category from the first answer, or ""


@dataclass(frozen=True)
class ParticipantSummary:
    place: CohortMember
    sessions_held: int
    sessions_attended: int
    path_items_done: int
    exercises_done: int
    goals_done: int
    goals_set: int
    goals_met: str
    measures: list[MeasureChange]


@dataclass(frozen=True)
class PracticeCounts:
    exercises_done: int
    goals_set: int
    goals_done: int


# How much a person practised since a moment: the practice app (above cohorts) answers, by
# registering in its ready(), so the summary asks without importing it.
_practice_counts: list[Callable[[User, datetime], PracticeCounts]] = []


def practice_counts_from(counts: Callable[[User, datetime], PracticeCounts]) -> None:
    _practice_counts[:] = [counts]


def summary_for(*, place: CohortMember) -> ParticipantSummary:
    """The person's own end-of-program summary: sessions, path items, practice exercises and
    goals since the cohort started, and the change in their measures."""

    cohort = place.cohort
    held = cohort.sessions.filter(
        status=SessionStatus.SCHEDULED, starts_at__lte=timezone.now(), kind="regular"
    ).filter(Q(group__isnull=True) | Q(group_id=place.group_id))
    attended = Attendance.objects.filter(
        member=place, status__in=[AttendanceStatus.PRESENT, AttendanceStatus.LATE]
    ).count()
    done = (
        ItemProgress.objects.filter(
            enrolment_id=place.enrolment_id, status=ProgressStatus.DONE
        ).count()
        if place.enrolment_id
        else 0
    )
    plan = getattr(place, "maintenance_plan", None)
    measures = []
    assert place.user is not None  # noqa: S101 — a place with a summary has joined
    since = dt.datetime.combine(cohort.starts_on, dt.time.min, tzinfo=dt.UTC)
    if not _practice_counts:
        raise RuntimeError("no practice counts: the practice app registers them in ready()")
    practised = _practice_counts[0](place.user, since)
    for code in (cohort.version.assessment_plan or {}).get("baseline", []):
        points = progress_for(user=place.user, instrument=code)
        if not points:
            continue
        last = points[-1]
        change = last.change_from_first
        measures.append(
            MeasureChange(
                instrument=code,
                first=points[0].response.total,
                last=last.response.total,
                change=str(change.change) if change is not None and len(points) > 1 else "",
            )
        )
    return ParticipantSummary(
        place=place,
        sessions_held=held.count(),
        sessions_attended=attended,
        path_items_done=done,
        exercises_done=practised.exercises_done,
        goals_done=practised.goals_done,
        goals_set=practised.goals_set,
        goals_met=plan.get_goals_met_display() if plan and plan.goals_met else "",
        measures=measures,
    )


def feed_from_token(*, token: str) -> CalendarFeed:
    feed = (
        CalendarFeed.objects.filter(token=token, revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if feed is None or not feed.user.is_active:
        raise Http404
    return feed


# Shared measures ------------------------------------------------------------------------------


def shared_measures_for(*, facilitator: Membership) -> list[tuple[User, list[Response]]]:
    """Participants in the cohorts this facilitator runs, in their organisation, who agreed
    to share their measures, with their valid responses. A fixed number of queries, plus one
    audit event per participant shown."""
    organisation: Organisation = facilitator.organisation
    user_ids = set(
        CohortMember.objects.filter(
            cohort__organisation=organisation,
            cohort__facilitators=facilitator.user,
            status=MemberStatus.ACTIVE,
            user__isnull=False,
            user__memberships__organisation=organisation,
            user__memberships__is_active=True,
        ).values_list("user_id", flat=True)
    )
    consenting = consenting_user_ids(
        organisation=organisation,
        purpose=ConsentPurpose.SHARE_MEASURES,
        user_ids=sorted(user_ids),
    )
    sharing = list(User.objects.filter(pk__in=consenting).order_by("full_name", "email"))
    by_user: dict[int, list[Response]] = {u.pk: [] for u in sharing}
    for response in Response.objects.valid().filter(user__in=sharing).order_by("submitted_at"):
        by_user[response.user_id].append(response)
    for person in sharing:
        audit_record(
            actor=facilitator.user,
            action="read",
            object_type="assessments.measures",
            object_id=person.pk,
            organisation=organisation,
            detail="shared measures viewed by a facilitator",
        )
    return [(person, by_user[person.pk]) for person in sharing]


# Records a page acts on, each scoped so another's is a 404 ------------------------------------


def cohort_member(*, cohort: Cohort, pk: int | None) -> CohortMember:
    return get_object_or_404(CohortMember, cohort=cohort, pk=pk)


def cohort_group(*, cohort: Cohort, pk: int | None) -> CohortGroup:
    return get_object_or_404(cohort.groups, pk=pk)


def session_with_cohort(*, pk: int) -> CohortSession:
    """A session by id (the caller then checks the person's place in its cohort)."""
    return get_object_or_404(CohortSession.objects.select_related("cohort"), pk=pk)

"""Reads of practice data, each scoped to the person asking.

Entries, drafts, check-in words and goals are the owner's alone: every selector here filters by
`user`, so another person's row is simply not found (a 404 in the views). The one exception is
the accountability partner's view of a goal's title and progress, which is audited.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from steadfast.accounts.models import User
from steadfast.accounts.selectors import person_zone
from steadfast.assessments.models import Response
from steadfast.assessments.selectors import due_for
from steadfast.cohorts.models import CohortMember, MemberStatus
from steadfast.cohorts.selectors import PracticeCounts
from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record
from steadfast.organisations.models import Membership, Role
from steadfast.practice.exercises import EXERCISES, Exercise
from steadfast.practice.models import (
    CheckinWords,
    Draft,
    Entry,
    Goal,
    GoalStatus,
    GoalUpdate,
    PartnerStatus,
)
from steadfast.programs.models import Enrolment, Item
from steadfast.programs.selectors import ItemView, path_for, path_item_for

CHECKIN = "checkin"
CHART_POINTS = 30


def entries_for(*, user: Any, exercise: str | None = None) -> QuerySet[Entry]:
    entries = Entry.objects.owned_by(user)
    return entries.filter(exercise=exercise) if exercise else entries


def entry_for(*, user: Any, pk: int) -> Entry:
    """The person's own entry, or 404 (someone else's looks like a missing one)."""
    entry = entries_for(user=user).filter(pk=pk).select_related("item").first()
    if entry is None:
        raise Http404
    return entry


def entry_counts_for(*, user: Any) -> dict[str, int]:
    rows = entries_for(user=user).values("exercise").annotate(n=Count("id")).order_by()
    return {row["exercise"]: row["n"] for row in rows}


def recent_entries_for(*, user: Any, limit: int = 5) -> list[Entry]:
    return list(entries_for(user=user)[:limit])


def draft_for(*, user: Any, key: str) -> Draft | None:
    return Draft.objects.filter(user=user, key=key).first()


# -- program items ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgramItem:
    view: ItemView
    enrolment: Enrolment

    @property
    def item(self) -> Item:
        return self.view.item


def program_item_for(*, user: Any, item_id: str | int | None, exercise: str) -> ProgramItem | None:
    """The program item that linked to this exercise, as this person's role variant shows it,
    or None when it is not an item of one of their enrolments (or not this exercise)."""
    try:
        pk = int(item_id or "")
    except ValueError:
        return None
    enrolment = (
        Enrolment.objects.filter(user=user, version__items__pk=pk)
        .select_related("variant", "organisation")
        .first()
    )
    item = Item.objects.filter(pk=pk, exercise_code=exercise).values_list("slug", flat=True).first()
    if enrolment is None or item is None:
        return None
    try:
        view, _ = path_item_for(enrolment=enrolment, slug=item)
    except Http404:
        return None
    return ProgramItem(view, enrolment)


def prompts_of(program_item: ProgramItem | None) -> dict[str, str]:
    if program_item is None:
        return {}
    return {str(k): str(v) for k, v in program_item.view.prompts.items()}


# -- charts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Series:
    name: str
    css: str
    points: list[ChartPoint]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)


def line_chart(
    dates: list[datetime.date], columns: list[tuple[str, list[float | None]]], high: float
) -> list[Series]:
    """Series for a 100 x 40 SVG view box, values from 0 to `high`, dates left to right."""
    step = 90 / max(len(dates) - 1, 1)
    series = []
    for n, (name, values) in enumerate(columns):
        points = [
            ChartPoint(
                round(5 + i * step, 2),
                round(35 - 30 * float(v) / high, 2),
                f"{name}, {dates[i]:%d %b}: {float(v):g}",
            )
            for i, v in enumerate(values)
            if v is not None
        ]
        series.append(Series(name, f"series-{n + 1}", points))
    return series


@dataclass(frozen=True)
class Checkin:
    response: Response
    words: list[str]

    def value(self, code: str) -> float | None:
        value = self.response.subscales.get(code)
        return float(value) if value is not None else None


def checkins_for(*, user: Any, limit: int | None = None) -> list[Checkin]:
    """The person's check-ins, oldest first (the latest `limit` when given): two queries."""
    responses = Response.objects.filter(user=user, instrument=CHECKIN).order_by(
        "-submitted_at", "-pk"
    )
    rows = list(responses[:limit] if limit else responses)[::-1]
    words = {
        w.response_id: w.word_list
        for w in CheckinWords.objects.filter(user=user, response__in=[r.pk for r in rows])
    }
    return [Checkin(r, words.get(r.pk, [])) for r in rows]


def checkin_exists(*, user: Any, pk: int) -> bool:
    return Response.objects.filter(pk=pk, user=user, instrument=CHECKIN).exists()


def checkin_today_for(*, user: Any) -> bool:
    start = timezone.localtime(timezone=person_zone(user)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return Response.objects.filter(user=user, instrument=CHECKIN, submitted_at__gte=start).exists()


def checkin_chart(checkins: list[Checkin]) -> list[Series]:
    dates = [timezone.localtime(c.response.submitted_at).date() for c in checkins]
    return line_chart(
        dates,
        [
            (name, [c.value(code) for c in checkins])
            for name, code in (
                ("Mood", "mood"),
                ("Stress", "stress"),
                ("Energy", "energy"),
                ("Sleep", "sleep"),
            )
        ],
        10,
    )


def chart_for(ex: Exercise, entries: list[Entry]) -> list[Series] | None:
    """The history page's chart of an exercise's numbers, if it has one and there are entries."""
    if ex.chart == "sleep" and entries:
        return sleep_chart(entries)
    return None


def sleep_chart(entries: list[Entry]) -> list[Series]:
    """Hours slept and how rested, night by night, both drawn on a 0 to 12 scale."""
    entries = sorted(entries, key=lambda e: (e.day, e.pk))
    return line_chart(
        [e.day for e in entries],
        [
            ("Hours slept", [float(e.hours) if e.hours is not None else None for e in entries]),
            ("How rested (0-10)", [e.quality for e in entries]),
        ],
        12,
    )


# -- goals ------------------------------------------------------------------------------------


def goals_for(*, user: Any) -> QuerySet[Goal]:
    return Goal.objects.owned_by(user).select_related("partner")


def goal_for(*, user: Any, pk: int) -> Goal:
    goal = goals_for(user=user).filter(pk=pk).first()
    if goal is None:
        raise Http404
    return goal


def goal_updates_for(*, goal: Goal) -> QuerySet[GoalUpdate]:
    return goal.updates.all()


def partner_invitations_for(*, user: Any) -> QuerySet[Goal]:
    """Goals whose owner asked this person to be their accountability partner."""
    return Goal.objects.filter(partner=user, partner_status=PartnerStatus.INVITED).select_related(
        "user"
    )


@dataclass(frozen=True)
class PartnerGoal:
    """All an accountability partner may see of a goal."""

    pk: int
    owner_name: str
    title: str
    percent: int
    steps_done: int
    step_count: int
    status: str


def _partner_view(goal: Goal) -> PartnerGoal:
    return PartnerGoal(
        goal.pk,
        goal.user.full_name,
        goal.title,
        goal.percent,
        len(goal.steps_done),
        goal.step_count,
        goal.get_status_display(),
    )


def partner_goals_for(*, user: Any, invited: bool = False) -> list[PartnerGoal]:
    """Goals this person is the accepted partner of (or invited to, with `invited`): title
    and progress only. Each one shown is another person's record read, so it is audited."""
    status = PartnerStatus.INVITED if invited else PartnerStatus.ACCEPTED
    goals = list(Goal.objects.filter(partner=user, partner_status=status).select_related("user"))
    for goal in goals:
        audit_record(
            actor=user,
            action=AuditEvent.Action.READ,
            target=goal,
            detail="role=accountability_partner fields=title,progress",
        )
    return [_partner_view(goal) for goal in goals]


def partner_goal_for(*, user: Any, pk: int) -> PartnerGoal:
    goal = (
        Goal.objects.filter(
            pk=pk,
            partner=user,
            partner_status__in=[PartnerStatus.INVITED, PartnerStatus.ACCEPTED],
        )
        .select_related("user")
        .first()
    )
    if goal is None:
        raise Http404
    audit_record(
        actor=user,
        action=AuditEvent.Action.READ,
        target=goal,
        detail="role=accountability_partner fields=title,progress",
    )
    return _partner_view(goal)


def partner_candidates_for(user: Any) -> QuerySet[Any]:
    """People who may be asked to be this person's accountability partner: the other active
    members of the person's cohorts. Someone in no cohort (enrolled directly) may choose among
    other active participants on the same program version in the same organisation.
    """
    cohorts = list(
        CohortMember.objects.filter(user=user, status=MemberStatus.ACTIVE).values_list(
            "cohort_id", flat=True
        )
    )
    if cohorts:
        return (
            User.objects.filter(
                pk__in=CohortMember.objects.filter(
                    cohort_id__in=cohorts, status=MemberStatus.ACTIVE, user__isnull=False
                ).values("user_id"),
                is_active=True,
            )
            .exclude(pk=user.pk)
            .order_by("full_name")
        )
    mine = list(
        Enrolment.objects.filter(user=user, organisation__isnull=False).values_list(
            "version_id", "organisation_id"
        )
    )
    if not mine:
        return User.objects.none()
    same = Q()
    for version_id, organisation_id in mine:
        same |= Q(
            enrolments__version_id=version_id,
            enrolments__organisation_id=organisation_id,
            memberships__organisation_id=organisation_id,
        )
    return (
        User.objects.filter(same, memberships__role=Role.PARTICIPANT, memberships__is_active=True)
        .exclude(pk=user.pk)
        .filter(is_active=True)
        .distinct()
        .order_by("full_name")
    )


def organisation_of(*, user: Any, program_item: ProgramItem | None = None) -> Any:
    """The organisation a piece of practice belongs to, for the safety check: the program's,
    else the person's first participant membership, else none (open programs)."""
    if program_item is not None and program_item.enrolment.organisation is not None:
        return program_item.enrolment.organisation
    membership = (
        Membership.objects.filter(user=user, is_active=True, role=Role.PARTICIPANT)
        .select_related("organisation")
        .first()
    )
    return membership.organisation if membership else None


# -- everything, for export ---------------------------------------------------------------------


def export_for(*, user: Any) -> dict[str, Any]:
    """Everything the person wrote in practice, as plain data (a fixed number of queries)."""
    entries = []
    for entry in entries_for(user=user).order_by("created_at", "pk"):
        ex: Exercise | None = EXERCISES.get(entry.exercise)
        entries.append(
            {
                "id": entry.pk,
                "exercise": entry.exercise,
                "title": ex.title if ex else entry.exercise,
                "day": entry.day.isoformat(),
                "created_at": entry.created_at.isoformat(),
                "updated_at": entry.updated_at.isoformat(),
                "rating": entry.rating,
                "numbers": {
                    "intensity": entry.intensity,
                    "rerate": entry.rerate,
                    "hours": float(entry.hours) if entry.hours is not None else None,
                    "quality": entry.quality,
                },
                "answers": entry.data,
            }
        )
    checkins = [
        {
            "submitted_at": c.response.submitted_at.isoformat(),
            "mood": c.value("mood"),
            "stress": c.value("stress"),
            "energy": c.value("energy"),
            "sleep": c.value("sleep"),
            "emotion_words": c.words,
        }
        for c in checkins_for(user=user)
    ]
    goals = []
    for goal in goals_for(user=user).prefetch_related("updates").order_by("created_at", "pk"):
        goals.append(
            {
                "id": goal.pk,
                "created_at": goal.created_at.isoformat(),
                "by_when": goal.by_when.isoformat() if goal.by_when else None,
                "status": goal.status,
                "percent": goal.percent,
                "steps_done": goal.steps_done,
                "partner": goal.partner.full_name if goal.partner else None,
                "partner_status": goal.partner_status or None,
                "answers": goal.data,
                "updates": [
                    {"at": u.created_at.isoformat(), "percent": u.percent, "answers": u.data}
                    for u in goal.updates.all()
                ],
            }
        )
    return {
        "exported_at": timezone.now().isoformat(),
        "entries": entries,
        "checkins": checkins,
        "goals": goals,
    }


# -- the participant's home -------------------------------------------------------------------

HOME_PROGRAMS = 3  # paths shown on the home page; keeps its query count fixed


@dataclass(frozen=True)
class NextStep:
    enrolment: Enrolment
    item: Item | None
    finished: bool

    @property
    def practice_url(self) -> str:
        """Exercises open in practice (with the program's prompts); lessons on the path."""
        from django.urls import reverse

        item = self.item
        if item is None:
            return reverse("programs:path", kwargs={"pk": self.enrolment.pk})
        if item.kind == "exercise" and item.exercise_code:
            return reverse("practice:new", kwargs={"code": item.exercise_code}) + f"?item={item.pk}"
        return reverse("programs:item", kwargs={"pk": self.enrolment.pk, "item": item.slug})


@dataclass(frozen=True)
class Home:
    next_steps: list[NextStep]
    due: list[Any]
    recent: list[Entry]
    goals: list[Goal]
    checked_in_today: bool


def home_for(*, user: Any) -> Home:
    """What is next on each program path, due questionnaires, recent practice and open goals:
    a fixed number of queries (at most HOME_PROGRAMS paths)."""
    enrolments = Enrolment.objects.for_user(user).select_related(
        "version__program", "variant", "organisation", "user"
    )[:HOME_PROGRAMS]
    steps = []
    for enrolment in enrolments:
        path = path_for(enrolment=enrolment)
        steps.append(NextStep(enrolment, path.next.item if path.next else None, path.finished))
    return Home(
        next_steps=steps,
        due=due_for(user=user)[:5],
        recent=recent_entries_for(user=user, limit=5),
        goals=list(goals_for(user=user).filter(status="active")[:3]),
        checked_in_today=checkin_today_for(user=user),
    )


def practice_counts(user: Any, since: datetime.datetime) -> PracticeCounts:
    """Exercises done and goals set and met since a moment, for a cohort's end-of-program
    summary (registered with cohorts.selectors.practice_counts_from in ready())."""
    goals = Goal.objects.filter(user=user, created_at__gte=since).aggregate(
        set=Count("pk"), done=Count("pk", filter=Q(status=GoalStatus.DONE))
    )
    return PracticeCounts(
        exercises_done=Entry.objects.filter(user=user, created_at__gte=since).count(),
        goals_set=goals["set"],
        goals_done=goals["done"],
    )

"""Reads for insights: numbers only (scores, counts, check-in ratings), never free text.

Every function runs a fixed number of queries whatever the organisation's size. What they
return is raw material for `reports.py`, which passes every figure through `insights.privacy`
before anyone sees it; nothing here is rendered directly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, TruncWeek
from django.utils import timezone

from steadfast.assessments.models import Response, Wave
from steadfast.insights.models import InsightsSetting, TeamWorkload
from steadfast.insights.privacy import Policy
from steadfast.organisations.models import Invitation, Membership, Organisation, Role, Team
from steadfast.programs.models import Enrolment

OUTCOME_INSTRUMENTS = ("phq9", "gad7", "who5")
FOLLOW_UP_LABEL = re.compile(r"(\d+)-month")


def policy_for(*, organisation: Organisation) -> Policy:
    setting = InsightsSetting.objects.filter(organisation=organisation).first()
    return Policy.for_organisation(setting.minimum_group_size if setting else None)


def wave_key(wave: str, label: str | None) -> str:
    """baseline, post, or follow_up_<m>m from the due item's label ("3-month follow-up")."""
    if wave != Wave.FOLLOW_UP:
        return wave
    found = FOLLOW_UP_LABEL.search(label or "")
    return f"follow_up_{found.group(1)}m" if found else "follow_up"


def wave_title(key: str) -> str:
    if key == "baseline":
        return "Start"
    if key == "post":
        return "End of program"
    found = re.fullmatch(r"follow_up_(\d+)m", key)
    return f"{found.group(1)}-month follow-up" if found else "Follow-up"


def wave_sort(key: str) -> tuple[int, int]:
    if key == "baseline":
        return (0, 0)
    if key == "post":
        return (1, 0)
    found = re.fullmatch(r"follow_up_(\d+)m", key)
    return (2, int(found.group(1)) if found else 999)


@dataclass
class Person:
    team_id: int | None = None
    program: str | None = None
    role: str | None = None
    enrolled: bool = False


@dataclass
class EvaluationData:
    """Per-person numbers for the statistics; kept in memory, never rendered."""

    invited: int
    teams: dict[int, str]
    people: dict[int, Person]
    # (user, instrument) -> wave key -> total (the latest response of that wave)
    scores: dict[tuple[int, str], dict[str, float]] = field(default_factory=dict)
    workload: dict[int, float] = field(default_factory=dict)


def evaluation_data(
    *, organisation: Organisation, instruments: Sequence[str] = OUTCOME_INSTRUMENTS
) -> EvaluationData:
    """Five queries: teams, participant memberships, open invitations, enrolments, scores,
    team workload (six with workload)."""
    teams = dict(Team.objects.filter(organisation=organisation).values_list("id", "name"))
    people: dict[int, Person] = {
        user_id: Person(team_id=team_id)
        for user_id, team_id in Membership.objects.filter(
            organisation=organisation, role=Role.PARTICIPANT, is_active=True
        ).values_list("user_id", "team_id")
    }
    open_invitations = (
        Invitation.objects.pending()
        .filter(organisation=organisation, role=Role.PARTICIPANT)
        .count()
    )
    for user_id, program, role in Enrolment.objects.filter(organisation=organisation).values_list(
        "user_id", "version__program__title", "variant__role"
    ):
        person = people.get(user_id)
        if person is not None:
            person.enrolled = True
            person.program = program
            person.role = role
    scores: dict[tuple[int, str], dict[str, float]] = {}
    rows = (
        Response.objects.filter(
            organisation=organisation,
            valid=True,
            instrument__in=list(instruments),
            wave__in=[Wave.BASELINE, Wave.POST, Wave.FOLLOW_UP],
            total__isnull=False,
        )
        .order_by("submitted_at", "pk")
        .values_list("user_id", "instrument", "wave", "due__label", "total")
    )
    for user_id, instrument, wave, label, total in rows.iterator(chunk_size=20000):
        if user_id in people and total is not None:
            scores.setdefault((user_id, instrument), {})[wave_key(wave, label)] = total
    workload = dict(
        TeamWorkload.objects.filter(organisation=organisation)
        .values("team_id")
        .annotate(mean=Avg("index"))
        .values_list("team_id", "mean")
    )
    return EvaluationData(
        invited=len(people) + open_invitations,
        teams=teams,
        people=people,
        scores=scores,
        workload=workload,
    )


def participation_by_team(*, organisation: Organisation) -> list[dict[str, Any]]:
    """Per team (None = no team): invited, enrolled, baseline done, end-of-program done.
    One GROUP BY query."""
    enrolled = Enrolment.objects.filter(organisation=organisation, user_id=OuterRef("user_id"))
    answered = Response.objects.filter(
        organisation=organisation, user_id=OuterRef("user_id"), valid=True
    )
    rows = (
        Membership.objects.filter(organisation=organisation, role=Role.PARTICIPANT, is_active=True)
        .values("team_id")
        .annotate(
            invited=Count("pk"),
            enrolled=Count("pk", filter=Q(Exists(enrolled))),
            baseline=Count("pk", filter=Q(Exists(answered.filter(wave=Wave.BASELINE)))),
            completed=Count("pk", filter=Q(Exists(answered.filter(wave=Wave.POST)))),
        )
        .order_by("team_id")
    )
    return [dict(row) for row in rows]


def change_by_team(
    *, organisation: Organisation, instrument: str, to_wave: str = Wave.POST
) -> list[dict[str, Any]]:
    """Per team: n with both scores, sum of change and sum of squared change (enough for a
    mean and a confidence interval), computed in SQL. One query per instrument."""

    def latest(wave: str) -> Subquery:
        return Subquery(
            Response.objects.filter(
                organisation=organisation,
                user_id=OuterRef("user_id"),
                instrument=instrument,
                wave=wave,
                valid=True,
            )
            .order_by("-submitted_at")
            .values("total")[:1],
            output_field=FloatField(),
        )

    rows = (
        Membership.objects.filter(organisation=organisation, role=Role.PARTICIPANT, is_active=True)
        .annotate(pre=latest(Wave.BASELINE), post=latest(to_wave))
        .filter(pre__isnull=False, post__isnull=False)
        .annotate(change=F("post") - F("pre"))
        .values("team_id")
        .annotate(
            n=Count("pk"),
            total=Sum("change"),
            squares=Sum(F("change") * F("change")),
        )
        .order_by("team_id")
    )
    return [dict(row) for row in rows]


def checkin_weeks(
    *, organisation: Organisation, weeks: int = 12, now: datetime | None = None
) -> list[dict[str, Any]]:
    """Per team and week: people who checked in, mean stress and mean energy (0-10). One
    GROUP BY query over the last `weeks` weeks."""
    now = now or timezone.now()
    since = now - timedelta(weeks=weeks)
    rows = (
        Response.objects.filter(
            organisation=organisation,
            instrument="checkin",
            submitted_at__gte=since,
            user__memberships__organisation=organisation,
            user__memberships__role=Role.PARTICIPANT,
        )
        .annotate(week=TruncWeek("submitted_at"), team_id=F("user__memberships__team_id"))
        .values("team_id", "week")
        .annotate(
            n=Count("user_id", distinct=True),
            stress=Avg(Cast(KT("subscales__stress"), FloatField())),
            energy=Avg(Cast(KT("subscales__energy"), FloatField())),
        )
        .order_by("team_id", "week")
    )
    return [dict(row) for row in rows]

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

from django.db import connection
from django.db.models import (
    Avg,
    Count,
    Q,
    Sum,
)

from steadfast.assessments.models import Response, Wave
from steadfast.cohorts.models import (
    Attendance,
    AttendanceStatus,
    Cohort,
    CohortMember,
    CohortStatus,
    FeedbackReceipt,
    MemberStatus,
    SessionFeedback,
)
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
    cohort_id: int | None = None
    attending: bool = False
    completed: bool = False


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
    *,
    organisation: Organisation,
    instruments: Sequence[str] = OUTCOME_INSTRUMENTS,
    cohort: Cohort | None = None,
) -> EvaluationData:
    """Seven queries: teams, participant memberships, open invitations, cohort places (with
    attendance counted), enrolments, scores, team workload. With a cohort, the people are that
    cohort's places (those who have joined), and "invited" counts every place."""
    teams = dict(Team.objects.filter(organisation=organisation).values_list("id", "name"))
    members: dict[int, Person] = {
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
    places = places_of(organisation=organisation, cohort=cohort)
    if cohort is None:
        people = members
        invited = len(people) + open_invitations
    else:
        people = {}
        for place in places:
            if place["user_id"] is not None:
                known = members.get(place["user_id"])
                team = known.team_id if known is not None else place["team_id"]
                people[place["user_id"]] = Person(team_id=team)
        invited = len(places)
    for place in places:
        person = people.get(place["user_id"]) if place["user_id"] is not None else None
        if person is None:
            continue
        person.cohort_id = place["cohort_id"]
        person.attending = person.attending or place["attending"]
        person.completed = person.completed or place["completed"]
        if cohort is not None:
            person.enrolled = place["enrolled"]
    enrolments = Enrolment.objects.filter(organisation=organisation)
    if cohort is not None:
        enrolments = enrolments.filter(version_id=cohort.version_id)
    for user_id, program, role in enrolments.values_list(
        "user_id", "version__program__title", "variant__role"
    ):
        person = people.get(user_id)
        if person is not None:
            person.enrolled = person.enrolled or cohort is None
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
        invited=invited,
        teams=teams,
        people=people,
        scores=scores,
        workload=workload,
    )


def complete_weeks(now: datetime, count: int) -> list[datetime]:
    """The Mondays (00:00 UTC) that start the last `count` complete weeks before `now`.

    The week in progress is left out: on a Monday morning it holds almost no check-ins, and
    a trend that compared it with full weeks would change with the day the page is opened."""
    monday = (now - timedelta(days=now.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return [monday - timedelta(weeks=i) for i in range(count, 0, -1)]


def checkin_weeks(
    *, organisation: Organisation, first_week: datetime, weeks: int
) -> list[dict[str, Any]]:
    """Per team and week (0 = the week starting at `first_week`, a Monday 00:00 UTC): people
    who checked in, mean stress and mean energy (0-10). One GROUP BY query; the week number
    is plain date arithmetic in the database, so SQLite needs no Python function per row."""
    if connection.vendor == "postgresql":
        # Whole days between two dates (the session time zone is UTC), divided by 7: integer
        # arithmetic, far cheaper than EXTRACT(EPOCH ...), which is numeric.
        week = "(CAST(submitted_at AS DATE) - %s) / 7"
        stress = "CAST(subscales ->> 'stress' AS DOUBLE PRECISION)"
        energy = "CAST(subscales ->> 'energy' AS DOUBLE PRECISION)"
        start: Any = first_week.date()
    else:
        week = "CAST((julianday(submitted_at) - julianday(%s)) / 7 AS INTEGER)"
        stress = "CAST(json_extract(subscales, '$.stress') AS REAL)"
        energy = "CAST(json_extract(subscales, '$.energy') AS REAL)"
        start = connection.ops.adapt_datetimefield_value(first_week)
    sql = f"""
SELECT m.team_id, r.week, COUNT(DISTINCT r.user_id), AVG(r.stress), AVG(r.energy)
FROM (
  SELECT user_id, {week} AS week, {stress} AS stress, {energy} AS energy
  FROM {_table(Response)}
  WHERE organisation_id = %s AND instrument = %s AND submitted_at >= %s AND submitted_at < %s
) r
JOIN {_table(Membership)} m
  ON m.user_id = r.user_id AND m.organisation_id = %s AND m.role = %s
GROUP BY m.team_id, r.week
ORDER BY m.team_id, r.week
"""  # noqa: S608
    params = [
        start,
        organisation.pk,
        "checkin",
        first_week,
        first_week + timedelta(weeks=weeks),
        organisation.pk,
        Role.PARTICIPANT,
    ]
    return [
        {"team_id": team, "week": int(w), "n": n, "stress": s, "energy": e}
        for team, w, n, s, e in _rows(sql, params)
    ]


# -- grouped SQL ---------------------------------------------------------------------------------
# The dashboard's per-team figures are grouped queries: conditional aggregation over each
# person's responses (one row per person and instrument), then a GROUP BY team. No correlated
# subqueries, so SQLite and PostgreSQL both run them as a scan plus hash or sort aggregates.

ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _marks(values: Sequence[Any]) -> str:
    return ", ".join(["%s"] * len(values))


def _rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return list(cursor.fetchall())


def change_by_team_all(
    *,
    organisation: Organisation,
    instruments: Sequence[str] = OUTCOME_INSTRUMENTS,
    to_wave: str = Wave.POST,
) -> list[dict[str, Any]]:
    """Per team and instrument: n with both scores (each the latest valid response of its
    wave), sum of change and sum of squared change. One query for every instrument."""
    instruments = list(instruments)
    # Only table names from model metadata and %s placeholders are put into the text.
    sql = f"""
SELECT m.team_id, p.instrument, COUNT(*),
       SUM(p.post - p.pre), SUM((p.post - p.pre) * (p.post - p.pre))
FROM (
  SELECT r.user_id, r.instrument,
         MAX(CASE WHEN r.wave = %s THEN r.total END) AS pre,
         MAX(CASE WHEN r.wave = %s THEN r.total END) AS post
  FROM (
    SELECT user_id, instrument, wave, total,
           ROW_NUMBER() OVER (
             PARTITION BY user_id, instrument, wave ORDER BY submitted_at DESC, id DESC
           ) AS latest
    FROM {_table(Response)}
    WHERE organisation_id = %s AND valid = %s
      AND instrument IN ({_marks(instruments)}) AND wave IN (%s, %s)
  ) r
  WHERE r.latest = 1
  GROUP BY r.user_id, r.instrument
) p
JOIN {_table(Membership)} m
  ON m.user_id = p.user_id AND m.organisation_id = %s AND m.role = %s AND m.is_active = %s
WHERE p.pre IS NOT NULL AND p.post IS NOT NULL
GROUP BY m.team_id, p.instrument
ORDER BY p.instrument, m.team_id
"""  # noqa: S608
    params = [
        Wave.BASELINE,
        to_wave,
        organisation.pk,
        True,
        *instruments,
        Wave.BASELINE,
        to_wave,
        organisation.pk,
        Role.PARTICIPANT,
        True,
    ]
    return [
        {"team_id": team, "instrument": code, "n": n, "total": total, "squares": squares}
        for team, code, n, total, squares in _rows(sql, params)
    ]


def participation_by_team(*, organisation: Organisation) -> list[dict[str, Any]]:
    """Per team (None = no team): invited (participant members), enrolled, attending (present
    or late at one cohort session or more), completed (see `COMPLETED`), and who answered
    the start and end questionnaires. One query: grouped derived tables joined to members."""
    # Only table names from model metadata and %s placeholders are put into the text.
    sql = f"""
SELECT m.team_id, COUNT(*),
       SUM(CASE WHEN e.user_id IS NOT NULL THEN 1 ELSE 0 END),
       SUM(COALESCE(c.attending, 0)), SUM(COALESCE(c.completed, 0)),
       SUM(COALESCE(r.baseline, 0)), SUM(COALESCE(r.post, 0))
FROM {_table(Membership)} m
LEFT JOIN (
  SELECT user_id FROM {_table(Enrolment)} WHERE organisation_id = %s GROUP BY user_id
) e ON e.user_id = m.user_id
LEFT JOIN (
  SELECT user_id,
         MAX(CASE WHEN wave = %s THEN 1 ELSE 0 END) AS baseline,
         MAX(CASE WHEN wave = %s THEN 1 ELSE 0 END) AS post
  FROM {_table(Response)}
  WHERE organisation_id = %s AND valid = %s AND wave IN (%s, %s)
  GROUP BY user_id
) r ON r.user_id = m.user_id
LEFT JOIN (
  SELECT cm.user_id,
         1 AS attending,
         MAX(CASE WHEN co.status = %s AND cm.status <> %s THEN 1 ELSE 0 END) AS completed
  FROM {_table(CohortMember)} cm
  JOIN {_table(Cohort)} co ON co.id = cm.cohort_id
  JOIN {_table(Attendance)} a ON a.member_id = cm.id
  WHERE co.organisation_id = %s AND cm.user_id IS NOT NULL
    AND a.status IN ({_marks(ATTENDED)})
  GROUP BY cm.user_id
) c ON c.user_id = m.user_id
WHERE m.organisation_id = %s AND m.role = %s AND m.is_active = %s
GROUP BY m.team_id
ORDER BY m.team_id
"""  # noqa: S608
    params = [
        organisation.pk,
        Wave.BASELINE,
        Wave.POST,
        organisation.pk,
        True,
        Wave.BASELINE,
        Wave.POST,
        CohortStatus.CLOSED,
        MemberStatus.WITHDRAWN,
        organisation.pk,
        *ATTENDED,
        organisation.pk,
        Role.PARTICIPANT,
        True,
    ]
    names = ("team_id", "invited", "enrolled", "attending", "completed", "baseline", "post")
    return [
        {k: (v if k == "team_id" else int(v or 0)) for k, v in zip(names, row, strict=True)}
        for row in _rows(sql, params)
    ]


# -- cohorts ----------------------------------------------------------------------------------
# "Completed" (stated in the report's method notes): a place in a cohort that has been closed,
# not withdrawn, whose person was present or late at one session or more.
COMPLETED = (
    "completed: still taking part when the cohort was closed, and present (or late) at one "
    "session or more"
)
ATTENDING = "attending: present (or late) at one cohort session or more"


def cohorts_of(*, organisation: Organisation) -> dict[int, str]:
    return dict(
        Cohort.objects.filter(organisation=organisation)
        .order_by("starts_on", "pk")
        .values_list("pk", "title")
    )


def _attended_members() -> tuple[str, list[Any]]:
    """A derived table: ids of the organisation's cohort places present or late at least once
    (its one %s placeholder before the statuses is the organisation)."""
    return (
        f"""
  SELECT a.member_id
  FROM {_table(Attendance)} a
  JOIN {_table(CohortMember)} cm2 ON cm2.id = a.member_id
  JOIN {_table(Cohort)} co2 ON co2.id = cm2.cohort_id
  WHERE co2.organisation_id = %s AND a.status IN ({_marks(ATTENDED)})
  GROUP BY a.member_id
""",  # noqa: S608
        list(ATTENDED),
    )


def participation_by_cohort(
    *, organisation: Organisation, cohort: Cohort | None = None
) -> list[dict[str, Any]]:
    """Per cohort: places (invited), places with an enrolment, attending and completed.
    One GROUP BY query over places joined to a grouped attendance table."""
    attended, statuses = _attended_members()
    only = "AND co.id = %s" if cohort is not None else ""
    sql = f"""
SELECT co.id, co.title, co.status, COUNT(cm.id),
       SUM(CASE WHEN cm.enrolment_id IS NOT NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.member_id IS NOT NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.member_id IS NOT NULL AND co.status = %s AND cm.status <> %s
           THEN 1 ELSE 0 END)
FROM {_table(Cohort)} co
LEFT JOIN {_table(CohortMember)} cm ON cm.cohort_id = co.id
LEFT JOIN ({attended}) a ON a.member_id = cm.id
WHERE co.organisation_id = %s {only}
GROUP BY co.id, co.title, co.status, co.starts_on
ORDER BY co.starts_on, co.id
"""  # noqa: S608
    params = [CohortStatus.CLOSED, MemberStatus.WITHDRAWN, organisation.pk, *statuses]
    params += [organisation.pk] + ([cohort.pk] if cohort is not None else [])
    names = ("pk", "title", "status", "invited", "enrolled", "attending", "completed")
    return [
        {k: (int(v or 0) if i >= 3 else v) for i, (k, v) in enumerate(zip(names, row, strict=True))}
        for row in _rows(sql, params)
    ]


def feedback_by_cohort(
    *, organisation: Organisation, cohort: Cohort | None = None
) -> list[dict[str, Any]]:
    """Anonymous session feedback per cohort: answers, the sum of usefulness (1-5), answers
    per score, and how many different people answered (from the receipts, which are kept
    apart from the answers). Two GROUP BY queries; never the comments."""
    answers = SessionFeedback.objects.filter(session__cohort__organisation=organisation)
    receipts = FeedbackReceipt.objects.filter(session__cohort__organisation=organisation)
    if cohort is not None:
        answers = answers.filter(session__cohort=cohort)
        receipts = receipts.filter(session__cohort=cohort)
    people = dict(
        receipts.values("session__cohort_id")
        .annotate(n=Count("member_id", distinct=True))
        .values_list("session__cohort_id", "n")
    )
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in answers.values("session__cohort_id")
        .annotate(
            answers=Count("pk"),
            useful_sum=Sum("useful"),
            **{f"score_{s}": Count("pk", filter=Q(useful=s)) for s in range(1, 6)},
        )
        .order_by("session__cohort_id")
    ]
    return [
        {
            "cohort_id": row["session__cohort_id"],
            "people": people.get(row["session__cohort_id"], 0),
            "answers": row["answers"],
            "useful_sum": row["useful_sum"] or 0,
            "scores": {s: row[f"score_{s}"] for s in range(1, 6)},
        }
        for row in rows
    ]


def places_of(*, organisation: Organisation, cohort: Cohort | None = None) -> list[dict[str, Any]]:
    """Each cohort place of the organisation (or of one cohort): person, cohort, team, whether
    enrolled, attending and completed. One query (places joined to grouped attendance)."""
    attended, statuses = _attended_members()
    only = "AND cm.cohort_id = %s" if cohort is not None else ""
    sql = f"""
SELECT cm.user_id, cm.cohort_id, cm.team_id, cm.status, cm.enrolment_id, co.status,
       CASE WHEN a.member_id IS NOT NULL THEN 1 ELSE 0 END
FROM {_table(CohortMember)} cm
JOIN {_table(Cohort)} co ON co.id = cm.cohort_id
LEFT JOIN ({attended}) a ON a.member_id = cm.id
WHERE co.organisation_id = %s {only}
ORDER BY co.starts_on, cm.id
"""  # noqa: S608
    params = [organisation.pk, *statuses, organisation.pk]
    params += [cohort.pk] if cohort is not None else []
    return [
        {
            "user_id": user_id,
            "cohort_id": cohort_id,
            "team_id": team_id,
            "enrolled": enrolment_id is not None,
            "attending": bool(came),
            "completed": bool(came)
            and cohort_status == CohortStatus.CLOSED
            and status != MemberStatus.WITHDRAWN,
        }
        for user_id, cohort_id, team_id, status, enrolment_id, cohort_status, came in _rows(
            sql, params
        )
    ]

"""The dashboard's grouped SQL against the same figures worked out in Python from the rows.

Before the old correlated-subquery path was removed (commit 2d212cc), this file compared
the two on seeded data, on SQLite here and on PostgreSQL by hand; they were equal.
"""

import datetime as dt
import uuid
from collections import defaultdict
from datetime import timedelta

import pytest
import time_machine

from steadfast.assessments.models import Response
from steadfast.cohorts.models import Attendance, CohortMember
from steadfast.insights import selectors
from steadfast.insights.synthetic import synthetic_organisation_seed
from steadfast.organisations.models import Membership
from steadfast.programs.models import Enrolment


def _expected(org):
    team = dict(
        Membership.objects.filter(organisation=org, role="participant", is_active=True).values_list(
            "user_id", "team_id"
        )
    )
    latest = {}
    for user, code, wave, total in (
        Response.objects.filter(organisation=org, valid=True, wave__in=["baseline", "post"])
        .order_by("submitted_at", "pk")
        .values_list("user_id", "instrument", "wave", "total")
    ):
        latest[(user, code, wave)] = total
    change = defaultdict(lambda: [0, 0.0, 0.0])
    for (user, code, wave), pre in latest.items():
        post = latest.get((user, code, "post"))
        if wave == "baseline" and user in team and pre is not None and post is not None:
            cell = change[(team[user], code)]
            cell[0] += 1
            cell[1] += post - pre
            cell[2] += (post - pre) ** 2
    enrolled = set(Enrolment.objects.filter(organisation=org).values_list("user_id", flat=True))
    answered = {(u, w) for (u, _, w) in latest}
    places = CohortMember.objects.filter(cohort__organisation=org, user__isnull=False)
    came = set(
        Attendance.objects.filter(member__in=places, status__in=["present", "late"]).values_list(
            "member__user_id", "member__cohort__status", "member__status"
        )
    )
    attending = {u for u, _, _ in came}
    completed = {u for u, c, m in came if c == "closed" and m != "withdrawn"}
    participation = defaultdict(lambda: defaultdict(int))
    for user, t in team.items():
        row = participation[t]
        row["invited"] += 1
        row["enrolled"] += user in enrolled
        row["attending"] += user in attending
        row["completed"] += user in completed
        row["baseline"] += (user, "baseline") in answered
        row["post"] += (user, "post") in answered
    return change, participation


@pytest.mark.parametrize("seed", [3, 8])
def test_grouped_queries_equal_a_python_count_of_the_rows(db, seed):
    org = synthetic_organisation_seed(
        slug=f"g{seed}", participants=300, effect=-1.5, small_teams=2, seed=seed
    ).organisation
    # A second, later answer in the same wave: the latest one counts.
    again = Response.objects.filter(organisation=org, instrument="phq9", wave="post").first()
    again.pk, again.token = None, uuid.uuid4()
    again.total = (again.total or 0) + 7
    again.submitted_at += timedelta(days=1)
    again.save()
    change, participation = _expected(org)
    grouped = selectors.change_by_team_all(organisation=org)
    assert {(r["team_id"], r["instrument"]): r["n"] for r in grouped} == {
        k: v[0] for k, v in change.items()
    }
    for r in grouped:
        _, total, squares = change[(r["team_id"], r["instrument"])]
        assert r["total"] == pytest.approx(total) and r["squares"] == pytest.approx(squares)
    rows = selectors.participation_by_team(organisation=org)
    assert {r["team_id"]: {k: v for k, v in r.items() if k != "team_id"} for r in rows} == {
        t: dict(v) for t, v in participation.items()
    }
    assert any(r["completed"] for r in rows) and any(r["attending"] > r["completed"] for r in rows)


def test_checkin_weeks_match_the_orm_week_truncation(db):
    """The week number computed by date arithmetic equals Django's TruncWeek (UTC)."""
    from django.db.models import Avg, Count, F, FloatField
    from django.db.models.fields.json import KT
    from django.db.models.functions import Cast, TruncWeek

    now = dt.datetime(2026, 12, 4, 10, 47, tzinfo=dt.UTC)
    with time_machine.travel(now, tick=False):
        org = synthetic_organisation_seed(
            slug="weeks", participants=200, effect=-1.0, seed=9
        ).organisation
    starts = selectors.complete_weeks(now, 12)
    index = {w.date(): i for i, w in enumerate(starts)}
    reference = {}
    for row in (
        Response.objects.filter(
            organisation=org,
            instrument="checkin",
            submitted_at__gte=starts[0],
            submitted_at__lt=starts[-1] + dt.timedelta(weeks=1),
            user__memberships__organisation=org,
            user__memberships__role="participant",
        )
        .annotate(week=TruncWeek("submitted_at"), team_id=F("user__memberships__team_id"))
        .values("team_id", "week")
        .annotate(
            n=Count("user_id", distinct=True),
            stress=Avg(Cast(KT("subscales__stress"), FloatField())),
            energy=Avg(Cast(KT("subscales__energy"), FloatField())),
        )
    ):
        reference[(row["team_id"], index[row["week"].date()])] = (
            row["n"],
            pytest.approx(row["stress"]),
            pytest.approx(row["energy"]),
        )
    found = {
        (r["team_id"], r["week"]): (r["n"], r["stress"], r["energy"])
        for r in selectors.checkin_weeks(organisation=org, first_week=starts[0], weeks=12)
    }
    assert len(found) > 12 and found == reference


def test_cohort_participation_equals_a_python_count_of_the_places(db):
    from steadfast.cohorts.models import Cohort

    org = synthetic_organisation_seed(
        slug="places", participants=300, effect=-1.0, seed=4
    ).organisation
    came = set(
        Attendance.objects.filter(
            member__cohort__organisation=org, status__in=["present", "late"]
        ).values_list("member_id", flat=True)
    )
    expected = {}
    for cohort in Cohort.objects.filter(organisation=org):
        places = list(CohortMember.objects.filter(cohort=cohort))
        expected[cohort.pk] = {
            "invited": len(places),
            "enrolled": sum(p.enrolment_id is not None for p in places),
            "attending": sum(p.pk in came for p in places),
            "completed": sum(
                p.pk in came and cohort.status == "closed" and p.status != "withdrawn"
                for p in places
            ),
        }
    rows = selectors.participation_by_cohort(organisation=org)
    assert {r["pk"]: {k: r[k] for k in expected[r["pk"]]} for r in rows} == expected
    assert any(r["status"] == "open" and r["attending"] and not r["completed"] for r in rows)
    one = rows[0]["pk"]
    only = selectors.participation_by_cohort(organisation=org, cohort=Cohort.objects.get(pk=one))
    assert [r["pk"] for r in only] == [one]
    places = selectors.places_of(organisation=org)
    assert sum(p["attending"] for p in places) == sum(r["attending"] for r in rows)
    assert sum(p["completed"] for p in places) == sum(r["completed"] for r in rows)

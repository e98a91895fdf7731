"""A realistic synthetic organisation for testing and benchmarking the evaluation.

Teams of ordinary size plus a few below the minimum group size; people enrolled on one program
in two role variants; PHQ-9, GAD-7 and WHO-5 at baseline, end of program and 3- and 6-month
follow-ups with dropout that depends on baseline severity (missing at random); weekly check-ins
with stress and energy, and one team whose stress rises over the last four weeks; a weekly
workload index per team that raises symptoms.

The mean PHQ-9 change from baseline to end of program is `effect` by construction: each
person's change is drawn first (mean `effect`, randomised rounding keeps the mean exact), then
a baseline that keeps both scores inside the scale, so clipping never biases the change.
The large tables are written with `insights.bulk` (COPY on PostgreSQL, executemany on
SQLite, explicit ids), so 100,000 people take minutes, not hours. Also cohorts (two teams
each) with eight sessions, attendance and anonymous session feedback.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection, transaction
from django.utils import timezone

from steadfast.accounts.models import User
from steadfast.assessments.models import DueAssessment, Response, Wave
from steadfast.assessments.scoring.engine import score_matrix
from steadfast.assessments.scoring.keys import shipped_key
from steadfast.cohorts.models import (
    Attendance,
    AttendanceStatus,
    Cohort,
    CohortFormat,
    CohortMember,
    CohortSession,
    CohortStatus,
    FeedbackReceipt,
    MemberStatus,
    SessionFeedback,
)
from steadfast.cohorts.services import member_email_index
from steadfast.insights import bulk, selectors
from steadfast.insights.models import TeamWorkload
from steadfast.organisations.models import Membership, Organisation, Role, Team
from steadfast.programs.models import Enrolment, Program, ProgramVersion, Variant

BATCH = 5000
UNUSABLE = UNUSABLE_PASSWORD_PREFIX + "synthetic"
TEAM_SIZE = 25
# instrument: (baseline mean, person SD, workload weight, effect multiplier, item count, max raw)
SPEC: dict[str, tuple[float, float, float, float, int, int]] = {
    "phq9": (9.0, 3.5, 1.0, 1.0, 8, 24),  # item 9 is always 0: no safety flags are raised
    "gad7": (7.0, 3.0, 0.8, 0.7, 7, 21),
    "who5": (13.0, -3.0, -0.8, -0.8, 5, 25),  # raw 0-25 (x4 on the 0-100 scale)
}
FOLLOW_UPS = ((3, 0.8), (6, 0.6))


class SyntheticError(ValueError):
    pass


@dataclass(frozen=True)
class Seeded:
    organisation: Organisation
    participants: int
    teams: int
    responses: int
    checkins: int
    cohorts: int = 0


def _round(rng: np.random.Generator, x: np.ndarray) -> np.ndarray:
    """Randomised rounding: the expected value of the result is exactly x."""
    low = np.floor(x)
    return (low + (rng.random(x.shape) < (x - low))).astype(int)


def _items(total: int, n_items: int, pad: int) -> list[int]:
    base, extra = divmod(int(total), n_items)
    return [base + (1 if i < extra else 0) for i in range(n_items)] + [0] * pad


def synthetic_organisation_seed(
    *,
    slug: str,
    participants: int,
    effect: float,
    small_teams: int = 2,
    seed: int = 1,
    checkin_weeks: int = 12,
    now: datetime | None = None,
) -> Seeded:
    rng = np.random.default_rng(seed)
    now = now or timezone.now()
    org, _ = Organisation.objects.get_or_create(
        slug=slug, defaults={"name": f"Synthetic {slug}", "country": "US", "time_zone": "UTC"}
    )
    if Membership.objects.filter(organisation=org, role=Role.PARTICIPANT).exists():
        raise SyntheticError(f"{slug} already has participants; use a new slug")
    with transaction.atomic():
        seeded = _seed(org, rng, participants, effect, small_teams, checkin_weeks, now)
        if connection.vendor == "postgresql":
            # Fresh statistics after a bulk load, or the planner guesses the grouped
            # insights queries over tables it believes empty.
            with connection.cursor() as cursor:
                for model in (User, Membership, Enrolment, Response, CohortMember, Attendance):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        return seeded


def _seed(
    org: Organisation,
    rng: np.random.Generator,
    participants: int,
    effect: float,
    small_teams: int,
    checkin_weeks: int,
    now: datetime,
) -> Seeded:
    n_regular = max(2, round(participants / TEAM_SIZE))
    teams = Team.objects.bulk_create(
        [Team(organisation=org, name=f"Team {i + 1:03d}") for i in range(n_regular)]
        + [Team(organisation=org, name=f"Small team {i + 1}") for i in range(small_teams)]
    )
    team_of = list(rng.integers(0, n_regular, participants))
    for i in range(small_teams):
        team_of += [n_regular + i] * int(rng.integers(2, 5))
    total_people = len(team_of)
    team_arr = np.asarray(team_of)

    program, _ = Program.objects.get_or_create(
        slug="synthetic-evaluation",
        defaults={"title": "Synthetic program", "summary": "Synthetic data.", "format": "weekly"},
    )
    version, _ = ProgramVersion.objects.get_or_create(
        program=program, number=1, defaults={"weeks": 8, "source": "copied"}
    )
    variants = [
        Variant.objects.get_or_create(version=version, role=role, defaults={"title": role})[0]
        for role in ("officer", "dispatcher")
    ]

    tag = uuid.uuid4().hex[:8]
    first_user = bulk.next_id(User)
    user_ids = np.arange(first_user, first_user + total_people)
    bulk.insert(
        User,
        ["id", "email", "full_name", "time_zone", "password", "date_joined"],
        (
            (int(uid), f"{org.slug}-{tag}-{i}@synthetic.invalid", "", "", UNUSABLE, now)
            for i, uid in enumerate(user_ids)
        ),
    )
    team_ids = [t.pk for t in teams]
    bulk.insert(
        Membership,
        ["user_id", "organisation_id", "role", "team_id"],
        (
            (int(uid), org.pk, Role.PARTICIPANT, team_ids[t])
            for uid, t in zip(user_ids, team_of, strict=True)
        ),
    )
    start = now - timedelta(weeks=40)
    enrolled = rng.random(total_people) < 0.92
    first_enrolment = bulk.next_id(Enrolment)
    enrolment_of = np.full(total_people, -1)
    enrolment_of[enrolled] = np.arange(first_enrolment, first_enrolment + int(enrolled.sum()))
    bulk.insert(
        Enrolment,
        ["id", "user_id", "version_id", "variant_id", "organisation_id", "source", "started_at"],
        (
            (
                int(enrolment_of[i]),
                int(user_ids[i]),
                version.pk,
                variants[i % 2].pk,
                org.pk,
                Enrolment.Source.DIRECT,
                start,
            )
            for i in np.flatnonzero(enrolled).tolist()
        ),
    )

    # Team workload: a steady level per team with weekly noise.
    level = rng.normal(0.0, 1.0, len(teams))
    # The check-ins fill the same complete calendar weeks the dashboard reads, whatever the
    # day of the week `now` falls on.
    week_starts = selectors.complete_weeks(now, checkin_weeks)
    TeamWorkload.objects.bulk_create(
        [
            TeamWorkload(
                organisation=org,
                team=team,
                week=week_starts[w].date(),
                index=round(float(level[t] + rng.normal(0, 0.3)), 3),
            )
            for t, team in enumerate(teams)
            for w in range(checkin_weeks)
        ],
        batch_size=BATCH,
    )
    workload = level[team_arr]

    # Who answers each wave (everyone answers all three questionnaires at a wave).
    severity = rng.normal(0.0, 1.0, total_people)
    at = {"baseline": enrolled & (rng.random(total_people) < 0.95)}
    stay_post = rng.random(total_people) < 0.82 - 0.05 * np.clip(severity, -2, 2)
    at["post"] = at["baseline"] & stay_post
    at["follow_up_3"] = at["post"] & (rng.random(total_people) < 0.8)
    at["follow_up_6"] = at["follow_up_3"] & (rng.random(total_people) < 0.85)
    when = {
        "baseline": start + timedelta(days=2),
        "post": start + timedelta(weeks=8, days=2),
        "follow_up_3": start + timedelta(weeks=8 + 13, days=2),
        "follow_up_6": start + timedelta(weeks=8 + 26, days=2),
    }

    scores: dict[str, dict[str, np.ndarray]] = {}
    for code, (mean, person_sd, w_weight, multiplier, _, top) in SPEC.items():
        deltas = {
            "post": _round(rng, rng.normal(effect * multiplier, 2.5, total_people)),
            **{
                f"follow_up_{m}": _round(
                    rng, rng.normal(effect * multiplier * fade, 2.5, total_people)
                )
                for m, fade in FOLLOW_UPS
            },
        }
        stacked = np.vstack(list(deltas.values()))
        low = np.maximum(0, -stacked.min(axis=0))
        high = np.minimum(top, top - stacked.max(axis=0))
        raw = mean + person_sd * severity + w_weight * workload + rng.normal(0, 1.5, total_people)
        baseline = np.clip(np.rint(raw), low, np.maximum(low, high)).astype(int)
        scores[code] = {"baseline": baseline, **{w: baseline + d for w, d in deltas.items()}}

    # Follow-up due items (their label tells the follow-ups apart), with explicit ids.
    next_due = bulk.next_id(DueAssessment)
    due_rows: list[tuple[Any, ...]] = []
    due_of: dict[tuple[str, str], np.ndarray] = {}
    for wave_name, mask in at.items():
        if not wave_name.startswith("follow_up"):
            continue
        months = wave_name.rsplit("_", 1)[1]
        who = np.flatnonzero(mask)
        for code in SPEC:
            ids = np.arange(next_due, next_due + who.size)
            next_due += who.size
            due_of[(wave_name, code)] = ids
            due_rows += [
                (
                    int(d),
                    int(user_ids[i]),
                    org.pk,
                    code,
                    Wave.FOLLOW_UP,
                    f"{months}-month follow-up",
                    f"synthetic:{org.slug}",
                    when[wave_name] - timedelta(days=2),
                    when[wave_name] + timedelta(days=5),
                    when[wave_name] + timedelta(days=14),
                    when[wave_name],
                )
                for d, i in zip(ids.tolist(), who.tolist(), strict=True)
            ]
    bulk.insert(
        DueAssessment,
        ["id", "user_id", "organisation_id", "instrument", "wave", "label", "source",
         "opens_at", "due_at", "closes_at", "completed_at"],
        due_rows,
    )  # fmt: skip
    del due_rows

    # Answers follow from the total, so each (instrument, total) is scored once.
    keys = {code: shipped_key(code) for code in SPEC}
    scored: dict[tuple[str, int], tuple[str, Any, Any, str, Any]] = {}

    def score(code: str, total: int) -> tuple[str, Any, Any, str, Any]:
        found = scored.get((code, total))
        if found is None:
            key = keys[code]
            items = _items(total, SPEC[code][4], key.n_items - SPEC[code][4])
            result = score_matrix(key, np.asarray([items], dtype=float), checked=True).row(0)
            found = (
                json.dumps(items),
                result.total,
                result.subscales,
                result.band or "",
                result.flags,
            )
            scored[(code, total)] = found
        return found

    def questionnaire_rows() -> Any:
        for wave_name, mask in at.items():
            who = np.flatnonzero(mask).tolist()
            wave = Wave.FOLLOW_UP if wave_name.startswith("follow_up") else wave_name
            for code in SPEC:
                dues = due_of.get((wave_name, code))
                values = scores[code][wave_name]
                for j, i in enumerate(who):
                    answers, total, subscales, band, flags = score(code, int(values[i]))
                    yield (
                        uuid.uuid4(),
                        int(user_ids[i]),
                        org.pk,
                        code,
                        None if dues is None else int(dues[j]),
                        wave,
                        answers,
                        total,
                        subscales,
                        band,
                        flags,
                        True,
                        keys[code].provisional,
                        when[wave_name],
                    )

    response_columns = [
        "token", "user_id", "organisation_id", "instrument", "due_id", "wave", "answers",
        "total", "subscales", "band", "flags", "valid", "provisional", "submitted_at",
    ]  # fmt: skip
    count = bulk.insert(Response, response_columns, questionnaire_rows())

    # Weekly check-ins over the last weeks; the first team's stress rises in the last four.
    team_stress = rng.normal(0.0, 0.5, len(teams))

    def checkin_rows() -> Any:
        for w in range(checkin_weeks):
            week_start = week_starts[w]
            overload = np.where((team_arr == 0) & (w >= checkin_weeks - 4), 2.5, 0.0)
            answering = enrolled & (rng.random(total_people) < 0.6)
            stress = np.clip(
                np.rint(
                    4.0
                    + team_stress[team_arr]
                    + 0.6 * workload
                    + overload
                    + rng.normal(0, 1.5, total_people)
                ),
                0,
                10,
            )
            energy = np.clip(
                np.rint(6.0 - 0.3 * workload - 0.8 * overload + rng.normal(0, 1.5, total_people)),
                0,
                10,
            )
            mood = np.clip(np.rint(6.0 - 0.5 * overload + rng.normal(0, 1.5, total_people)), 0, 10)
            sleep = np.clip(np.rint(6.0 + rng.normal(0, 1.5, total_people)), 0, 10)
            who = np.flatnonzero(answering)
            hours = rng.integers(0, 7 * 24, who.size).tolist()
            for i, h in zip(who.tolist(), hours, strict=True):
                values = (int(mood[i]), int(stress[i]), int(energy[i]), int(sleep[i]))
                yield (
                    uuid.uuid4(),
                    int(user_ids[i]),
                    org.pk,
                    "checkin",
                    None,
                    Wave.CHECKIN,
                    json.dumps(values),
                    None,
                    dict(zip(("mood", "stress", "energy", "sleep"), values, strict=True)),
                    "",
                    [],
                    True,
                    True,
                    week_start + timedelta(hours=h),
                )

    checkins = bulk.insert(Response, response_columns, checkin_rows())
    cohorts = _cohorts(
        org, rng, version, team_ids, team_of, n_regular, user_ids, enrolment_of, at, start, tag
    )
    return Seeded(org, total_people, len(teams), count, checkins, cohorts)


SESSIONS = 8
COHORT_LINK = "https://meet.invalid/synthetic"


def _cohorts(
    org: Organisation,
    rng: np.random.Generator,
    version: ProgramVersion,
    team_ids: list[int],
    team_of: list[int],
    n_regular: int,
    user_ids: np.ndarray,
    enrolment_of: np.ndarray,
    at: dict[str, np.ndarray],
    start: datetime,
    tag: str,
) -> int:
    """Cohorts of two regular teams each (a small team has a cohort of its own), eight weekly
    sessions, attendance and anonymous session feedback. Every fifth cohort is still open;
    the others are closed. People who never enrolled hold a place that is still "invited";
    people who enrolled but never answered the first questionnaire have withdrawn."""
    team_arr = np.asarray(team_of)
    cohort_of_team = [
        t // 2 if t < n_regular else (n_regular + 1) // 2 + (t - n_regular)
        for t in range(len(team_ids))
    ]
    n_cohorts = max(cohort_of_team) + 1
    cohorts = Cohort.objects.bulk_create(
        [
            Cohort(
                organisation=org,
                version=version,
                title=f"Cohort {c + 1:03d}",
                starts_on=start.date(),
                time_zone="UTC",
                format=CohortFormat.ONLINE,
                video_link=COHORT_LINK,
                status=CohortStatus.OPEN if c % 5 == 4 else CohortStatus.CLOSED,
                closed_at=None if c % 5 == 4 else start + timedelta(weeks=SESSIONS + 1),
            )
            for c in range(n_cohorts)
        ],
        batch_size=BATCH,
    )
    first_session = bulk.next_id(CohortSession)
    session_id = np.arange(first_session, first_session + n_cohorts * SESSIONS).reshape(
        n_cohorts, SESSIONS
    )
    bulk.insert(
        CohortSession,
        ["id", "cohort_id", "number", "title", "local_date", "local_time", "time_zone",
         "starts_at"],
        (
            (
                int(session_id[c, s]),
                cohort.pk,
                s + 1,
                f"Session {s + 1}",
                (start + timedelta(weeks=s)).date(),
                start.time().replace(microsecond=0),
                "UTC",
                start + timedelta(weeks=s),
            )
            for c, cohort in enumerate(cohorts)
            for s in range(SESSIONS)
        ),
    )  # fmt: skip

    people = len(team_of)
    cohort_of = np.asarray(cohort_of_team)[team_arr]
    enrolled = enrolment_of >= 0
    withdrawn = enrolled & ~at["baseline"]
    active = enrolled & ~withdrawn
    first_member = bulk.next_id(CohortMember)
    member_id = np.arange(first_member, first_member + people)
    status = np.where(
        active, MemberStatus.ACTIVE, np.where(withdrawn, MemberStatus.WITHDRAWN, "invited")
    )
    emails = [f"{org.slug}-{tag}-{i}@synthetic.invalid" for i in range(people)]
    bulk.insert(
        CohortMember,
        ["id", "cohort_id", "user_id", "name", "email", "email_index", "staff_role", "team_id",
         "enrolment_id", "status", "joined_at"],
        (
            (
                int(member_id[i]),
                cohorts[int(cohort_of[i])].pk,
                int(user_ids[i]) if enrolled[i] else None,
                "",
                emails[i],
                member_email_index(emails[i]),
                "",
                team_ids[team_of[i]],
                int(enrolment_of[i]) if enrolled[i] else None,
                str(status[i]),
                start,
            )
            for i in range(people)
        ),
        cache_encrypted=False,
    )  # fmt: skip

    # Attendance: people who stay to the end come to most sessions; leavers fade out.
    who = np.flatnonzero(active)
    stays = at["post"][who]
    fade = np.clip(0.8 - 0.15 * np.arange(SESSIONS), 0.05, 1.0)
    chance = np.where(stays[:, None], 0.85, fade[None, :])
    draw = rng.random((who.size, SESSIONS))
    came = draw < chance
    codes = np.where(
        draw < chance * 0.93,
        AttendanceStatus.PRESENT,
        np.where(
            came,
            AttendanceStatus.LATE,
            np.where(rng.random(draw.shape) < 0.7, AttendanceStatus.ABSENT, "excused"),
        ),
    )
    sessions_of = session_id[cohort_of[who]]
    bulk.insert(
        Attendance,
        ["session_id", "member_id", "status", "recorded_at"],
        (
            (int(sessions_of[r, s]), int(member_id[i]), str(codes[r, s]), start)
            for r, i in enumerate(who.tolist())
            for s in range(SESSIONS)
        ),
    )

    # Anonymous feedback from about a third of the people at each session. The answers are
    # written in a shuffled order so they cannot be matched with the receipts.
    answered = came & (rng.random(came.shape) < 0.35)
    rows, cols = np.nonzero(answered)
    sessions = sessions_of[rows, cols]
    bulk.insert(
        FeedbackReceipt,
        ["session_id", "member_id"],
        zip(sessions.tolist(), member_id[who[rows]].tolist(), strict=True),
    )
    useful = np.clip(np.rint(rng.normal(4.0, 0.8, sessions.size)), 1, 5).astype(int)
    order = rng.permutation(sessions.size)
    shuffle = rng.integers(0, 2**62, sessions.size)
    bulk.insert(
        SessionFeedback,
        ["session_id", "useful", "keep", "change", "shuffle"],
        (
            (int(sessions[j]), int(useful[j]), "", "", f"{int(shuffle[j]):016x}")
            for j in order.tolist()
        ),
    )
    return n_cohorts

"""A realistic synthetic organisation for testing and benchmarking the evaluation.

Teams of ordinary size plus a few below the minimum group size; people enrolled on one program
in two role variants; PHQ-9, GAD-7 and WHO-5 at baseline, end of program and 3- and 6-month
follow-ups with dropout that depends on baseline severity (missing at random); weekly check-ins
with stress and energy, and one team whose stress rises over the last four weeks; a weekly
workload index per team that raises symptoms.

The mean PHQ-9 change from baseline to end of program is `effect` by construction: each
person's change is drawn first (mean `effect`, randomised rounding keeps the mean exact), then
a baseline that keeps both scores inside the scale, so clipping never biases the change.
Rows are written with bulk_create.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.utils import timezone

from steadfast.accounts.models import User
from steadfast.assessments.models import DueAssessment, Response, Wave
from steadfast.assessments.scoring.engine import score_matrix
from steadfast.assessments.scoring.keys import shipped_key
from steadfast.insights.models import TeamWorkload
from steadfast.organisations.models import Membership, Organisation, Role, Team
from steadfast.programs.models import Enrolment, Program, ProgramVersion, Variant

BATCH = 5000
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
        return _seed(org, rng, participants, effect, small_teams, checkin_weeks, now)


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
    users = User.objects.bulk_create(
        [
            User(
                email=f"{org.slug}-{tag}-{i}@synthetic.invalid",
                full_name="",
                password=UNUSABLE_PASSWORD_PREFIX + "synthetic",
            )
            for i in range(total_people)
        ],
        batch_size=BATCH,
    )
    Membership.objects.bulk_create(
        [
            Membership(user=u, organisation=org, role=Role.PARTICIPANT, team=teams[t])
            for u, t in zip(users, team_of, strict=True)
        ],
        batch_size=BATCH,
    )
    start = now - timedelta(weeks=40)
    enrolled = rng.random(total_people) < 0.92
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                user=u,
                version=version,
                variant=variants[i % 2],
                organisation=org,
                source=Enrolment.Source.DIRECT,
                started_at=start,
            )
            for i, u in enumerate(users)
            if enrolled[i]
        ],
        batch_size=BATCH,
    )

    # Team workload: a steady level per team with weekly noise.
    level = rng.normal(0.0, 1.0, len(teams))
    monday = (now - timedelta(days=now.weekday())).date()
    TeamWorkload.objects.bulk_create(
        [
            TeamWorkload(
                organisation=org,
                team=team,
                week=monday - timedelta(weeks=w),
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

    dues: list[DueAssessment] = []
    pending: list[tuple[int, str, str, int, DueAssessment | None]] = []
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

    for wave_name, mask in at.items():
        for i in np.flatnonzero(mask).tolist():
            for code in SPEC:
                due = None
                if wave_name.startswith("follow_up"):
                    months = wave_name.rsplit("_", 1)[1]
                    due = DueAssessment(
                        user_id=users[i].pk,
                        organisation=org,
                        instrument=code,
                        wave=Wave.FOLLOW_UP,
                        label=f"{months}-month follow-up",
                        source=f"synthetic:{org.slug}",
                        opens_at=when[wave_name] - timedelta(days=2),
                        due_at=when[wave_name] + timedelta(days=5),
                        closes_at=when[wave_name] + timedelta(days=14),
                        completed_at=when[wave_name],
                    )
                    dues.append(due)
                pending.append((int(i), code, wave_name, int(scores[code][wave_name][i]), due))
    DueAssessment.objects.bulk_create(dues, batch_size=BATCH)

    keys = {code: shipped_key(code) for code in SPEC}
    responses: list[Response] = []
    count = 0
    by_code: dict[str, list[int]] = {code: [] for code in SPEC}
    for index, (_, code, _, _, _) in enumerate(pending):
        by_code[code].append(index)
    answers: dict[int, list[int]] = {}
    scored: dict[int, Any] = {}
    for code, indexes in by_code.items():
        n_items = SPEC[code][4]
        key = keys[code]
        matrix = np.asarray(
            [_items(pending[j][3], n_items, key.n_items - n_items) for j in indexes], dtype=float
        ).reshape(len(indexes), key.n_items)
        batch = score_matrix(key, matrix, checked=True)
        for row, j in enumerate(indexes):
            answers[j] = matrix[row].astype(int).tolist()
            scored[j] = (batch, row)
    for j, (i, code, wave_name, _, due) in enumerate(pending):
        batch, row = scored[j]
        result = batch.row(row)
        responses.append(
            Response(
                token=uuid.uuid4(),
                user_id=users[i].pk,
                organisation=org,
                instrument=code,
                due=due,
                wave=Wave.FOLLOW_UP if wave_name.startswith("follow_up") else wave_name,
                answers=json.dumps(answers[j]),
                total=result.total,
                subscales=result.subscales,
                band=result.band or "",
                flags=result.flags,
                valid=True,
                provisional=keys[code].provisional,
                submitted_at=when[wave_name],
            )
        )
        if len(responses) >= BATCH:
            Response.objects.bulk_create(responses)
            count += len(responses)
            responses = []
    Response.objects.bulk_create(responses)
    count += len(responses)

    # Weekly check-ins over the last weeks; the first team's stress rises in the last four.
    checkins = 0
    batch_rows: list[Response] = []
    team_stress = rng.normal(0.0, 0.5, len(teams))
    for w in range(checkin_weeks):
        week_start = now - timedelta(weeks=checkin_weeks - w) + timedelta(days=1)
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
            np.rint(6.0 - 0.3 * workload - 0.8 * overload + rng.normal(0, 1.5, total_people)), 0, 10
        )
        mood = np.clip(np.rint(6.0 - 0.5 * overload + rng.normal(0, 1.5, total_people)), 0, 10)
        sleep = np.clip(np.rint(6.0 + rng.normal(0, 1.5, total_people)), 0, 10)
        for i in np.flatnonzero(answering).tolist():
            values = [int(mood[i]), int(stress[i]), int(energy[i]), int(sleep[i])]
            batch_rows.append(
                Response(
                    token=uuid.uuid4(),
                    user_id=users[i].pk,
                    organisation=org,
                    instrument="checkin",
                    wave=Wave.CHECKIN,
                    answers=json.dumps(values),
                    total=None,
                    subscales=dict(zip(("mood", "stress", "energy", "sleep"), values, strict=True)),
                    valid=True,
                    provisional=True,
                    submitted_at=week_start + timedelta(hours=int(rng.integers(8, 80))),
                )
            )
            if len(batch_rows) >= BATCH:
                Response.objects.bulk_create(batch_rows)
                checkins += len(batch_rows)
                batch_rows = []
    Response.objects.bulk_create(batch_rows)
    checkins += len(batch_rows)
    return Seeded(org, total_people, len(teams), count, checkins)

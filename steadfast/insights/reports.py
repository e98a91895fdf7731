"""The evaluation report and the organisation dashboard as plain, privacy-checked data.

Both are built from `selectors` (a fixed number of queries), run the statistics in
`insights.stats`, and pass every figure through `insights.privacy`; `check_release` is the
last step, so a figure over fewer than k people cannot leave this module. The JSON, HTML,
CSV and PDF forms and the dashboard page all render these dictionaries and nothing else.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.utils import timezone

from steadfast.assessments.scoring.keys import shipped_key
from steadfast.cohorts.models import Cohort
from steadfast.insights import selectors
from steadfast.insights.privacy import (
    Policy,
    check_release,
    prevalence_hidden,
    protect,
    protect_cumulative,
    small,
)
from steadfast.insights.stats import (
    SHOWN_EFFECT,
    SHOWN_EFFECT_TEXT,
    clinical_change,
    completers_vs_leavers,
    ewma_chart,
    paired_change,
    random_intercept_model,
    reliable_change_shares,
)
from steadfast.organisations.models import Organisation, Team

# Published screening cut-offs used as criterion (c) (shared/instruments.md §4.3).
CUTOFFS: dict[str, float] = {"phq9": 10.0, "gad7": 10.0, "who5": 50.0}
SUGGESTIONS = (
    "Hold a short team debrief in the next week.",
    "Review workload and rosters with the team's manager.",
    "Offer a booster session of the program to the team.",
)


def _r(value: float, places: int = 2) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), places)


def _hidden(**labels: Any) -> dict[str, Any]:
    return {**labels, "suppressed": True}


def _pairs_for(data: selectors.EvaluationData, instrument: str) -> list[tuple[str, str]]:
    waves: set[str] = set()
    for (_, code), by_wave in data.scores.items():
        if code == instrument:
            waves.update(by_wave)
    later = sorted((w for w in waves if w != "baseline"), key=selectors.wave_sort)
    return [("baseline", w) for w in later] if "baseline" in waves else []


def _change_figures(
    instrument: str,
    pre: list[float],
    post: list[float],
    policy: Policy,
    *,
    clinical: bool = True,
) -> dict[str, Any] | None:
    change = paired_change(pre, post)
    if change is None or small(change.n, policy):
        return None
    key = shipped_key(instrument)
    out: dict[str, Any] = {
        "n": change.n,
        "mean_change": _r(change.mean_change),
        "ci_low": _r(change.ci_low),
        "ci_high": _r(change.ci_high),
        "d": _r(change.g_av),
        "d_kind": SHOWN_EFFECT,
        "d_z": _r(change.d_z),
        "d_z_ci_low": _r(change.d_z_ci_low),
        "d_z_ci_high": _r(change.d_z_ci_high),
        "direction": key.direction,
        "improved": None,
        "unchanged": None,
        "worse": None,
        "hidden": [],
    }
    rel = key.reliability
    if rel is not None and rel.sd is not None:
        shares = reliable_change_shares(pre, post, sd=rel.sd, r=rel.r, direction=key.direction)
        counts = {
            "n": shares.n,
            "improved": shares.improved,
            "unchanged": shares.unchanged,
            "worse": shares.worse,
        }
        hidden = protect(counts, [["n", "improved", "unchanged", "worse"]], policy)
        for name in ("improved", "unchanged", "worse"):
            if name in hidden:
                out["hidden"].append(name)
            else:
                out[name] = _r(counts[name] / shares.n, 3)
        out["minimum_reliable_change"] = _r(shares.minimum_reliable_difference)
        if clinical and instrument in CUTOFFS:
            found = clinical_change(
                pre,
                post,
                sd=rel.sd,
                r=rel.r,
                direction=key.direction,
                cutoff=CUTOFFS[instrument],
            )
            if prevalence_hidden(found.recovered, found.n_eligible, policy) or prevalence_hidden(
                found.improved_only, found.n_eligible, policy
            ):
                out["clinical"] = _hidden(criterion=found.criterion)
            else:
                out["clinical"] = {
                    "criterion": found.criterion,
                    "n_eligible": found.n_eligible,
                    "recovered": _r(found.recovered / found.n_eligible, 3),
                    "improved_only": _r(found.improved_only / found.n_eligible, 3),
                }
    return out


def _breakdown(
    data: selectors.EvaluationData,
    instrument: str,
    to: str,
    policy: Policy,
    kind: str,
    group_of: Any,
    names: dict[Any, str],
) -> list[dict[str, Any]]:
    """Change per group (team, program or role), with complementary suppression against
    the overall n so no group can be recovered by subtraction."""
    pre: dict[Any, list[float]] = defaultdict(list)
    post: dict[Any, list[float]] = defaultdict(list)
    for (user_id, code), by_wave in data.scores.items():
        if code == instrument and "baseline" in by_wave and to in by_wave:
            group = group_of(data.people[user_id])
            pre[group].append(by_wave["baseline"])
            post[group].append(by_wave[to])
    counts: dict[Any, int] = {g: len(v) for g, v in pre.items()}
    counts["__all__"] = sum(counts.values())
    hidden = protect(counts, [["__all__", *pre]], policy)
    rows = []
    for group in sorted(pre, key=lambda g: names.get(g, "~")):
        label = names.get(group, "not recorded")
        base = {"instrument": instrument, "from": "baseline", "to": to, kind: label}
        figures = (
            None
            if group in hidden
            else _change_figures(instrument, pre[group], post[group], policy, clinical=False)
        )
        if figures is None:
            rows.append(_hidden(**base))
        else:
            rows.append({**base, **figures})
    return rows


def _model(data: selectors.EvaluationData, instrument: str, policy: Policy) -> dict[str, Any]:
    person: list[int] = []
    wave: list[str] = []
    score: list[float] = []
    workload: list[float | None] = []
    for (user_id, code), by_wave in data.scores.items():
        if code != instrument:
            continue
        team = data.people[user_id].team_id
        for w, total in by_wave.items():
            person.append(user_id)
            wave.append(w)
            score.append(total)
            workload.append(data.workload.get(team) if team is not None else None)
    order = sorted(set(wave), key=selectors.wave_sort)
    base = {"instrument": instrument}
    if not order or order[0] != "baseline" or len(order) < 2:
        return _hidden(**base)
    use_workload = bool(data.workload)
    model = random_intercept_model(
        person,
        wave,
        score,
        wave_order=order,
        numeric={"workload": workload} if use_workload else None,
    )
    if model is None or small(model.means[0].n, policy):
        return _hidden(**base)
    means = []
    for m in model.means:
        if small(m.n, policy):
            means.append(_hidden(wave=m.wave))
        else:
            means.append(
                {
                    "wave": m.wave,
                    "n": m.n,
                    "mean": _r(m.mean),
                    "ci_low": _r(m.ci_low),
                    "ci_high": _r(m.ci_high),
                }
            )
    contrasts = []
    for c, m in zip(model.contrasts, model.means[1:], strict=True):
        if small(m.n, policy):
            contrasts.append(_hidden(**{"from": "baseline", "to": c.wave}))
        else:
            contrasts.append(
                {
                    "from": "baseline",
                    "to": c.wave,
                    "estimate": _r(c.estimate),
                    "ci_low": _r(c.ci_low),
                    "ci_high": _r(c.ci_high),
                    "g": _r(c.g),
                }
            )
    return {
        **base,
        "method": "linear mixed model, random intercept per person, REML; rows with a missing "
        "wave or covariate dropped, people with partial data kept",
        "covariates": list(model.covariates),
        "n_people": model.n_people,
        "n_observations": model.n_observations,
        "dropped_rows": model.dropped_rows,
        "icc": _r(model.icc, 3),
        "means": means,
        "contrasts": contrasts,
    }


def _count(n: int, policy: Policy, **labels: Any) -> dict[str, Any]:
    return _hidden(**labels) if small(n, policy) else {**labels, "n": n}


METHOD_NOTES = [
    "invited: participant members of the organisation and invitations not yet answered "
    "(for one cohort: every place in it)",
    "enrolled: started the program (for one cohort: joined it)",
    selectors.ATTENDING,
    selectors.COMPLETED,
    "session feedback: anonymous answers; a cohort's figures are shown only when at least k "
    "different people answered, and the comments are never shown here",
]
FUNNEL = ("invited", "enrolled", "attending", "completed")


def _participation(data: selectors.EvaluationData, policy: Policy) -> list[dict[str, Any]]:
    """Invited, enrolled, attending, completed. Each stage is a count, and the step between
    two shown stages is never 1 to k-1 people (protect_cumulative, read from the end)."""
    people = data.people.values()
    counts = [
        data.invited,
        sum(p.enrolled for p in people),
        sum(p.attending for p in people),
        sum(p.completed for p in people),
    ]
    shown = protect_cumulative(counts[::-1], policy)[::-1]
    return [
        {"stage": stage, "n": n} if ok and not small(n, policy) else _hidden(stage=stage)
        for stage, n, ok in zip(FUNNEL, counts, shown, strict=True)
    ]


def _feedback(
    rows: list[dict[str, Any]], names: dict[Any, str], policy: Policy
) -> list[dict[str, Any]]:
    """Mean usefulness (1 to 5) and answers per cohort. Hidden when fewer than k different
    people answered; the answers per score are protected as one line (answers = their sum)."""
    out = []
    for row in sorted(rows, key=lambda r: names.get(r["cohort_id"], "~")):
        label = {"cohort": names.get(row["cohort_id"], "a cohort")}
        if row["people"] < policy.k or small(row["answers"], policy):
            out.append(_hidden(**label))
            continue
        counts: dict[Any, int] = {"answers": row["answers"], **row["scores"]}
        hidden = protect(counts, [["answers", 1, 2, 3, 4, 5]], policy)
        out.append(
            {
                **label,
                "n": row["people"],
                "answers": row["answers"],
                "mean_useful": _r(row["useful_sum"] / row["answers"], 1),
                "scores": [
                    _hidden(score=str(s))
                    if s in hidden
                    else {"score": str(s), "answers": row["scores"][s]}
                    for s in range(1, 6)
                ],
            }
        )
    return out


def _attrition(data: selectors.EvaluationData, policy: Policy) -> dict[str, Any]:
    by_wave: dict[str, set[int]] = defaultdict(set)
    for (user_id, _), waves in data.scores.items():
        for w in waves:
            by_wave[w].add(user_id)
    stages = [
        ("invited", data.invited),
        ("enrolled", sum(p.enrolled for p in data.people.values())),
    ]
    stages += [(w, len(by_wave[w])) for w in sorted(by_wave, key=selectors.wave_sort)]
    flow = [_count(n, policy, stage=name) for name, n in stages]
    stayed: list[float] = []
    left: list[float] = []
    for (_, code), waves in data.scores.items():
        if code == "phq9" and "baseline" in waves:
            (stayed if "post" in waves else left).append(waves["baseline"])
    compared = completers_vs_leavers(stayed, left)
    base = {"instrument": "phq9", "measure": "baseline score, completers minus leavers (Welch)"}
    if (
        compared is None
        or small(compared.n_completers, policy)
        or small(compared.n_leavers, policy)
    ):
        comparison = _hidden(**base)
    else:
        comparison = {
            **base,
            "n_completers": compared.n_completers,
            "n_leavers": compared.n_leavers,
            "mean_completers": _r(compared.mean_completers),
            "mean_leavers": _r(compared.mean_leavers),
            "difference": _r(compared.difference),
            "ci_low": _r(compared.ci_low),
            "ci_high": _r(compared.ci_high),
            "g": _r(compared.g),
        }
    return {"flow": flow, "completers_vs_leavers": comparison}


class CohortError(ValueError):
    """The cohort asked for does not belong to the organisation."""


def cohort_of(*, organisation: Organisation, cohort_id: int) -> Cohort:
    cohort = Cohort.objects.filter(pk=cohort_id).first()
    if cohort is None or cohort.organisation_id != organisation.pk:
        raise CohortError(f"cohort {cohort_id} is not a cohort of {organisation.slug}")
    return cohort


def evaluation_report(
    *,
    organisation: Organisation,
    cohort: Cohort | None = None,
    instruments: Iterable[str] = selectors.OUTCOME_INSTRUMENTS,
) -> dict[str, Any]:
    """The whole evaluation as privacy-checked data (the JSON form of the report). With a
    cohort, only the people with a place in it count."""
    if cohort is not None and cohort.organisation_id != organisation.pk:
        raise CohortError(f"cohort {cohort.pk} is not a cohort of {organisation.slug}")
    policy = selectors.policy_for(organisation=organisation)
    instruments = tuple(instruments)
    data = selectors.evaluation_data(
        organisation=organisation, instruments=instruments, cohort=cohort
    )
    cohort_names: dict[Any, str] = selectors.cohorts_of(organisation=organisation)
    outcomes, by_team, by_program, by_role, by_cohort = [], [], [], [], []
    team_names: dict[Any, str] = dict(data.teams)
    programs = {p.program: p.program for p in data.people.values() if p.program}
    roles = {p.role: p.role.replace("_", " ") for p in data.people.values() if p.role}
    for instrument in instruments:
        for frm, to in _pairs_for(data, instrument):
            pre, post = [], []
            for (_, code), waves in data.scores.items():
                if code == instrument and frm in waves and to in waves:
                    pre.append(waves[frm])
                    post.append(waves[to])
            base = {"instrument": instrument, "from": frm, "to": to}
            figures = _change_figures(instrument, pre, post, policy)
            outcomes.append(_hidden(**base) if figures is None else {**base, **figures})
            if to == "post":
                by_team += _breakdown(
                    data, instrument, to, policy, "team", lambda p: p.team_id, team_names
                )
                by_program += _breakdown(
                    data, instrument, to, policy, "program", lambda p: p.program, programs
                )
                by_role += _breakdown(data, instrument, to, policy, "role", lambda p: p.role, roles)
                if cohort is None:
                    by_cohort += _breakdown(
                        data,
                        instrument,
                        to,
                        policy,
                        "cohort",
                        lambda p: p.cohort_id,
                        cohort_names,
                    )
    keys = {code: shipped_key(code) for code in instruments}
    report = {
        "organisation": organisation.name,
        "cohort": cohort.title if cohort is not None else None,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "minimum_group_size": policy.k,
        "method_notes": METHOD_NOTES,
        "effect_size": SHOWN_EFFECT_TEXT,
        "reliable_change": {
            code: {
                "method": "Jacobson-Truax RCI, |RCI| > 1.96",
                "r": key.reliability.r,
                "r_kind": key.reliability.kind,
                "reference_sd": key.reliability.sd,
                "source": key.reliability.source,
            }
            for code, key in keys.items()
            if key.reliability is not None
        },
        "waves": {
            w: selectors.wave_title(w)
            for w in [
                "baseline",
                "post",
                *sorted(
                    {w for s in data.scores.values() for w in s if w.startswith("follow")},
                    key=selectors.wave_sort,
                ),
            ]
        },
        "participation": _participation(data, policy),
        "attrition": _attrition(data, policy),
        "outcomes": outcomes,
        "outcomes_by_team": by_team,
        "outcomes_by_program": by_program,
        "outcomes_by_role": by_role,
        "outcomes_by_cohort": by_cohort,
        "session_feedback": _feedback(
            selectors.feedback_by_cohort(organisation=organisation, cohort=cohort),
            cohort_names,
            policy,
        ),
        "models": [_model(data, code, policy) for code in instruments],
    }
    check_release(report, policy)
    return report


PARTICIPATION_COLUMNS = ("invited", "enrolled", "attending", "completed", "baseline", "post")


def _table(
    rows: list[dict[str, Any]],
    key: str,
    columns: Iterable[str],
    names: dict[Any, str],
    policy: Policy,
    kind: str,
) -> dict[str, Any]:
    """A count table (one row per group, one column per stage) with a total row. Each column
    is one line (total = sum of the groups) and is protected on its own."""
    columns = tuple(columns)
    hidden_by_column = {}
    total: dict[str, Any] = {}
    for column in columns:
        counts: dict[Any, int] = {r[key]: r[column] for r in rows}
        counts["__all__"] = sum(counts.values())
        hidden_by_column[column] = protect(counts, [["__all__", *[r[key] for r in rows]]], policy)
        everyone = counts["__all__"]
        hide_total = "__all__" in hidden_by_column[column]
        total[column] = _hidden() if hide_total else _count(everyone, policy)
    groups = []
    for r in sorted(rows, key=lambda r: names.get(r[key], "~")):
        cells = {c: _hidden() if r[key] in hidden_by_column[c] else {"n": r[c]} for c in columns}
        groups.append({kind: names.get(r[key], "No team recorded"), **cells})
    return {"columns": list(columns), "total": total, "rows": groups}


def dashboard(
    *, organisation: Organisation, weeks: int = 12, now: datetime | None = None
) -> dict[str, Any]:
    """The lead's dashboard: participation and change per team, computed in SQL, and the
    early-warning trend of check-in stress and energy per team. Fixed number of queries."""
    now = now or timezone.now()
    policy = selectors.policy_for(organisation=organisation)
    teams = dict(Team.objects.filter(organisation=organisation).values_list("id", "name"))
    names: dict[Any, str] = {**teams, None: "No team recorded"}

    rows = selectors.participation_by_team(organisation=organisation)
    participation = _table(rows, "team_id", PARTICIPATION_COLUMNS, names, policy, "team")
    team_sizes = {r["team_id"]: r["invited"] for r in rows}
    cohort_rows = selectors.participation_by_cohort(organisation=organisation)
    cohort_names: dict[Any, str] = {r["pk"]: r["title"] for r in cohort_rows}
    by_cohort = _table(cohort_rows, "pk", FUNNEL, cohort_names, policy, "cohort")

    change: list[dict[str, Any]] = []
    found_all = selectors.change_by_team_all(organisation=organisation)
    for instrument in selectors.OUTCOME_INSTRUMENTS:
        found = [r for r in found_all if r["instrument"] == instrument]
        counts = {r["team_id"]: r["n"] for r in found}
        counts["__all__"] = sum(counts.values())
        hidden = protect(counts, [["__all__", *[r["team_id"] for r in found]]], policy)
        for r in sorted(found, key=lambda r: names.get(r["team_id"], "")):
            label = {"instrument": instrument, "team": names.get(r["team_id"], "No team recorded")}
            n = r["n"]
            if r["team_id"] in hidden or n < 2:
                change.append(_hidden(**label))
                continue
            mean = r["total"] / n
            var = max((r["squares"] - r["total"] ** 2 / n) / (n - 1), 0.0)
            half = 1.96 * math.sqrt(var / n)
            change.append(
                {
                    **label,
                    "n": n,
                    "mean_change": _r(mean),
                    "ci_low": _r(mean - half),
                    "ci_high": _r(mean + half),
                }
            )

    week_starts = selectors.complete_weeks(now, weeks)
    cells: dict[Any, int] = {}
    values: dict[Any, tuple[float, float]] = {}
    for r in selectors.checkin_weeks(
        organisation=organisation, first_week=week_starts[0], weeks=weeks
    ):
        if not 0 <= r["week"] < weeks:
            continue
        cells[(r["team_id"], r["week"])] = r["n"]
        values[(r["team_id"], r["week"])] = (r["stress"], r["energy"])
    team_ids = sorted({t for t, _ in cells}, key=lambda t: names.get(t, ""))
    # No organisation-wide weekly figure is published beside the team trends, so no line
    # equation links the cells: primary suppression (a week with fewer than k people) is
    # enough, and small teams are left out entirely below.
    hidden = protect(cells, [], policy)
    warnings = []
    for t in team_ids:
        if t is None or small(team_sizes.get(t, 0), policy) or team_sizes.get(t, 0) < policy.k:
            continue
        stress = [
            None if (t, i) in hidden or (t, i) not in values else values[(t, i)][0]
            for i in range(len(week_starts))
        ]
        energy = [
            None if (t, i) in hidden or (t, i) not in values else values[(t, i)][1]
            for i in range(len(week_starts))
        ]
        stress_chart = ewma_chart(stress, watch="rise")
        energy_chart = ewma_chart(energy, watch="fall")
        flagged = bool(stress_chart and stress_chart.flagged) or bool(
            energy_chart and energy_chart.flagged
        )
        warnings.append(
            {
                "team": names[t],
                "weeks": [w.date().isoformat() for w in week_starts],
                "stress": [_r(v) if v is not None else None for v in stress],
                "energy": [_r(v) if v is not None else None for v in energy],
                "stress_ewma": [
                    _r(p.ewma) if p.ewma is not None else None for p in stress_chart.points
                ]
                if stress_chart
                else [],
                "stress_limit": [
                    _r(p.limit) if p.limit is not None else None for p in stress_chart.points
                ]
                if stress_chart
                else [],
                "stress_rising": bool(stress_chart and stress_chart.flagged),
                "energy_falling": bool(energy_chart and energy_chart.flagged),
                "flagged": flagged,
                "suggestions": list(SUGGESTIONS) if flagged else [],
            }
        )
    result = {
        "organisation": organisation.name,
        "minimum_group_size": policy.k,
        "participation": participation,
        "participation_by_cohort": by_cohort,
        "definitions": METHOD_NOTES[1:],
        "session_feedback": _feedback(
            selectors.feedback_by_cohort(organisation=organisation), cohort_names, policy
        ),
        "change_by_team": change,
        "early_warning": warnings,
    }
    check_release(result, policy)
    return result

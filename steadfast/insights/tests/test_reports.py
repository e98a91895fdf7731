import json

import pytest

from steadfast.cohorts.models import Cohort
from steadfast.insights import reports
from steadfast.insights.models import InsightsSetting
from steadfast.insights.synthetic import synthetic_organisation_seed


@pytest.fixture
def synthetic(db):
    return synthetic_organisation_seed(
        slug="synth", participants=250, effect=-2.5, small_teams=2, seed=4
    ).organisation


def _outcome(report, instrument, to):
    return next(o for o in report["outcomes"] if o["instrument"] == instrument and o["to"] == to)


def test_report_recovers_the_synthetic_effect_inside_its_ci(synthetic):
    report = reports.evaluation_report(organisation=synthetic)
    phq = _outcome(report, "phq9", "post")
    assert phq["ci_low"] < -2.5 < phq["ci_high"]
    assert phq["n"] > 100
    assert phq["d_kind"] == "g_av"
    # Few people get reliably worse here, so that share is hidden with a partner.
    shown = [k for k in ("improved", "unchanged", "worse") if phq[k] is not None]
    assert len(phq["hidden"]) in (0, 2, 3)
    assert all(phq[k] is None for k in phq["hidden"]) and len(shown) + len(phq["hidden"]) == 3
    assert "criterion (c)" in phq["clinical"]["criterion"]
    assert {o["to"] for o in report["outcomes"]} == {"post", "follow_up_3m", "follow_up_6m"}
    model = next(m for m in report["models"] if m["instrument"] == "phq9")
    assert model["covariates"] == ["workload"]
    post = next(c for c in model["contrasts"] if c["to"] == "post")
    assert post["ci_low"] < -2.5 < post["ci_high"]
    json.dumps(report)  # plain data all the way down


def test_small_teams_never_show_figures_and_their_sibling_is_hidden_too(synthetic):
    report = reports.evaluation_report(organisation=synthetic)
    phq_teams = [r for r in report["outcomes_by_team"] if r["instrument"] == "phq9"]
    small = [r for r in phq_teams if r["team"].startswith("Small team")]
    assert small and all(r["suppressed"] and "n" not in r for r in small)
    # Subtracting the shown teams from the total must not leave a group under 5.
    total = _outcome(report, "phq9", "post")["n"]
    shown = sum(r["n"] for r in phq_teams if not r.get("suppressed"))
    assert total - shown == 0 or total - shown >= 5
    flow = {s["stage"]: s for s in report["attrition"]["flow"]}
    assert (
        flow["invited"]["n"] >= flow["enrolled"]["n"] >= flow["baseline"]["n"] >= flow["post"]["n"]
    )


def test_a_raised_minimum_group_size_suppresses_more(synthetic):
    InsightsSetting.objects.create(organisation=synthetic, minimum_group_size=1000)
    report = reports.evaluation_report(organisation=synthetic)
    assert report["minimum_group_size"] == 1000
    assert all(o["suppressed"] for o in report["outcomes"])
    assert all(m["suppressed"] for m in report["models"])


def test_report_queries_do_not_grow_with_the_organisation(db, django_assert_max_num_queries):
    small = synthetic_organisation_seed(slug="a", participants=40, effect=-1, seed=1).organisation
    large = synthetic_organisation_seed(slug="b", participants=200, effect=-1, seed=2).organisation
    used = {}
    for organisation in (small, large):
        cohort = Cohort.objects.filter(organisation=organisation).first()
        for name, build in (
            ("report", lambda o=organisation: reports.evaluation_report(organisation=o)),
            (
                "cohort report",
                lambda o=organisation, c=cohort: reports.evaluation_report(
                    organisation=o, cohort=c
                ),
            ),
            ("dashboard", lambda o=organisation: reports.dashboard(organisation=o)),
        ):
            with django_assert_max_num_queries(12) as context:
                build()
            used.setdefault(name, set()).add(len(context))
    # The same number of queries for 40 and for 200 people.
    assert all(len(counts) == 1 for counts in used.values()), used


def test_dashboard_flags_the_overloaded_team_only_and_names_nobody(synthetic):
    board = reports.dashboard(organisation=synthetic)
    flagged = [w["team"] for w in board["early_warning"] if w["flagged"]]
    assert flagged == ["Team 001"]
    assert all(not w["team"].startswith("Small") for w in board["early_warning"])
    warning = board["early_warning"][0]
    assert any("debrief" in s for s in warning["suggestions"])
    text = json.dumps(board)
    assert "synthetic.invalid" not in text
    small_rows = [t for t in board["participation"]["rows"] if t["team"].startswith("Small")]
    assert all(t["invited"]["suppressed"] for t in small_rows)


def test_an_organisation_without_data_gets_an_empty_report_not_an_error(org, participant):
    report = reports.evaluation_report(organisation=org)
    assert report["outcomes"] == []
    assert all(m["suppressed"] for m in report["models"])
    assert report["attrition"]["flow"][0] == {"stage": "invited", "suppressed": True}
    board = reports.dashboard(organisation=org)
    assert board["early_warning"] == [] and board["change_by_team"] == []

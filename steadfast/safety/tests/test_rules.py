"""The pure rule evaluator at every boundary, and organisation policies that may only tighten."""

from datetime import date, timedelta

import pytest

from steadfast.assessments.scoring.keys import shipped_key
from steadfast.safety.rules import (
    History,
    PolicyError,
    default_rules,
    policy_apply,
    response_findings,
    trend_finding,
)
from steadfast.safety.tests.conftest import phq9, spread

RULES = default_rules()
TODAY = date(2026, 11, 22)


def rules_fired(instrument, answers, total=None, flags=()):
    total = sum(answers) if total is None else total
    return [
        (f.rule, f.help, f.alert, f.deadline_hours)
        for f in response_findings(
            RULES, instrument=instrument, total=total, answers=answers, flags=flags
        )
    ]


def test_the_default_rules_are_versioned_data():
    assert RULES.version == "2026.1"
    assert RULES.severe_totals_min == {"phq9": 20, "gad7": 15, "pcl5": 33}
    assert RULES.self_harm_deadline_hours == 1
    assert RULES.severe_deadline_hours == 24
    assert RULES.persistent_alert is False


@pytest.mark.parametrize(("item9", "fires"), [(0, False), (1, True), (2, True), (3, True)])
def test_item_nine_above_zero_shows_crisis_help_first_and_alerts_within_an_hour(item9, fires):
    fired = rules_fired("phq9", phq9(total=item9, item9=item9))
    assert (("self_harm", "crisis_first", True, 1.0) in fired) is fires


def test_item_nine_left_blank_does_not_fire():
    answers = phq9(total=0)
    answers[8] = None
    assert rules_fired("phq9", answers, total=0) == []


@pytest.mark.parametrize(
    ("instrument", "answers", "fires"),
    [
        ("phq9", phq9(total=19), False),
        ("phq9", phq9(total=20), True),
        ("gad7", spread(14, 7, 3), False),
        ("gad7", spread(15, 7, 3), True),
        ("pcl5", spread(32, 20, 4), False),
        ("pcl5", spread(33, 20, 4), True),
    ],
)
def test_severe_bands_at_their_boundaries(instrument, answers, fires):
    fired = rules_fired(instrument, answers)
    assert (("severe", "referral", True, 24.0) in fired) is fires


def test_the_scoring_engine_flag_alone_is_enough():
    # An engine flag counts even if a total were missing.
    assert ("severe", "referral", True, 24.0) in rules_fired(
        "phq9", phq9(total=0), total=None, flags=["severe"]
    )


def test_other_instruments_never_fire_rules_one_and_two():
    assert rules_fired("who5", [0, 0, 0, 0, 0]) == []


def days_back(n):
    return TODAY - timedelta(days=n)


def checkins(values_by_days_ago):
    return {days_back(n): v for n, v in values_by_days_ago.items()}


@pytest.mark.parametrize(("span", "fires"), [(13, False), (14, True)])
def test_high_stress_every_day_fires_only_once_it_has_lasted_fourteen_days(span, fires):
    stress = checkins({n: 9 for n in range(span)})
    history = History(today=TODAY, stress=stress, first_checkin=days_back(span - 1))
    finding = trend_finding(RULES, history)
    assert (finding is not None) is fires
    if fires:
        assert (finding.rule, finding.help, finding.reason) == (
            "persistent",
            "advice",
            "checkin_stress",
        )
        assert finding.alert is False  # the default policy does not alert on rule 3


@pytest.mark.parametrize(("high_days", "fires"), [(7, False), (8, True)])
def test_most_days_means_more_than_half_of_the_fourteen(high_days, fires):
    stress = checkins({n: (8 if n < high_days else 2) for n in range(14)})
    history = History(today=TODAY, stress=stress, first_checkin=days_back(30))
    assert (trend_finding(RULES, history) is not None) is fires


@pytest.mark.parametrize(("value", "fires"), [(6, False), (7, True)])
def test_stress_threshold_boundary(value, fires):
    stress = checkins({n: value for n in range(14)})
    history = History(today=TODAY, stress=stress, first_checkin=days_back(13))
    assert (trend_finding(RULES, history) is not None) is fires


def test_old_stress_outside_the_window_does_not_count():
    stress = checkins({n: 9 for n in range(14, 40)})
    history = History(today=TODAY, stress=stress, first_checkin=days_back(39))
    assert trend_finding(RULES, history) is None


@pytest.mark.parametrize(
    ("gap_days", "fires"),
    [(12, False), (13, True)],  # first to last answer spans 13 vs 14 calendar days
)
def test_screening_scores_at_or_above_the_cut_for_fourteen_days(gap_days, fires):
    series = [(days_back(gap_days), 12.0), (TODAY, 11.0)]
    history = History(today=TODAY, screenings={"phq9": series})
    finding = trend_finding(RULES, history)
    assert (finding is not None) is fires
    if fires:
        assert (finding.reason, finding.instrument) == ("screening", "phq9")


@pytest.mark.parametrize(("score", "fires"), [(9.0, False), (10.0, True)])
def test_screening_cut_boundary(score, fires):
    history = History(today=TODAY, screenings={"gad7": [(days_back(20), score), (TODAY, score)]})
    assert (trend_finding(RULES, history) is not None) is fires


def test_a_score_below_the_cut_in_between_breaks_the_run():
    series = [(days_back(20), 12.0), (days_back(10), 4.0), (TODAY, 12.0)]
    assert trend_finding(RULES, History(today=TODAY, screenings={"phq9": series})) is None


def test_a_reliable_worsening_between_two_answers_fires():
    key = shipped_key("phq9")  # minimum reliable difference about 4.4 points
    worse = History(today=TODAY, pairs={"phq9": (key, 3.0, 8.0, TODAY)})
    same = History(today=TODAY, pairs={"phq9": (key, 3.0, 7.0, TODAY)})
    better = History(today=TODAY, pairs={"phq9": (key, 8.0, 3.0, TODAY)})
    assert trend_finding(RULES, worse).reason == "worsening"
    assert trend_finding(RULES, same) is None
    assert trend_finding(RULES, better) is None
    # Higher is better on the WHO-5: a reliable drop is a worsening.
    who5 = shipped_key("who5")
    assert trend_finding(RULES, History(today=TODAY, pairs={"who5": (who5, 80.0, 20.0, TODAY)}))


def test_policy_may_tighten():
    tight = policy_apply(
        RULES,
        {
            "severe.phq9": 18,
            "stress_min": 6,
            "persistent_days": 10,
            "persistent_alert": True,
            "self_harm_deadline_hours": 0.5,
        },
    )
    assert tight.severe_totals_min["phq9"] == 18
    assert tight.severe_totals_min["gad7"] == 15  # untouched
    assert tight.persistent_alert is True
    assert tight.self_harm_deadline_hours == 0.5
    fired = response_findings(tight, instrument="phq9", total=18, answers=phq9(total=18))
    assert [f.rule for f in fired] == ["severe"]
    stress = checkins({n: 6 for n in range(10)})
    finding = trend_finding(tight, History(today=TODAY, stress=stress, first_checkin=days_back(9)))
    assert finding is not None and finding.alert is True


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"severe.phq9": 21}, "can be 20 or lower, not 21"),
        ({"severe.gad7": 16}, "can be 15 or lower, not 16"),
        ({"severe.pcl5": 34}, "can be 33 or lower, not 34"),
        ({"stress_min": 8}, "can be 7 or lower"),
        ({"persistent_days": 15}, "can be 14 or lower"),
        ({"self_harm_deadline_hours": 2}, "can be 1 or lower"),
        ({"severe_deadline_hours": 48}, "can be 24 or lower"),
        ({"share_of_days": 0.75}, "can be 0.5 or lower"),
        ({"item_min": 0}, "is not a rule setting"),
        ({"severe.phq9": 0}, "cannot be below 1"),
        ({"severe.phq9": 19.5}, "must be a whole number"),
        ({"stress_min": "low"}, "must be a number"),
        ({"persistent_alert": "yes"}, "must be on or off"),
    ],
)
def test_policy_never_loosens_and_says_why(overrides, message):
    with pytest.raises(PolicyError) as caught:
        policy_apply(RULES, overrides)
    assert message in str(caught.value)


def test_policy_equal_to_the_defaults_is_accepted_and_changes_nothing():
    same = policy_apply(RULES, {"severe.phq9": 20, "persistent_alert": False})
    assert same.severe_totals_min == RULES.severe_totals_min
    assert same.tightened == ()

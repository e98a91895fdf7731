import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from steadfast.insights.stats import (
    clinical_change,
    completers_vs_leavers,
    ewma_chart,
    flow,
    paired_change,
    random_intercept_model,
    reliable_change_shares,
)

PRE = [10, 12, 9, 15, 11]
POST = [8, 9, 9, 11, 10]


def test_paired_change_matches_hand_calculation():
    r = paired_change(PRE, POST)
    # Δ = -2, -3, 0, -4, -1: mean -2, SD √(10/4); t(4) critical 2.7764
    assert r.n == 5
    assert r.mean_change == pytest.approx(-2.0)
    assert r.sd_change == pytest.approx(math.sqrt(2.5))
    half = 2.776445 * math.sqrt(2.5) / math.sqrt(5)
    assert r.ci_low == pytest.approx(-2 - half, abs=1e-5)
    assert r.ci_high == pytest.approx(-2 + half, abs=1e-5)
    assert r.d_z == pytest.approx(-2 / math.sqrt(2.5))
    assert r.g_z == pytest.approx(-2 / math.sqrt(2.5) * 0.8)  # J = 1 - 3/(4·4 - 1)
    sd_av = (math.sqrt(21.2 / 4) + math.sqrt(5.2 / 4)) / 2
    assert r.d_av == pytest.approx(-2 / sd_av)
    assert r.g_av == pytest.approx(-2 / sd_av * 0.8)


def test_paired_change_matches_scipy_ttest_rel():
    r = paired_change(PRE, POST)
    ref = stats.ttest_rel(POST, PRE)
    assert r.t == pytest.approx(ref.statistic)
    assert r.p == pytest.approx(ref.pvalue)


def test_dz_interval_is_the_noncentral_t_inversion():
    r = paired_change(PRE, POST)
    n = 5
    assert stats.nct.cdf(r.t, 4, r.d_z_ci_low * math.sqrt(n)) == pytest.approx(0.975, abs=1e-6)
    assert stats.nct.cdf(r.t, 4, r.d_z_ci_high * math.sqrt(n)) == pytest.approx(0.025, abs=1e-6)
    assert r.d_z_ci_low < r.d_z < r.d_z_ci_high


def test_paired_change_drops_people_missing_either_wave():
    r = paired_change([10, None, 9, float("nan"), 11, 12], [8, 7, None, 5, 10, 9])
    assert r.n == 3
    assert r.mean_change == pytest.approx((-2 - 1 - 3) / 3)


def test_paired_change_needs_two_pairs():
    assert paired_change([1], [2]) is None


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 27), st.integers(0, 27)), min_size=3, max_size=40))
def test_ci_always_contains_the_mean_change(pairs):
    pre, post = zip(*pairs, strict=True)
    r = paired_change(pre, post)
    assert r.ci_low <= r.mean_change <= r.ci_high
    shares = reliable_change_shares(pre, post, sd=4, r=0.84, direction="lower_is_better")
    assert shares.improved + shares.unchanged + shares.worse == len(pairs)


def test_reliable_change_uses_jacobson_truax_with_direction():
    # PHQ-9, SD 4, r .84: S_diff = 4·√2·0.4 = 2.263, so a change needs more than 4.43 points
    shares = reliable_change_shares(
        [15, 10, 5, 12], [10, 6, 10, 12], sd=4, r=0.84, direction="lower_is_better"
    )
    assert shares.s_diff == pytest.approx(4 * math.sqrt(2) * 0.4)
    assert shares.minimum_reliable_difference == pytest.approx(4.435, abs=1e-3)
    assert (shares.improved, shares.unchanged, shares.worse) == (1, 2, 1)
    # WHO-5: higher is better, so a rise of 40 is an improvement
    who = reliable_change_shares([40, 60], [80, 20], sd=20, r=0.84, direction="higher_is_better")
    assert (who.improved, who.unchanged, who.worse) == (1, 0, 1)


def test_clinical_change_criterion_c_with_published_cutoff():
    pre = [15, 16, 12, 5, 20]
    post = [8, 11, 11, 2, 19]
    c = clinical_change(pre, post, sd=4, r=0.84, direction="lower_is_better", cutoff=10)
    assert c.n_eligible == 4  # the person starting at 5 is below the cut-off
    assert c.recovered == 1  # 15 → 8: reliable and below 10
    assert c.improved_only == 1  # 16 → 11: reliable, still at or above 10
    assert c.not_improved == 2
    assert "criterion (c)" in c.criterion
    who = clinical_change(
        [28, 40], [80, 48], sd=20, r=0.84, direction="higher_is_better", cutoff=50
    )
    assert (who.n_eligible, who.recovered, who.improved_only) == (2, 1, 0)


def _long_data(n_people, effects, seed, missing=0.2, covariate=False):
    rng = np.random.default_rng(seed)
    waves = list(effects)
    rows = []
    for pid in range(n_people):
        u = rng.normal(0, 3)
        workload = rng.normal(0, 1)
        team = "abc"[pid % 3]
        for w in waves:
            if w != waves[0] and rng.random() < missing:
                continue
            y = 10 + u + effects[w] + (1.5 * workload if covariate else 0) + rng.normal(0, 2)
            rows.append((pid, w, y, workload, team))
    return pd.DataFrame(rows, columns=["pid", "wave", "y", "workload", "team"])


def test_mixed_model_matches_statsmodels_mixedlm():
    df = _long_data(60, {"baseline": 0, "post": -2, "follow_up": -1}, seed=3, covariate=True)
    ours = random_intercept_model(
        df.pid,
        df.wave,
        df.y,
        wave_order=["baseline", "post", "follow_up"],
        numeric={"workload": df.workload},
        categorical={"team": df.team},
    )
    ref = smf.mixedlm(
        "y ~ C(wave, Treatment('baseline')) + workload + C(team)", df, groups=df["pid"]
    ).fit(reml=True)
    names = {
        "Intercept": "Intercept",
        "wave[post]": "C(wave, Treatment('baseline'))[T.post]",
        "wave[follow_up]": "C(wave, Treatment('baseline'))[T.follow_up]",
        "workload": "workload",
        "team[b]": "C(team)[T.b]",
        "team[c]": "C(team)[T.c]",
    }
    for i, name in enumerate(ours.names):
        assert ours.params[i] == pytest.approx(ref.fe_params[names[name]], abs=1e-4)
        assert math.sqrt(ours.cov_params[i, i]) == pytest.approx(ref.bse_fe[names[name]], rel=5e-3)
    assert ours.scale == pytest.approx(ref.scale, rel=1e-4)
    assert ours.group_var == pytest.approx(float(ref.cov_re.iloc[0, 0]), rel=1e-3)


def test_mixed_model_keeps_partial_people_and_counts_dropped_rows():
    person = [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]
    wave = ["baseline", "post", "follow_up"] * 4
    score = [10, 8, None, 12, None, 11, 9, 7, 8, 14, 11, float("nan")]
    m = random_intercept_model(person, wave, score, wave_order=["baseline", "post", "follow_up"])
    assert m.dropped_rows == 3
    assert m.n_people == 4  # nobody is dropped for a missing wave
    assert m.n_observations == 9
    assert [w.n for w in m.means] == [4, 3, 2]


def test_mixed_model_recovers_a_known_effect():
    df = _long_data(400, {"baseline": 0, "post": -3, "follow_up": -2}, seed=11, missing=0.3)
    m = random_intercept_model(df.pid, df.wave, df.y, wave_order=["baseline", "post", "follow_up"])
    post, fu = m.contrasts
    assert post.ci_low < -3 < post.ci_high
    assert fu.ci_low < -2 < fu.ci_high
    assert m.icc == pytest.approx(9 / 13, abs=0.08)  # tau² = 9, sigma² = 4
    assert m.means[0].mean == pytest.approx(10, abs=0.5)


def test_flow_shares():
    stages = flow([("invited", 200), ("baseline", 150), ("post", 120)])
    assert stages[0].of_previous is None
    assert stages[1].of_previous == pytest.approx(0.75)
    assert stages[2].of_first == pytest.approx(0.6)


def test_completers_vs_leavers_is_welch():
    a = [10, 12, 9, 15, 11, 13]
    b = [14, 16, 13, 18]
    c = completers_vs_leavers(a, b)
    ref = stats.ttest_ind(a, b, equal_var=False)
    assert c.difference == pytest.approx(np.mean(a) - np.mean(b))
    assert c.p == pytest.approx(ref.pvalue)
    ci = ref.confidence_interval()
    assert (c.ci_low, c.ci_high) == pytest.approx((ci.low, ci.high))


def test_ewma_flat_series_never_flags():
    chart = ewma_chart([5.0, 5.2, 4.9, 5.1, 5.0, 5.1, 4.9, 5.0, 5.2, 5.0])
    assert not chart.flagged


def test_ewma_flags_a_sustained_rise_but_not_one_or_two_bad_weeks():
    base = [5.0, 5.2, 4.8, 5.0, 5.1, 4.9]
    spike = ewma_chart([*base, 7.5, 5.0, 5.0, 5.0])
    assert not spike.flagged
    two = ewma_chart([*base, 7.5, 7.5, 5.0, 5.0])
    assert not any(p.beyond for p in two.points[-1:]) and not two.flagged
    rise = ewma_chart([*base, 6.5, 6.8, 7.0, 7.2, 7.2])
    assert rise.flagged
    assert rise.flagged_since is not None and rise.flagged_since >= 6


def test_ewma_limit_includes_the_error_of_the_baseline_mean():
    base = [5.0, 5.8, 4.2, 5.0, 5.6, 4.4]  # SD above the 0.4 floor
    chart = ewma_chart([*base, 5.0])
    sd = float(np.std(base, ddof=1))
    spread = 0.3 / 1.7 * (1 - 0.7**2)
    assert chart.points[-1].limit == pytest.approx(5.0 + 2.7 * sd * np.sqrt(spread + 1 / 6))


def test_ewma_watches_a_fall_for_energy_and_needs_a_baseline():
    assert ewma_chart([5.0, None, 5.0, 5.0, 5.0, 5.0, 3.0]) is None
    fall = ewma_chart([6.0, 6.1, 5.9, 6.0, 6.1, 5.9, 4.5, 4.2, 4.0, 4.0, 4.0], watch="fall")
    assert fall.flagged

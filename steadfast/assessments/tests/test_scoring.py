"""The scoring engine against worked examples computed by hand from each published rule."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steadfast.assessments.scoring import INSTRUMENT_CODES
from steadfast.assessments.scoring.change import reliable_change, s_diff
from steadfast.assessments.scoring.engine import AnswerError, score, score_matrix
from steadfast.assessments.scoring.keys import shipped_codes, shipped_key

N = None


def result(code, answers):
    return score(shipped_key(code), answers)


def test_every_named_instrument_ships_a_key():
    assert sorted(INSTRUMENT_CODES) == shipped_codes()


@pytest.mark.parametrize(
    ("answers", "total", "band", "flags"),
    [
        ([1, 2, 3, 0, 1, 2, 0, 1, 1], 11, "moderate", ["self_harm", "screen_positive"]),
        ([3, 3, 3, 3, 3, 2, 0, 0, 0], 17, "moderately severe", ["screen_positive"]),
        ([3] * 9, 27, "severe", ["self_harm", "severe", "screen_positive"]),
        ([0] * 9, 0, "minimal", []),
        ([1, 1, 1, 1, 0, 0, 0, 0, 0], 4, "minimal", []),
        ([1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "mild", []),
        ([1, 1, 1, 1, 1, 1, 1, 1, 1], 9, "mild", ["self_harm"]),
        ([2, 2, 2, 2, 2, 0, 0, 0, 0], 10, "moderate", ["screen_positive"]),
        ([3, 3, 3, 3, 2, 0, 0, 0, 0], 14, "moderate", ["screen_positive"]),
        ([3, 3, 3, 3, 3, 0, 0, 0, 0], 15, "moderately severe", ["screen_positive"]),
        ([3, 3, 3, 3, 3, 3, 1, 0, 0], 19, "moderately severe", ["screen_positive"]),
        ([3, 3, 3, 3, 3, 3, 2, 0, 0], 20, "severe", ["severe", "screen_positive"]),
    ],
)
def test_phq9_sums_bands_and_flags(answers, total, band, flags):
    r = result("phq9", answers)
    assert (r.total, r.band, r.flags, r.valid) == (total, band, flags, True)


def test_phq9_prorates_up_to_two_missing_items_rounding_halves_up():
    # 8 answered, sum 14: 14 / 8 * 9 = 15.75 -> 16
    assert result("phq9", [2, 2, 2, 2, 2, 2, 2, N, 0]).total == 16
    # 8 answered, sum 4: 4 / 8 * 9 = 4.5 -> 5, which moves the band from minimal to mild
    r = result("phq9", [1, 0, 1, 0, 1, 0, 1, N, 0])
    assert (r.total, r.band, r.missing) == (5, "mild", [8])
    # 7 answered, sum 7: 7 / 7 * 9 = 9
    assert result("phq9", [1, 1, 1, 1, 1, N, N, 1, 1]).total == 9


def test_phq9_never_prorates_item_9_and_refuses_three_missing():
    r = result("phq9", [1, 1, 1, 1, 1, 1, 1, 1, N])
    assert (r.valid, r.total, r.band, r.missing) == (False, None, None, [9])
    assert result("phq9", [1, 1, 1, N, N, N, 1, 1, 0]).valid is False


def test_self_harm_flag_is_raised_even_when_the_response_is_incomplete():
    r = result("phq9", [N, N, N, N, N, N, N, N, 2])
    assert r.valid is False
    assert r.flags == ["self_harm"]


def test_phq2_and_gad2_screening_cut_is_three():
    assert result("phq2", [1, 2]).band == "at or above the screening cut-off"
    assert result("phq2", [1, 2]).flags == ["screen_positive"]
    assert result("phq2", [1, 1]).band == "below the screening cut-off"
    assert result("gad2", [2, 1]).total == 3
    assert result("gad2", [0, 2]).flags == []
    assert result("phq2", [1, N]).valid is False


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        ([1, 2, 3, 0, 1, 2, 3], 12, "moderate"),
        ([1, 1, 1, 1, 0, 0, 0], 4, "minimal"),
        ([1, 1, 1, 1, 1, 0, 0], 5, "mild"),
        ([2, 2, 2, 2, 1, 0, 0], 9, "mild"),
        ([3, 3, 3, 3, 3, 0, 0], 15, "severe"),
        ([3] * 7, 21, "severe"),
        # one missing item: 6 answered, sum 15, 15 / 6 * 7 = 17.5 -> 18
        ([3, 3, 3, 3, 3, 0, N], 18, "severe"),
    ],
)
def test_gad7(answers, total, band):
    r = result("gad7", answers)
    assert (r.total, r.band) == (total, band)


def test_gad7_flags_and_two_missing():
    assert result("gad7", [3] * 7).flags == ["severe", "screen_positive"]
    assert result("gad7", [2, 2, 2, 2, 2, 0, 0]).flags == ["screen_positive"]
    assert result("gad7", [3, 3, 3, 3, 3, N, N]).valid is False


@pytest.mark.parametrize(
    ("answers", "total", "band", "flags"),
    [
        ([3, 3, 2, 2, 1], 44, "low well-being", []),
        ([1, 1, 2, 1, 2], 28, "very low well-being", ["screen_positive"]),
        ([2, 2, 2, 1, 1], 32, "low well-being", []),
        ([3, 3, 3, 2, 1], 48, "low well-being", []),
        ([3, 3, 3, 2, 2], 52, "not low", []),
        ([5] * 5, 100, "not low", []),
        ([0] * 5, 0, "very low well-being", ["screen_positive"]),
    ],
)
def test_who5_multiplies_the_raw_sum_by_four(answers, total, band, flags):
    r = result("who5", answers)
    assert (r.total, r.band, r.flags) == (total, band, flags)


def test_pcl5_total_clusters_cut_and_dsm_pattern():
    r = result("pcl5", [2] * 20)
    assert r.total == 40
    assert r.subscales == {"b": 10, "c": 4, "d": 14, "e": 12}
    assert r.band == "at or above the screening cut-off"
    assert r.flags == ["screen_positive", "cluster_pattern"]
    below = [1] * 20
    assert result("pcl5", below).total == 20
    assert result("pcl5", below).flags == []
    pattern = [0] * 20
    for item in (1, 6, 8, 9, 15, 16):
        pattern[item - 1] = 2
    r = result("pcl5", pattern)
    assert (r.total, r.band, r.flags) == (12, "below the screening cut-off", ["cluster_pattern"])
    pattern[15] = 1  # only one E item endorsed now
    assert result("pcl5", pattern).flags == []
    assert result("pcl5", [1] * 19 + [N]).total == 20  # person-mean for one missing item
    assert result("pcl5", [1] * 15 + [N] * 5).valid is False


def test_pcl5_cut_boundary_is_33():
    answers = [2] * 16 + [1] + [0] * 3  # 33
    assert result("pcl5", answers).flags[0] == "screen_positive"
    answers[16] = 0  # 32
    assert result("pcl5", answers).band == "below the screening cut-off"


def test_proqol5_subscales_with_burnout_reversals():
    r = result("proqol5", [5] * 30)
    # CS and STS: ten 5s; BO: five 5s plus five reversed 5s (=1)
    assert r.subscales == {
        "compassion_satisfaction": 50,
        "burnout": 30,
        "secondary_traumatic_stress": 50,
    }
    assert r.subscale_bands == {
        "compassion_satisfaction": "high",
        "burnout": "moderate",
        "secondary_traumatic_stress": "high",
    }
    assert r.total is None
    low = result("proqol5", [1] * 30)
    assert low.subscales["compassion_satisfaction"] == 10
    assert low.subscales["burnout"] == 30
    answers = [3] * 30
    answers[0] = 1  # item 1 is reversed: counts 5 in burnout
    assert result("proqol5", answers).subscales["burnout"] == 32
    answers[1] = 1  # item 2 is secondary traumatic stress, not reversed
    assert result("proqol5", answers).subscales["secondary_traumatic_stress"] == 28


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        ([5, 1, 5, 1, 5, 1], 5, "high"),
        ([4, 2, 4, 2, 4, 2], 4, "normal"),
        ([1, 5, 1, 5, 1, 5], 1, "low"),
        ([3, 3, 3, 3, 3, 3], 3, "normal"),
        ([5, 2, 5, 2, 4, 2], 4.33, "high"),  # 26 / 6
        ([3, 3, 2, 3, 3, 3], 2.83, "low"),  # 17 / 6
        ([4, 2, 4, 2, 4, N], 4, "normal"),  # five answered of six is enough
    ],
)
def test_brs_mean_after_reversing_2_4_6(answers, total, band):
    r = result("brs", answers)
    assert (r.total, r.band) == (total, band)


def test_brs_two_missing_is_not_scored():
    assert result("brs", [4, 2, 4, 2, N, N]).valid is False


def test_pss10_reverses_4_5_7_8():
    assert result("pss10", [2] * 10).total == 20
    assert result("pss10", [4, 4, 4, 0, 0, 4, 0, 0, 4, 4]).total == 40
    assert result("pss10", [0] * 10).total == 16
    assert result("pss10", [0] * 10).band is None  # no published cut-offs


def test_pss4_reverses_2_3():
    assert result("pss4", [4, 0, 0, 4]).total == 16
    assert result("pss4", [0, 4, 4, 0]).total == 0


def test_cbi_means_per_scale_with_the_leisure_energy_item_reversed():
    answers = [50] * 6 + [75, 75, 75, 25, 75, 75, 75] + [0] * 6
    r = result("cbi", answers)
    assert r.subscales == {"personal": 50, "work": 75, "client": 0}
    assert r.subscale_bands["personal"] == "50 or more (high, by convention)"
    assert r.subscale_bands["client"] == "below 50"
    half = [50, 50, 50, N, N, N, *answers[6:]]
    assert result("cbi", half).subscales["personal"] == 50
    too_few = [50, 50, N, N, N, N, *answers[6:]]
    assert result("cbi", too_few).valid is False


def test_cbi_refuses_values_off_its_0_to_100_grid():
    with pytest.raises(AnswerError, match=r"item 1 \(personal_1\): 60 is not one of"):
        result("cbi", [60] + [0] * 18)


def test_scssf_mean_after_reversing_1_4_8_9_11_12():
    assert result("scssf", [3] * 12).total == 3
    assert result("scssf", [1, 5, 5, 1, 5, 5, 5, 1, 1, 5, 1, 1]).total == 5
    assert result("scssf", [2] * 12).total == 3
    r = result("scssf", [5, 2, 2, 4, 2, 2, 2, 4, 5, 2, 4, 4])
    assert (r.total, r.band) == (1.83, "low")
    assert r.subscales["self_kindness"] == 2


def test_scssf_negative_subscales_are_reported_as_published_not_reversed():
    """Self-judgment, isolation and over-identification are the means of their items as
    answered (higher = more of it); only the total reverses them."""
    r = result("scssf", [5, 2, 2, 4, 2, 2, 2, 4, 5, 2, 4, 4])
    assert r.subscales["self_judgment"] == 4  # items 11, 12 answered 4 and 4
    assert r.subscales["isolation"] == 4  # items 4, 8
    assert r.subscales["over_identification"] == 5  # items 1, 9
    assert r.subscales["mindfulness"] == 2  # a positive subscale, unchanged
    assert r.total == 1.83
    key = shipped_key("scssf")
    negative = {s.code for s in key.subscales if s.direction == "lower_is_better"}
    assert negative == {"self_judgment", "isolation", "over_identification"}


def test_lotr_scores_six_items_and_ignores_fillers():
    assert result("lotr", [4, 0, 0, 4, 0, 0, 0, 0, 0, 4]).total == 24
    assert result("lotr", [4, 4, 0, 4, 4, 4, 0, 4, 0, 4]).total == 24
    assert result("lotr", [0, 2, 4, 0, 2, 2, 4, 2, 4, 0]).total == 0


def test_checkin_and_wheel_report_each_area():
    r = result("checkin", [7, 3, 5, 8])
    assert r.subscales == {"mood": 7, "stress": 3, "energy": 5, "sleep": 8}
    assert r.total is None
    w = result("wheel", [2, 4, 6, 8, 10, 0])
    assert w.total == 5
    assert w.subscales["meaningful_participation"] == 0
    assert shipped_key("wheel").provisional  # not validated


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ([1, 2], "phq9 has 9 items; got 2 answers"),
        ([0, 0, 0, 0, 0, 0, 0, 0, 4], r"item 9: 4 is not one of 0, 1, 2, 3"),
        ([0, 0, "x", 0, 0, 0, 0, 0, 0], r"item 3: 'x' is not a number"),
        ([0, 0, True, 0, 0, 0, 0, 0, 0], r"item 3: True is not a number"),
        ([0.5, 0, 0, 0, 0, 0, 0, 0, 0], r"item 1: 0.5 is not one of"),
        ("nine", "answers must be a list"),
    ],
)
def test_bad_answers_name_the_item(answers, message):
    with pytest.raises(AnswerError, match=message):
        result("phq9", answers)


def test_reliable_change_index():
    key = shipped_key("phq9")
    # SD 4, r .84: S_diff = 4 * sqrt(2) * 0.4 = 2.263; 1.96 * S_diff = 4.43
    assert s_diff(key) == pytest.approx(2.2627, abs=1e-4)
    assert reliable_change(key, 15, 8).change == "improved"
    assert reliable_change(key, 15, 11).change == "unchanged"  # 4 points < 4.43
    assert reliable_change(key, 8, 15).change == "worse"
    who5 = shipped_key("who5")
    assert reliable_change(who5, 40, 80).change == "improved"  # higher is better
    assert reliable_change(shipped_key("pcl5"), 50, 10) is None  # no reference SD


# Property tests --------------------------------------------------------------------------


def answers_for(code):
    key = shipped_key(code)
    return st.lists(st.sampled_from(key.allowed_values), min_size=key.n_items, max_size=key.n_items)


SUM_CODES = ["phq9", "gad7", "pss10", "pss4", "pcl5", "who5"]


@pytest.mark.parametrize("code", shipped_codes())
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_totals_and_subscales_stay_within_the_scale(code, data):
    key = shipped_key(code)
    r = score(key, data.draw(answers_for(code)))
    assert r.valid
    n = len(key.scored_items)
    factor = 4 if key.aggregation == "sum_x4" else 1
    if r.total is not None:
        if key.aggregation == "mean":
            assert key.minimum <= r.total <= key.maximum
        else:
            assert n * key.minimum * factor <= r.total <= n * key.maximum * factor
    for sub in key.subscales:
        value = r.subscales[sub.code]
        k = len(sub.items) if sub.method == "sum" else 1
        assert k * key.minimum <= value <= k * key.maximum


@pytest.mark.parametrize("code", ["brs", "pss10", "scssf", "proqol5", "lotr", "phq9"])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_mirroring_every_answer_mirrors_the_score(code, data):
    """Answering x' = min + max - x on every item maps each sum s to k(min+max) - s."""
    key = shipped_key(code)
    answers = data.draw(answers_for(code))
    mirrored = [key.minimum + key.maximum - a for a in answers]
    a, b = score(key, answers), score(key, mirrored)
    mid = key.minimum + key.maximum
    if key.has_total:
        k = 1 if key.aggregation == "mean" else len(key.scored_items)
        assert a.total + b.total == pytest.approx(k * mid, abs=0.011)
    for sub in key.subscales:
        k = 1 if sub.method == "mean" else len(sub.items)
        assert a.subscales[sub.code] + b.subscales[sub.code] == pytest.approx(k * mid, abs=0.011)


@settings(max_examples=80, deadline=None)
@given(
    answers=st.lists(st.sampled_from([0.0, 1.0, 2.0, 3.0]), min_size=9, max_size=9),
    gone=st.sets(st.integers(min_value=0, max_value=8), max_size=4),
)
def test_phq9_missing_item_rule(answers, gone):
    for i in gone:
        answers[i] = None
    r = result("phq9", answers)
    assert r.missing == sorted(i + 1 for i in gone)
    assert r.valid == (len(gone) <= 2 and 8 not in gone)
    if r.valid:
        assert 0 <= r.total <= 27


@pytest.mark.parametrize("code", shipped_codes())
def test_a_batch_scores_exactly_like_single_responses(code):
    key = shipped_key(code)
    rng = np.random.default_rng(7)
    matrix = rng.choice(np.asarray(key.allowed_values), size=(200, key.n_items))
    matrix[rng.random(matrix.shape) < 0.05] = np.nan
    batch = score_matrix(key, matrix)
    for i in range(len(matrix)):
        answers = [None if np.isnan(v) else float(v) for v in matrix[i]]
        assert batch.row(i) == score(key, answers)

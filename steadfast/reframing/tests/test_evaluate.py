import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from steadfast.reframing.evaluate import (
    f1_scores,
    hit_rate,
    label_frequency_baseline,
    metrics,
    tfidf_logreg_baseline,
)
from steadfast.reframing.taxonomy import TRAP_CODES

K = len(TRAP_CODES)


def rows(*column_sets):
    matrix = np.zeros((len(column_sets), K), dtype=bool)
    for row, columns in enumerate(column_sets):
        matrix[row, list(columns)] = True
    return matrix


def score_rows(*mappings):
    matrix = np.zeros((len(mappings), K))
    for row, mapping in enumerate(mappings):
        for column, value in mapping.items():
            matrix[row, column] = value
    return matrix


# Four lines worked out by hand:
# 1: true {0}; ranked 0, 1        -> top-1 hit
# 2: true {1}; ranked 0, 2, 1     -> top-1 miss, top-3 hit
# 3: no trap                      -> left out of the hit rates
# 4: true {0, 2}; ranked 1, 3, 4  -> miss at 1 and 3
TRUTH = rows({0}, {1}, set(), {0, 2})
SCORES = score_rows(
    {0: 0.9, 1: 0.5},
    {0: 0.8, 2: 0.6, 1: 0.4},
    {1: 0.7},
    {1: 0.9, 3: 0.8, 4: 0.7, 0: 0.1, 2: 0.05},
)
PREDICTED = rows({0}, {0}, {1}, {1})


def test_hit_rates_count_only_lines_with_a_trap():
    assert hit_rate(TRUTH, SCORES, 1) == pytest.approx(1 / 3)
    assert hit_rate(TRUTH, SCORES, 3) == pytest.approx(2 / 3)


def test_hit_rate_is_none_without_any_trap():
    assert hit_rate(rows(set(), set()), SCORES[:2], 3) is None


def test_f1_per_trap_macro_and_micro():
    result = f1_scores(TRUTH, PREDICTED)
    first = result["per_trap"][TRAP_CODES[0]]
    # trap 0: tp 1 (line 1), fp 1 (line 2), fn 1 (line 4)
    assert first == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    # trap 1: tp 0, fp 2 (lines 3 and 4), fn 1 (line 2)
    assert result["per_trap"][TRAP_CODES[1]] == {
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
        "support": 1,
    }
    assert result["per_trap"][TRAP_CODES[2]]["support"] == 1
    assert result["per_trap"][TRAP_CODES[5]]["support"] == 0
    # macro over all thirteen traps; micro pools tp 1, fp 3, fn 3
    assert result["macro_f1"] == pytest.approx(0.5 / 13)
    assert result["micro_f1"] == pytest.approx(2 / (2 + 3 + 3))


def test_metrics_report_has_the_issue_keys():
    report = metrics(TRUTH, SCORES, PREDICTED)
    assert set(report) == {"top1_hit_rate", "top3_hit_rate", "macro_f1", "micro_f1", "per_trap"}
    assert list(report["per_trap"]) == list(TRAP_CODES)
    assert report["top3_hit_rate"] == round(2 / 3, 4)


def test_perfect_predictions_score_one():
    report = metrics(TRUTH, TRUTH.astype(float), TRUTH)
    assert report["top1_hit_rate"] == 1.0
    assert report["micro_f1"] == 1.0


def test_label_frequency_ranks_by_training_frequency_and_predicts_the_commonest():
    train = rows({2}, {2}, {2, 4}, {4}, {7})
    scores, predicted = label_frequency_baseline(train, 3)
    assert scores.shape == (3, K)
    assert list(np.argsort(-scores[0], kind="stable")[:3]) == [2, 4, 7]
    assert predicted.sum(axis=1).tolist() == [1, 1, 1]
    assert predicted[:, 2].all()


def test_tfidf_logreg_baseline_learns_an_obvious_word():
    texts = ["I always fail", "they always leave", "I should run", "you should go"] * 5
    truth = np.vstack([rows({1}, {1}, {6}, {6})] * 5)
    scores, predicted = tfidf_logreg_baseline(texts, truth, ["we always lose", "I should eat"])
    assert scores[0, 1] > scores[0, 6]
    assert scores[1, 6] > scores[1, 1]
    assert predicted.dtype == bool


@given(
    truth=arrays(bool, (12, K)),
    scores=arrays(float, (12, K), elements=st.floats(0, 1)),
    predicted=arrays(bool, (12, K)),
)
def test_metrics_stay_in_range_and_top3_never_below_top1(truth, scores, predicted):
    report = metrics(truth, scores, predicted)
    for key in ("macro_f1", "micro_f1"):
        assert 0.0 <= report[key] <= 1.0
    if truth.any():
        assert 0.0 <= report["top1_hit_rate"] <= report["top3_hit_rate"] <= 1.0
    else:
        assert report["top1_hit_rate"] is None
    assert sum(trap["support"] for trap in report["per_trap"].values()) == truth.sum()

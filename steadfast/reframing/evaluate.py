"""Measuring a trap suggester: hit rates of the ranking and F1 of the thresholded predictions.

- top1_hit_rate / top3_hit_rate: over the lines with at least one true trap, the share whose
  top-ranked trap (or one of the three top-ranked traps) is a true trap.
- per_trap: precision, recall, F1 and support of the thresholded predictions, per trap, over all
  lines (lines without a trap count for false positives). A ratio with nothing to divide by is 0.
- macro_f1: the mean of the thirteen per-trap F1 scores; micro_f1: F1 of all decisions pooled.

Two baselines are trained on the same training data in the same run, so every figure has
something to be compared with:
- label_frequency ranks the traps by how often they occur in training and predicts the most
  frequent one(s): as many as the training lines carry on average, rounded, at least one.
- tfidf_logreg is TF-IDF of word unigrams and bigrams with a one-vs-rest logistic regression in
  scikit-learn's default settings, predicting every trap whose probability reaches 0.5.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from .dataset import Example, label_matrix
from .model import TrapModel
from .taxonomy import TRAP_CODES

Scores = npt.NDArray[np.float64]
Labels = npt.NDArray[np.bool_]


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def ranked(scores: Scores) -> npt.NDArray[np.intp]:
    """Column indices from the highest score down; ties keep taxonomy order."""
    return np.argsort(-scores, axis=1, kind="stable")


def hit_rate(truth: Labels, scores: Scores, k: int) -> float | None:
    """Share of lines with a true trap that have one in their top k (None: no such line)."""
    with_trap = truth.any(axis=1)
    if not with_trap.any():
        return None
    top = ranked(scores)[:, :k]
    hits = np.take_along_axis(truth, top, axis=1).any(axis=1)
    return float(hits[with_trap].mean())


def f1_scores(truth: Labels, predicted: Labels) -> dict[str, Any]:
    """Per-trap precision/recall/F1/support, their macro mean and the pooled micro F1."""
    tp = (truth & predicted).sum(axis=0)
    fp = (~truth & predicted).sum(axis=0)
    fn = (truth & ~predicted).sum(axis=0)
    per_trap = {}
    f1s = []
    for column, code in enumerate(TRAP_CODES):
        precision = _ratio(tp[column], tp[column] + fp[column])
        recall = _ratio(tp[column], tp[column] + fn[column])
        f1 = _ratio(2 * tp[column], 2 * tp[column] + fp[column] + fn[column])
        f1s.append(f1)
        per_trap[code] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": int(tp[column] + fn[column]),
        }
    micro = _ratio(2 * int(tp.sum()), 2 * int(tp.sum()) + int(fp.sum()) + int(fn.sum()))
    return {"macro_f1": float(np.mean(f1s)), "micro_f1": micro, "per_trap": per_trap}


def metrics(truth: Labels, scores: Scores, predicted: Labels) -> dict[str, Any]:
    """The report for one suggester: hit rates from the scores, F1 from the predictions."""
    f1 = f1_scores(truth, predicted)
    top1 = hit_rate(truth, scores, 1)
    top3 = hit_rate(truth, scores, 3)
    return {
        "top1_hit_rate": None if top1 is None else round(top1, 4),
        "top3_hit_rate": None if top3 is None else round(top3, 4),
        "macro_f1": round(f1["macro_f1"], 4),
        "micro_f1": round(f1["micro_f1"], 4),
        "per_trap": f1["per_trap"],
    }


def label_frequency_baseline(train_truth: Labels, n: int) -> tuple[Scores, Labels]:
    """Scores are the training frequencies; the most frequent trap(s) are always predicted."""
    frequency = train_truth.mean(axis=0).astype(np.float64)
    scores = np.tile(frequency, (n, 1))
    how_many = max(1, round(float(train_truth.sum(axis=1).mean())))
    predicted = np.zeros((n, len(TRAP_CODES)), dtype=bool)
    predicted[:, ranked(frequency[None, :])[0, :how_many]] = True
    return scores, predicted


def tfidf_logreg_baseline(
    train_texts: Sequence[str], train_truth: Labels, texts: Sequence[str]
) -> tuple[Scores, Labels]:
    """Plain TF-IDF word 1-2-grams and one-vs-rest logistic regression, defaults, threshold 0.5."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from threadpoolctl import threadpool_limits  # scikit-learn's own dependency

    vectorizer = TfidfVectorizer(ngram_range=(1, 2))
    classifier = OneVsRestClassifier(LogisticRegression())
    # One BLAS thread: on a small shared machine more threads make these tiny fits ~7x slower.
    with threadpool_limits(limits=1), warnings.catch_warnings():
        # A trap missing from the training data gets a constant predictor, with a warning.
        warnings.simplefilter("ignore", UserWarning)
        classifier.fit(vectorizer.fit_transform(train_texts), train_truth.astype(int))
    scores = np.asarray(classifier.predict_proba(vectorizer.transform(texts)), dtype=np.float64)
    return scores, scores >= 0.5


def evaluate(
    model: TrapModel, training: Sequence[Example], examples: Sequence[Example]
) -> dict[str, Any]:
    """The model and both baselines on the examples, as the `traps eval` command prints it."""
    texts = [example.text for example in examples]
    truth = label_matrix(examples)
    train_texts = [example.text for example in training]
    train_truth = label_matrix(training)
    scores = model.predict_proba(texts)
    predicted = model.predict(scores)
    frequency = label_frequency_baseline(train_truth, len(examples))
    logreg = tfidf_logreg_baseline(train_texts, train_truth, texts)
    return {
        "model": metrics(truth, scores, predicted),
        "baselines": {
            "label_frequency": metrics(truth, *frequency),
            "tfidf_logreg": metrics(truth, *logreg),
        },
        "n": len(examples),
    }

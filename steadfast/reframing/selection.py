"""Choosing the model's settings by cross-validation on the training data only.

Run `python -m steadfast.reframing.selection` to print the comparison as a Markdown table.
Each candidate is trained on four fifths of the training lines and scored on the fifth it never
saw, five times (fixed folds); per-trap thresholds are picked inside each training part by its
own inner cross-validation, so they never see the lines they are scored on. The held-out file
plays no part here.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from .dataset import Example, label_matrix, read_training
from .evaluate import label_frequency_baseline, metrics, tfidf_logreg_baseline
from .model import Settings, train

FOLDS = 5
SEED = 0

BASE = Settings()
CANDIDATES: dict[str, Settings] = {
    "word 1-2, LR C=1, threshold 0.5": replace(
        BASE, char_ngrams=None, c=1.0, class_weight=None, per_trap_thresholds=False
    ),
    "word+char, LR C=1, threshold 0.5": replace(
        BASE, c=1.0, class_weight=None, per_trap_thresholds=False
    ),
    "word+char, LR balanced C=1, threshold 0.5": replace(BASE, c=1.0, per_trap_thresholds=False),
    "word+char, LR balanced C=4, threshold 0.5": replace(BASE, c=4.0, per_trap_thresholds=False),
    "word+char, LR C=4, CV thresholds": replace(BASE, c=4.0, class_weight=None),
    "word+char, LR C=16, CV thresholds": replace(BASE, c=16.0, class_weight=None),
    "word+char, LR balanced C=1, CV thresholds": replace(BASE, c=1.0),
    "word+char, LR balanced C=4, CV thresholds": replace(BASE, c=4.0),
    "word+char, LR balanced C=16, CV thresholds": replace(BASE, c=16.0),
    "word+char min_df=1, LR balanced C=4, CV thresholds": replace(BASE, c=4.0, min_df=1),
    "char only, LR balanced C=4, CV thresholds": replace(BASE, c=4.0, word_ngrams=None),
    "word+char, SVM+sigmoid C=0.1, CV thresholds": replace(BASE, classifier="svm", c=0.1),
    "word+char, SVM+sigmoid C=0.5, CV thresholds": replace(BASE, classifier="svm", c=0.5),
    "word+char, LR balanced C=4 chain, CV thresholds": replace(BASE, c=4.0, chain=True),
}


@dataclass(frozen=True)
class Row:
    name: str
    report: dict[str, Any]
    seconds: float

    @property
    def score(self) -> float:
        """What selection maximises: the mean of the top-3 hit rate and macro-F1."""
        return (float(self.report["top3_hit_rate"]) + float(self.report["macro_f1"])) / 2


def _folds(n: int) -> list[tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]]:
    from sklearn.model_selection import KFold

    splitter = KFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    return list(splitter.split(np.arange(n)))


def cross_validate(examples: Sequence[Example], settings: Settings) -> dict[str, Any]:
    truth = label_matrix(examples)
    scores = np.zeros(truth.shape)
    predicted = np.zeros(truth.shape, dtype=bool)
    for train_rows, test_rows in _folds(len(examples)):
        model = train([examples[i] for i in train_rows], settings)
        scores[test_rows] = model.predict_proba([examples[i].text for i in test_rows])
        predicted[test_rows] = model.predict(scores[test_rows])
    return metrics(truth, scores, predicted)


def cross_validate_baselines(examples: Sequence[Example]) -> dict[str, dict[str, Any]]:
    truth = label_matrix(examples)
    texts = [example.text for example in examples]
    out: dict[str, tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]] = {
        name: (np.zeros(truth.shape), np.zeros(truth.shape, dtype=bool))
        for name in ("label_frequency", "tfidf_logreg")
    }
    for train_rows, test_rows in _folds(len(examples)):
        train_texts = [texts[i] for i in train_rows]
        test_texts = [texts[i] for i in test_rows]
        results = {
            "label_frequency": label_frequency_baseline(truth[train_rows], len(test_rows)),
            "tfidf_logreg": tfidf_logreg_baseline(train_texts, truth[train_rows], test_texts),
        }
        for name, (scores, predicted) in results.items():
            out[name][0][test_rows] = scores
            out[name][1][test_rows] = predicted
    return {name: metrics(truth, *pair) for name, pair in out.items()}


def compare(examples: Sequence[Example], names: Sequence[str] | None = None) -> list[Row]:
    rows = []
    for name, report in cross_validate_baselines(examples).items():
        rows.append(Row(f"baseline: {name}", report, 0.0))
    for name in names or CANDIDATES:
        started = time.perf_counter()
        report = cross_validate(examples, CANDIDATES[name])
        rows.append(Row(name, report, time.perf_counter() - started))
        print(f"{name}: {_cells(rows[-1])}", file=sys.stderr, flush=True)
    return rows


def _cells(row: Row) -> str:
    r = row.report
    return (
        f"{r['top1_hit_rate']:.3f} | {r['top3_hit_rate']:.3f} | {r['macro_f1']:.3f} | "
        f"{r['micro_f1']:.3f} | {row.score:.3f}"
    )


def markdown(rows: Sequence[Row], n: int) -> str:
    lines = [
        f"5-fold cross-validation on the training data ({n} lines, seed {SEED}); "
        "score = (top-3 hit rate + macro-F1) / 2.",
        "",
        "| candidate | top-1 | top-3 | macro-F1 | micro-F1 | score |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [f"| {row.name} | {_cells(row)} |" for row in rows]
    return "\n".join(lines)


def main(argv: Sequence[str]) -> None:
    data_dir = Path(argv[0]) if argv else Path("data/thinking_traps")
    examples = read_training(data_dir)
    rows = compare(examples, argv[1:] or None)
    print(markdown(rows, len(examples)))
    best = max((row for row in rows if not row.name.startswith("baseline")), key=lambda r: r.score)
    print(f"\nBest: {best.name}")


if __name__ == "__main__":
    main(sys.argv[1:])

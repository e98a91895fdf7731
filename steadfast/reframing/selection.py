"""Choosing the model's settings by cross-validation on the training data only.

Run `python -m steadfast.reframing.selection` to print the comparison as a Markdown table.
Two schemes, both on the training files only (the held-out file plays no part):

- by writer: each training file, written by one writer in its own set of voices, is held out
  in turn and the model is trained on the other. This is the nearer test of what matters, how
  the model does on thoughts written by someone else, so its score chooses the settings.
- random: 5-fold cross-validation over all training lines (fixed seed), for comparison.

Per-trap thresholds are always picked inside each training part by its own inner
cross-validation, so they never see the lines they are scored on.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from .dataset import Example, label_matrix, read_examples, training_paths
from .evaluate import label_frequency_baseline, metrics, tfidf_logreg_baseline
from .model import Settings, train

FOLDS = 5
SEED = 0

# Spelled out so the table keeps its meaning when the defaults change. "word+char" below is
# word 1-2-grams with character 2-5-grams within word boundaries, min_df=2 unless stated.
BASE = Settings(
    word_ngrams=(1, 2),
    char_ngrams=(2, 5),
    min_df=2,
    classifier="logreg",
    c=4.0,
    class_weight="balanced",
    chain=False,
    per_trap_thresholds=True,
    threshold_folds=5,
    seed=SEED,
)
# The settings in use (model.Settings() defaults). Among candidates whose by-writer score is
# within NOISE of the best, the most regularised (smallest C) is kept: smaller differences are
# below what the folds can tell apart.
CHOSEN = "word+char min_df=1, LR balanced C=4, CV thresholds"
NOISE = 0.005
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
    "word+char, LR balanced C=2, CV thresholds": replace(BASE, c=2.0),
    "word+char, LR balanced C=4, CV thresholds": replace(BASE, c=4.0),
    "word+char, LR balanced C=16, CV thresholds": replace(BASE, c=16.0),
    "word+char min_df=1, LR balanced C=4, CV thresholds": replace(BASE, c=4.0, min_df=1),
    "word+char min_df=1, LR C=4, CV thresholds": replace(BASE, c=4.0, min_df=1, class_weight=None),
    "word+char min_df=1, LR balanced C=16, CV thresholds": replace(BASE, c=16.0, min_df=1),
    "char only, LR balanced C=4, CV thresholds": replace(BASE, c=4.0, word_ngrams=None),
    "word+char, SVM+sigmoid C=0.1, CV thresholds": replace(BASE, classifier="svm", c=0.1),
    "word+char, SVM+sigmoid C=0.5, CV thresholds": replace(BASE, classifier="svm", c=0.5),
    "word+char, LR balanced C=4 chain, CV thresholds": replace(BASE, c=4.0, chain=True),
}


Split = tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]


def random_splits(n: int) -> list[Split]:
    from sklearn.model_selection import KFold

    splitter = KFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    return list(splitter.split(np.arange(n)))


def writer_splits(part_sizes: Sequence[int]) -> list[Split]:
    """Each training file held out in turn: a model trained on one writer, scored on another."""
    bounds = np.cumsum([0, *part_sizes])
    rows = np.arange(bounds[-1])
    return [
        (rows[(rows < start) | (rows >= stop)], rows[start:stop])
        for start, stop in itertools.pairwise(bounds)
    ]


def score(report: Mapping[str, Any]) -> float:
    """What selection maximises: the mean of the top-3 hit rate and macro-F1."""
    return (float(report["top3_hit_rate"]) + float(report["macro_f1"])) / 2


def cross_validate(
    examples: Sequence[Example], settings: Settings, splits: Sequence[Split]
) -> dict[str, Any]:
    """Metrics over all out-of-fold predictions, plus the spread of the score across folds."""
    truth = label_matrix(examples)
    scores = np.zeros(truth.shape)
    predicted = np.zeros(truth.shape, dtype=bool)
    fold_scores = []
    for train_rows, test_rows in splits:
        model = train([examples[i] for i in train_rows], settings)
        scores[test_rows] = model.predict_proba([examples[i].text for i in test_rows])
        predicted[test_rows] = model.predict(scores[test_rows])
        fold_scores.append(
            score(metrics(truth[test_rows], scores[test_rows], predicted[test_rows]))
        )
    return {**metrics(truth, scores, predicted), "fold_sd": float(np.std(fold_scores, ddof=1))}


def cross_validate_baselines(
    examples: Sequence[Example], splits: Sequence[Split]
) -> dict[str, dict[str, Any]]:
    truth = label_matrix(examples)
    texts = [example.text for example in examples]
    out = {
        name: (np.zeros(truth.shape), np.zeros(truth.shape, dtype=bool))
        for name in ("label_frequency", "tfidf_logreg")
    }
    for train_rows, test_rows in splits:
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


@dataclass(frozen=True)
class Row:
    name: str
    by_writer: dict[str, Any]
    random: dict[str, Any]


def compare(parts: Sequence[Sequence[Example]], names: Sequence[str] | None = None) -> list[Row]:
    examples = [example for part in parts for example in part]
    by_writer = writer_splits([len(part) for part in parts])
    random = random_splits(len(examples))
    writer_baselines = cross_validate_baselines(examples, by_writer)
    random_baselines = cross_validate_baselines(examples, random)
    rows = [
        Row(f"baseline: {name}", writer_baselines[name], random_baselines[name])
        for name in writer_baselines
    ]
    for name in names or CANDIDATES:
        settings = CANDIDATES[name]
        row = Row(
            name,
            cross_validate(examples, settings, by_writer),
            cross_validate(examples, settings, random),
        )
        rows.append(row)
        print(f"{name}: {_cells(row)}", file=sys.stderr, flush=True)
    return rows


def _cells(row: Row) -> str:
    w, r = row.by_writer, row.random
    return (
        f"{w['top1_hit_rate']:.3f} | {w['top3_hit_rate']:.3f} | {w['macro_f1']:.3f} | "
        f"{w['micro_f1']:.3f} | **{score(w):.3f}** | "
        f"{r['top3_hit_rate']:.3f} | {r['macro_f1']:.3f} | {score(r):.3f} | "
        + (f"{r['fold_sd']:.3f}" if "fold_sd" in r else "")
    )


def markdown(rows: Sequence[Row], sizes: Sequence[int]) -> str:
    lines = [
        f"Training data only ({' + '.join(map(str, sizes))} lines). By writer: each training "
        "file (one writer, its own voices) held out in turn, the model trained on the other. "
        f"Random: {FOLDS}-fold, seed {SEED}; sd is the spread of its score across folds. "
        "Score = (top-3 hit rate + macro-F1) / 2; the by-writer score chooses.",
        "",
        "| candidate | writer top-1 | writer top-3 | writer macro-F1 | writer micro-F1 "
        "| writer score | random top-3 | random macro-F1 | random score | random sd |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [f"| {row.name} | {_cells(row)} |" for row in rows]
    return "\n".join(lines)


def main(argv: Sequence[str]) -> None:
    data_dir = Path(argv[0]) if argv else Path("data/thinking_traps")
    parts = [read_examples(path) for path in training_paths(data_dir)]
    rows = compare(parts, argv[1:] or None)
    print(markdown(rows, [len(part) for part in parts]))
    candidates = [row for row in rows if not row.name.startswith("baseline")]
    best = max(score(row.by_writer) for row in candidates)
    close = [row for row in candidates if score(row.by_writer) >= best - NOISE]
    kept = min(close, key=lambda row: CANDIDATES[row.name].c)
    print(f"\nBest by-writer score {best:.3f}; within {NOISE}: {', '.join(r.name for r in close)}")
    print(f"Kept (smallest C among those): {kept.name}")


if __name__ == "__main__":
    main(sys.argv[1:])

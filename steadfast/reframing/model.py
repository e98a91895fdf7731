"""The thinking-trap model: TF-IDF word and character n-grams with one linear scorer per trap.

Training is deterministic (fixed seed, one process), so the same data and settings give the
same artefact, byte for byte. The artefact holds no pickle: `model.json` (settings, versions,
training-data hashes, thresholds), `vocabulary.json` (the n-grams) and `weights.npz` (plain
numeric arrays, read with allow_pickle=False).

Every scorer is exported in one linear form, p = sigmoid(w . x + b), so logistic regression and
a Platt-calibrated linear SVM load the same way. With `chain`, the scorer for each trap also
sees the yes/no decisions already made for the traps before it in the chain order, which lets
it use how traps occur together.
"""

from __future__ import annotations

import functools
import io
import json
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .dataset import Example, label_matrix
from .taxonomy import TRAP_CODES

FORMAT_VERSION = 1
MAX_CHARS = 1000  # thoughts are a sentence or two; longer text is cut before scoring
DEFAULT_ARTEFACT_DIR = Path(__file__).resolve().parent / "artefact"
THRESHOLD_GRID = np.round(np.arange(0.05, 0.951, 0.025), 3)
# The token pattern keeps one-letter words ("I") and contractions ("can't"): both carry meaning
# in first-person thoughts, and the default pattern drops them.
WORD_TOKEN_PATTERN = r"(?u)\b\w+(?:'\w+)?\b"  # noqa: S105 (a regular expression)

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Settings:
    word_ngrams: tuple[int, int] | None = (1, 2)
    char_ngrams: tuple[int, int] | None = (2, 5)
    min_df: int = 1
    classifier: Literal["logreg", "svm"] = "logreg"
    c: float = 4.0
    class_weight: Literal["balanced"] | None = "balanced"
    chain: bool = False
    per_trap_thresholds: bool = True
    fixed_threshold: float = 0.5
    threshold_folds: int = 5
    seed: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        values = dict(data)
        for key in ("word_ngrams", "char_ngrams"):
            if values.get(key) is not None:
                values[key] = tuple(values[key])
        return cls(**values)


def _vectorizer(analyzer: str, ngrams: tuple[int, int], **extra: Any) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        analyzer=analyzer,
        ngram_range=ngrams,
        lowercase=True,
        strip_accents="unicode",
        sublinear_tf=True,
        token_pattern=WORD_TOKEN_PATTERN if analyzer == "word" else None,
        dtype=np.float64,
        **extra,
    )


@dataclass
class Featuriser:
    """TF-IDF word n-grams and character n-grams (within word boundaries), side by side."""

    vectorizers: list[Any]

    @classmethod
    def fit(cls, texts: Sequence[str], settings: Settings) -> Featuriser:
        parts = []
        if settings.word_ngrams:
            parts.append(_vectorizer("word", settings.word_ngrams, min_df=settings.min_df))
        if settings.char_ngrams:
            parts.append(_vectorizer("char_wb", settings.char_ngrams, min_df=settings.min_df))
        for vectorizer in parts:
            vectorizer.fit(texts)
        return cls(parts)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        blocks = [vectorizer.transform(texts) for vectorizer in self.vectorizers]
        return sp.csr_matrix(sp.hstack(blocks, format="csr"))

    @property
    def size(self) -> int:
        return sum(len(vectorizer.idf_) for vectorizer in self.vectorizers)

    def export(self) -> tuple[list[dict[str, Any]], list[FloatArray]]:
        described, idfs = [], []
        for vectorizer in self.vectorizers:
            vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
            described.append(
                {
                    "analyzer": vectorizer.analyzer,
                    "ngram_range": list(vectorizer.ngram_range),
                    "vocabulary": vocabulary,
                }
            )
            idfs.append(np.asarray(vectorizer.idf_, dtype=np.float64))
        return described, idfs

    @classmethod
    def restore(
        cls, described: Sequence[Mapping[str, Any]], idfs: Sequence[FloatArray]
    ) -> Featuriser:
        parts = []
        for spec, idf in zip(described, idfs, strict=True):
            vectorizer = _vectorizer(
                spec["analyzer"], tuple(spec["ngram_range"]), vocabulary=spec["vocabulary"]
            )
            vectorizer.idf_ = idf
            parts.append(vectorizer)
        return cls(parts)


def _sigmoid(z: FloatArray) -> FloatArray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0))), dtype=np.float64)


@dataclass
class LinearScorer:
    """p(trap) = sigmoid(x . weights[trap] + intercepts[trap] (+ chain terms))."""

    weights: npt.NDArray[np.float32]  # traps x features
    intercepts: FloatArray  # traps
    chain_order: npt.NDArray[np.int64] | None = None  # trap indices, first decided first
    chain_weights: FloatArray | None = None  # traps x traps: weight of an earlier decision

    def __post_init__(self) -> None:
        # Features x traps in float64, made once: converting per call costs more than scoring.
        self._by_feature = np.ascontiguousarray(self.weights.T, dtype=np.float64)

    def proba(self, features: sp.csr_matrix) -> FloatArray:
        z = np.asarray(features @ self._by_feature) + self.intercepts
        if self.chain_order is None or self.chain_weights is None:
            return _sigmoid(z)
        decided = np.zeros_like(z)
        probabilities = np.zeros_like(z)
        for trap in self.chain_order:
            column = z[:, trap] + decided @ self.chain_weights[trap]
            probabilities[:, trap] = _sigmoid(column)
            decided[:, trap] = column > 0
        return probabilities


def _fit_one(
    features: sp.csr_matrix, target: BoolArray, settings: Settings
) -> tuple[FloatArray, float]:
    """Weights and intercept of one trap's scorer, already in p = sigmoid(w . x + b) form."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    y = target.astype(int)
    if y.min() == y.max():  # a trap absent (or everywhere) in this data: a constant guess
        return np.zeros(features.shape[1]), (-12.0 if y.max() == 0 else 12.0)
    if settings.classifier == "logreg":
        model = LogisticRegression(
            C=settings.c,
            class_weight=settings.class_weight,
            solver="liblinear",
            dual=True,  # far faster here: many more n-grams than training lines
            max_iter=1000,
            random_state=settings.seed,
        ).fit(features, y)
        return np.asarray(model.coef_[0], dtype=np.float64), float(model.intercept_[0])
    svm = LinearSVC(
        C=settings.c, class_weight=settings.class_weight, dual=True, random_state=settings.seed
    )
    folds = int(min(3, y.sum(), len(y) - y.sum()))
    if folds < 2:
        svm.fit(features, y)
        return np.asarray(svm.coef_[0], dtype=np.float64), float(svm.intercept_[0])
    calibrated = CalibratedClassifierCV(svm, method="sigmoid", cv=folds, ensemble=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # liblinear convergence notes on tiny folds
        calibrated.fit(features, y)
    fitted = calibrated.calibrated_classifiers_[0]
    a = float(fitted.calibrators[0].a_)
    b = float(fitted.calibrators[0].b_)
    # Platt scaling is p = 1 / (1 + exp(a f + b)), with f = w . x + c, so it stays linear.
    coef = np.asarray(fitted.estimator.coef_[0], dtype=np.float64)
    return -a * coef, -(a * float(fitted.estimator.intercept_[0]) + b)


def fit_scorer(features: sp.csr_matrix, truth: BoolArray, settings: Settings) -> LinearScorer:
    n_traps = truth.shape[1]
    weights = np.zeros((n_traps, features.shape[1]), dtype=np.float64)
    intercepts = np.zeros(n_traps)
    if not settings.chain:
        for trap in range(n_traps):
            weights[trap], intercepts[trap] = _fit_one(features, truth[:, trap], settings)
        return LinearScorer(weights.astype(np.float32), intercepts)
    # Most frequent traps first: their decisions are the most reliable for the ones after.
    order = np.argsort(-truth.sum(axis=0), kind="stable").astype(np.int64)
    chain_weights = np.zeros((n_traps, n_traps))
    for position, trap in enumerate(order):
        earlier = order[:position]
        augmented = sp.csr_matrix(
            sp.hstack([features, sp.csr_matrix(truth[:, earlier].astype(np.float64))])
        )
        coef, intercepts[trap] = _fit_one(augmented, truth[:, trap], settings)
        weights[trap] = coef[: features.shape[1]]
        chain_weights[trap, earlier] = coef[features.shape[1] :]
    return LinearScorer(weights.astype(np.float32), intercepts, order, chain_weights)


def best_thresholds(truth: BoolArray, probabilities: FloatArray) -> FloatArray:
    """Per trap, the grid threshold with the best F1; ties go to the one nearest 0.5."""
    grid = sorted(THRESHOLD_GRID, key=lambda t: (abs(t - 0.5), t))
    chosen = np.full(truth.shape[1], 0.5)
    for trap in range(truth.shape[1]):
        positives = truth[:, trap]
        if not positives.any():
            continue
        f1s = []
        for threshold in grid:
            predicted = probabilities[:, trap] >= threshold
            tp = float((predicted & positives).sum())
            f1s.append(2 * tp / (predicted.sum() + positives.sum()))
        chosen[trap] = grid[int(np.argmax(f1s))]
    return chosen


@dataclass
class TrapModel:
    featuriser: Featuriser
    scorer: LinearScorer
    thresholds: FloatArray
    metadata: dict[str, Any] = field(default_factory=dict)

    def predict_proba(self, texts: Sequence[str]) -> FloatArray:
        """Probability of each trap (TRAP_CODES order) for each text.

        A text with no n-gram the model knows (another script, say) gets zeros: there is no
        evidence for any trap, whatever the intercepts would say.
        """
        features = self.featuriser.transform([text[:MAX_CHARS] for text in texts])
        probabilities = self.scorer.proba(features)
        probabilities[features.getnnz(axis=1) == 0] = 0.0
        return probabilities

    def predict(self, probabilities: FloatArray) -> BoolArray:
        return np.asarray(probabilities >= self.thresholds, dtype=bool)


def out_of_fold_proba(examples: Sequence[Example], settings: Settings, folds: int) -> FloatArray:
    """Probabilities for each example from models that never saw it (k-fold, fixed seed)."""
    from sklearn.model_selection import KFold

    texts = [example.text for example in examples]
    truth = label_matrix(examples)
    probabilities = np.zeros(truth.shape)
    splitter = KFold(n_splits=folds, shuffle=True, random_state=settings.seed)
    for train_rows, test_rows in splitter.split(texts):
        featuriser = Featuriser.fit([texts[i] for i in train_rows], settings)
        scorer = fit_scorer(
            featuriser.transform([texts[i] for i in train_rows]), truth[train_rows], settings
        )
        probabilities[test_rows] = scorer.proba(featuriser.transform([texts[i] for i in test_rows]))
    return probabilities


def train(
    examples: Sequence[Example],
    settings: Settings,
    training_hashes: Mapping[str, str] | None = None,
) -> TrapModel:
    """Fit on all examples; per-trap thresholds come from out-of-fold probabilities."""
    import sklearn

    texts = [example.text for example in examples]
    truth = label_matrix(examples)
    if settings.per_trap_thresholds:
        thresholds = best_thresholds(
            truth, out_of_fold_proba(examples, settings, settings.threshold_folds)
        )
    else:
        thresholds = np.full(len(TRAP_CODES), settings.fixed_threshold)
    featuriser = Featuriser.fit(texts, settings)
    scorer = fit_scorer(featuriser.transform(texts), truth, settings)
    metadata = {
        "format": FORMAT_VERSION,
        "labels": list(TRAP_CODES),
        "settings": settings.as_dict(),
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "training": {
            "examples": len(examples),
            "sha256": dict(training_hashes or {}),
            "counts": {code: int(truth[:, i].sum()) for i, code in enumerate(TRAP_CODES)},
            "no_trap": int((~truth.any(axis=1)).sum()),
        },
        "features": featuriser.size,
        "max_chars": MAX_CHARS,
    }
    return TrapModel(featuriser, scorer, thresholds, metadata)


def _write_npz(path: Path, arrays: Mapping[str, npt.NDArray[Any]]) -> None:
    """Like numpy.savez_compressed, but with fixed timestamps so equal arrays give equal bytes."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(
                buffer, np.ascontiguousarray(arrays[name]), allow_pickle=False
            )
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, buffer.getvalue())


def save(model: TrapModel, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    described, idfs = model.featuriser.export()
    arrays: dict[str, npt.NDArray[Any]] = {
        "weights": model.scorer.weights,
        "intercepts": model.scorer.intercepts,
        **{f"idf_{i}": idf for i, idf in enumerate(idfs)},
    }
    if model.scorer.chain_order is not None and model.scorer.chain_weights is not None:
        arrays["chain_order"] = model.scorer.chain_order
        arrays["chain_weights"] = model.scorer.chain_weights
    meta = {**model.metadata, "thresholds": [round(float(t), 4) for t in model.thresholds]}
    paths = [directory / "model.json", directory / "vocabulary.json", directory / "weights.npz"]
    paths[0].write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    paths[1].write_text(json.dumps(described, separators=(",", ":")) + "\n", encoding="utf-8")
    _write_npz(paths[2], arrays)
    return paths


class ArtefactError(RuntimeError):
    """The artefact is missing or was written in a format this code does not read."""


def load(directory: Path) -> TrapModel:
    try:
        meta = json.loads((directory / "model.json").read_text(encoding="utf-8"))
        described = json.loads((directory / "vocabulary.json").read_text(encoding="utf-8"))
        with np.load(directory / "weights.npz", allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
    except (OSError, ValueError) as error:
        raise ArtefactError(
            f"cannot read the thinking-trap model in {directory}: {error}"
        ) from error
    if meta.get("format") != FORMAT_VERSION or meta.get("labels") != list(TRAP_CODES):
        raise ArtefactError(f"the model in {directory} was written for another format; retrain it")
    idfs = [arrays[f"idf_{i}"] for i in range(len(described))]
    scorer = LinearScorer(
        arrays["weights"],
        arrays["intercepts"],
        arrays.get("chain_order"),
        arrays.get("chain_weights"),
    )
    thresholds = np.asarray(meta.pop("thresholds"), dtype=np.float64)
    return TrapModel(Featuriser.restore(described, idfs), scorer, thresholds, meta)


@functools.cache
def load_default() -> TrapModel:
    """The committed model, read once per process."""
    return load(DEFAULT_ARTEFACT_DIR)

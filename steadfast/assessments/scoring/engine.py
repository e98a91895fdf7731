"""Score responses exactly as each instrument's key says, one at a time or a million at once.

Everything is computed on a matrix (one row per response, one column per item, NaN for an item
not answered), so a single response is just a batch of one and both give the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .keys import Band, Key

Matrix = npt.NDArray[np.float64]
Vector = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]


class AnswerError(ValueError):
    """Answers that cannot be scored: the message names the item."""


@dataclass(frozen=True, slots=True)
class Score:
    """One scored response."""

    instrument: str
    total: float | None
    subscales: dict[str, float | None]
    band: str | None
    subscale_bands: dict[str, str | None]
    flags: list[str]
    valid: bool
    missing: list[int]
    provisional: bool

    def as_dict(self) -> dict[str, Any]:
        """The public shape printed by `manage.py score` and returned by the API."""
        return {
            "instrument": self.instrument,
            "total": self.total,
            "subscales": self.subscales,
            "band": self.band,
            "flags": self.flags,
            "valid": self.valid,
            "missing": self.missing,
        }


@dataclass(frozen=True, slots=True)
class BatchScores:
    """Scores for a matrix of responses, column-wise (one array entry per response)."""

    key: Key
    total: Vector
    subscales: dict[str, Vector]
    band: npt.NDArray[np.intp]
    subscale_bands: dict[str, npt.NDArray[np.intp]]
    flags: dict[str, Mask]
    valid: Mask
    answered: Mask

    def __len__(self) -> int:
        return len(self.valid)

    def row(self, i: int) -> Score:
        key = self.key
        return Score(
            instrument=key.code,
            total=_number(self.total[i]) if key.has_total else None,
            subscales={code: _number(values[i]) for code, values in self.subscales.items()},
            band=_band_label(key.bands, int(self.band[i])),
            subscale_bands={
                s.code: _band_label(s.bands, int(self.subscale_bands[s.code][i]))
                for s in key.subscales
            },
            flags=[code for code, mask in self.flags.items() if mask[i]],
            valid=bool(self.valid[i]),
            missing=[j + 1 for j in np.flatnonzero(~self.answered[i]).tolist()],
            provisional=key.provisional,
        )


def _number(value: float) -> float | None:
    if math.isnan(value):
        return None
    return int(value) if float(value).is_integer() else round(float(value), 2)


def _band_label(bands: tuple[Band, ...], index: int) -> str | None:
    return bands[index].label if bands and index >= 0 else None


def _round_half_up(values: Vector, decimals: int = 0) -> Vector:
    factor = 10.0**decimals
    # The tiny nudge keeps 2.675 (stored as 2.67499…) rounding the way a person would.
    return np.floor(values * factor + 0.5 + 1e-9) / factor


def answers_matrix(key: Key, answers: Sequence[object]) -> Matrix:
    """Check one response's answers (item order, None for not answered) and return a 1-row matrix.

    Raises AnswerError naming the item for a wrong count, a non-number or a value off the scale.
    """
    if not isinstance(answers, (list, tuple)):
        raise AnswerError("answers must be a list of item values in item order")
    if len(answers) != key.n_items:
        raise AnswerError(f"{key.code} has {key.n_items} items; got {len(answers)} answers")
    allowed = key.allowed_values
    row = np.full((1, key.n_items), np.nan)
    for position, value in enumerate(answers, start=1):
        if value is None:
            continue
        item = key.item_ids[position - 1]
        label = f"item {position}" if item == str(position) else f"item {position} ({item})"
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise AnswerError(f"{label}: {value!r} is not a number")
        if float(value) not in allowed:
            shown = ", ".join(str(_number(v)) for v in allowed)
            raise AnswerError(f"{label}: {value!r} is not one of {shown}")
        row[0, position - 1] = float(value)
    return row


def check_matrix(key: Key, matrix: Matrix) -> None:
    """Refuse a batch with the wrong number of columns or a value off the scale."""
    if matrix.ndim != 2 or matrix.shape[1] != key.n_items:
        raise AnswerError(f"{key.code} needs a matrix with {key.n_items} columns")
    bad = ~(np.isnan(matrix) | np.isin(matrix, np.asarray(key.allowed_values)))
    if bad.any():
        row, column = (int(x) for x in np.argwhere(bad)[0])
        raise AnswerError(
            f"row {row + 1}, item {column + 1}: {matrix[row, column]!r} is off the scale"
        )


def _aggregate(
    key: Key, values: Matrix, answered: Mask, method: str, ids: Sequence[str]
) -> tuple[Vector, Mask]:
    """Apply the key's missing-item rule and aggregation to the given columns."""
    k = values.shape[1]
    n_answered = answered.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        sums = np.where(answered, values, 0.0).sum(axis=1)
        means = sums / n_answered
    rule = key.missing
    if rule.rule == "none":
        valid = n_answered == k
        result = sums if method == "sum" else means
    elif rule.rule == "prorate":
        valid = (k - n_answered) <= rule.max_missing
        for item in rule.not_prorated:
            if item in ids:
                valid &= answered[:, list(ids).index(item)]
        if method == "sum":
            result = np.where(n_answered == k, sums, _round_half_up(means * k))
        else:
            result = means
    else:  # min_answered: person-mean for the rest
        needed = math.ceil(rule.fraction * k - 1e-9)
        valid = n_answered >= max(needed, 1)
        result = (
            np.where(n_answered == k, sums, _round_half_up(means * k, 2))
            if method == ("sum")
            else means
        )
    if method == "mean":
        result = _round_half_up(result, 2)
    return np.where(valid, result, np.nan), valid


def _band_index(bands: tuple[Band, ...], values: Vector) -> npt.NDArray[np.intp]:
    if not bands:
        return np.full(values.shape, -1, dtype=np.intp)
    lowers = np.asarray([b.lower for b in bands])
    index = np.searchsorted(lowers, values, side="right") - 1
    return np.where(np.isnan(values), -1, index).astype(np.intp)


def score_matrix(key: Key, matrix: Matrix, *, checked: bool = False) -> BatchScores:
    """Score every row of `matrix` (responses by items, NaN = not answered)."""
    matrix = np.asarray(matrix, dtype=np.float64)
    if not checked:
        check_matrix(key, matrix)
    answered = ~np.isnan(matrix)
    values = matrix.copy()
    if key.reverse:
        columns = [key.index(i) for i in sorted(key.reverse)]
        values[:, columns] = (key.minimum + key.maximum) - values[:, columns]

    def columns_of(ids: Sequence[str]) -> list[int]:
        return [key.index(i) for i in ids]

    n = matrix.shape[0]
    if key.has_total:
        cols = columns_of(key.scored_items)
        method = "mean" if key.aggregation == "mean" else "sum"
        total, valid = _aggregate(key, values[:, cols], answered[:, cols], method, key.scored_items)
        if key.aggregation == "sum_x4":
            total = total * 4
    else:
        total = np.full(n, np.nan)
        valid = np.ones(n, dtype=bool)

    subscales: dict[str, Vector] = {}
    subscale_bands: dict[str, npt.NDArray[np.intp]] = {}
    for sub in key.subscales:
        cols = columns_of(sub.items)
        source = matrix if sub.as_answered else values
        sub_values, sub_valid = _aggregate(
            key, source[:, cols], answered[:, cols], sub.method, sub.items
        )
        subscales[sub.code] = sub_values
        subscale_bands[sub.code] = _band_index(sub.bands, sub_values)
        if not key.has_total:
            valid &= sub_valid

    flags: dict[str, Mask] = {}
    for flag in key.flags:
        if flag.item is not None:
            column = matrix[:, key.index(flag.item)]
            mask = answered[:, key.index(flag.item)] & (column >= (flag.item_min or 0))
        elif flag.cluster_needs:
            mask = np.ones(n, dtype=bool)
            endorsed = answered & (matrix >= (flag.cluster_min_item_value or 0))
            by_code = {s.code: s for s in key.subscales}
            for code, needed in flag.cluster_needs:
                mask &= endorsed[:, columns_of(by_code[code].items)].sum(axis=1) >= needed
        else:
            with np.errstate(invalid="ignore"):
                mask = ~np.isnan(total)
                if flag.total_min is not None:
                    mask &= total >= flag.total_min
                if flag.total_max is not None:
                    mask &= total <= flag.total_max
        flags[flag.code] = mask

    return BatchScores(
        key=key,
        total=total,
        subscales=subscales,
        band=_band_index(key.bands, total),
        subscale_bands=subscale_bands,
        flags=flags,
        valid=valid,
        answered=answered,
    )


def score(key: Key, answers: Sequence[object]) -> Score:
    """Score one response given as item values in item order (None = not answered)."""
    return score_matrix(key, answers_matrix(key, answers), checked=True).row(0)

"""A linear mixed-effects model across waves: score ~ wave (+ covariates), with a random
intercept per person, fitted by REML.

It is the model statsmodels' MixedLM fits with `re_formula="1"` (the tests check the two agree),
written with per-person sums so it stays fast for 100,000 people: with one random intercept the
inverse covariance of a person's scores has a closed form, V_i⁻¹ = (I - c_i·J) / sigma² with
c_i = rho / (1 + n_i·rho) and rho = tau² / sigma², so REML is a one-dimensional search over rho.

Rows with a missing score or covariate are dropped explicitly and counted; a person's other
waves are kept (valid under missing at random).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import optimize, stats

Floats = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class WaveMean:
    wave: str
    n: int
    mean: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True, slots=True)
class Contrast:
    wave: str
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p: float
    g: float


@dataclass(frozen=True, slots=True)
class MixedModel:
    n_people: int
    n_observations: int
    dropped_rows: int
    names: tuple[str, ...]
    params: Floats
    cov_params: Floats
    scale: float
    group_var: float
    icc: float
    means: tuple[WaveMean, ...]
    contrasts: tuple[Contrast, ...]
    covariates: tuple[str, ...]


def _design(
    waves: Sequence[str],
    wave_order: Sequence[str],
    numeric: Mapping[str, Floats],
    categorical: Mapping[str, Sequence[str]],
) -> tuple[Floats, list[str], int]:
    """Intercept, wave dummies against the first wave, numeric covariates, then categorical
    dummies against each covariate's first level (sorted). Returns X, names, wave columns."""
    n = len(waves)
    cols: list[Floats] = [np.ones(n)]
    names = ["Intercept"]
    wave_arr = np.asarray(waves)
    for w in wave_order[1:]:
        cols.append((wave_arr == w).astype(float))
        names.append(f"wave[{w}]")
    for name, values in numeric.items():
        cols.append(np.asarray(values, dtype=float))
        names.append(name)
    for name, labels in categorical.items():
        arr = np.asarray(labels)
        for level in sorted(set(arr.tolist()))[1:]:
            cols.append((arr == level).astype(float))
            names.append(f"{name}[{level}]")
    return np.column_stack(cols), names, len(wave_order) - 1


def random_intercept_model(
    person: Sequence[int] | NDArray[np.int64],
    wave: Sequence[str],
    score: Sequence[float | None] | Floats,
    *,
    wave_order: Sequence[str],
    numeric: Mapping[str, Sequence[float | None] | Floats] | None = None,
    categorical: Mapping[str, Sequence[str | None]] | None = None,
    level: float = 0.95,
) -> MixedModel | None:
    """Fit by REML; None when there are too few people or observations to estimate it."""
    numeric = dict(numeric or {})
    categorical = dict(categorical or {})
    y_all = np.asarray([math.nan if v is None else v for v in score], dtype=float)
    keep = ~np.isnan(y_all) & np.isin(np.asarray(wave), list(wave_order))
    num_arrays = {
        k: np.asarray([math.nan if v is None else v for v in vals], dtype=float)
        for k, vals in numeric.items()
    }
    for arr in num_arrays.values():
        keep &= ~np.isnan(arr)
    for vals in categorical.values():
        keep &= np.asarray([v is not None for v in vals], dtype=bool)
    dropped = int((~keep).sum())
    pid = np.asarray(person)[keep]
    y = y_all[keep]
    waves = [w for w, k in zip(wave, keep, strict=True) if k]
    X, names, n_wave_cols = _design(
        waves,
        wave_order,
        {k: v[keep] for k, v in num_arrays.items()},
        {
            k: [str(v) for v, kk in zip(vals, keep, strict=True) if kk]
            for k, vals in categorical.items()
        },
    )
    _, group = np.unique(pid, return_inverse=True)
    n_groups = int(group.max()) + 1 if group.size else 0
    N, p = X.shape
    if n_groups < 2 or p + 1 >= N:
        return None
    present = [w for w in wave_order if w in set(waves)]
    if len(present) != len(wave_order) or np.linalg.matrix_rank(X) < p:
        return None

    n_i = np.bincount(group, minlength=n_groups).astype(float)
    S = np.zeros((n_groups, p))
    np.add.at(S, group, X)
    T = np.bincount(group, weights=y, minlength=n_groups)
    XtX = X.T @ X
    Xty = X.T @ y
    yty = float(y @ y)

    def pieces(rho: float) -> tuple[Floats, Floats, float, float]:
        c = rho / (1.0 + n_i * rho)
        A = XtX - (S * c[:, None]).T @ S
        b = Xty - S.T @ (c * T)
        beta = np.linalg.solve(A, b)
        q = yty - float(c @ (T * T)) - float(b @ beta)
        return A, beta, q, float(np.log1p(n_i * rho).sum())

    def neg2_reml(log_rho: float) -> float:
        A, _, q, logdet_v = pieces(math.exp(log_rho))
        _sign, logdet_a = np.linalg.slogdet(A)
        return float((N - p) * math.log(q / (N - p)) + logdet_v + float(logdet_a))

    found = optimize.minimize_scalar(neg2_reml, bounds=(-20.0, 12.0), method="bounded")
    rho = math.exp(float(found.x))
    if neg2_reml(-20.0) <= float(found.fun):
        rho = math.exp(-20.0)
    A, beta, q, _ = pieces(rho)
    sigma2 = q / (N - p)
    cov = sigma2 * np.linalg.inv(A)
    z = float(stats.norm.ppf(0.5 + level / 2.0))

    wave_arr = np.asarray(waves)
    base_scores = y[wave_arr == wave_order[0]]
    base_sd = float(base_scores.std(ddof=1)) if base_scores.size > 1 else math.nan
    j = 1.0 - 3.0 / (4.0 * (base_scores.size - 1) - 1.0) if base_scores.size > 2 else math.nan
    covariate_means = X[:, 1 + n_wave_cols :].mean(axis=0)
    means = []
    for index, w in enumerate(wave_order):
        x = np.zeros(p)
        x[0] = 1.0
        if index:
            x[index] = 1.0
        x[1 + n_wave_cols :] = covariate_means
        est = float(x @ beta)
        se = math.sqrt(float(x @ cov @ x))
        means.append(WaveMean(w, int((wave_arr == w).sum()), est, est - z * se, est + z * se))
    contrasts = []
    for index, w in enumerate(wave_order[1:], start=1):
        est = float(beta[index])
        se = math.sqrt(float(cov[index, index]))
        contrasts.append(
            Contrast(
                wave=w,
                estimate=est,
                se=se,
                ci_low=est - z * se,
                ci_high=est + z * se,
                p=float(2.0 * stats.norm.sf(abs(est / se))) if se > 0 else math.nan,
                g=est / base_sd * j if base_sd > 0 else math.nan,
            )
        )
    return MixedModel(
        n_people=n_groups,
        n_observations=N,
        dropped_rows=dropped,
        names=tuple(names),
        params=beta,
        cov_params=cov,
        scale=sigma2,
        group_var=rho * sigma2,
        icc=rho / (1.0 + rho),
        means=tuple(means),
        contrasts=tuple(contrasts),
        covariates=tuple(numeric) + tuple(categorical),
    )

"""Change between two waves for the same people: the mean, its confidence interval, effect
sizes, reliable change (Jacobson & Truax 1991) and clinically significant change.

Formulas (docs/decisions/0012-insights-privacy.md and shared/instruments.md §4):
- d_z = mean(Δ) / SD(Δ); d_av = mean(Δ) / ((SD_pre + SD_post) / 2);
- Hedges' correction J = 1 - 3 / (4·df - 1) with df = n - 1 (paired);
- the report shows g_av (d_av with Hedges' correction), comparable with between-group d;
- S_diff = SD_ref · √2 · √(1 - r); RCI = (post - pre) / S_diff; |RCI| > 1.96 is reliable.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy import optimize, special

Direction = Literal["lower_is_better", "higher_is_better"]
CRITICAL = 1.96
SHOWN_EFFECT = "g_av"
SHOWN_EFFECT_TEXT = "d_av with Hedges' correction (g_av): mean change over the mean of the two SDs"

Floats = NDArray[np.float64]


def _pairs(
    pre: Sequence[float | None] | Floats, post: Sequence[float | None] | Floats
) -> tuple[Floats, Floats]:
    """Keep only people with both scores (missing is None or NaN)."""
    a = np.asarray([math.nan if v is None else v for v in pre], dtype=float)
    b = np.asarray([math.nan if v is None else v for v in post], dtype=float)
    if a.shape != b.shape:
        raise ValueError("pre and post must have one value per person")
    keep = ~(np.isnan(a) | np.isnan(b))
    return a[keep], b[keep]


def hedges_j(df: int) -> float:
    """Small-sample correction factor; df = n - 1 for paired designs."""
    return 1.0 - 3.0 / (4.0 * df - 1.0)


@dataclass(frozen=True, slots=True)
class PairedChange:
    n: int
    pre_mean: float
    post_mean: float
    mean_change: float
    sd_change: float
    ci_low: float
    ci_high: float
    t: float
    p: float
    d_z: float
    g_z: float
    d_z_ci_low: float
    d_z_ci_high: float
    d_av: float
    g_av: float


def _dz_interval(t: float, df: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Confidence interval of d_z from the noncentral t distribution."""
    alpha = (1.0 - level) / 2.0

    def solve(target: float) -> float:
        def f(ncp: float) -> float:
            # special.nctdtr is what stats.nct.cdf evaluates, without its per-call argument
            # checks (about 25 times faster; the same numbers).
            return float(special.nctdtr(df, ncp, t)) - target

        width = 10.0 + abs(t) * 2.0
        return float(optimize.brentq(f, t - width, t + width))

    try:
        return solve(1.0 - alpha) / math.sqrt(n), solve(alpha) / math.sqrt(n)
    except ValueError:  # no bracket, or scipy's nct gives NaN far out: leave it unknown
        return math.nan, math.nan


def paired_change(
    pre: Sequence[float | None] | Floats, post: Sequence[float | None] | Floats, level: float = 0.95
) -> PairedChange | None:
    """Mean change (post - pre) with a t-based CI and effect sizes; None below 2 pairs."""
    a, b = _pairs(pre, post)
    n = int(a.size)
    if n < 2:
        return None
    diff = b - a
    mean = float(diff.mean())
    sd = float(diff.std(ddof=1))
    df = n - 1
    se = sd / math.sqrt(n)
    # special.stdtrit / stdtr are what stats.t.ppf / t.sf evaluate (same numbers, far faster
    # when a report computes this for thousands of groups).
    crit = float(special.stdtrit(df, 0.5 + level / 2.0))
    j = hedges_j(df)
    sd_av = (float(a.std(ddof=1)) + float(b.std(ddof=1))) / 2.0
    if sd > 0:
        t = mean / se
        p = float(2.0 * special.stdtr(df, -abs(t)))
        d_z = mean / sd
        dz_low, dz_high = _dz_interval(t, df, n, level)
    else:
        t = math.copysign(math.inf, mean) if mean else 0.0
        p = 0.0 if mean else 1.0
        d_z = dz_low = dz_high = math.nan
    d_av = mean / sd_av if sd_av > 0 else math.nan
    return PairedChange(
        n=n,
        pre_mean=float(a.mean()),
        post_mean=float(b.mean()),
        mean_change=mean,
        sd_change=sd,
        ci_low=mean - crit * se,
        ci_high=mean + crit * se,
        t=t,
        p=p,
        d_z=d_z,
        g_z=d_z * j,
        d_z_ci_low=dz_low,
        d_z_ci_high=dz_high,
        d_av=d_av,
        g_av=d_av * j,
    )


def s_diff(sd: float, r: float) -> float:
    return sd * math.sqrt(2.0) * math.sqrt(1.0 - r)


def rci(
    pre: Sequence[float | None] | Floats,
    post: Sequence[float | None] | Floats,
    *,
    sd: float,
    r: float,
) -> Floats:
    """The Reliable Change Index of each person with both scores (Jacobson & Truax 1991)."""
    a, b = _pairs(pre, post)
    return (b - a) / s_diff(sd, r)


@dataclass(frozen=True, slots=True)
class ReliableChangeShares:
    n: int
    improved: int
    unchanged: int
    worse: int
    s_diff: float
    minimum_reliable_difference: float


def _categories(index: Floats, direction: Direction) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    reliable = np.abs(index) > CRITICAL
    better = index < 0 if direction == "lower_is_better" else index > 0
    return reliable & better, reliable & ~better


def reliable_change_shares(
    pre: Sequence[float | None] | Floats,
    post: Sequence[float | None] | Floats,
    *,
    sd: float,
    r: float,
    direction: Direction,
) -> ReliableChangeShares:
    index = rci(pre, post, sd=sd, r=r)
    improved, worse = _categories(index, direction)
    n = int(index.size)
    return ReliableChangeShares(
        n=n,
        improved=int(improved.sum()),
        unchanged=n - int(improved.sum()) - int(worse.sum()),
        worse=int(worse.sum()),
        s_diff=s_diff(sd, r),
        minimum_reliable_difference=CRITICAL * s_diff(sd, r),
    )


@dataclass(frozen=True, slots=True)
class ClinicalChange:
    """Criterion (c) with a published screening cut-off used as c, applied to the people who
    started on the clinical side of it: 'recovered' = reliably improved and now past the
    cut-off; 'improved' = reliably improved only; the rest did not reliably improve."""

    criterion: str
    cutoff: float
    n_eligible: int
    recovered: int
    improved_only: int
    not_improved: int


def clinical_change(
    pre: Sequence[float | None] | Floats,
    post: Sequence[float | None] | Floats,
    *,
    sd: float,
    r: float,
    direction: Direction,
    cutoff: float,
) -> ClinicalChange:
    """For lower-is-better scales a score at or above `cutoff` is on the clinical side and a
    score below it is past the cut-off; for higher-is-better scales it is the other way round
    (at or below the cut-off is clinical, above it is past)."""
    a, b = _pairs(pre, post)
    if direction == "lower_is_better":
        clinical_before, healthy_after = a >= cutoff, b < cutoff
    else:
        clinical_before, healthy_after = a <= cutoff, b > cutoff
    index = (b - a) / s_diff(sd, r)
    improved, _ = _categories(index, direction)
    eligible = clinical_before
    recovered = int((eligible & improved & healthy_after).sum())
    improved_only = int((eligible & improved & ~healthy_after).sum())
    n_eligible = int(eligible.sum())
    return ClinicalChange(
        criterion=(
            "Jacobson-Truax criterion (c), with the published screening cut-off "
            f"({'below' if direction == 'lower_is_better' else 'above'} {cutoff:g}) used as c"
        ),
        cutoff=cutoff,
        n_eligible=n_eligible,
        recovered=recovered,
        improved_only=improved_only,
        not_improved=n_eligible - recovered - improved_only,
    )

"""Early warning: an EWMA control chart of a team's weekly check-in mean against the team's
own baseline weeks.

z_t = lambda·x_t + (1 - lambda)·z_{t-1}, starting at the baseline mean mu0; the control limit is
mu0 ± L·sigma·√(lambda / (2 - lambda) · (1 - (1 - lambda)^(2t)) + 1/m), with sigma the SD of the
m baseline weekly means. The 1/m term is the error of mu0 itself, which the textbook limit
(mu0 known) leaves out; without it a team whose baseline happened to be low stays "high"
for weeks, and with a few hundred teams some were flagged by chance.
A rise (or, for energy, a fall) is *sustained* when the EWMA stays beyond the limit for
`sustain` consecutive weeks (three by default) and has moved at least `min_shift` points;
one or two noisy weeks never flag a team.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np


@dataclass(frozen=True, slots=True)
class ChartPoint:
    value: float | None
    ewma: float | None
    limit: float | None
    beyond: bool


@dataclass(frozen=True, slots=True)
class ControlChart:
    baseline_mean: float
    baseline_sd: float
    points: tuple[ChartPoint, ...]
    flagged: bool
    flagged_since: int | None


def ewma_chart(
    weekly: Sequence[float | None],
    *,
    baseline_weeks: int = 6,
    lam: float = 0.3,
    width: float = 2.7,
    sustain: int = 3,
    watch: Literal["rise", "fall"] = "rise",
    min_sd: float = 0.4,
    min_shift: float = 0.9,
) -> ControlChart | None:
    """None until there are `baseline_weeks` weeks with a value to compare against.
    Weeks without a value (None, e.g. too few check-ins) keep the EWMA where it was.
    `min_sd` keeps a very steady baseline from flagging trivial moves, and `min_shift` asks
    the EWMA to have moved at least that far from the baseline (both in check-in points)."""
    base = [v for v in weekly[:baseline_weeks] if v is not None]
    if len(base) < baseline_weeks or baseline_weeks < 2:
        return None
    mu = float(np.mean(base))
    sd = max(float(np.std(base, ddof=1)), min_sd)
    z = mu
    run = 0
    flagged_since: int | None = None
    points: list[ChartPoint] = []
    step = 0
    for index, value in enumerate(weekly):
        if index < baseline_weeks:
            points.append(ChartPoint(value, None, None, False))
            continue
        if value is None:
            points.append(ChartPoint(None, None, None, False))
            continue
        step += 1
        z = lam * value + (1.0 - lam) * z
        spread = lam / (2.0 - lam) * (1.0 - (1.0 - lam) ** (2 * step))
        # The baseline mean is itself estimated from a few weeks; its error stays in every
        # later comparison, so its variance (sd^2 / weeks) widens the limit.
        half = width * sd * math.sqrt(spread + 1.0 / len(base))
        limit = mu + half if watch == "rise" else mu - half
        shift = z - mu if watch == "rise" else mu - z
        beyond = (z > limit if watch == "rise" else z < limit) and shift >= min_shift
        run = run + 1 if beyond else 0
        if run >= sustain and flagged_since is None:
            flagged_since = index - sustain + 1
        if not beyond:
            flagged_since = None
        points.append(ChartPoint(value, z, limit, beyond))
    return ControlChart(
        baseline_mean=mu,
        baseline_sd=sd,
        points=tuple(points),
        flagged=flagged_since is not None,
        flagged_since=flagged_since,
    )

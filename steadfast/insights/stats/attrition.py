"""Who stayed: a CONSORT-style flow and completers compared with leavers on baseline scores."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    count: int
    of_previous: float | None
    of_first: float | None


def flow(stages: Sequence[tuple[str, int]]) -> list[Stage]:
    out: list[Stage] = []
    first = stages[0][1] if stages else 0
    previous: int | None = None
    for name, count in stages:
        out.append(
            Stage(
                name=name,
                count=count,
                of_previous=count / previous if previous else None,
                of_first=count / first if first else None,
            )
        )
        previous = count
    return out


@dataclass(frozen=True, slots=True)
class BaselineComparison:
    """Welch's t-test of baseline scores, completers minus leavers, with Hedges' g (pooled SD)."""

    n_completers: int
    n_leavers: int
    mean_completers: float
    mean_leavers: float
    difference: float
    ci_low: float
    ci_high: float
    p: float
    g: float


def completers_vs_leavers(
    completers: Sequence[float], leavers: Sequence[float], level: float = 0.95
) -> BaselineComparison | None:
    a = np.asarray(completers, dtype=float)
    b = np.asarray(leavers, dtype=float)
    n1, n2 = int(a.size), int(b.size)
    if n1 < 2 or n2 < 2:
        return None
    v1, v2 = float(a.var(ddof=1)), float(b.var(ddof=1))
    diff = float(a.mean() - b.mean())
    se = math.sqrt(v1 / n1 + v2 / n2)
    if se == 0:
        return None
    df = (v1 / n1 + v2 / n2) ** 2 / ((v1 / n1) ** 2 / (n1 - 1) + (v2 / n2) ** 2 / (n2 - 1))
    crit = float(stats.t.ppf(0.5 + level / 2.0, df))
    pooled = math.sqrt(((n1 - 1) * v1 + (n2 - 1) * v2) / (n1 + n2 - 2))
    j = 1.0 - 3.0 / (4.0 * (n1 + n2 - 2) - 1.0)
    return BaselineComparison(
        n_completers=n1,
        n_leavers=n2,
        mean_completers=float(a.mean()),
        mean_leavers=float(b.mean()),
        difference=diff,
        ci_low=diff - crit * se,
        ci_high=diff + crit * se,
        p=float(2.0 * stats.t.sf(abs(diff / se), df)),
        g=diff / pooled * j if pooled > 0 else math.nan,
    )

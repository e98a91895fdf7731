"""Reliable change between two scores (Jacobson & Truax 1991).

S_diff = SD · √2 · √(1 - r); RCI = (post - pre) / S_diff; |RCI| > 1.96 is reliable change at the
95% level. Whether a reliable change is an improvement depends on the instrument's direction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from .keys import Key

Change = Literal["improved", "unchanged", "worse"]
CRITICAL = 1.96


@dataclass(frozen=True, slots=True)
class ReliableChange:
    rci: float
    change: Change
    minimum_reliable_difference: float


def s_diff(key: Key) -> float | None:
    """The standard error of the difference, or None when the key has no reliability inputs."""
    rel = key.reliability
    if rel is None or rel.sd is None:
        return None
    return float(rel.sd) * math.sqrt(2.0) * math.sqrt(1.0 - rel.r)


def reliable_change(key: Key, pre: float, post: float) -> ReliableChange | None:
    """The RCI from `pre` to `post` and what it means for this instrument, if it can be computed."""
    diff_se = s_diff(key)
    if diff_se is None:
        return None
    rci = (post - pre) / diff_se
    if abs(rci) <= CRITICAL:
        change: Change = "unchanged"
    elif (rci < 0) == (key.direction == "lower_is_better"):
        change = "improved"
    else:
        change = "worse"
    return ReliableChange(rci=rci, change=change, minimum_reliable_difference=CRITICAL * diff_se)

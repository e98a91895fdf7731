"""Small-group suppression for everything an organisation lead or champion sees.

- A figure computed from fewer than k people is hidden, and so is the count itself: it reads
  "fewer than k". k is 5 unless the organisation raised it; it is never lower.
- Screening prevalences (e.g. the share with PHQ-9 of 10 or more) need at least
  max(10, k) people, and are hidden when the number screening positive, or the number not
  screening positive, is between 1 and k - 1 — and also when everyone screens positive.
- Complementary suppression: where a total is published over sibling cells (teams of an
  organisation, weeks of a period), a line never has exactly one hidden cell, and the hidden
  cells under a shown total add up to at least k, so subtraction reveals nothing about fewer
  than k people. Lines are protected together until nothing changes (a cell hidden to protect
  one line may need a partner in another).
- Cumulative series (counts "so far" over consecutive periods) are shown only where the step
  from the last shown value is zero or at least k.

Pure Python, no Django: the same rules serve pages, exports and the API.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

MINIMUM_K = 5
MINIMUM_PREVALENCE_N = 10


class PrivacyError(ValueError):
    """Something that must never reach a lead was about to be released."""


@dataclass(frozen=True, slots=True)
class Policy:
    k: int = MINIMUM_K

    def __post_init__(self) -> None:
        if self.k < MINIMUM_K:
            raise PrivacyError(f"the minimum group size cannot be lower than {MINIMUM_K}")

    @classmethod
    def for_organisation(cls, minimum_group_size: int | None) -> Policy:
        """An organisation may raise k; a lower setting is ignored, never applied."""
        return cls(max(MINIMUM_K, minimum_group_size or MINIMUM_K))

    @property
    def prevalence_n(self) -> int:
        return max(MINIMUM_PREVALENCE_N, self.k)

    @property
    def fewer_than(self) -> str:
        return f"fewer than {self.k}"


def small(n: int, policy: Policy) -> bool:
    return 0 < n < policy.k


def prevalence_hidden(numerator: int, n: int, policy: Policy) -> bool:
    if n < policy.prevalence_n:
        return True
    complement = n - numerator
    return 0 < numerator < policy.k or (numerator > 0 and complement < policy.k)


def _widen(line: Sequence[Hashable], counts: Mapping[Hashable, int], hidden: set[Hashable]) -> bool:
    """Hide one more cell of this line: its smallest shown non-empty child, else its total,
    else an empty child. False when everything in the line is already hidden."""
    total, *children = line
    candidates = sorted(
        (counts[c], str(c), c) for c in children if c not in hidden and counts[c] > 0
    )
    if candidates:
        hidden.add(candidates[0][2])
    elif total not in hidden:
        hidden.add(total)
    else:
        empty = [c for c in children if c not in hidden]
        if not empty:
            return False
        hidden.add(empty[0])
    return True


def determined(
    counts: Mapping[Hashable, int], lines: Sequence[Sequence[Hashable]], hidden: set[Hashable]
) -> set[Any]:
    """The hidden cells an attacker can compute exactly from the shown cells and every line
    equation at once (exact linear algebra: a cell is determined when its unit vector lies in
    the row space of the equations restricted to the hidden cells)."""
    unknown = sorted(hidden, key=str)
    index = {c: i for i, c in enumerate(unknown)}
    rows = []
    for total, *children in lines:
        row = np.zeros(len(unknown))
        if total in index:
            row[index[total]] += 1.0
        for c in children:
            if c in index:
                row[index[c]] -= 1.0
        if row.any():
            rows.append(row)
    if not rows:
        return set()
    if len(rows) == 1:
        # One equation: a unit vector lies in its span only when the equation has exactly one
        # unknown (the same answer as the rank test below, without an SVD per cell).
        nonzero = np.flatnonzero(rows[0])
        return {unknown[int(nonzero[0])]} if nonzero.size == 1 else set()
    m = np.array(rows)
    rank = np.linalg.matrix_rank(m)
    found: set[Hashable] = set()
    for cell in unknown:
        e = np.zeros(len(unknown))
        e[index[cell]] = 1.0
        if np.linalg.matrix_rank(np.vstack([m, e])) == rank:
            found.add(cell)
    return found


def protect(counts: Mapping[Any, int], lines: Iterable[Sequence[Any]], policy: Policy) -> set[Any]:
    """The cells to hide. Each line is (total, child, child, ...): the total equals the sum
    of the children and is published unless hidden itself. Primary suppression hides every
    cell with 1 to k-1 people; complementary suppression then hides, in any line with one
    hidden cell or a hidden remainder under k, its smallest shown non-empty child (or its
    total when no child is left), until every line is safe; finally every line equation is
    solved together, and any hidden cell that could still be computed gets another partner."""
    hidden = {cell for cell, n in counts.items() if small(n, policy)}
    line_list = [tuple(line) for line in lines]
    while True:
        changed = True
        while changed:
            changed = False
            for line in line_list:
                total, *children = line
                hidden_children = [c for c in children if c in hidden]
                n_hidden = len(hidden_children) + (total in hidden)
                if n_hidden == 0:
                    continue
                remainder = sum(counts[c] for c in hidden_children)
                unsafe = n_hidden == 1 or (total not in hidden and 0 < remainder < policy.k)
                if unsafe and _widen(line, counts, hidden):
                    changed = True
        exposed = determined(counts, line_list, hidden)
        if not exposed:
            return hidden
        widened = False
        for cell in sorted(exposed, key=str):
            for line in line_list:
                if cell in line and _widen(line, counts, hidden):
                    widened = True
                    break
            if widened:
                break
        if not widened:
            return hidden


def protect_cumulative(values: Sequence[int], policy: Policy) -> list[bool]:
    """Which points of a non-decreasing "so far" series may be shown: a point is shown when
    it is 0 or at least k and the step from the last shown point is 0 or at least k, so no
    two shown points differ by 1 to k-1 people."""
    shown: list[bool] = []
    last: int | None = None
    for value in values:
        ok = (value == 0 or value >= policy.k) and (
            last is None or value - last == 0 or value - last >= policy.k
        )
        shown.append(ok)
        if ok:
            last = value
    return shown


NUMERIC = (int, float)


def check_release(obj: Any, policy: Policy, *, path: str = "$") -> None:
    """A last check on a JSON-like structure about to leave for a lead: every object with a
    count "n" below k must say `"suppressed": true`, and a suppressed object carries no
    numbers. Raises PrivacyError naming the place."""
    if isinstance(obj, Mapping):
        if obj.get("suppressed") is True:
            numbers = [
                k for k, v in obj.items() if isinstance(v, NUMERIC) and not isinstance(v, bool)
            ]
            if numbers:
                raise PrivacyError(f"{path}: suppressed but still carries {sorted(numbers)}")
        n = obj.get("n")
        if isinstance(n, int) and not isinstance(n, bool) and small(n, policy):
            raise PrivacyError(f"{path}: n={n} is below k={policy.k} and not suppressed")
        for key, value in obj.items():
            check_release(value, policy, path=f"{path}.{key}")
    elif isinstance(obj, list | tuple):
        for index, value in enumerate(obj):
            check_release(value, policy, path=f"{path}[{index}]")

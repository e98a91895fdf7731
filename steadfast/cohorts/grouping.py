"""Group formation: split a cohort into groups from the intake answers (pure, no Django).

Hard rule: nobody sits in a group with a person they (or who) asked to be kept apart from.
Soft aims, in this order: a time the whole group can meet, then shared challenges. The same
people give the same proposal whatever order they come in, and every placement says why.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

DEFAULT_MIN_SIZE = 6
DEFAULT_MAX_SIZE = 12
AVAILABILITY_WEIGHT = 3
CHALLENGE_WEIGHT = 1
MAX_IMPROVEMENT_PASSES = 3


@dataclass(frozen=True)
class Person:
    id: int
    challenges: frozenset[str] = frozenset()
    # Empty availability means "any time": it fits every group.
    availability: frozenset[str] = frozenset()
    not_with: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Proposal:
    groups: tuple[tuple[int, ...], ...]
    reasons: Mapping[int, tuple[str, ...]]
    unplaced: tuple[int, ...] = ()
    problems: tuple[str, ...] = ()
    common_times: tuple[frozenset[str], ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """Every person placed and every "not with" respected."""
        return not self.unplaced


def _conflicts(people: list[Person]) -> dict[int, set[int]]:
    known = {p.id for p in people}
    graph: dict[int, set[int]] = {p.id: set() for p in people}
    for person in people:
        for other in person.not_with:
            if other in known and other != person.id:
                graph[person.id].add(other)
                graph[other].add(person.id)
    return graph


def _common(members: Iterable[Person]) -> frozenset[str] | None:
    """Times every member can make; None means nobody has limited it."""
    common: frozenset[str] | None = None
    for member in members:
        if member.availability:
            common = member.availability if common is None else common & member.availability
    return common


def _group_score(members: list[Person]) -> int:
    score = 0
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            score += CHALLENGE_WEIGHT * len(a.challenges & b.challenges)
    common = _common(members)
    if common is None or common:
        score += AVAILABILITY_WEIGHT * len(members)
    return score


def _fit(person: Person, members: list[Person]) -> tuple[int, int]:
    """(keeps a common time, shared challenges) for adding person to members."""
    common = _common(members)
    keeps_time = int(
        common is None or not person.availability or bool(common & person.availability)
    )
    shared = sum(len(person.challenges & m.challenges) for m in members)
    return keeps_time, shared


def _assign(
    people: list[Person], graph: dict[int, set[int]], k: int
) -> tuple[list[list[Person]], list[Person]]:
    n = len(people)
    capacity = math.ceil(n / k)
    groups: list[list[Person]] = [[] for _ in range(k)]
    unplaced: list[Person] = []
    # Hardest to place first: most "not with" links, then narrowest availability.
    order = sorted(people, key=lambda p: (-len(graph[p.id]), len(p.availability) or 10**6, p.id))
    for person in order:
        best: tuple[tuple[int, int, int, int], int] | None = None
        for index, members in enumerate(groups):
            if len(members) >= capacity:
                continue
            if any(m.id in graph[person.id] for m in members):
                continue
            keeps_time, shared = _fit(person, members)
            # Empty groups are opened only when no started group fits on time.
            key = (keeps_time, int(bool(members)), shared, -index)
            if best is None or key > best[0]:
                best = (key, index)
        if best is not None:
            groups[best[1]].append(person)
            continue
        if not _repair(person, groups, graph, capacity):
            unplaced.append(person)
    return groups, unplaced


def _repair(
    person: Person, groups: list[list[Person]], graph: dict[int, set[int]], capacity: int
) -> bool:
    """Make room by moving one member elsewhere: the only person in a group this person must
    be kept apart from, or anyone from a full group where they would fit. Breaks no rule."""
    for index, members in enumerate(groups):
        blocking = [m for m in members if m.id in graph[person.id]]
        if len(blocking) > 1 or (not blocking and len(members) < capacity):
            continue
        movers = blocking or sorted(members, key=lambda m: m.id)
        for mover in movers:
            for other_index, others in enumerate(groups):
                if other_index == index or len(others) >= capacity:
                    continue
                if any(o.id in graph[mover.id] for o in others):
                    continue
                members.remove(mover)
                others.append(mover)
                members.append(person)
                return True
    return False


def _improve(groups: list[list[Person]], graph: dict[int, set[int]]) -> None:
    """Swap pairs between groups while it raises the total score (first improvement, in a
    fixed order, so the result is deterministic)."""
    for _ in range(MAX_IMPROVEMENT_PASSES):
        changed = False
        for gi in range(len(groups)):
            for gj in range(gi + 1, len(groups)):
                for a in sorted(groups[gi], key=lambda p: p.id):
                    for b in sorted(groups[gj], key=lambda p: p.id):
                        if a not in groups[gi] or b not in groups[gj]:
                            continue
                        new_i = [p for p in groups[gi] if p.id != a.id]
                        new_j = [p for p in groups[gj] if p.id != b.id]
                        if any(p.id in graph[b.id] for p in new_i):
                            continue
                        if any(p.id in graph[a.id] for p in new_j):
                            continue
                        before = _group_score(groups[gi]) + _group_score(groups[gj])
                        after = _group_score([*new_i, b]) + _group_score([*new_j, a])
                        if after > before:
                            groups[gi] = [*new_i, b]
                            groups[gj] = [*new_j, a]
                            changed = True
        if not changed:
            return


def _label(code: str, labels: Mapping[str, str]) -> str:
    return labels.get(code, code.replace("_", " "))


def _reasons(
    person: Person,
    members: list[Person],
    graph: dict[int, set[int]],
    labels: Mapping[str, str],
) -> tuple[str, ...]:
    reasons: list[str] = []
    others = [m for m in members if m.id != person.id]
    counts: Counter[str] = Counter()
    for other in others:
        counts.update(person.challenges & other.challenges)
    if counts:
        shared = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        parts = [f"{_label(code, labels)} ({count})" for code, count in shared]
        reasons.append("Shares challenges with others here: " + ", ".join(parts) + ".")
    elif person.challenges:
        reasons.append("No one else here named the same challenges.")
    common = _common(members)
    if not person.availability:
        reasons.append("Said any time works.")
    elif common:
        times = ", ".join(_label(t, labels) for t in sorted(common))
        reasons.append(f"Can meet when the whole group can: {times}.")
    else:
        reasons.append("The group has no time everyone named; check availability.")
    if graph[person.id]:
        count = len(graph[person.id])
        noun = "person" if count == 1 else "people"
        reasons.append(f"Kept apart from {count} {noun}, as asked.")
    return tuple(reasons)


def propose(
    people: Iterable[Person],
    *,
    min_size: int = DEFAULT_MIN_SIZE,
    max_size: int = DEFAULT_MAX_SIZE,
    labels: Mapping[str, str] | None = None,
) -> Proposal:
    """Propose groups of min_size..max_size people. Tries the fewest groups first and adds
    groups while someone cannot be placed without breaking a "not with" rule."""
    if min_size < 1 or max_size < min_size:
        raise ValueError("need 1 <= min_size <= max_size")
    labels = labels or {}
    ordered = sorted(people, key=lambda p: p.id)
    if len({p.id for p in ordered}) != len(ordered):
        raise ValueError("each person needs a distinct id")
    if not ordered:
        return Proposal(groups=(), reasons={})
    graph = _conflicts(ordered)
    n = len(ordered)
    k_low = math.ceil(n / max_size)
    k_high = max(k_low, n // min_size)
    groups, unplaced = _assign(ordered, graph, k_low)
    for k in range(k_low + 1, k_high + 1):
        if not unplaced:
            break
        more_groups, still_unplaced = _assign(ordered, graph, k)
        if len(still_unplaced) < len(unplaced):
            groups, unplaced = more_groups, still_unplaced
    if not unplaced:
        _improve(groups, graph)
    groups = [sorted(g, key=lambda p: p.id) for g in groups if g]
    problems: list[str] = []
    if n < min_size:
        problems.append(
            f"Only {n} people: one group, smaller than the target of {min_size} to {max_size}."
        )
    for index, members in enumerate(groups, start=1):
        if len(members) < min_size and n >= min_size:
            problems.append(f"Group {index} has {len(members)} people, fewer than {min_size}.")
    if unplaced:
        problems.append(
            f"{len(unplaced)} {'person' if len(unplaced) == 1 else 'people'} could not be placed "
            f"without putting them with someone they must be kept apart from, even with up to "
            f"{k_high} groups. Talk with them, or make more, smaller groups by hand."
        )
    reasons: dict[int, tuple[str, ...]] = {}
    for members in groups:
        for person in members:
            reasons[person.id] = _reasons(person, members, graph, labels)
    for person in unplaced:
        reasons[person.id] = (
            "Not placed: every group with room has someone they must be kept apart from.",
        )
    common_times = tuple(_common(g) or frozenset() for g in groups)
    return Proposal(
        groups=tuple(tuple(p.id for p in g) for g in groups),
        reasons=reasons,
        unplaced=tuple(sorted(p.id for p in unplaced)),
        problems=tuple(problems),
        common_times=common_times,
    )

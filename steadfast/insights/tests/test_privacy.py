"""The suppression rules, attacked: a linear solver that knows every published figure and every
relation between them (totals = sums of siblings) tries to recover hidden cells."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steadfast.insights.privacy import (
    Policy,
    PrivacyError,
    check_release,
    prevalence_hidden,
    protect,
    protect_cumulative,
)

K5 = Policy()


def recoverable(counts, lines, hidden):
    """Every hidden cell, or sum of hidden siblings, an attacker can compute exactly from the
    shown cells and the line equations (exact linear algebra, no guessing)."""
    unknown = sorted(hidden, key=str)
    if not unknown:
        return set()
    index = {c: i for i, c in enumerate(unknown)}
    rows = []
    for total, *children in lines:
        row = np.zeros(len(unknown))
        if total in index:
            row[index[total]] += 1
        for c in children:
            if c in index:
                row[index[c]] -= 1
        if row.any():
            rows.append(row)
    if not rows:
        return set()
    m = np.array(rows)
    rank = np.linalg.matrix_rank(m)
    found = set()
    for c in unknown:
        e = np.zeros(len(unknown))
        e[index[c]] = 1
        if np.linalg.matrix_rank(np.vstack([m, e])) == rank:
            found.add(c)
    return found


def grid(teams, weeks):
    """Team x week counts with team totals, week totals and a grand total, all published."""
    counts, lines = {}, []
    for t, row in enumerate(teams):
        for w, n in enumerate(row):
            counts[(t, w)] = n
        counts[(t, "all")] = sum(row)
        lines.append([(t, "all")] + [(t, w) for w in range(weeks)])
    for w in range(weeks):
        counts[("all", w)] = sum(row[w] for row in teams)
        lines.append([("all", w)] + [(t, w) for t in range(len(teams))])
    counts[("all", "all")] = sum(map(sum, teams))
    lines.append([("all", "all")] + [(t, "all") for t in range(len(teams))])
    lines.append([("all", "all")] + [("all", w) for w in range(weeks)])
    return counts, lines


def test_a_small_team_is_hidden_with_a_sibling_so_the_total_cannot_reveal_it():
    counts = {"org": 33, "a": 3, "b": 12, "c": 18}
    lines = [["org", "a", "b", "c"]]
    hidden = protect(counts, lines, K5)
    assert hidden == {"a", "b"}
    assert recoverable(counts, lines, hidden) == set()


def test_two_tiny_siblings_pooled_still_under_k_pull_in_a_third():
    counts = {"org": 24, "a": 1, "b": 2, "c": 21}
    hidden = protect(counts, [["org", "a", "b", "c"]], K5)
    # a + b = 3 would be revealed by subtraction, so c is hidden too
    assert hidden == {"a", "b", "c"}


def test_a_total_under_k_is_hidden_with_its_children():
    counts = {"org": 4, "a": 4, "b": 0}
    assert protect(counts, [["org", "a", "b"]], K5) == {"org", "a"}


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 14), min_size=2, max_size=5), min_size=2, max_size=5).filter(
        lambda rows: len({len(r) for r in rows}) == 1
    )
)
def test_differencing_totals_siblings_and_periods_recovers_nothing(teams):
    weeks = len(teams[0])
    counts, lines = grid(teams, weeks)
    hidden = protect(counts, lines, K5)
    assert all(c in hidden for c, n in counts.items() if 0 < n < 5)
    # No hidden cell is determined by the published figures.
    assert recoverable(counts, lines, hidden) == set()
    # Where a total is shown, the hidden remainder under it is 0 or at least k.
    for total, *children in lines:
        if total not in hidden:
            rest = sum(counts[c] for c in children if c in hidden)
            assert rest == 0 or rest >= 5


def test_a_raised_k_hides_more_and_k_cannot_be_lowered():
    counts = {"org": 20, "a": 7, "b": 13}
    assert protect(counts, [["org", "a", "b"]], Policy(k=8)) == {"a", "b"}
    assert protect(counts, [["org", "a", "b"]], K5) == set()
    assert Policy.for_organisation(3).k == 5
    assert Policy.for_organisation(10).k == 10
    with pytest.raises(PrivacyError):
        Policy(k=3)


def test_consecutive_cumulative_counts_never_differ_by_a_few_people():
    so_far = [0, 3, 6, 8, 12, 12, 13, 20, 21]
    shown = protect_cumulative(so_far, K5)
    values = [v for v, ok in zip(so_far, shown, strict=True) if ok]
    assert values == [0, 6, 12, 12, 20]
    for earlier, later in itertools.pairwise(values):
        assert later - earlier == 0 or later - earlier >= 5


@given(st.lists(st.integers(0, 6), min_size=1, max_size=30))
def test_any_two_shown_cumulative_points_differ_by_zero_or_at_least_k(steps):
    so_far = list(np.cumsum(steps))
    shown = [int(v) for v, ok in zip(so_far, protect_cumulative(so_far, K5), strict=True) if ok]
    for i, a in enumerate(shown):
        assert a == 0 or a >= 5
        for b in shown[i + 1 :]:
            assert b - a == 0 or b - a >= 5


def test_screening_prevalence_needs_ten_and_hides_small_numerators_and_complements():
    assert prevalence_hidden(5, 9, K5)  # fewer than 10 people
    assert prevalence_hidden(2, 40, K5)  # 2 people screen positive
    assert prevalence_hidden(37, 40, K5)  # only 3 do not
    assert prevalence_hidden(40, 40, K5)  # everyone does
    assert not prevalence_hidden(0, 40, K5)
    assert not prevalence_hidden(12, 40, K5)


def test_check_release_refuses_small_counts_and_numbers_on_suppressed_figures():
    check_release({"outcomes": [{"n": 12, "mean_change": -1.0}, {"suppressed": True}]}, K5)
    with pytest.raises(PrivacyError, match=r"\$\.outcomes\[0\]"):
        check_release({"outcomes": [{"n": 3, "mean_change": -1.0}]}, K5)
    with pytest.raises(PrivacyError, match="still carries"):
        check_release({"suppressed": True, "n": 3}, K5)

"""Group formation: hard "not with" rules, sizes, ties, determinism and impossible cases."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steadfast.cohorts.grouping import Person, propose

CHALLENGES = ["sleep", "workload", "conflict", "exposure", "home"]
TIMES = ["mon_eve", "tue_eve", "wed_am", "sat_am"]


def crowd(n, seed=1):
    rng = random.Random(seed)
    return [
        Person(
            id=i,
            challenges=frozenset(rng.sample(CHALLENGES, 2)),
            availability=frozenset(rng.sample(TIMES, 2)),
        )
        for i in range(1, n + 1)
    ]


def group_of(proposal, person_id):
    for index, members in enumerate(proposal.groups):
        if person_id in members:
            return index
    return None


def test_every_person_is_placed_once_within_the_target_size():
    proposal = propose(crowd(30), min_size=6, max_size=12)
    placed = [pid for g in proposal.groups for pid in g]
    assert sorted(placed) == list(range(1, 31))
    assert all(6 <= len(g) <= 12 for g in proposal.groups)
    assert proposal.ok and not proposal.problems


def test_not_with_is_respected_in_both_directions():
    people = crowd(14)
    # 1 asked to be apart from 2; nobody asked anything of 3, but 4 named 3.
    people[0] = Person(id=1, challenges=people[0].challenges, not_with=frozenset({2}))
    people[3] = Person(id=4, challenges=people[3].challenges, not_with=frozenset({3}))
    proposal = propose(people, min_size=6, max_size=8)
    assert group_of(proposal, 1) != group_of(proposal, 2)
    assert group_of(proposal, 3) != group_of(proposal, 4)
    assert any("Kept apart from 1 person" in r for r in proposal.reasons[3])


def test_similar_challenges_and_shared_times_end_up_together():
    night = [
        Person(id=i, challenges=frozenset({"sleep"}), availability=frozenset({"mon_eve"}))
        for i in range(1, 7)
    ]
    day = [
        Person(id=i, challenges=frozenset({"workload"}), availability=frozenset({"wed_am"}))
        for i in range(7, 13)
    ]
    proposal = propose([*day, *night], min_size=6, max_size=6)
    assert sorted(map(sorted, proposal.groups)) == [list(range(1, 7)), list(range(7, 13))]
    assert proposal.common_times[group_of(proposal, 1)] == frozenset({"mon_eve"})
    assert any("sleep (5)" in r for r in proposal.reasons[1])
    assert any("mon_eve" in r or "mon eve" in r for r in proposal.reasons[1])


def test_labels_name_challenges_in_reasons():
    people = [Person(id=i, challenges=frozenset({"shift_work"})) for i in range(1, 4)]
    proposal = propose(people, min_size=1, max_size=6, labels={"shift_work": "Shift work"})
    assert "Shares challenges with others here: Shift work (2)." in proposal.reasons[1]
    assert "Said any time works." in proposal.reasons[1]


def test_the_same_input_in_any_order_gives_the_same_proposal():
    people = crowd(40, seed=7)
    first = propose(people)
    shuffled = list(people)
    random.Random(3).shuffle(shuffled)
    assert propose(shuffled) == first
    assert propose(people) == first


def test_ties_go_to_the_lowest_group_and_lowest_ids():
    # Nobody shares anything: the order by id decides, the same way every time.
    people = [Person(id=i) for i in range(1, 13)]
    proposal = propose(people, min_size=6, max_size=6)
    assert proposal.groups == ((1, 2, 3, 4, 5, 6), (7, 8, 9, 10, 11, 12))


def test_a_blocking_member_is_moved_to_make_room():
    # Everyone can only go in two groups of 3; 6 must be apart from 1 and 5 from 2.
    people = [Person(id=i) for i in range(1, 5)]
    people += [Person(id=5, not_with=frozenset({2})), Person(id=6, not_with=frozenset({1}))]
    proposal = propose(people, min_size=3, max_size=3)
    assert proposal.ok
    assert group_of(proposal, 6) != group_of(proposal, 1)
    assert group_of(proposal, 5) != group_of(proposal, 2)


def test_more_groups_are_made_when_the_fewest_cannot_hold_the_rules():
    # Three people who must all be apart cannot fit in two groups, but three groups of 2 work.
    people = [
        Person(id=1, not_with=frozenset({2, 3})),
        Person(id=2, not_with=frozenset({3})),
        Person(id=3),
        Person(id=4),
        Person(id=5),
        Person(id=6),
    ]
    proposal = propose(people, min_size=2, max_size=3)
    assert proposal.ok
    assert len({group_of(proposal, i) for i in (1, 2, 3)}) == 3


def test_an_impossible_case_says_so_and_names_who_was_not_placed():
    # Four people who must all be apart, but at most 2 groups (min size 3 of 6 people).
    apart = frozenset({1, 2, 3, 4})
    people = [Person(id=i, not_with=apart - {i}) for i in range(1, 5)]
    people += [Person(id=5), Person(id=6)]
    proposal = propose(people, min_size=3, max_size=3)
    assert not proposal.ok
    assert len(proposal.unplaced) == 2
    assert any("could not be placed" in p for p in proposal.problems)
    for pid in proposal.unplaced:
        assert proposal.reasons[pid][0].startswith("Not placed")
    # Those placed still never sit together.
    for members in proposal.groups:
        assert len(set(members) & apart) <= 1


def test_too_few_people_is_one_small_group_with_a_note():
    proposal = propose([Person(id=1), Person(id=2)], min_size=6, max_size=12)
    assert proposal.groups == ((1, 2),)
    assert "smaller than the target" in proposal.problems[0]


def test_bad_sizes_and_duplicate_ids_are_refused():
    with pytest.raises(ValueError):
        propose([Person(id=1)], min_size=5, max_size=4)
    with pytest.raises(ValueError):
        propose([Person(id=1), Person(id=1)])


def test_empty_input_gives_no_groups():
    assert propose([]).groups == ()


people_strategy = st.integers(min_value=1, max_value=40).flatmap(
    lambda n: st.lists(
        st.tuples(
            st.frozensets(st.sampled_from(CHALLENGES), max_size=3),
            st.frozensets(st.sampled_from(TIMES), max_size=3),
            st.frozensets(st.integers(min_value=0, max_value=n - 1), max_size=2),
        ),
        min_size=n,
        max_size=n,
    )
)


@settings(max_examples=60, deadline=None)
@given(people_strategy)
def test_no_proposal_ever_breaks_a_not_with_rule(rows):
    people = [
        Person(id=i, challenges=c, availability=a, not_with=frozenset(w) - {i})
        for i, (c, a, w) in enumerate(rows)
    ]
    proposal = propose(people, min_size=3, max_size=8)
    placed = [pid for g in proposal.groups for pid in g]
    assert sorted(placed + list(proposal.unplaced)) == [p.id for p in people]
    by_id = {p.id: p for p in people}
    for members in proposal.groups:
        assert len(members) <= 8
        for a in members:
            assert not (by_id[a].not_with & set(members))
    assert propose(list(reversed(people)), min_size=3, max_size=8) == proposal

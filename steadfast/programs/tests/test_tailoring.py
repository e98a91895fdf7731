"""Tailoring: modules for a person's lowest areas first, a plain reason each, deterministic."""

from hypothesis import given
from hypothesis import strategies as st

from steadfast.assessments.scoring import WHEEL_AREAS
from steadfast.programs.tailoring import AREA_LABELS, Measure, ModuleInfo, recommend

MODULES = [
    ModuleInfo("together", "Together", "connection", ("bonding",), 1),
    ModuleInfo("limits", "Limits", "connection", ("boundaries",), 2),
    ModuleInfo("rest", "Rest", "energy", ("life_skills",), 3),
    ModuleInfo("support", "Support", "connection", ("caring_support", "bonding"), 4),
    ModuleInfo("purpose", "Purpose", "mind", ("meaningful_participation",), 5),
]


def slugs(recommendations):
    return [r.slug for r in recommendations]


def test_every_wheel_area_has_a_label():
    assert set(AREA_LABELS) == set(WHEEL_AREAS)


def test_the_lowest_rated_area_comes_first_with_its_reason():
    wheel = {
        "bonding": 7,
        "boundaries": 5,
        "life_skills": 8,
        "caring_support": 2,
        "meaningful_participation": 6,
    }
    result = recommend(MODULES, wheel)
    assert slugs(result) == ["support", "limits", "purpose", "together", "rest"]
    assert result[0].reason == "You rated support lowest (2 of 10)."
    assert result[1].reason == "You rated boundaries 5 of 10."


def test_ties_keep_the_programs_order():
    wheel = {area: 4 for area in WHEEL_AREAS}
    assert slugs(recommend(MODULES, wheel)) == ["together", "limits", "rest", "support", "purpose"]
    # Reversing the input does not change the answer: order comes from `order`, not position.
    assert slugs(recommend(list(reversed(MODULES)), wheel)) == slugs(recommend(MODULES, wheel))


def test_no_data_keeps_program_order_and_says_there_is_no_self_check_yet():
    result = recommend(MODULES, {}, {})
    assert slugs(result) == ["together", "limits", "rest", "support", "purpose"]
    assert {r.reason for r in result} == {"No self-check yet, so this follows the program's order."}
    assert slugs(recommend(MODULES)) == slugs(result)


def test_missing_areas_fall_back_to_program_order_and_say_why():
    result = recommend(MODULES, {"boundaries": 3})
    assert slugs(result) == ["limits", "together", "rest", "support", "purpose"]
    together = next(r for r in result if r.slug == "together")
    assert together.reason == (
        "No self-check rating yet for bonding, so this keeps its place in the program."
    )


def test_a_module_uses_its_weakest_rated_area():
    result = recommend(MODULES, {"bonding": 9, "caring_support": 1, "boundaries": 4})
    assert slugs(result)[0] == "support"


def test_high_stress_at_baseline_brings_energy_modules_forward():
    wheel = {area: 6 for area in WHEEL_AREAS}
    result = recommend(MODULES, wheel, {"pss10": Measure(total=20)})
    assert result[0].slug == "rest"
    assert result[0].reason == "Your stress score at the start was higher than most people's."
    below = recommend(MODULES, wheel, {"pss10": Measure(total=13)})
    assert below[0].slug != "rest"


def test_low_wellbeing_total_favours_energy_without_a_band():
    result = recommend(MODULES, None, {"who5": Measure(total=48)})
    assert result[0].slug == "rest"
    assert result[0].reason == "Your well-being score was low at the start."
    # A good well-being score is no signal at all: program order, no self-check reason.
    calm = recommend(MODULES, None, {"who5": Measure(total=52)})
    assert calm[0].reason == "No self-check yet, so this follows the program's order."


def test_a_very_low_area_still_outranks_moderate_stress():
    result = recommend(MODULES, {"caring_support": 1}, {"pss10": Measure(total=16)})
    assert slugs(result)[:2] == ["support", "rest"]


scores = st.dictionaries(
    st.sampled_from(WHEEL_AREAS), st.integers(min_value=0, max_value=10), max_size=6
)


@given(scores)
def test_it_is_deterministic_and_keeps_every_module_once(wheel):
    first = recommend(MODULES, wheel)
    assert first == recommend(MODULES, dict(reversed(list(wheel.items()))))
    assert sorted(slugs(first)) == sorted(m.slug for m in MODULES)
    fits = [r.fit for r in first]
    assert fits == sorted(fits, reverse=True)
    assert all(r.reason for r in first)

import pytest
from hypothesis import given
from hypothesis import strategies as st

from steadfast.reframing.taxonomy import (
    NOT_DISTORTED,
    TRAP_CODES,
    TRAPS,
    TRAPS_BY_CODE,
    UnknownTrapError,
    normalise_trap_name,
)

EXPECTED_CODES = (
    "all_or_nothing",
    "overgeneralizing",
    "labeling",
    "fortune_telling",
    "mind_reading",
    "emotional_reasoning",
    "should_statements",
    "personalizing",
    "disqualifying_the_positive",
    "catastrophizing",
    "comparing_and_despairing",
    "blaming",
    "negative_feeling_or_emotion",
)


def test_there_are_the_thirteen_traps_in_order():
    assert TRAP_CODES == EXPECTED_CODES


@pytest.mark.parametrize("trap", [*TRAPS, NOT_DISTORTED], ids=lambda trap: trap.code)
def test_every_trap_has_a_name_explanation_two_examples_and_questions(trap):
    assert trap.name.strip()
    assert len(trap.explanation.split()) >= 8
    assert len(trap.examples) == 2
    assert all(example.strip() for example in trap.examples)
    assert 2 <= len(trap.questions) <= 3
    assert all(question.strip().endswith("?") for question in trap.questions)


def test_names_and_codes_are_unique():
    assert len({trap.name for trap in TRAPS}) == 13
    assert set(TRAPS_BY_CODE) == {*EXPECTED_CODES, "not_distorted"}


def test_display_names():
    assert TRAPS_BY_CODE["all_or_nothing"].name == "All-or-nothing thinking"
    assert TRAPS_BY_CODE["negative_feeling_or_emotion"].name == "Negative feeling or emotion"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("All-or-Nothing Thinking", "all_or_nothing"),
        ("all or nothing", "all_or_nothing"),
        ("black-and-white thinking", "all_or_nothing"),
        ("fortune-telling", "fortune_telling"),
        ("Fortune Telling", "fortune_telling"),
        ("Overgeneralization", "overgeneralizing"),
        ("over-generalising", "overgeneralizing"),
        ("Should statements", "should_statements"),
        ("SHOULD_STATEMENTS", "should_statements"),
        ("Negative Feeling or Emotion", "negative_feeling_or_emotion"),
        ("personalization", "personalizing"),
        ("Personalising", "personalizing"),
        ("comparing and despairing", "comparing_and_despairing"),
        ("Comparing-and-Despairing", "comparing_and_despairing"),
        ("  labelling ", "labeling"),
        ("Mind Reading", "mind_reading"),
        ("emotional_reasoning", "emotional_reasoning"),
        ("Disqualifying the Positive", "disqualifying_the_positive"),
        ("Catastrophising", "catastrophizing"),
        ("blaming", "blaming"),
        ("Not distorted", "not_distorted"),
    ],
)
def test_names_are_normalised_to_codes(name, code):
    assert normalise_trap_name(name) == code


def test_every_code_and_display_name_normalises_to_itself():
    for trap in (*TRAPS, NOT_DISTORTED):
        assert normalise_trap_name(trap.code) == trap.code
        assert normalise_trap_name(trap.name) == trap.code


@pytest.mark.parametrize("name", ["jumping to conclusions", "", "   ", "labelingg", "all"])
def test_an_unknown_name_is_a_clear_error(name):
    with pytest.raises(UnknownTrapError, match="unknown thinking trap"):
        normalise_trap_name(name)


@given(
    trap=st.sampled_from(TRAPS),
    separator=st.sampled_from([" ", "-", "_", "  ", " - "]),
    case=st.sampled_from([str.lower, str.upper, str.title, str.capitalize]),
)
def test_case_and_separators_never_change_the_code(trap, separator, case):
    name = case(separator.join(trap.name.replace("-", " ").split()))
    assert normalise_trap_name(name) == trap.code

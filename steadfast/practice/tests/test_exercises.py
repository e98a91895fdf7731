"""The exercise definitions: every prompt a shipped program uses reaches a field, and every
exercise type the programs know is implemented here or linked elsewhere."""

import glob

import pytest
import yaml

from steadfast.practice.exercises import (
    ELSEWHERE,
    EXERCISES,
    OWN_PAGE_PROMPT_KEYS,
    OWN_PAGES,
    pattern_from_settings,
    prompts_for,
)
from steadfast.programs.exercise_types import EXERCISE_TYPES


def shipped_exercise_items():
    found = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("exercise"), str):
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in glob.glob("content/programs/**/*.yaml", recursive=True):
        with open(path) as handle:
            walk(yaml.safe_load(handle))
    return found


def test_every_exercise_type_is_implemented_or_linked():
    for exercise_type in EXERCISE_TYPES:
        code = exercise_type.code
        assert code in EXERCISES or code in OWN_PAGES or code in ELSEWHERE, code


def test_every_shipped_prompt_key_names_a_field():
    items = shipped_exercise_items()
    assert len(items) > 40
    for item in items:
        code = item["exercise"]
        if code in ELSEWHERE:
            continue
        keys = set((item.get("prompts") or {}).keys())
        known = OWN_PAGE_PROMPT_KEYS[code] if code in OWN_PAGES else EXERCISES[code].prompt_keys()
        assert keys <= known, (item.get("slug"), keys - known)


def test_a_program_prompt_replaces_the_default_by_name_or_alias():
    ex = EXERCISES["active_constructive"]
    prompts = prompts_for(ex, {"good_news": "Our own question?", "response": "Asked?"})
    assert prompts["news"] == "Our own question?"
    assert prompts["response"] == "Asked?"
    assert prompts["effect"] == ex.field("effect").label


@pytest.mark.parametrize(
    ("settings", "phases"),
    [
        ({"pattern": [4, 0, 6, 0], "rounds": 10}, (4, 0, 6, 0)),
        ({"seconds": 90, "inhale": 4, "exhale": 6}, (4, 0, 6, 0)),
        ({"inhale": 3, "exhale": 7}, (3, 0, 7, 0)),
        ({"seconds": 120}, None),
        ({"pattern": [0, 0, 6, 0]}, None),
    ],
)
def test_breathing_patterns_from_program_settings(settings, phases):
    pattern = pattern_from_settings(settings)
    assert (pattern.phases if pattern else None) == phases


def test_the_views_hold_no_branch_for_one_exercise():
    """What differs between exercises (a chart, a pacer, trap suggestions, a default date,
    a page of its own) is said in the exercise's definition; the views only read it."""
    import inspect
    import re

    from steadfast.practice import views

    source = inspect.getsource(views)
    assert not re.search(r"\b(?:ex\.)?code\s*(?:==|!=)\s*\"", source)
    assert not re.search(r"\"(?:breathing|sleep_log|thought_record)\"", source)


def test_a_sleep_log_opens_on_last_night_and_breathing_on_the_long_out_breath():
    from datetime import date

    from steadfast.practice.exercises import patterns_for, with_defaults

    today = date(2026, 3, 29)  # the morning the clocks go forward in Europe
    assert with_defaults(EXERCISES["sleep_log"], {}, settings={}, today=today)["night"] == (
        "2026-03-28"
    )
    kept = with_defaults(EXERCISES["sleep_log"], {"night": "2026-03-20"}, settings={}, today=today)
    assert kept["night"] == "2026-03-20"
    assert with_defaults(EXERCISES["breathing"], {}, settings={}, today=today)["pattern"] == "slow"
    own, chosen = patterns_for(EXERCISES["breathing"], {"pattern": [3, 0, 7, 0]})
    assert (own[0].code, chosen) == ("program", "program")
    assert patterns_for(EXERCISES["abc"], {"pattern": [3, 0, 7, 0]})[1] == ""
    assert EXERCISES["thought_record"].suggests_traps and not EXERCISES["abc"].suggests_traps

"""The exercise types a program may reference, one code each.

This list is the contract between the curriculum (programs refer to an exercise by its code, with
prompts and settings) and the practice app (which implements each code as an interactive
exercise). `load_content --check` rejects any code not listed here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ExerciseType:
    code: str
    title: str
    theme: str  # a code of programs.models.Theme


EXERCISE_TYPES: tuple[ExerciseType, ...] = (
    # Mind
    ExerciseType("thought_record", "Thought record", "mind"),
    ExerciseType("abc", "ABC: adversity, beliefs, consequences", "mind"),
    ExerciseType("real_time_resilience", "Real-time resilience", "mind"),
    ExerciseType("explanatory_style", "Explanatory style", "mind"),
    ExerciseType("perspective", "Putting it in perspective", "mind"),
    ExerciseType("problem_solving", "Structured problem solving", "mind"),
    ExerciseType("values", "Values and purpose", "mind"),
    # Energy
    ExerciseType("breathing", "Paced breathing and grounding", "energy"),
    ExerciseType("micro_breaks", "Micro-break planner", "energy"),
    ExerciseType("sleep_log", "Sleep and recovery log", "energy"),
    ExerciseType("self_care_plan", "Self-care plan", "energy"),
    # Connection
    ExerciseType("active_constructive", "Active-constructive responding", "connection"),
    ExerciseType("gratitude", "Three good things", "connection"),
    ExerciseType("difficult_conversation", "Difficult-conversation planner", "connection"),
    ExerciseType("support_map", "Support map", "connection"),
    ExerciseType("boundaries", "Boundaries plan", "connection"),
    # Across all themes
    ExerciseType("checkin", "Daily check-in", "across"),
    ExerciseType("journal", "Journal entry", "across"),
    ExerciseType("goal", "Goal", "across"),
    ExerciseType("wheel", "Resilience Wheel self-check", "across"),
)

BY_CODE: dict[str, ExerciseType] = {t.code: t for t in EXERCISE_TYPES}


def exercise_type(code: str) -> ExerciseType:
    """The exercise type with this code; KeyError names the unknown code."""
    try:
        return BY_CODE[code]
    except KeyError:
        raise KeyError(f"unknown exercise type {code!r}") from None

"""Suggestions for one thought: up to three traps with their explanations, or "none clearly".

The suggestions are offers for the person to accept or dismiss, never a verdict. When no trap
reaches its threshold, nothing is suggested. Otherwise the three most likely traps are listed,
most likely first; `likely` says which of them reached their threshold.
"""

from __future__ import annotations

from typing import Any

from .evaluate import ranked
from .model import MAX_CHARS, TrapModel, load_default
from .taxonomy import TRAP_CODES, TRAPS_BY_CODE

SHOWN = 3
NONE_CLEARLY_MESSAGE = (
    "Nothing stands out clearly in this thought. You can still look through the thinking "
    "traps and choose any that fit, or none."
)


class EmptyThoughtError(ValueError):
    """There is no text to look at."""


def suggest(text: str, model: TrapModel | None = None) -> dict[str, Any]:
    if not text.strip():
        raise EmptyThoughtError("the thought is empty: write a few words to get suggestions")
    model = model or load_default()
    thought = text.strip()
    probabilities = model.predict_proba([thought])
    likely = model.predict(probabilities)[0]
    result: dict[str, Any] = {"text_length": len(text), "truncated": len(thought) > MAX_CHARS}
    if result["truncated"]:
        result["note"] = f"Only the first {MAX_CHARS} characters were read."
    if not likely.any():
        return {**result, "suggestions": [], "none_clearly": True, "message": NONE_CLEARLY_MESSAGE}
    suggestions = []
    for column in ranked(probabilities)[0, :SHOWN]:
        trap = TRAPS_BY_CODE[TRAP_CODES[column]]
        suggestions.append(
            {
                "trap": trap.code,
                "name": trap.name,
                "probability": round(float(probabilities[0, column]), 3),
                "likely": bool(likely[column]),
                "explanation": trap.explanation,
                "questions": list(trap.questions),
            }
        )
    return {**result, "suggestions": suggestions, "none_clearly": False}

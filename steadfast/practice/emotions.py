"""Emotion words for the daily check-in, grouped, each with a short meaning in our own words.

Picking a precise word ("drained" rather than "bad") is a skill; the groups and meanings help
people build a wider vocabulary over time. Only these codes are stored.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Word:
    code: str
    meaning: str

    @property
    def label(self) -> str:
        return self.code.capitalize()


@dataclass(frozen=True)
class Group:
    slug: str
    title: str
    words: tuple[Word, ...]


GROUPS: tuple[Group, ...] = (
    Group(
        "pleasant-calm",
        "Pleasant and calm",
        (
            Word("content", "at ease with how things are"),
            Word("relieved", "a weight has lifted"),
            Word("grateful", "thankful for something or someone"),
            Word("peaceful", "quiet inside, nothing pulling at you"),
            Word("safe", "protected, able to let your guard down"),
            Word("rested", "your body and mind have recharged"),
            Word("connected", "close to the people around you"),
        ),
    ),
    Group(
        "pleasant-lively",
        "Pleasant and lively",
        (
            Word("hopeful", "expecting that things can get better"),
            Word("proud", "pleased with something you did"),
            Word("energised", "ready to go, full of drive"),
            Word("confident", "trusting that you can handle it"),
            Word("curious", "wanting to know more"),
            Word("joyful", "a bright, light happiness"),
            Word("motivated", "wanting to get on with it"),
        ),
    ),
    Group(
        "unpleasant-low",
        "Unpleasant and low",
        (
            Word("tired", "short of energy"),
            Word("drained", "used up, with little left to give"),
            Word("sad", "a heavy feeling of loss or hurt"),
            Word("lonely", "wanting more closeness than you have"),
            Word("numb", "feeling little at all, switched off"),
            Word("discouraged", "losing heart after setbacks"),
            Word("disappointed", "things did not turn out as you hoped"),
        ),
    ),
    Group(
        "unpleasant-tense",
        "Unpleasant and tense",
        (
            Word("stressed", "too much asked of you at once"),
            Word("anxious", "worried about what might happen"),
            Word("overwhelmed", "more than you can take in right now"),
            Word("irritable", "quick to snap, easily annoyed"),
            Word("frustrated", "blocked from what you want"),
            Word("angry", "a hot feeling that something is wrong or unfair"),
            Word("guilty", "feeling you did something wrong"),
            Word("on edge", "alert and unable to settle"),
        ),
    ),
)

WORDS: dict[str, Word] = {w.code: w for g in GROUPS for w in g.words}

"""Words of danger: a pure phrase matcher over free text (no Django, no storage, no logging).

The list is maintained here, as data. Each phrase is written once as a small pattern over a
normalised text (lower case, apostrophes removed, hyphens and runs of space collapsed), with
its inflections, spelling variants, common misspellings and contractions as alternatives.
Every pattern is matched on word boundaries, so "skill myself" or "suicidals" in another word
do not count.

We lean towards showing help: a false alarm costs the writer a calm box with phone numbers,
a miss costs far more. Negation only clears a match for the few phrases marked `negatable`,
and only when the negation sits right before the phrase ("I'm not suicidal", "I don't want
to die"). "I don't want to live" is its own phrase, never cleared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Reusable alternatives. Misspellings are the ones people actually type on a phone.
_MYSELF = r"(?:myself|my self|meself|myslef|mysef|myselfe)"
_KILL = r"(?:kill|kills|killing|killed|kil|kiling|kll|klll)"
_SUICIDE = r"(?:suicide|suicides|sucide|suicde|suiside|suiscide|suicid|sooicide)"
_SUICIDAL = r"(?:suicidal|suicidel|sucidal|suicdal|suisidal|suicidial|suicidle)"
_WANT = r"(?:want|wanna|wanted|wanting|wish|wished)"
_DONT = r"(?:dont|do not|didnt|did not|no longer|dont really|do not really)"
_ANYMORE = r"(?:\s+(?:anymore|any more|no more))?"


@dataclass(frozen=True)
class Phrase:
    """One danger phrase. `key` is stable and carries no text, so it may be recorded."""

    key: str
    pattern: str
    negatable: bool = False


PHRASES: tuple[Phrase, ...] = (
    Phrase("kill_myself", rf"{_KILL} {_MYSELF}"),
    Phrase("unalive", rf"unalive(?:d|ing)? {_MYSELF}|unalive"),
    Phrase("suicidal", _SUICIDAL, negatable=True),
    # "suicide prevention training" is work talk in this domain, not a cry for help.
    Phrase("suicide", rf"{_SUICIDE}(?! (?:prevention|awareness|training|statistics))"),
    Phrase("end_my_life", r"(?:end|ends|ending|ended) (?:my life|my own life|it all)"),
    Phrase("take_my_life", r"(?:take|taking|took|taken) my (?:own )?life"),
    Phrase("want_to_die", rf"{_WANT} (?:to |)(?:die|be dead|be gone forever)", negatable=True),
    Phrase(
        "dont_want_to_live",
        rf"{_DONT} {_WANT} to (?:live|be alive|be here|exist){_ANYMORE}"
        rf"|(?:dont|do not) {_WANT} to (?:ever )?wake up (?:again|ever again|tomorrow)",
    ),
    Phrase("better_off_dead", r"(?:better|beter) off (?:dead|without me|if i was gone)"),
    Phrase("wish_i_was_dead", r"wish (?:i|id) (?:was|were|had been) (?:dead|never born)"),
    Phrase(
        "not_wake_up",
        r"(?:wish|hope|hoping|pray) (?:i|that i) (?:dont|do not|didnt|wouldnt|never) wake up",
    ),
    Phrase(
        "hurt_myself",
        rf"(?:hurt|hurts|hurting|harm|harming|harmed|cut|cuts|cutting) {_MYSELF}",
        negatable=True,
    ),
    Phrase("self_harm", r"self ?harm(?:ing|ed)?"),
    Phrase("no_reason_to_live", r"(?:no reason|nothing|nobody) (?:left )?to live for"),
    Phrase("not_worth_living", r"(?:life|it) (?:isnt|is not|aint) worth (?:living|it anymore)"),
    Phrase("not_worth_living_2", r"not worth living"),
    Phrase("cant_go_on", r"(?:cant|can not|cannot) (?:go on|keep going|do this) anymore"),
    # First person only: paramedics write "attended an overdose" about their work.
    Phrase(
        "overdose",
        rf"(?:take|taking|took) (?:an |a )?(?:overdose|od)|(?:overdose|od) {_MYSELF}",
    ),
    Phrase("hang_myself", rf"(?:hang|hanging|hung) {_MYSELF}"),
    Phrase("shoot_myself", rf"(?:shoot|shooting|shot) {_MYSELF}"),
    Phrase("jump_off", r"jump(?:ing)? (?:off|in front of) (?:a |the )?(?:bridge|building|train)"),
    Phrase("disappear_forever", r"(?:disappear|vanish) (?:forever|for good)"),
)

# A negation right before a negatable phrase, with at most two filler words between.
_NEGATION_BEFORE = re.compile(
    r"\b(?:not|never|no longer|dont|doesnt|didnt|wont|wouldnt|isnt|wasnt|havent|am not|im not)"
    r"(?: (?:really|actually|ever|feeling|been|at all|going to|gonna|even|currently)){0,2} $"
)


def normalise(text: str) -> str:
    """Lower case; curly and straight apostrophes removed (so "don't" and "dont" agree);
    hyphens, underscores and punctuation other than the apostrophe turned into spaces."""
    lowered = text.lower().replace("\u2019", "").replace("\u2018", "").replace("'", "")
    lowered = re.sub(r"[^a-z0-9]+", " ", lowered)
    return f" {lowered.strip()} "


def _compile(pattern: str) -> re.Pattern[str]:
    # A space in a pattern stands for the single space left by `normalise`.
    return re.compile(rf"\b(?:{pattern})\b")


_COMPILED: tuple[tuple[Phrase, re.Pattern[str]], ...] = tuple(
    (phrase, _compile(phrase.pattern)) for phrase in PHRASES
)


def danger_phrases(text: str) -> list[str]:
    """The keys of the danger phrases found in `text`, in list order (empty when none)."""
    clean = normalise(text)
    found: list[str] = []
    for phrase, compiled in _COMPILED:
        for match in compiled.finditer(clean):
            if phrase.negatable and _NEGATION_BEFORE.search(clean[: match.start()]):
                continue
            found.append(phrase.key)
            break
    return found


def has_danger(text: str) -> bool:
    return bool(danger_phrases(text))

"""The thirteen thinking traps, in our own words, and a forgiving name normaliser.

Each trap has a plain explanation, two short examples and a few questions that help a person
look at the thought again. The words are for the thought record: they describe a habit of
thinking that everyone falls into at times, never a condition of the person.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Trap:
    code: str
    name: str
    explanation: str
    examples: tuple[str, ...]
    questions: tuple[str, ...]


TRAPS: tuple[Trap, ...] = (
    Trap(
        code="all_or_nothing",
        name="All-or-nothing thinking",
        explanation=(
            "Seeing things in only two boxes, such as perfect or ruined, success or failure. "
            "Most days and most people sit somewhere in the middle."
        ),
        examples=(
            "I forgot one step in the handover, so the whole shift was a mess.",
            "If I can't do the full workout, there's no point doing any of it.",
        ),
        questions=(
            "What would a middle answer between the two extremes look like?",
            "What part of this went fine, or at least okay?",
            "If I scored it from 0 to 10, what number would be fair?",
        ),
    ),
    Trap(
        code="overgeneralizing",
        name="Overgeneralizing",
        explanation=(
            "Taking one event and turning it into a rule, often with words like always, "
            "never, everyone or nothing."
        ),
        examples=(
            "The call went badly again. Nothing ever works out for me.",
            "My request got turned down, so they'll never listen to me.",
        ),
        questions=(
            "Can I think of one time when this did not happen?",
            "Is this one event, or truly every time?",
            "What would I say if I swapped 'always' for 'this time'?",
        ),
    ),
    Trap(
        code="labeling",
        name="Labeling",
        explanation=(
            "Putting a harsh label on yourself or someone else because of one thing that "
            "happened. A label hides everything else that is true about a person."
        ),
        examples=(
            "I missed the deadline. I'm such a loser.",
            "He didn't call back. He's just a selfish person.",
        ),
        questions=(
            "Am I describing what happened, or judging the whole person?",
            "What else is true about me, or about them, besides this moment?",
            "How would I describe the action without a label?",
        ),
    ),
    Trap(
        code="fortune_telling",
        name="Fortune telling",
        explanation=(
            "Predicting that things will turn out badly and treating the guess as a fact, "
            "before anything has happened."
        ),
        examples=(
            "The review is going to go terribly, I just know it.",
            "I won't get the job, so why even apply.",
        ),
        questions=(
            "What are the other ways this could turn out?",
            "How often have my worried guesses come true before?",
            "What can I do now that would help, whatever happens?",
        ),
    ),
    Trap(
        code="mind_reading",
        name="Mind reading",
        explanation=(
            "Feeling sure you know what other people think of you, usually something "
            "negative, without them saying so."
        ),
        examples=(
            "My sergeant thinks I can't handle this job.",
            "They went quiet when I walked in. They must think I'm annoying.",
        ),
        questions=(
            "What do I actually know, and what am I guessing?",
            "What else could they be thinking about?",
            "Could I ask them, or wait and see?",
        ),
    ),
    Trap(
        code="emotional_reasoning",
        name="Emotional reasoning",
        explanation=(
            "Treating a feeling as proof. Feeling anxious, guilty or stupid does not mean "
            "that you are in danger, at fault or not clever."
        ),
        examples=(
            "I feel so guilty, so I must have done something wrong.",
            "I feel like a fraud, so I probably am one.",
        ),
        questions=(
            "What facts do I have, apart from how I feel?",
            "Have I felt this way before when things turned out fine?",
            "If a friend felt this, would I take the feeling as proof?",
        ),
    ),
    Trap(
        code="should_statements",
        name="Should statements",
        explanation=(
            "Holding yourself or others to fixed rules about how things should, must or "
            "ought to be. Broken rules then bring guilt or anger."
        ),
        examples=(
            "I should be able to handle this without help.",
            "People ought to know how hard we work.",
        ),
        questions=(
            "Who made this rule, and is it fair?",
            "What would change if I said 'I would like to' instead of 'I should'?",
            "Would I hold a friend to the same rule?",
        ),
    ),
    Trap(
        code="personalizing",
        name="Personalizing",
        explanation=(
            "Taking the blame for something that had many causes, or reading other "
            "people's moods and actions as being about you."
        ),
        examples=(
            "The patient got worse, and it's all because of me.",
            "My friend is in a bad mood. I must have upset her.",
        ),
        questions=(
            "What other things played a part in this?",
            "How much of this was really in my control?",
            "Is there another reason they might act this way?",
        ),
    ),
    Trap(
        code="disqualifying_the_positive",
        name="Disqualifying the positive",
        explanation=(
            "Brushing aside good things that happen, as if they don't count or were just "
            "luck, so only the bad things seem real."
        ),
        examples=(
            "They thanked me, but they were only being polite.",
            "I passed the exam, but anyone could have.",
        ),
        questions=(
            "If this good thing had happened to a friend, would I say it counts?",
            "What did I do that helped this go well?",
            "Can I let myself take in the good part, even a little?",
        ),
    ),
    Trap(
        code="catastrophizing",
        name="Catastrophizing",
        explanation=(
            "Jumping to the worst possible outcome and feeling as if it will be too much to "
            "bear, when a problem is real but smaller."
        ),
        examples=(
            "If I make one mistake on this report, I'll lose my job and everything with it.",
            "My chest feels tight. Something terrible is happening.",
        ),
        questions=(
            "What is the worst, the best and the most likely outcome?",
            "If the worst did happen, how would I get through it?",
            "Will this matter in a week, a month or a year?",
        ),
    ),
    Trap(
        code="comparing_and_despairing",
        name="Comparing and despairing",
        explanation=(
            "Measuring yourself against others, often their best moments, and coming out "
            "feeling less."
        ),
        examples=(
            "Everyone else in my class seems to get this except me.",
            "Other parents have it together. I'm always behind.",
        ),
        questions=(
            "Am I comparing my inside to their outside?",
            "What don't I know about their life?",
            "How far have I come compared with where I was before?",
        ),
    ),
    Trap(
        code="blaming",
        name="Blaming",
        explanation=(
            "Putting all of the fault on someone else, or on yourself, and stopping there. "
            "It can leave you stuck instead of looking for what can change."
        ),
        examples=(
            "My shift is a mess because management never plans anything.",
            "It's my partner's fault that I'm stressed all the time.",
        ),
        questions=(
            "What parts of this are shared between people or circumstances?",
            "What is one thing I can do about it now?",
            "Does finding someone at fault help me move forward?",
        ),
    ),
    Trap(
        code="negative_feeling_or_emotion",
        name="Negative feeling or emotion",
        explanation=(
            "Getting caught up in a painful feeling, like fear, sadness or anger, so that it "
            "colors how everything looks. The feeling is real, and it can pass."
        ),
        examples=(
            "I'm so anxious I can't think about anything else.",
            "I feel completely drained and empty after today.",
        ),
        questions=(
            "What is the feeling telling me, and what does it need?",
            "What has helped before when I felt this way?",
            "How strong is it right now, from 0 to 10, and has it changed today?",
        ),
    ),
)

NOT_DISTORTED = Trap(
    code="not_distorted",
    name="Not distorted",
    explanation=(
        "The thought looks balanced and fits the facts. Hard thoughts can still be fair ones."
    ),
    examples=(
        "The shift was hard, and I did what I could with the time I had.",
        "I'm nervous about the test, so I'll study for an hour tonight.",
    ),
    questions=(
        "Is there anything useful I could do with this thought?",
        "What would help me take care of myself right now?",
    ),
)

TRAP_CODES: tuple[str, ...] = tuple(trap.code for trap in TRAPS)
TRAPS_BY_CODE: dict[str, Trap] = {trap.code: trap for trap in (*TRAPS, NOT_DISTORTED)}


class UnknownTrapError(ValueError):
    """A name that matches none of the thirteen traps (or 'not distorted')."""


# Common spellings used in worksheets and papers, keyed by the normalised form (see _key).
_ALIASES: dict[str, tuple[str, ...]] = {
    "all_or_nothing": (
        "all or nothing thinking",
        "black and white thinking",
        "black or white thinking",
        "polarized thinking",
        "polarised thinking",
        "dichotomous thinking",
    ),
    "overgeneralizing": (
        "overgeneralising",
        "overgeneralization",
        "overgeneralisation",
        "overgeneralize",
        "overgeneralise",
        "over generalizing",
        "over generalising",
        "over generalization",
        "over generalisation",
    ),
    "labeling": ("labelling", "labels", "mislabeling", "mislabelling", "labeling and mislabeling"),
    "fortune_telling": ("fortune teller error", "fortune teller", "fortunetelling"),
    "mind_reading": ("mindreading", "mind reader"),
    "emotional_reasoning": (),
    "should_statements": ("should statement", "shoulds", "should", "must statements"),
    "personalizing": (
        "personalising",
        "personalization",
        "personalisation",
        "personalize",
        "personalise",
    ),
    "disqualifying_the_positive": (
        "disqualifying positives",
        "disqualifying the positives",
        "discounting the positive",
        "discounting the positives",
        "discounting positives",
    ),
    "catastrophizing": (
        "catastrophising",
        "catastrophization",
        "catastrophisation",
        "catastrophic thinking",
        "catastrophize",
        "catastrophise",
    ),
    "comparing_and_despairing": (
        "comparing",
        "comparison",
        "comparisons",
        "comparing despairing",
        "compare and despair",
    ),
    "blaming": ("blame", "blaming others", "blaming yourself", "self blame"),
    "negative_feeling_or_emotion": (
        "negative feelings or emotions",
        "negative feeling",
        "negative feelings",
        "negative emotion",
        "negative emotions",
    ),
    "not_distorted": (
        "not distorted",
        "none",
        "no trap",
        "no traps",
        "no distortion",
        "undistorted",
    ),
}


def _key(name: str) -> str:
    """Lower case, accents stripped, every run of spaces, hyphens or punctuation as one space."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(part for part in re.split(r"[^a-z0-9]+", plain.lower()) if part)


def _lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for code, trap in TRAPS_BY_CODE.items():
        for name in (code, trap.name, *_ALIASES.get(code, ())):
            table[_key(name)] = code
    return table


_LOOKUP = _lookup()


def normalise_trap_name(name: str) -> str:
    """The code for a trap name in any case or spacing ('Fortune-Telling' -> 'fortune_telling').

    Raises UnknownTrapError for a name that is not one of the traps or 'not distorted'.
    """
    key = _key(name)
    code = _LOOKUP.get(key)
    if code is None and key.endswith(" thinking"):
        code = _LOOKUP.get(key.removesuffix(" thinking"))
    if code is None:
        known = ", ".join(TRAP_CODES)
        raise UnknownTrapError(f"unknown thinking trap {name!r}; known traps: {known}")
    return code

"""What each exercise asks, as plain data: steps, fields, default prompts and their aliases.

A field's `name` is the key a program uses under `prompts:` to put its own question in place of
ours; `aliases` are the other keys programs use for the same field (programs were written before
this list, and several spell the same idea differently). Everything typed into `text`, `line`,
`list3`, `traps` and `values` fields goes into the entry's encrypted payload; the numbers named
in NUMBER_COLUMNS are stored as plain columns so they can be charted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from steadfast.programs.exercise_types import BY_CODE

Kind = Literal[
    "text", "line", "list3", "scale100", "scale10", "hours", "date", "time", "traps", "values",
    "pattern",
]  # fmt: skip

# Numbers kept outside the encrypted payload (for charts); everything else is in the payload.
NUMBER_COLUMNS = ("intensity", "rerate", "hours", "quality")
# Exercise codes implemented elsewhere: the journal app, and the wheel questionnaire (by the
# name of the page that answers them).
ELSEWHERE: dict[str, str] = {"journal": "journal:index", "wheel": "assessments:index"}
# Exercise codes with pages of their own in this app (not the generic entry form); a program
# item that links there travels with the person.
OWN_PAGES: dict[str, str] = {"checkin": "practice:checkin", "goal": "practice:goal_new"}
TEXT_KINDS = ("text", "line", "list3")
MAX_TEXT = 5000


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: Kind = "text"
    aliases: tuple[str, ...] = ()
    help: str = ""
    # What an empty field starts with: "yesterday" for a date about last night.
    default: Literal["", "yesterday"] = ""

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Step:
    title: str
    fields: tuple[Field, ...]
    slug: str = ""
    note: str = ""


@dataclass(frozen=True)
class Exercise:
    code: str
    intro: str
    steps: tuple[Step, ...]
    timed: bool = False  # real-time resilience: a visible countdown on the answering step
    chart: Literal["", "sleep"] = ""  # the history page's chart of this exercise's numbers

    @property
    def title(self) -> str:
        return BY_CODE[self.code].title

    @property
    def theme(self) -> str:
        return BY_CODE[self.code].theme

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(f for step in self.steps for f in step.fields)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def prompt_keys(self) -> set[str]:
        return {key for f in self.fields for key in f.keys}

    @property
    def suggests_traps(self) -> bool:
        """Whether the person may ask for thinking-trap suggestions on the thought."""
        return any(f.kind == "traps" for f in self.fields)

    @property
    def paced(self) -> bool:
        """Whether the exercise follows a breathing pattern (its own or the program's)."""
        return any(f.kind == "pattern" for f in self.fields)

    def summary_field(self) -> Field:
        """The field whose first words name an entry in the person's own history."""
        return next(f for f in self.fields if f.kind in TEXT_KINDS)


def _t(name: str, label: str, *aliases: str, help: str = "") -> Field:
    return Field(name, label, "text", aliases, help)


def _l(name: str, label: str, *aliases: str, help: str = "") -> Field:
    return Field(name, label, "line", aliases, help)


EXERCISES: dict[str, Exercise] = {
    e.code: e
    for e in (
        Exercise(
            "thought_record",
            "Slow one moment down, step by step: what happened, what you thought, how you "
            "felt, and a fairer way to see it. You decide what fits.",
            (
                Step(
                    "What happened",
                    (_t("situation", "What happened? Stick to the facts, as a camera would."),),
                ),
                Step("The thought", (_t("thought", "What went through your mind?"),)),
                Step(
                    "The feeling",
                    (
                        _l("emotion", "What did you feel? One or two words is enough."),
                        Field("intensity", "How strong was it, from 0 to 100?", "scale100"),
                    ),
                ),
                Step(
                    "Thinking traps",
                    (
                        Field(
                            "traps",
                            "Which thinking traps might be in this thought? Choose any that "
                            "fit, or none.",
                            "traps",
                        ),
                    ),
                    slug="traps",
                ),
                Step(
                    "A balanced thought",
                    (
                        _t(
                            "balanced_thought",
                            "What is a fairer way to see it, using all the facts? Write "
                            "something you can believe.",
                        ),
                    ),
                ),
                Step(
                    "The feeling now",
                    (Field("rerate", "How strong is the feeling now, from 0 to 100?", "scale100"),),
                ),
            ),
        ),
        Exercise(
            "abc",
            "Pull apart what happened, what you told yourself, and what followed. The middle "
            "part is where change starts.",
            (
                Step("A: Adversity", (_t("adversity", "What happened? Only the facts."),)),
                Step("B: Beliefs", (_t("beliefs", "What went through your mind right then?"),)),
                Step(
                    "C: Consequences",
                    (_t("consequences", "What did you feel, and what did you do or want to do?"),),
                ),
            ),
        ),
        Exercise(
            "real_time_resilience",
            "A quick drill: answer an unhelpful thought in as many ways as you can before the "
            "timer runs out. Starters help when you get stuck.",
            (
                Step("The thought", (_t("thought", "Which unhelpful thought will you answer?"),)),
                Step(
                    "Answer it",
                    (
                        _t("evidence", "That is not fully true, because..."),
                        _t("optimism", "A more helpful way to see this is..."),
                        _t("perspective", "The most likely outcome is..., and I can..."),
                    ),
                    slug="answer",
                ),
            ),
            timed=True,
        ),
        Exercise(
            "explanatory_style",
            "How we explain a setback shapes how we feel about it. Check your first "
            "explanation, then write a second one that is just as honest.",
            (
                Step(
                    "The setback",
                    (
                        _t("setback", "What was the setback?"),
                        _t("explanation", "What was your first explanation for it?"),
                    ),
                ),
                Step(
                    "Check the explanation",
                    (
                        _t("permanent", "Permanent? Does it say things will always be this way?"),
                        _t("pervasive", "Pervasive? Does it spill into every part of life?"),
                        _t("personal", "Personal? Does it put all of it on you, or on others?"),
                    ),
                ),
                Step(
                    "Another explanation",
                    (_t("alternative", "Write another explanation that fits the facts."),),
                ),
            ),
        ),
        Exercise(
            "perspective",
            "When a worry grows, look at the worst, the best and the most likely outcome, then "
            "plan for the most likely one.",
            (
                Step("The worry", (_t("worry", "What are you worried about?"),)),
                Step(
                    "Three outcomes",
                    (
                        _t("worst", "What is the worst that your mind says could happen?"),
                        _t("best", "What is the best that could happen, even if unlikely?"),
                        _t("likely", "What is most likely to happen?"),
                    ),
                ),
                Step("A plan", (_t("plan", "What can you do to handle the most likely case?"),)),
            ),
        ),
        Exercise(
            "problem_solving",
            "Take one problem through six steps. Pick a date to look back at how it went.",
            (
                Step("Define it", (_t("problem", "What is the problem, in a sentence or two?"),)),
                Step("Brainstorm", (_t("brainstorm", "List every option, even silly ones."),)),
                Step(
                    "Weigh them",
                    (_t("pros_cons", "For your best two or three, what are the pros and cons?"),),
                ),
                Step("Choose", (_t("choice", "Which option will you try?"),)),
                Step("Plan", (_t("plan", "What will you do, and when?"),)),
                Step(
                    "Review later",
                    (
                        Field("review_on", "When will you look back at how it went?", "date"),
                        _t(
                            "review",
                            "How will you know if it worked? (Add notes when you look back.)",
                        ),
                    ),
                ),
            ),
        ),
        Exercise(
            "values",
            "Name what matters most to you, link it to something you can do this week, and "
            "notice what a hard time taught you.",
            (
                Step(
                    "Your values",
                    (Field("values", "Choose up to five values and put them in order.", "values"),),
                ),
                Step(
                    "This week",
                    (
                        _t(
                            "actions",
                            "What is one thing you could do this week for your top value?",
                            "weekly_action",
                        ),
                    ),
                ),
                Step(
                    "Meaning from a hard time",
                    (
                        _t(
                            "meaning",
                            "Think of a hard time you came through. What did it show you "
                            "about what you care about?",
                            "meaning_in_hardship",
                        ),
                    ),
                ),
            ),
        ),
        Exercise(
            "breathing",
            "Follow the pacer for a few minutes, then bring your attention back to the room "
            "with your senses. Stop whenever you like.",
            (
                Step(
                    "Choose a pattern",
                    (Field("pattern", "Which breathing pattern?", "pattern"),),
                    slug="pacer",
                ),
                Step(
                    "Ground yourself: 5, 4, 3, 2, 1",
                    (
                        _l("see", "Five things you can see"),
                        _l("touch", "Four things you can feel or touch"),
                        _l("hear", "Three things you can hear"),
                        _l("smell", "Two things you can smell"),
                        _l("taste", "One thing you can taste, or one slow breath"),
                    ),
                    note="Short notes are fine. You can also just notice them and leave the "
                    "boxes empty.",
                ),
                Step("Afterwards", (_t("after", "How do you feel now, compared with before?"),)),
            ),
        ),
        Exercise(
            "micro_breaks",
            "Plan a few short breaks into your next shift, each tied to something that "
            "already happens.",
            (
                Step(
                    "Your shift", (_t("shift", "What is your next shift, and when is it busiest?"),)
                ),
                Step(
                    "Your breaks",
                    (
                        _t(
                            "anchors",
                            "What moments could each break be tied to?",
                            "anchor",
                            "when",
                        ),
                        _t("breaks", "What will you do in each break?", "action", "what"),
                        _t("obstacles", "What might get in the way, and what then?", "obstacle"),
                    ),
                ),
            ),
        ),
        Exercise(
            "sleep_log",
            "A minute each morning: how you slept and what helped you rest. Look for a "
            "pattern over a week.",
            (
                Step(
                    "Last night",
                    (
                        Field("night", "Which night?", "date", default="yesterday"),
                        Field("bedtime", "When did you go to bed?", "time"),
                        Field("wake", "When did you get up?", "time"),
                        Field("hours", "About how many hours did you sleep?", "hours"),
                        Field("quality", "How rested do you feel, from 0 to 10?", "scale10"),
                    ),
                ),
                Step(
                    "Rest and recovery",
                    (
                        _t("recovery", "What helped you rest or switch off?", "what_helped"),
                        _t("notes", "What got in the way?"),
                    ),
                ),
            ),
            chart="sleep",
        ),
        Exercise(
            "self_care_plan",
            "A short plan for the days when things pile up: your early signs, what helps, and "
            "who you can call.",
            (
                Step("Warning signs", (_t("warning_signs", "What are your early warning signs?"),)),
                Step(
                    "What helps",
                    (
                        _t("what_helps", "What helps when you notice those signs?", "actions"),
                        _t("basics", "What will you do every day, whatever happens?"),
                    ),
                ),
                Step(
                    "Who to call",
                    (
                        _t("who_to_call", "Who can you talk to on a hard day?", "people"),
                        _t("professional", "Which professional help could you use, and how?"),
                    ),
                ),
            ),
        ),
        Exercise(
            "active_constructive",
            "When someone shares good news, show real interest and ask about it. Log one time "
            "you tried.",
            (
                Step(
                    "The good news",
                    (_t("news", "Who shared good news, and what was it?", "good_news"),),
                ),
                Step(
                    "Your response",
                    (
                        _t("response", "What did you say or ask?", "my_response"),
                        _t("effect", "How did they react, and how did it feel?", "reaction"),
                        _t("next_time", "What might you try next time?"),
                    ),
                ),
            ),
        ),
        Exercise(
            "gratitude",
            "Write three things that went well today, however small, and why they happened.",
            (
                Step(
                    "Three good things",
                    (Field("good_things", "What went well today?", "list3"),),
                ),
                Step(
                    "Why they happened",
                    (
                        Field(
                            "why",
                            "For each one, why did it happen? What part did you or someone "
                            "else play?",
                            "list3",
                            ("what_caused_them",),
                        ),
                    ),
                ),
            ),
        ),
        Exercise(
            "difficult_conversation",
            "Get ready for a hard talk: the facts, how it affects you, what you ask for and "
            "what would follow. Then say it out loud once.",
            (
                Step("The situation", (_t("situation", "What is happening, in plain facts?"),)),
                Step(
                    "How it affects me",
                    (_t("effect", 'How does it affect you? Start with "I".', "effect_on_me"),),
                ),
                Step(
                    "What I ask for", (_t("ask", "What exactly will you ask for?", "what_i_ask"),)
                ),
                Step(
                    "What follows",
                    (_t("follows", "What would get better if it changes?", "what_follows"),),
                ),
                Step(
                    "Rehearsal notes",
                    (
                        _t(
                            "rehearsal",
                            "Say it out loud once. What felt hard, and what will you change?",
                            "rehearsal_notes",
                        ),
                    ),
                ),
            ),
        ),
        Exercise(
            "support_map",
            "Map who you can turn to for what. Names or initials are fine, and empty boxes "
            "show where to build.",
            (
                Step(
                    "Who for what",
                    (
                        _l("people", "Who are the people you turn to?"),
                        _l("listening", "Who listens without trying to fix?", "listen", "talk"),
                        _l("practical", "Who helps with practical things?"),
                        _l("advice", "Whose advice do you trust?"),
                        _l("company", "Who do you relax or laugh with?", "fun", "laugh"),
                        _l("work", "Who at work understands what it is like?"),
                        _l("emergency", "Who can be called if something goes wrong?"),
                        _l("professional", "Which professional or service could you use?"),
                    ),
                ),
                Step(
                    "Reach out",
                    (_t("reach_out", "Who will you get in touch with this week, and how?"),),
                ),
            ),
        ),
        Exercise(
            "boundaries",
            "Choose one boundary small enough to try this week, and plan how you will keep it.",
            (
                Step(
                    "The boundary",
                    (
                        _t("boundary", "What boundary do you want to set?"),
                        _t("why_it_matters", "Why does it matter? What will it protect?"),
                    ),
                ),
                Step(
                    "Keeping it",
                    (
                        _t("what_i_will_say", "What will you say if someone pushes on it?"),
                        _t("who_backs_me", "Who can help you keep it?"),
                    ),
                ),
            ),
        ),
    )
}

# Prompt keys the check-in and goal pages accept (they have pages of their own).
OWN_PAGE_PROMPT_KEYS: dict[str, frozenset[str]] = {
    "checkin": frozenset({"emotion_words"}),
    "goal": frozenset(
        {"what", "goal", "why", "steps", "by_when", "date", "how_i_know", "how_know", "partner"}
    ),
}


def exercise(code: str) -> Exercise:
    """KeyError for codes that are not entry exercises here."""
    return EXERCISES[code]


def prompts_for(ex: Exercise, prompts: dict[str, str]) -> dict[str, str]:
    """Each field's question: the program's own wording (by name or alias) or our default."""
    out = {}
    for f in ex.fields:
        out[f.name] = next((prompts[k] for k in f.keys if prompts.get(k)), f.label)
    return out


# -- breathing patterns ---------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    code: str
    name: str
    phases: tuple[int, int, int, int]  # in, hold, out, hold (seconds)


PATTERNS: tuple[Pattern, ...] = (
    Pattern("slow", "Long out-breath: in 4, out 6", (4, 0, 6, 0)),
    Pattern("box", "Box breathing: in 4, hold 4, out 4, hold 4", (4, 4, 4, 4)),
    Pattern("even", "Even breathing: in 5, out 5", (5, 0, 5, 0)),
)
PATTERNS_BY_CODE = {p.code: p for p in PATTERNS}


def pattern_from_settings(settings: dict[str, object]) -> Pattern | None:
    """A program's own pattern (`pattern: [4, 0, 6, 0]` or `inhale`/`exhale`), if it names one."""
    raw = settings.get("pattern")
    phases: list[int] | None = None
    if isinstance(raw, list) and len(raw) == 4 and all(isinstance(n, int) for n in raw):
        phases = [int(n) for n in raw]
    elif isinstance(settings.get("inhale"), int) and isinstance(settings.get("exhale"), int):
        phases = [int(settings["inhale"]), 0, int(settings["exhale"]), 0]  # type: ignore[call-overload]
    if not phases or any(n < 0 or n > 12 for n in phases) or phases[0] == 0 or phases[2] == 0:
        return None
    a, b, c, d = phases
    for known in PATTERNS:
        if known.phases == (a, b, c, d):
            return known
    name = f"In {a}" + (f", hold {b}" if b else "") + f", out {c}" + (f", hold {d}" if d else "")
    return Pattern("program", name, (a, b, c, d))


def patterns_for(ex: Exercise, settings: dict[str, object]) -> tuple[list[Pattern], str]:
    """The patterns a paced exercise offers (a program's own first) and the one chosen when
    the person has not chosen yet. Exercises without a pacer offer none."""
    if not ex.paced:
        return list(PATTERNS), ""
    own = pattern_from_settings(settings)
    if own is not None and own.code == "program":
        return [own, *PATTERNS], own.code
    return list(PATTERNS), own.code if own else "slow"


def with_defaults(
    ex: Exercise, values: dict[str, object], *, settings: dict[str, object], today: date
) -> dict[str, object]:
    """The values an exercise's form opens with: what the person typed, and for each empty
    field its default (the breathing pattern, last night's date)."""
    out = dict(values)
    for f in ex.fields:
        if out.get(f.name):
            continue
        if f.kind == "pattern":
            out[f.name] = patterns_for(ex, settings)[1]
        elif f.default == "yesterday":
            out[f.name] = (today - timedelta(days=1)).isoformat()
    return out


# -- values --------------------------------------------------------------------------------

VALUES: tuple[str, ...] = (
    "Adventure", "Calm", "Compassion", "Courage", "Creativity", "Curiosity", "Dignity",
    "Faith", "Fairness", "Family", "Freedom", "Friendship", "Fun", "Growth", "Health",
    "Honesty", "Independence", "Justice", "Kindness", "Learning", "Loyalty", "Nature",
    "Patience", "Respect", "Responsibility", "Safety", "Service", "Skill", "Teamwork",
    "Trust",
)  # fmt: skip
MAX_VALUES = 5

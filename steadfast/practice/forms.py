"""Input shape for exercise entries, check-ins and goals.

Exercise forms are rendered from `exercises.EXERCISES`, so they are read here by hand: `values`
is what the person typed (kept as strings so a form can be shown again exactly as it was, and
so a draft can hold it), `clean_entry` turns it into the payload and plain numbers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.http import QueryDict

from steadfast.core.text import text_problem
from steadfast.core.versioning import RowVersionField
from steadfast.practice.exercises import (
    MAX_TEXT,
    MAX_VALUES,
    NUMBER_COLUMNS,
    PATTERNS_BY_CODE,
    TEXT_KINDS,
    VALUES,
    Exercise,
)
from steadfast.reframing.taxonomy import TRAP_CODES

Values = dict[str, Any]  # field name -> str, or list[str] for list kinds
LIST_KINDS = ("list3", "traps", "values")
DECISIONS = ("accepted", "dismissed")


def _text(value: object, limit: int = MAX_TEXT) -> str:
    return str(value or "").strip()[: limit + 1]


# What a goal draft holds: field name -> whether it is multi-line.
GOAL_DRAFT_FIELDS = {
    "what": False,
    "why": True,
    "steps": True,
    "by_when": False,
    "how_i_know": True,
    "partner": False,
}


def control_character_errors(exercise: Exercise | None, values: Values) -> dict[str, str]:
    """Field name -> message for each typed value that breaks the control-character rule
    (decision 0014): multi-line for a text box, single-line for everything else. Without an
    exercise, `values` is a goal draft."""
    multiline = (
        {f.name: f.kind == "text" for f in exercise.fields}
        if exercise is not None
        else GOAL_DRAFT_FIELDS
    )
    errors: dict[str, str] = {}
    for name, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            problem = text_problem(str(item), multiline=multiline.get(name, False))
            if problem:
                errors[name] = problem
    return errors


def entry_values(exercise: Exercise, post: QueryDict | dict[str, Any]) -> Values:
    """What was typed, field by field (nothing checked yet), plus rating and trap choices."""

    def getlist(name: str) -> list[str]:
        if isinstance(post, QueryDict):
            return [_text(v) for v in post.getlist(name)]
        raw: Any = post.get(name, [])
        return [_text(v) for v in (raw if isinstance(raw, list) else [raw])]

    values: Values = {}
    for f in exercise.fields:
        if f.kind in LIST_KINDS:
            values[f.name] = getlist(f.name)[: max(3, MAX_VALUES, len(TRAP_CODES))]
        else:
            values[f.name] = _text(post.get(f.name, ""))
    values["rating"] = _text(post.get("rating", ""), 2)
    if exercise.code == "thought_record":
        offered = [c for c in getlist("suggested") if c in TRAP_CODES][:3]
        values["suggested"] = offered
        for code in offered:
            values[f"suggestion_{code}"] = _text(post.get(f"suggestion_{code}", ""), 10)
    return values


@dataclass
class CleanEntry:
    data: dict[str, Any] = field(default_factory=dict)
    numbers: dict[str, Any] = field(default_factory=dict)
    rating: int | None = None
    day: datetime.date | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def texts(self) -> list[str]:
        """Every piece of free text, for the safety check."""
        out: list[str] = []
        for value in self.data.values():
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, list):
                out.extend(v for v in value if isinstance(v, str))
        return [t for t in out if t]


def _int_in(value: str, low: int, high: int) -> int | None:
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"Choose a whole number from {low} to {high}.") from None
    if not low <= number <= high:
        raise ValueError(f"Choose a whole number from {low} to {high}.")
    return number


def clean_entry(exercise: Exercise, values: Values) -> CleanEntry:
    clean = CleanEntry()
    unreadable = control_character_errors(exercise, values)
    filled = False
    for f in exercise.fields:
        if f.name in unreadable:
            clean.errors[f.name] = unreadable[f.name]
            continue
        raw = values.get(f.name, [] if f.kind in LIST_KINDS else "")
        try:
            if f.kind in ("text", "line"):
                if len(raw) > MAX_TEXT:
                    raise ValueError(f"Please keep this under {MAX_TEXT} characters.")
                if raw:
                    clean.data[f.name] = raw
            elif f.kind == "list3":
                items = [v for v in raw[:3]]
                if any(len(v) > MAX_TEXT for v in items):
                    raise ValueError(f"Please keep each under {MAX_TEXT} characters.")
                if any(items):
                    clean.data[f.name] = items + [""] * (3 - len(items))
            elif f.kind == "traps":
                chosen = [c for c in TRAP_CODES if c in raw]
                if chosen:
                    clean.data[f.name] = chosen
            elif f.kind == "values":
                ranked: list[str] = []
                for v in raw:
                    if v and v in VALUES and v not in ranked:
                        ranked.append(v)
                if ranked:
                    clean.data[f.name] = ranked[:MAX_VALUES]
            elif f.kind == "pattern":
                if raw and raw not in PATTERNS_BY_CODE and raw != "program":
                    raise ValueError("Choose one of the patterns.")
                if raw:
                    clean.data[f.name] = raw
            elif f.kind in ("scale100", "scale10"):
                if raw != "":
                    clean.numbers[f.name] = _int_in(raw, 0, 100 if f.kind == "scale100" else 10)
            elif f.kind == "hours":
                if raw != "":
                    try:
                        hours = Decimal(raw.replace(",", "."))
                    except InvalidOperation:
                        raise ValueError("Write hours as a number, like 6.5.") from None
                    if not Decimal(0) <= hours <= Decimal(24):
                        raise ValueError("Write a number of hours from 0 to 24.")
                    clean.numbers[f.name] = hours.quantize(Decimal("0.01"))
            elif f.kind == "date":
                if raw:
                    try:
                        day = datetime.date.fromisoformat(raw)
                    except ValueError:
                        raise ValueError("Choose a date.") from None
                    clean.data[f.name] = day.isoformat()
                    if f.name == "night":
                        clean.day = day
            elif f.kind == "time" and raw:
                try:
                    clean.data[f.name] = datetime.time.fromisoformat(raw).strftime("%H:%M")
                except ValueError:
                    raise ValueError("Choose a time, like 22:30.") from None
        except ValueError as error:
            clean.errors[f.name] = str(error)
            continue
        if f.name in clean.data or f.name in clean.numbers:
            filled = True
    if "rating" in unreadable:
        clean.errors["rating"] = "Choose from 1 to 5, or leave it empty."
    elif values.get("rating"):
        try:
            clean.rating = _int_in(values["rating"], 1, 5)
        except ValueError:
            clean.errors["rating"] = "Choose from 1 to 5, or leave it empty."
    if exercise.code == "thought_record" and values.get("suggested"):
        decisions = []
        for code in values["suggested"]:
            decision = values.get(f"suggestion_{code}", "")
            decision = decision if decision in DECISIONS else "undecided"
            decisions.append({"trap": code, "decision": decision})
            traps = clean.data.setdefault("traps", [])
            if decision == "accepted" and code not in traps:
                traps.append(code)
            if decision == "dismissed" and code in traps:
                traps.remove(code)
        if not clean.data.get("traps"):
            clean.data.pop("traps", None)
        clean.data["suggestions"] = decisions
    if not filled and exercise.code != "breathing" and not clean.errors:
        clean.errors["__all__"] = "Write something in at least one box before you save."
    for name in NUMBER_COLUMNS:
        clean.numbers.setdefault(name, None)
    return clean


def values_from_entry(exercise: Exercise, data: dict[str, Any], numbers: dict[str, Any]) -> Values:
    """An entry (or a draft) turned back into form values."""
    values: Values = {}
    for f in exercise.fields:
        if f.kind in LIST_KINDS:
            raw = data.get(f.name, [])
            values[f.name] = [str(v) for v in raw] if isinstance(raw, list) else []
        elif f.name in NUMBER_COLUMNS:
            number = numbers.get(f.name)
            values[f.name] = (
                "" if number is None else f"{number:g}" if f.kind == "hours" else str(number)
            )
        else:
            values[f.name] = str(data.get(f.name, ""))
    rating = numbers.get("rating")
    values["rating"] = "" if rating is None else str(rating)
    for choice in data.get("suggestions", []) if isinstance(data.get("suggestions"), list) else []:
        values.setdefault("suggested", []).append(choice.get("trap", ""))
        values[f"suggestion_{choice.get('trap', '')}"] = choice.get("decision", "")
    return values


def has_text(exercise: Exercise, values: Values) -> bool:
    return any(
        (v if isinstance(v, str) else any(v))
        for f in exercise.fields
        if f.kind in TEXT_KINDS and (v := values.get(f.name))
    )


# -- check-in ------------------------------------------------------------------------------


class CheckinForm(forms.Form):
    mood = forms.IntegerField(min_value=0, max_value=10)
    stress = forms.IntegerField(min_value=0, max_value=10)
    energy = forms.IntegerField(min_value=0, max_value=10)
    sleep = forms.IntegerField(min_value=0, max_value=10)
    # Emotion words are read from the request and filtered to the known list by the service.
    token = forms.UUIDField()


# -- goals ---------------------------------------------------------------------------------


class GoalForm(forms.Form):
    what = forms.CharField(max_length=300)
    why = forms.CharField(max_length=MAX_TEXT, required=False, widget=forms.Textarea)
    steps = forms.CharField(
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea,
        help_text="One step on each line.",
    )
    by_when = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    how_i_know = forms.CharField(max_length=MAX_TEXT, required=False, widget=forms.Textarea)
    partner = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    token = forms.UUIDField(widget=forms.HiddenInput)
    # Changing a goal: its version when the page was loaded (core.versioning).
    row_version = RowVersionField()

    def __init__(self, *args: Any, partners: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [("", "No partner"), *partners]  # type: ignore[attr-defined]

    def step_list(self) -> list[str]:
        lines = (self.cleaned_data.get("steps") or "").splitlines()
        return [line.strip(" -*\t") for line in lines if line.strip(" -*\t")][:20]


class GoalProgressForm(forms.Form):
    percent = forms.IntegerField(min_value=0, max_value=100, required=False)
    steps_done = forms.TypedMultipleChoiceField(coerce=int, required=False)
    note = forms.CharField(max_length=MAX_TEXT, required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, step_count: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["steps_done"].choices = [(i, str(i)) for i in range(step_count)]  # type: ignore[attr-defined]


class GoalReviewForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("active", "Keep going"), ("done", "Done"), ("let_go", "Let it go for now")]
    )
    learned = forms.CharField(max_length=MAX_TEXT, required=False, widget=forms.Textarea)

"""The risk rules: versioned data (rules/default.json) and a pure evaluator (no Django).

Four rules, in the order a person meets them:
1. self_harm  - PHQ-9 item 9 above 0: crisis help first, an alert (deadline 1 hour).
2. severe     - a total in a severe band or above a trauma screen's cut-off: a referral to a
                professional, with crisis help linked; an alert (deadline 24 hours).
3. persistent - high check-in stress on most days over 14 days or more, screening scores at
                or above their cut over 14 days or more, or a reliable worsening between the
                last two answers of one questionnaire: kind advice to see a professional; an
                alert only when the organisation's policy asks for it.
4. words      - words of danger in something the person wrote (see language.py): crisis help
                to the writer; an alert only with the person's `safety_words` consent.

Consent is not decided here: a Finding says what the rules want; services check consent.
Organisations may tighten the rules through a flat policy of overrides, never loosen them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Literal

from steadfast.assessments.scoring.change import reliable_change
from steadfast.assessments.scoring.keys import Key

RULES_DIR = Path(__file__).parent / "rules"

Rule = Literal["self_harm", "severe", "persistent", "words"]
Help = Literal["crisis_first", "referral", "advice"]
Reason = Literal["", "checkin_stress", "screening", "worsening"]


class PolicyError(ValueError):
    """An organisation policy that is malformed or looser than the defaults."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Rules:
    version: str
    self_harm_instrument: str
    self_harm_item: int
    self_harm_item_min: float
    self_harm_deadline_hours: float
    severe_totals_min: Mapping[str, float]
    severe_deadline_hours: float
    stress_instrument: str
    stress_subscale: str
    stress_min: float
    persistent_days: int
    share_of_days: float
    screening_min: Mapping[str, float]
    reliable_worsening: bool
    persistent_alert: bool
    persistent_deadline_hours: float
    words_deadline_hours: float
    tightened: tuple[str, ...] = field(default=())

    def deadline_hours(self, rule: Rule) -> float:
        return {
            "self_harm": self.self_harm_deadline_hours,
            "severe": self.severe_deadline_hours,
            "persistent": self.persistent_deadline_hours,
            "words": self.words_deadline_hours,
        }[rule]


def rules_load(data: Mapping[str, Any]) -> Rules:
    sh, sv, ps, wd = data["self_harm"], data["severe"], data["persistent"], data["words"]
    return Rules(
        version=str(data["version"]),
        self_harm_instrument=sh["instrument"],
        self_harm_item=int(sh["item"]),
        self_harm_item_min=float(sh["item_min"]),
        self_harm_deadline_hours=float(sh["deadline_hours"]),
        severe_totals_min={k: float(v) for k, v in sv["totals_min"].items()},
        severe_deadline_hours=float(sv["deadline_hours"]),
        stress_instrument=ps["stress_instrument"],
        stress_subscale=ps["stress_subscale"],
        stress_min=float(ps["stress_min"]),
        persistent_days=int(ps["days"]),
        share_of_days=float(ps["share_of_days"]),
        screening_min={k: float(v) for k, v in ps["screening_min"].items()},
        reliable_worsening=bool(ps["reliable_worsening"]),
        persistent_alert=bool(ps["alert"]),
        persistent_deadline_hours=float(ps["deadline_hours"]),
        words_deadline_hours=float(wd["deadline_hours"]),
    )


@cache
def default_rules() -> Rules:
    with (RULES_DIR / "default.json").open(encoding="utf-8") as handle:
        return rules_load(json.load(handle))


# What an organisation may change, the plain name shown in errors, and the smallest sensible
# value (a threshold of 0 would fire for everyone and drown real alerts).
@dataclass(frozen=True)
class Tightenable:
    label: str
    minimum: float
    kind: Literal["number", "whole", "flag"] = "number"


INSTRUMENT_NAMES = {"phq9": "PHQ-9", "gad7": "GAD-7", "pcl5": "PCL-5"}

TIGHTENABLE: dict[str, Tightenable] = {
    **{
        f"severe.{code}": Tightenable(f"the {name} severe score", 1, "whole")
        for code, name in INSTRUMENT_NAMES.items()
    },
    **{
        f"screening.{code}": Tightenable(f"the {name} score counted as distress", 1, "whole")
        for code, name in INSTRUMENT_NAMES.items()
    },
    "stress_min": Tightenable("the check-in stress level counted as high", 1, "whole"),
    "persistent_days": Tightenable("the number of days distress must last", 7, "whole"),
    "share_of_days": Tightenable("the share of days with high stress", 0.25),
    "persistent_alert": Tightenable("alerting on persistent distress", 0, "flag"),
    "self_harm_deadline_hours": Tightenable("the self-harm acknowledgement deadline", 0.25),
    "severe_deadline_hours": Tightenable("the severe-score acknowledgement deadline", 0.25),
    "persistent_deadline_hours": Tightenable(
        "the persistent-distress acknowledgement deadline", 0.25
    ),
    "words_deadline_hours": Tightenable("the words-of-danger acknowledgement deadline", 0.25),
}


def _current(rules: Rules, name: str) -> float:
    if name.startswith("severe."):
        return rules.severe_totals_min[name.split(".", 1)[1]]
    if name.startswith("screening."):
        return rules.screening_min[name.split(".", 1)[1]]
    return float(getattr(rules, name))


def policy_apply(rules: Rules, overrides: Mapping[str, Any]) -> Rules:
    """The rules with an organisation's overrides applied; PolicyError lists every override that
    is unknown, malformed, below its sensible minimum, or looser than the defaults."""
    errors: list[str] = []
    severe = dict(rules.severe_totals_min)
    screening = dict(rules.screening_min)
    changes: dict[str, Any] = {}
    tightened: list[str] = []
    for name, raw in sorted(overrides.items()):
        spec = TIGHTENABLE.get(name)
        if spec is None:
            errors.append(f"“{name}” is not a rule setting an organisation can change.")
            continue
        default = _current(rules, name)
        if spec.kind == "flag":
            if not isinstance(raw, bool):
                errors.append(f"{spec.label.capitalize()} must be on or off.")
                continue
            if default and not raw:
                errors.append(
                    f"{spec.label.capitalize()} is on by default and cannot be turned off."
                )
                continue
            changes[name] = raw
            if raw != bool(default):
                tightened.append(name)
            continue
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
            errors.append(f"{spec.label.capitalize()} must be a number.")
            continue
        value = float(raw)
        if spec.kind == "whole" and not value.is_integer():
            errors.append(f"{spec.label.capitalize()} must be a whole number.")
            continue
        if value > default:
            errors.append(
                f"{spec.label.capitalize()} can be {default:g} or lower, not {value:g}: "
                "an organisation may make the rules stricter, never looser."
            )
            continue
        if value < spec.minimum:
            errors.append(f"{spec.label.capitalize()} cannot be below {spec.minimum:g}.")
            continue
        if name.startswith("severe."):
            severe[name.split(".", 1)[1]] = value
        elif name.startswith("screening."):
            screening[name.split(".", 1)[1]] = value
        else:
            changes[name] = int(value) if spec.kind == "whole" else value
        if value != default:
            tightened.append(name)
    if errors:
        raise PolicyError(errors)
    return replace(
        rules,
        severe_totals_min=severe,
        screening_min=screening,
        tightened=tuple(tightened),
        **changes,
    )


@dataclass(frozen=True)
class Finding:
    """One rule that fired: what the person should see, and whether the rules want an alert
    (the person's consent still decides)."""

    rule: Rule
    help: Help
    alert: bool
    deadline_hours: float
    instrument: str = ""
    reason: Reason = ""


def response_findings(
    rules: Rules,
    *,
    instrument: str,
    total: float | None,
    answers: Sequence[float | None],
    flags: Sequence[str] = (),
) -> list[Finding]:
    """Rules 1 and 2 on one submitted questionnaire. The scoring engine's own flags count too,
    so a rule can only add to what the engine already marks."""
    found: list[Finding] = []
    if instrument == rules.self_harm_instrument:
        index = rules.self_harm_item - 1
        item = answers[index] if index < len(answers) else None
        if "self_harm" in flags or (item is not None and item >= rules.self_harm_item_min):
            found.append(
                Finding(
                    "self_harm", "crisis_first", True, rules.self_harm_deadline_hours, instrument
                )
            )
    cut = rules.severe_totals_min.get(instrument)
    if cut is not None and ("severe" in flags or (total is not None and total >= cut)):
        found.append(Finding("severe", "referral", True, rules.severe_deadline_hours, instrument))
    return found


@dataclass(frozen=True)
class History:
    """What rule 3 looks at, already in the person's local dates.

    `stress` maps each local day to that day's check-in stress (0-10); `first_checkin` is the
    person's first check-in day ever. `screenings` maps an instrument to its (day, total) pairs
    oldest first; `pairs` maps an instrument to its key and the last two totals (pre, post).
    """

    today: date
    stress: Mapping[date, float] = field(default_factory=dict)
    first_checkin: date | None = None
    screenings: Mapping[str, Sequence[tuple[date, float]]] = field(default_factory=dict)
    pairs: Mapping[str, tuple[Key, float, float, date]] = field(default_factory=dict)


def _persistent(rules: Rules, reason: Reason, instrument: str = "") -> Finding:
    return Finding(
        "persistent",
        "advice",
        rules.persistent_alert,
        rules.persistent_deadline_hours,
        instrument,
        reason,
    )


def trend_finding(rules: Rules, history: History) -> Finding | None:
    """Rule 3 on a person's recent history, or None."""
    days = rules.persistent_days
    start = history.today - timedelta(days=days - 1)
    # Check-in stress: the person has been checking in for at least `days` days, and on more
    # than `share_of_days` of the last `days` calendar days their stress was at or above the
    # threshold (days without a check-in do not count as high).
    if history.first_checkin is not None and history.first_checkin <= start:
        high = sum(
            1
            for day, value in history.stress.items()
            if start <= day <= history.today and value >= rules.stress_min
        )
        if high > rules.share_of_days * days:
            return _persistent(rules, "checkin_stress", rules.stress_instrument)
    # Screening: the latest answers (within the window) and every one before it back to one
    # at least `days` days older are at or above the cut.
    for instrument, cut in sorted(rules.screening_min.items()):
        series = list(history.screenings.get(instrument, ()))
        if not series or series[-1][0] < start or series[-1][1] < cut:
            continue
        latest_day = series[-1][0]
        for day, total in reversed(series):
            if total < cut:
                break
            if (latest_day - day).days >= days - 1 and day < latest_day:
                return _persistent(rules, "screening", instrument)
    # A reliable worsening between the last two answers of one questionnaire.
    if rules.reliable_worsening:
        for instrument, (key, pre, post, day) in sorted(history.pairs.items()):
            if day < start:
                continue
            change = reliable_change(key, pre, post)
            if change is not None and change.change == "worse":
                return _persistent(rules, "worsening", instrument)
    return None

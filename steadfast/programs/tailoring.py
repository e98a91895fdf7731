"""Which modules fit a person best, from their own results. Pure Python, no Django.

The Resilience Wheel self-check rates six areas 0-10 (higher is stronger): a module that builds a
low-rated area comes first. Baseline measures add a second signal: a high stress score or a low
well-being score brings Energy modules forward. Ties keep the program's order, so the same data
always gives the same list. The person is free to choose otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

AREA_LABELS: dict[str, str] = {
    "bonding": "bonding",
    "boundaries": "boundaries",
    "life_skills": "life skills",
    "caring_support": "support",
    "high_expectations": "high expectations",
    "meaningful_participation": "meaningful participation",
}
WHEEL_MAX = 10.0

# How strongly a baseline result favours Energy modules, on the same 0-10 "need" scale as a
# wheel area (need = 10 - rating): a high stress score counts like an area rated 3 of 10.
HIGH_SIGNAL = 7.0
MODERATE_SIGNAL = 4.0


@dataclass(frozen=True, slots=True)
class ModuleInfo:
    slug: str
    title: str
    theme: str
    wheel_areas: tuple[str, ...]
    order: int


@dataclass(frozen=True, slots=True)
class Measure:
    """A baseline result: its severity band as the scoring engine names it, and/or its total."""

    band: str | None = None
    total: float | None = None


@dataclass(frozen=True, slots=True)
class Recommendation:
    slug: str
    title: str
    reason: str
    fit: float  # 0 = no signal; higher fits the person's results better


PSS_HIGH = 20
PSS_ABOVE_AVERAGE = 14
WHO5_LOW = 50


@dataclass(frozen=True, slots=True)
class _Signal:
    need: float
    reason: str


def _energy_signals(baseline: Mapping[str, Measure]) -> list[_Signal]:
    """Baseline results that point at rest and recovery, strongest first.

    Scales as the assessments engine reports them. The PSS-10 has no published cut-offs, so it
    is compared with the US norm (mean about 13, SD about 6): one SD above counts as high.
    WHO-5 is on its 0-100 scale, where below 50 is low well-being.
    """
    signals: list[_Signal] = []
    pss = baseline.get("pss10")
    if pss is not None and pss.total is not None:
        if pss.total >= PSS_HIGH:
            signals.append(
                _Signal(
                    HIGH_SIGNAL, "Your stress score at the start was higher than most people's."
                )
            )
        elif pss.total >= PSS_ABOVE_AVERAGE:
            signals.append(
                _Signal(
                    MODERATE_SIGNAL, "Your stress score at the start was a little above average."
                )
            )
    who5 = baseline.get("who5")
    if who5 is not None and who5.total is not None and who5.total < WHO5_LOW:
        signals.append(_Signal(HIGH_SIGNAL, "Your well-being score was low at the start."))
    cbi = baseline.get("cbi")
    if cbi is not None and (cbi.band or "").lower() == "high":
        signals.append(_Signal(HIGH_SIGNAL, "Your burnout score was high at the start."))
    return sorted(signals, key=lambda s: -s.need)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def recommend(
    modules: Sequence[ModuleInfo],
    wheel: Mapping[str, float] | None = None,
    baseline: Mapping[str, Measure] | None = None,
) -> list[Recommendation]:
    """Modules ordered by fit to the person's results, each with a plain reason."""
    ratings = {
        area: max(0.0, min(WHEEL_MAX, float(score)))
        for area, score in (wheel or {}).items()
        if area in AREA_LABELS and score is not None
    }
    energy = _energy_signals(baseline or {})
    in_order = sorted(modules, key=lambda m: (m.order, m.slug))
    if not ratings and not energy:
        return [
            Recommendation(
                m.slug,
                m.title,
                "No self-check yet, so this follows the program's order.",
                0.0,
            )
            for m in in_order
        ]
    lowest = min(ratings.values()) if ratings else None
    scored: list[Recommendation] = []
    for module in in_order:
        candidates: list[_Signal] = []
        for area in module.wheel_areas:
            if area not in ratings:
                continue
            rating = ratings[area]
            label = AREA_LABELS[area]
            if rating == lowest:
                reason = f"You rated {label} lowest ({_number(rating)} of 10)."
            else:
                reason = f"You rated {label} {_number(rating)} of 10."
            candidates.append(_Signal(WHEEL_MAX - rating, reason))
        if module.theme == "energy" and energy:
            candidates.append(energy[0])
        if candidates:
            # The strongest signal decides; among equals the first found (areas in the
            # module's own order, then baseline) gives the reason.
            best = max(candidates, key=lambda s: s.need)
            scored.append(Recommendation(module.slug, module.title, best.reason, best.need))
        else:
            missing = [a for a in module.wheel_areas if a not in ratings]
            if missing:
                reason = (
                    f"No self-check rating yet for {AREA_LABELS.get(missing[0], missing[0])}, "
                    "so this keeps its place in the program."
                )
            else:
                reason = "This keeps its place in the program's order."
            scored.append(Recommendation(module.slug, module.title, reason, 0.0))
    order = {m.slug: index for index, m in enumerate(in_order)}
    return sorted(scored, key=lambda r: (-r.fit, order[r.slug]))

"""Scoring keys: what an instrument's items are worth and how they add up.

A key is plain data (`instruments/<code>/key.json`): items and their response values, reversed
items, subscales, the aggregation rule, the missing-item rule, bands with their source, flags,
reliability for reliable change, LOINC codes and licence. This module turns that JSON into frozen
dataclasses and refuses a key that is inconsistent, naming what is wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

Aggregation = Literal["sum", "mean", "sum_x4"]
Direction = Literal["lower_is_better", "higher_is_better"]

INSTRUMENTS_DIR = Path(__file__).resolve().parents[3] / "instruments"


class KeyError_(ValueError):
    """A scoring key that cannot be used as written."""


@dataclass(frozen=True, slots=True)
class Option:
    value: float
    label: str
    codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Band:
    lower: float
    label: str


@dataclass(frozen=True, slots=True)
class Subscale:
    code: str
    title: str
    items: tuple[str, ...]
    method: Literal["sum", "mean"]
    direction: Direction
    bands: tuple[Band, ...] = ()
    # Scored from the answers as given, not after the key's reversal: a published negative
    # subscale (SCS-SF self-judgment) where a higher score means more of it.
    as_answered: bool = False


@dataclass(frozen=True, slots=True)
class Flag:
    code: str
    item: str | None = None
    item_min: float | None = None
    total_min: float | None = None
    total_max: float | None = None
    # PCL-5 style: an item at or above `min_item_value` counts as endorsed; `needs` maps
    # subscale code -> how many endorsed items it needs.
    cluster_min_item_value: float | None = None
    cluster_needs: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class MissingRule:
    rule: Literal["none", "prorate", "min_answered"]
    max_missing: int = 0
    not_prorated: tuple[str, ...] = ()
    fraction: float = 1.0


@dataclass(frozen=True, slots=True)
class Reliability:
    r: float
    kind: str
    sd: float | None
    source: str


@dataclass(frozen=True, slots=True)
class Key:
    code: str
    title: str
    short_title: str
    measures: str
    validated: bool
    recall: str | None
    direction: Direction
    item_ids: tuple[str, ...]
    item_loinc: tuple[str | None, ...]
    options: tuple[Option, ...]
    reverse: frozenset[str]
    scored_items: tuple[str, ...]
    aggregation: Aggregation
    has_total: bool
    subscales: tuple[Subscale, ...]
    missing: MissingRule
    bands: tuple[Band, ...]
    band_source: str
    flags: tuple[Flag, ...]
    reliability: Reliability | None
    unverified: tuple[str, ...]
    loinc_panel: str | None
    loinc_total: str | None
    aliases: tuple[str, ...]
    licence: dict[str, Any] = field(hash=False, compare=False)

    @property
    def n_items(self) -> int:
        return len(self.item_ids)

    @property
    def minimum(self) -> float:
        return min(o.value for o in self.options)

    @property
    def maximum(self) -> float:
        return max(o.value for o in self.options)

    @property
    def allowed_values(self) -> tuple[float, ...]:
        return tuple(sorted(o.value for o in self.options))

    @property
    def provisional(self) -> bool:
        """True while any constant behind the result is not checked against its source."""
        return bool(self.unverified) or not self.validated

    @property
    def item_text_shipped(self) -> bool:
        return bool(self.licence.get("item_text_shipped"))

    @property
    def canonical_url(self) -> str:
        return f"urn:steadfast:instrument:{self.code}"

    def index(self, item_id: str) -> int:
        return self.item_ids.index(item_id)

    def value_for_code(self, code: str) -> float | None:
        """The value of an answer given as a LOINC answer code (LA…), if the key knows it."""
        for option in self.options:
            if code in option.codes:
                return option.value
        return None


def _bands(raw: list[dict[str, Any]], where: str) -> tuple[Band, ...]:
    bands = tuple(Band(float(b["from"]), str(b["label"])) for b in raw)
    lowers = [b.lower for b in bands]
    if lowers != sorted(lowers) or len(set(lowers)) != len(lowers):
        raise KeyError_(f"{where}: bands must start at increasing values")
    return bands


def key_from_dict(data: dict[str, Any]) -> Key:
    """Build and check a key; every inconsistency raises KeyError_ naming the field."""
    code = str(data.get("code", ""))
    where = f"key {code or '?'}"
    try:
        item_ids = tuple(str(i["id"]) for i in data["items"])
        if len(set(item_ids)) != len(item_ids) or not item_ids:
            raise KeyError_(f"{where}: item ids must be unique and there must be at least one")
        options = tuple(
            Option(float(o["value"]), str(o["label"]), tuple(o.get("codes") or ()))
            for o in data["scale"]
        )
        if len(options) < 2:
            raise KeyError_(f"{where}: the response scale needs at least two options")
        reverse = frozenset(str(i) for i in data.get("reverse") or ())
        scored = tuple(str(i) for i in (data.get("scored_items") or item_ids))
        for name, ids in (("reverse", reverse), ("scored_items", scored)):
            unknown = set(ids) - set(item_ids)
            if unknown:
                raise KeyError_(f"{where}: {name} names unknown items {sorted(unknown)}")
        subscales = []
        for s in data.get("subscales") or ():
            items = tuple(str(i) for i in s["items"])
            unknown = set(items) - set(item_ids)
            if unknown:
                raise KeyError_(
                    f"{where}: subscale {s['code']} names unknown items {sorted(unknown)}"
                )
            subscales.append(
                Subscale(
                    code=str(s["code"]),
                    title=str(s["title"]),
                    items=items,
                    method=s.get("method", "sum"),
                    direction=s.get("direction", data["direction"]),
                    bands=_bands(s.get("bands") or [], f"{where} subscale {s['code']}"),
                    as_answered=bool(s.get("as_answered", False)),
                )
            )
        missing_raw = data.get("missing") or {"rule": "none"}
        missing = MissingRule(
            rule=missing_raw["rule"],
            max_missing=int(missing_raw.get("max_missing", 0)),
            not_prorated=tuple(str(i) for i in missing_raw.get("not_prorated") or ()),
            fraction=float(missing_raw.get("fraction", 1.0)),
        )
        if missing.rule not in ("none", "prorate", "min_answered"):
            raise KeyError_(f"{where}: unknown missing-item rule {missing.rule!r}")
        flags = []
        for f in data.get("flags") or ():
            cluster = f.get("cluster_rule") or {}
            if f.get("item") is not None and str(f["item"]) not in item_ids:
                raise KeyError_(f"{where}: flag {f['code']} names unknown item {f['item']}")
            flags.append(
                Flag(
                    code=str(f["code"]),
                    item=str(f["item"]) if f.get("item") is not None else None,
                    item_min=f.get("min"),
                    total_min=f.get("total_min"),
                    total_max=f.get("total_max"),
                    cluster_min_item_value=cluster.get("min_item_value"),
                    cluster_needs=tuple(
                        (str(k), int(v)) for k, v in (cluster.get("needs") or {}).items()
                    ),
                )
            )
        rel = data.get("reliability")
        reliability = (
            Reliability(
                float(rel["r"]), str(rel["kind"]), rel.get("sd"), str(rel.get("source", ""))
            )
            if rel
            else None
        )
        aggregation = data["aggregation"]
        if aggregation not in ("sum", "mean", "sum_x4"):
            raise KeyError_(f"{where}: unknown aggregation {aggregation!r}")
        loinc = data.get("loinc") or {}
        return Key(
            code=code,
            title=str(data["title"]),
            short_title=str(data.get("short_title") or data["title"]),
            measures=str(data.get("measures", "")),
            validated=bool(data.get("validated", False)),
            recall=data.get("recall"),
            direction=data["direction"],
            item_ids=item_ids,
            item_loinc=tuple(i.get("loinc") for i in data["items"]),
            options=options,
            reverse=reverse,
            scored_items=scored,
            aggregation=aggregation,
            has_total=bool(data.get("total", True)),
            subscales=tuple(subscales),
            missing=missing,
            bands=_bands(data.get("bands") or [], where),
            band_source=str(data.get("band_source", "")),
            flags=tuple(flags),
            reliability=reliability,
            unverified=tuple(data.get("unverified") or ()),
            loinc_panel=loinc.get("panel"),
            loinc_total=loinc.get("total"),
            aliases=tuple(data.get("aliases") or ()),
            licence=dict(data.get("licence") or {}),
        )
    except (KeyError, TypeError) as exc:
        raise KeyError_(f"{where}: missing or malformed field {exc}") from exc


@cache
def shipped_key(code: str) -> Key:
    """The key shipped in `instruments/<code>/key.json`; LookupError for an unknown code."""
    path = INSTRUMENTS_DIR / code / "key.json"
    if not code.isidentifier() or not path.is_file():
        raise LookupError(f"unknown instrument {code!r}")
    return key_from_dict(json.loads(path.read_text(encoding="utf-8")))


def shipped_codes() -> list[str]:
    return sorted(p.parent.name for p in INSTRUMENTS_DIR.glob("*/key.json"))

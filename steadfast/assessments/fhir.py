"""HL7 FHIR R4 for instruments: Questionnaire in and out, QuestionnaireResponse scoring and export.

Pure (no Django). JSON is validated with `fhir.resources` R4B models, which accept R4 JSON. Real
files have defects; the known ones are repaired with a note (and nothing else is changed), the
rest are refused with the JSON path of the problem. Scores are always recomputed from the answers:
a total stored in a file is never trusted.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from pydantic import ValidationError

from .scoring.engine import Score, score
from .scoring.keys import Key, key_from_dict, shipped_codes, shipped_key

ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight"
OPTION_PREFIX = "http://hl7.org/fhir/StructureDefinition/questionnaire-optionPrefix"
KEY_EXTENSION = "urn:steadfast:fhir:scoring-key"
LOINC = "http://loinc.org"
ANSWER_SYSTEM = "urn:steadfast:answer"


class FhirError(ValueError):
    """A FHIR file Steadfast cannot use; the message names the JSON path."""


@dataclass
class Instrument:
    """A scoring key plus item texts, as read from or written to a Questionnaire."""

    key: Key
    texts: dict[str, str] = field(default_factory=dict)
    title: str = ""
    stem: str | None = None
    # linkId in the source file -> our item id
    link_ids: dict[str, str] = field(default_factory=dict)
    # answer code in the source file -> value, per our item id
    answer_values: dict[str, dict[str, float]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _validate(model: type[Questionnaire | QuestionnaireResponse | Observation], data: Any) -> None:
    try:
        model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise FhirError(
            f"{model.__name__} is not valid FHIR R4 at {_path(tuple(first['loc']))}: {first['msg']}"
        ) from None


def _walk(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in items or ():
        yield item
        yield from _walk(item.get("item") or [])


def _repair(data: dict[str, Any]) -> list[str]:
    """Fix the known defects of real-world files in place; return what was changed."""
    notes: list[str] = []
    for item in _walk(data.get("item") or []):
        for option in item.get("answerOption") or ():
            for ext in option.get("extension") or ():
                if ext.get("url") == OPTION_PREFIX and not isinstance(ext.get("valueString"), str):
                    ext["valueString"] = str(ext.get("valueString"))
                    notes.append(f"item {item.get('linkId')}: optionPrefix made a string")
        for ext in item.get("extension") or ():
            expression = ext.get("valueExpression")
            if isinstance(expression, dict) and "_" in str(expression.get("name", "")):
                expression["name"] = str(expression["name"]).replace("_", "-")
                notes.append(f"item {item.get('linkId')}: expression name {expression['name']!r}")
    return notes


def _ordinal(element: dict[str, Any]) -> float | None:
    for ext in element.get("extension") or ():
        if ext.get("url") in (ORDINAL, ITEM_WEIGHT):
            value = ext.get("valueDecimal", ext.get("valueInteger"))
            if value is not None:
                return float(value)
    return None


def _option_values(item: dict[str, Any], contained: dict[str, dict[str, Any]]) -> dict[str, float]:
    """Answer code -> weight for one item, from answerOption or a contained ValueSet."""
    values: dict[str, float] = {}
    for option in item.get("answerOption") or ():
        coding = option.get("valueCoding") or {}
        weight = _ordinal(option)
        if weight is None:
            weight = _ordinal(coding)
        if coding.get("code") is not None and weight is not None:
            values[str(coding["code"])] = weight
    reference = str(item.get("answerValueSet") or "")
    if reference.startswith("#") and reference[1:] in contained:
        for include in contained[reference[1:]].get("compose", {}).get("include", []):
            for concept in include.get("concept") or ():
                weight = _ordinal(concept)
                if weight is not None:
                    values[str(concept["code"])] = weight
    return values


def _codes(element: dict[str, Any]) -> list[str]:
    return [str(c.get("code")) for c in element.get("code") or () if c.get("code")]


def _recognise(data: dict[str, Any]) -> Key | None:
    """The shipped key this Questionnaire is, by embedded key, canonical URL or LOINC panel."""
    url = str(data.get("url") or "")
    panel = set(_codes(data))
    for code in shipped_codes():
        key = shipped_key(code)
        if url and (url == key.canonical_url or url in key.aliases):
            return key
        if key.loinc_panel and key.loinc_panel in panel:
            return key
    return None


def _embedded_key(data: dict[str, Any]) -> Key | None:
    for ext in data.get("extension") or ():
        if ext.get("url") == KEY_EXTENSION:
            try:
                return key_from_dict(json.loads(ext["valueString"]))
            except (ValueError, KeyError, TypeError) as exc:
                raise FhirError(f"extension {KEY_EXTENSION}: {exc}") from None
    return None


def _key_from_weights(
    data: dict[str, Any], questions: list[dict[str, Any]], weights: list[dict[str, float]]
) -> Key:
    """A plain sum key built from the Questionnaire's own ordinalValue weights."""
    scale_values = sorted({v for w in weights for v in w.values()})
    name = str(data.get("name") or data.get("id") or "questionnaire").lower()
    code = "".join(ch if ch.isalnum() else "_" for ch in name).strip("_")[:40] or "questionnaire"
    return key_from_dict(
        {
            "code": code,
            "title": data.get("title") or name,
            "validated": False,
            "direction": "lower_is_better",
            "items": [{"id": str(q["linkId"])} for q in questions],
            "scale": [{"value": v, "label": str(v)} for v in scale_values],
            "aggregation": "sum",
            "total": True,
            "missing": {"rule": "none"},
            "unverified": ["scored from the file's own answer weights"],
            "licence": {"item_text_shipped": True, "licence": "as stated in the imported file"},
        }
    )


def questionnaire_read(data: Any) -> Instrument:
    """Read a FHIR R4 Questionnaire: validate it, recognise the instrument and map its items."""
    if not isinstance(data, dict) or data.get("resourceType") != "Questionnaire":
        raise FhirError("resourceType: expected a Questionnaire")
    data = copy.deepcopy(data)
    notes = _repair(data)
    _validate(Questionnaire, data)
    contained = {
        str(r.get("id")): r
        for r in data.get("contained") or ()
        if r.get("resourceType") == "ValueSet"
    }
    questions = [
        item
        for item in _walk(data.get("item") or [])
        if item.get("type") in ("choice", "coding", "integer", "decimal")
        and (item.get("answerOption") or item.get("answerValueSet"))
    ]
    weights = [_option_values(q, contained) for q in questions]
    key = _embedded_key(data) or _recognise(data)
    if key is None:
        if not questions or any(not w for w in weights):
            raise FhirError(
                "item: not a known instrument (no matching LOINC code or canonical URL) and "
                "not every question carries ordinalValue weights, so it cannot be scored"
            )
        key = _key_from_weights(data, questions, weights)
    instrument = Instrument(key=key, title=str(data.get("title") or key.title), notes=notes)
    top = data.get("item") or []
    if len(top) == 1 and top[0].get("type") == "group" and top[0].get("text"):
        instrument.stem = str(top[0]["text"])
    by_loinc = {
        loinc: item_id for item_id, loinc in zip(key.item_ids, key.item_loinc, strict=True) if loinc
    }
    unmatched: list[tuple[dict[str, Any], dict[str, float]]] = []
    for question, weight in zip(questions, weights, strict=True):
        link = str(question["linkId"])
        match = next((by_loinc[c] for c in _codes(question) if c in by_loinc), None)
        if match is None and link.lstrip("/") in key.item_ids:
            match = link.lstrip("/")
        if match is None:
            unmatched.append((question, weight))
            continue
        instrument.link_ids[link] = match
        instrument.answer_values[match] = weight
        if question.get("text"):
            instrument.texts[match] = str(question["text"])
    remaining = [i for i in key.item_ids if i not in instrument.answer_values]
    if unmatched and not remaining:
        extra = ", ".join(str(q["linkId"]) for q, _ in unmatched)
        instrument.notes.append(f"questions not part of the {key.code} score ignored: {extra}")
    elif unmatched:
        if len(unmatched) != len(remaining):
            raise FhirError(
                f"item: {len(unmatched)} questions could not be matched to the {key.code} items "
                f"{remaining} by code or linkId"
            )
        for item_id, (question, weight) in zip(remaining, unmatched, strict=True):
            instrument.link_ids[str(question["linkId"])] = item_id
            instrument.answer_values[item_id] = weight
            if question.get("text"):
                instrument.texts[item_id] = str(question["text"])
        instrument.notes.append(f"questions matched to {key.code} items by position")
    for item_id, weight in instrument.answer_values.items():
        for code, value in weight.items():
            if key.value_for_code(code) not in (None, value):
                raise FhirError(
                    f"item {item_id}: answer {code} is weighted {value} in the file but "
                    f"{key.value_for_code(code)} in the {key.code} key"
                )
            if value not in key.allowed_values:
                raise FhirError(
                    f"item {item_id}: answer {code} is weighted {value}, which is not on the "
                    f"{key.code} scale"
                )
    missing = [i for i in key.item_ids if i not in instrument.link_ids.values()]
    if missing:
        raise FhirError(f"item: the file has no question for {key.code} items {missing}")
    return instrument


def questionnaire_write(instrument: Instrument) -> dict[str, Any]:
    """The instrument as a FHIR R4 Questionnaire (validated), with its scoring key embedded."""
    key = instrument.key
    items = []
    for item_id, loinc in zip(key.item_ids, key.item_loinc, strict=True):
        options = []
        for option in key.options:
            code = next(iter(option.codes), f"{key.code}-{_plain(option.value)}")
            coding: dict[str, Any] = {"code": code, "display": option.label}
            coding["system"] = LOINC if option.codes else ANSWER_SYSTEM
            options.append(
                {
                    "extension": [{"url": ORDINAL, "valueDecimal": option.value}],
                    "valueCoding": coding,
                }
            )
        item: dict[str, Any] = {"linkId": item_id, "type": "choice", "required": True}
        if loinc:
            item["code"] = [{"system": LOINC, "code": loinc}]
        text = instrument.texts.get(item_id)
        if text:
            item["text"] = text
        item["answerOption"] = options
        items.append(item)
    if instrument.stem:
        items = [{"linkId": "stem", "type": "group", "text": instrument.stem, "item": items}]
    licence = key.licence
    data: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": key.code.replace("_", "-"),
        "url": key.canonical_url,
        "name": key.code.upper().replace("_", ""),
        "title": instrument.title or key.title,
        "status": "active",
        "subjectType": ["Patient"],
        "extension": [{"url": KEY_EXTENSION, "valueString": json.dumps(key_to_dict(key))}],
        "item": items,
    }
    if key.loinc_panel:
        data["code"] = [{"system": LOINC, "code": key.loinc_panel, "display": key.title}]
    if licence.get("copyright"):
        data["copyright"] = str(licence["copyright"])
    _validate(Questionnaire, data)
    return data


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def key_to_dict(key: Key) -> dict[str, Any]:
    """The key back as the JSON shape of `instruments/<code>/key.json`."""

    def bands(items: tuple[Any, ...]) -> list[dict[str, Any]]:
        return [{"from": b.lower, "label": b.label} for b in items]

    flags = []
    for f in key.flags:
        raw: dict[str, Any] = {"code": f.code}
        if f.item is not None:
            raw.update(item=f.item, min=f.item_min)
        if f.total_min is not None:
            raw["total_min"] = f.total_min
        if f.total_max is not None:
            raw["total_max"] = f.total_max
        if f.cluster_needs:
            raw["cluster_rule"] = {
                "min_item_value": f.cluster_min_item_value,
                "needs": dict(f.cluster_needs),
            }
        flags.append(raw)
    rel = key.reliability
    return {
        "code": key.code,
        "title": key.title,
        "short_title": key.short_title,
        "measures": key.measures,
        "validated": key.validated,
        "recall": key.recall,
        "direction": key.direction,
        "items": [
            {"id": i, **({"loinc": loinc} if loinc else {})}
            for i, loinc in zip(key.item_ids, key.item_loinc, strict=True)
        ],
        "scale": [
            {"value": o.value, "label": o.label, "codes": list(o.codes)} for o in key.options
        ],
        "reverse": sorted(key.reverse),
        "scored_items": list(key.scored_items) if key.scored_items != key.item_ids else None,
        "aggregation": key.aggregation,
        "total": key.has_total,
        "subscales": [
            {
                "code": s.code,
                "title": s.title,
                "items": list(s.items),
                "method": s.method,
                "direction": s.direction,
                "bands": bands(s.bands),
            }
            for s in key.subscales
        ],
        "missing": {
            "rule": key.missing.rule,
            "max_missing": key.missing.max_missing,
            "not_prorated": list(key.missing.not_prorated),
            "fraction": key.missing.fraction,
        },
        "bands": bands(key.bands),
        "band_source": key.band_source,
        "flags": flags,
        "reliability": (
            {"r": rel.r, "kind": rel.kind, "sd": rel.sd, "source": rel.source} if rel else None
        ),
        "unverified": list(key.unverified),
        "loinc": {"panel": key.loinc_panel, "total": key.loinc_total},
        "aliases": list(key.aliases),
        "licence": key.licence,
    }


def response_answers(instrument: Instrument, data: Any) -> list[float | None]:
    """The item values of a QuestionnaireResponse, in key order (None where not answered)."""
    if not isinstance(data, dict) or data.get("resourceType") != "QuestionnaireResponse":
        raise FhirError("resourceType: expected a QuestionnaireResponse")
    _validate(QuestionnaireResponse, data)
    key = instrument.key
    values: dict[str, float] = {}
    for item in _walk(data.get("item") or []):
        item_id = instrument.link_ids.get(str(item.get("linkId")))
        if item_id is None:
            continue
        for answer in item.get("answer") or ():
            if "valueCoding" in answer:
                code = str(answer["valueCoding"].get("code"))
                value = instrument.answer_values.get(item_id, {}).get(code)
                if value is None:
                    value = key.value_for_code(code)
                if value is None:
                    raise FhirError(
                        f"item {item.get('linkId')}: answer code {code!r} is not an option"
                    )
            elif "valueInteger" in answer or "valueDecimal" in answer:
                value = float(answer.get("valueInteger", answer.get("valueDecimal")))
            else:
                raise FhirError(f"item {item.get('linkId')}: answer has no coding or number")
            values[item_id] = value
    return [values.get(i) for i in key.item_ids]


def response_score(instrument: Instrument, data: Any) -> Score:
    """Score a QuestionnaireResponse from its answers (any stored total is ignored)."""
    return score(instrument.key, response_answers(instrument, data))


def response_write(
    instrument: Instrument,
    answers: list[float | None],
    *,
    authored: datetime,
    subject: str,
    identifier: str,
) -> dict[str, Any]:
    """A QuestionnaireResponse for stored answers (validated)."""
    key = instrument.key
    items = []
    for item_id, value in zip(key.item_ids, answers, strict=True):
        entry: dict[str, Any] = {"linkId": item_id}
        if instrument.texts.get(item_id):
            entry["text"] = instrument.texts[item_id]
        if value is not None:
            option = next(o for o in key.options if o.value == value)
            code = next(iter(option.codes), f"{key.code}-{_plain(option.value)}")
            system = LOINC if option.codes else ANSWER_SYSTEM
            entry["answer"] = [
                {"valueCoding": {"system": system, "code": code, "display": option.label}}
            ]
        items.append(entry)
    data = {
        "resourceType": "QuestionnaireResponse",
        "id": identifier,
        "questionnaire": key.canonical_url,
        "status": "completed",
        "subject": {"reference": subject},
        "authored": authored.isoformat(),
        "item": items,
    }
    _validate(QuestionnaireResponse, data)
    return data


def observation_write(
    key: Key, result: Score, *, effective: datetime, subject: str, identifier: str, response: str
) -> dict[str, Any]:
    """An Observation carrying the recomputed score (total, or one component per subscale)."""
    code: dict[str, Any] = {"text": f"{key.short_title} score"}
    if key.loinc_total:
        code["coding"] = [{"system": LOINC, "code": key.loinc_total}]
    data: dict[str, Any] = {
        "resourceType": "Observation",
        "id": identifier,
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "survey",
                    }
                ]
            }
        ],
        "code": code,
        "subject": {"reference": subject},
        "effectiveDateTime": effective.isoformat(),
        "derivedFrom": [{"reference": response}],
    }
    if result.total is not None:
        data["valueQuantity"] = {"value": result.total}
    if result.band:
        data["interpretation"] = [{"text": result.band}]
    components = [
        {"code": {"text": code_}, "valueQuantity": {"value": value}}
        for code_, value in result.subscales.items()
        if value is not None
    ]
    if components:
        data["component"] = components
    _validate(Observation, data)
    return data

"""HL7 FHIR R4 for instruments: Questionnaire in and out, QuestionnaireResponse scoring and export.

Pure (no Django). JSON is validated with `fhir.resources` R4B models, which accept R4 JSON. Real
files have defects; the known ones are repaired with a note (and nothing else is changed), the
rest are refused with the JSON path of the problem. Which instrument a file is, and which of its
questions is which item, is `recognise`'s business. Scores are always recomputed from the
answers: a total stored in a file is never trusted.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from pydantic import ValidationError

from .recognise import (
    ITEM_WEIGHT,
    LOINC,
    NOT_RECOGNISED,
    ORDINAL,
    Candidate,
    FhirError,
    FileView,
    Identified,
    Question,
    canonical,
    identify,
    items_map,
    node_codes,
    normalise,
    option_weights,
    questionnaire_codes,
    questionnaire_urls,
    questionnaire_weights,
    recognise,
    response_values,
    shipped_candidates,
    walk,
)
from .scoring.engine import Score, score
from .scoring.keys import Key, key_from_dict

__all__ = ["ITEM_WEIGHT", "LOINC", "NOT_RECOGNISED", "ORDINAL", "FhirError"]

OPTION_PREFIX = "http://hl7.org/fhir/StructureDefinition/questionnaire-optionPrefix"
KEY_EXTENSION = "urn:steadfast:fhir:scoring-key"
ANSWER_SYSTEM = "urn:steadfast:answer"
EMBEDDED_RULE = "the Steadfast scoring key in the file"


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
    # which recognition rule matched (recognise.py), or NOT_RECOGNISED
    rule: str = ""


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


def _repair(data: dict[str, Any]) -> list[str]:
    """Fix the known defects of real-world files in place; return what was changed."""
    notes: list[str] = []
    for item in walk(data.get("item") or []):
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


def _embedded_key(data: dict[str, Any]) -> Key | None:
    for ext in data.get("extension") or ():
        if ext.get("url") == KEY_EXTENSION:
            try:
                return key_from_dict(json.loads(ext["valueString"]))
            except (ValueError, KeyError, TypeError) as exc:
                raise FhirError(f"extension {KEY_EXTENSION}: {exc}") from None
    return None


def not_recognised(key: Key) -> bool:
    """A key built from an unrecognised file's own weights: no ranges, no safety rules."""
    return NOT_RECOGNISED in key.unverified


def _key_from_weights(
    data: dict[str, Any], questions: list[Mapping[str, Any]], weights: list[dict[str, float]]
) -> Key:
    """A plain sum key built from the Questionnaire's own ordinalValue weights, marked
    NOT_RECOGNISED in its title and its unverified list (so every page shows it provisional)."""
    scale_values = sorted({v for w in weights for v in w.values()})
    name = str(data.get("name") or data.get("id") or "questionnaire").lower()
    code = "".join(ch if ch.isalnum() else "_" for ch in name).strip("_")[:40] or "questionnaire"
    title = str(data.get("title") or name)[:120]
    return key_from_dict(
        {
            "code": code,
            "title": f"{title} ({NOT_RECOGNISED})",
            "validated": False,
            "direction": "lower_is_better",
            "items": [{"id": str(q["linkId"])} for q in questions],
            "scale": [{"value": v, "label": str(v)} for v in scale_values],
            "aggregation": "sum",
            "total": True,
            "missing": {"rule": "none"},
            "unverified": [NOT_RECOGNISED, "scored from the file's own answer weights"],
            "licence": {"item_text_shipped": True, "licence": "as stated in the imported file"},
        }
    )


def _questionnaire_view(data: dict[str, Any], questions: list[Mapping[str, Any]]) -> FileView:
    return FileView(
        questions=tuple(
            Question(
                str(q["linkId"]),
                frozenset({normalise(q["text"])} if q.get("text") else ()),
                frozenset(node_codes(q)),
            )
            for q in questions
        ),
        codes=frozenset(questionnaire_codes(data)),
        urls=frozenset(questionnaire_urls(data)),
    )


def questionnaire_read(
    data: Any, *, as_code: str | None = None, candidates: list[Candidate] | None = None
) -> Instrument:
    """Read a FHIR R4 Questionnaire: validate it, recognise the instrument and map its items.

    `as_code` says which instrument it is (refused if the file says otherwise). A file nothing
    recognises becomes an instrument of its own, scored from its own weights and marked
    NOT_RECOGNISED; without weights it is refused."""
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
        for item in walk(data.get("item") or [])
        if item.get("type") in ("choice", "coding", "integer", "decimal")
        and (item.get("answerOption") or item.get("answerValueSet"))
    ]
    weights = [option_weights(q, contained) for q in questions]
    candidates = shipped_candidates() if candidates is None else candidates
    view = _questionnaire_view(data, questions)
    embedded = _embedded_key(data)
    found: Identified | None
    if embedded is not None:
        if as_code not in (None, embedded.code):
            raise FhirError(
                f"--as {as_code}: the file carries the scoring key of {embedded.code}, so it is "
                f"not mapped to {as_code}"
            )
        texts = next((c.texts for c in candidates if c.code == embedded.code), {})
        rule = NOT_RECOGNISED if not_recognised(embedded) else EMBEDDED_RULE
        found = Identified(Candidate(embedded, texts), rule, "embedded")
    else:
        found = identify(view, candidates, as_code=as_code)
    if found is None:
        if not questions or any(not w for w in weights):
            raise FhirError(
                "item: not recognised (no LOINC panel, item or total-score code, no known "
                "canonical URL, no published item wording) and not every question carries "
                "ordinalValue weights, so it cannot be scored"
            )
        own = _key_from_weights(data, questions, weights)
        found = Identified(Candidate(own), NOT_RECOGNISED, "none")
    key = found.candidate.key
    title = key.title if found.rule_code == "none" else str(data.get("title") or key.title)
    said = (
        found.rule
        if found.rule == NOT_RECOGNISED
        else f"recognised as {key.short_title} by {found.rule}"
    )
    instrument = Instrument(key=key, title=title, notes=[said, *notes], rule=found.rule)
    top = data.get("item") or []
    if len(top) == 1 and top[0].get("type") == "group" and top[0].get("text"):
        instrument.stem = str(top[0]["text"])
    mapping, map_notes = items_map(view.questions, found.candidate, view.urls, by_position=True)
    for question, weight in zip(questions, weights, strict=True):
        link = str(question["linkId"])
        item_id = mapping.get(link)
        if item_id is None:
            continue
        instrument.link_ids[link] = item_id
        instrument.answer_values[item_id] = weight
        if question.get("text"):
            instrument.texts[item_id] = str(question["text"])
    instrument.notes.extend(map_notes)
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
    for item in walk(data.get("item") or []):
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


@dataclass(frozen=True)
class ReadResponse:
    """One QuestionnaireResponse of a file: which instrument, by which rule, and its answers."""

    identifier: str
    key: Key
    rule: str
    answers: list[float | None]
    notes: tuple[str, ...] = ()

    @property
    def recognised(self) -> bool:
        return not not_recognised(self.key)


def _identifier(response: dict[str, Any], full_url: str | None) -> str:
    """What makes a response the same response when a file is imported again."""
    identifier = response.get("identifier")
    if isinstance(identifier, list):
        identifier = identifier[0] if identifier else None
    if isinstance(identifier, dict) and identifier.get("value"):
        return f"{identifier.get('system') or ''}|{identifier['value']}"
    if response.get("id"):
        return f"QuestionnaireResponse/{response['id']}"
    if full_url:
        return str(full_url)
    digest = hashlib.sha256(json.dumps(response, sort_keys=True).encode("utf-8")).hexdigest()
    return f"sha256:{digest[:32]}"


def _questionnaire_checked(data: dict[str, Any], where: str) -> tuple[dict[str, Any], list[str]]:
    data = copy.deepcopy(data)
    notes = _repair(data)
    try:
        _validate(Questionnaire, data)
    except FhirError as exc:
        raise FhirError(f"{where}: {exc}") from None
    return data, notes


def response_pairs(
    data: Any, questionnaire: Any = None
) -> list[tuple[str, dict[str, Any], dict[str, Any] | None, list[str]]]:
    """Each QuestionnaireResponse of a file (a response, or a Bundle of responses and
    Questionnaires) with its Questionnaire where the file holds it (contained or bundled; else
    `questionnaire`, given apart), all validated: (identifier, response, questionnaire, notes)."""
    if not isinstance(data, dict) or data.get("resourceType") not in (
        "QuestionnaireResponse",
        "Bundle",
    ):
        raise FhirError("resourceType: expected a QuestionnaireResponse or a Bundle of them")
    if data["resourceType"] == "QuestionnaireResponse":
        entries: list[tuple[str, str | None, Any]] = [("QuestionnaireResponse", None, data)]
    else:
        entries = [
            (f"entry[{n}].resource", entry.get("fullUrl"), entry.get("resource"))
            for n, entry in enumerate(data.get("entry") or ())
            if isinstance(entry, dict)
        ]
    bundled: dict[str, tuple[dict[str, Any], list[str]]] = {}
    apart = None
    if questionnaire is not None:
        if not isinstance(questionnaire, dict) or questionnaire.get("resourceType") != (
            "Questionnaire"
        ):
            raise FhirError("resourceType: expected a Questionnaire")
        apart = _questionnaire_checked(questionnaire, "Questionnaire")
    for where, full_url, resource in entries:
        if isinstance(resource, dict) and resource.get("resourceType") == "Questionnaire":
            checked = _questionnaire_checked(resource, where)
            for name in (
                canonical(resource.get("url")),
                f"Questionnaire/{resource.get('id')}" if resource.get("id") else "",
                str(full_url or ""),
            ):
                if name:
                    bundled[name] = checked
    pairs: list[tuple[str, dict[str, Any], dict[str, Any] | None, list[str]]] = []
    for where, full_url, resource in entries:
        if not isinstance(resource, dict) or resource.get("resourceType") != (
            "QuestionnaireResponse"
        ):
            continue
        response = copy.deepcopy(resource)
        contained: dict[str, tuple[dict[str, Any], list[str]]] = {}
        for n, inner in enumerate(response.get("contained") or ()):
            if isinstance(inner, dict) and inner.get("resourceType") == "Questionnaire":
                checked = _questionnaire_checked(inner, f"{where}.contained[{n}]")
                response["contained"][n] = checked[0]
                for name in (f"#{inner.get('id')}", canonical(inner.get("url"))):
                    if name not in ("#None", ""):
                        contained[name] = checked
        try:
            _validate(QuestionnaireResponse, response)
        except FhirError as exc:
            raise FhirError(f"{where}: {exc}") from None
        reference = canonical(response.get("questionnaire"))
        found = contained.get(reference) or bundled.get(reference)
        if found is None and "/Questionnaire/" in reference:
            found = bundled.get("Questionnaire/" + reference.rsplit("/Questionnaire/", 1)[1])
        if found is None and len({id(v[0]) for v in contained.values()}) == 1:
            found = next(iter(contained.values()))
        found = found or apart
        definition, notes = found if found is not None else (None, [])
        pairs.append((_identifier(response, full_url), response, definition, list(notes)))
    if not pairs:
        raise FhirError("entry: the file holds no QuestionnaireResponse")
    return pairs


def responses_read(
    data: Any,
    *,
    questionnaire: Any = None,
    candidates: list[Candidate] | None = None,
    as_code: str | None = None,
    score_unrecognised: bool = False,
) -> list[ReadResponse]:
    """Recognise and read every QuestionnaireResponse of a file (all or nothing).

    A response nothing recognises is refused (FhirError saying NOT_RECOGNISED), unless
    `score_unrecognised` and its Questionnaire carries weights: then it is scored from them, as
    an instrument of its own, and marked NOT_RECOGNISED. `questionnaire` is the Questionnaire of
    responses whose file does not hold theirs. An answer present but unreadable
    refuses the file, naming the item."""
    candidates = shipped_candidates() if candidates is None else candidates
    keys = {c.code: c.key for c in candidates}
    read: list[ReadResponse] = []
    for identifier, response, definition, notes in response_pairs(data, questionnaire):
        try:
            recognition = recognise(response, definition, candidates=candidates, as_code=as_code)
        except FhirError as exc:
            raise FhirError(f"{identifier}: {exc}") from None
        if recognition is None:
            if not (score_unrecognised and definition is not None):
                raise FhirError(
                    f"{identifier}: {NOT_RECOGNISED} (no LOINC panel, item or total-score code, "
                    "no known canonical URL, no published item wording), so it is not used: "
                    "say which instrument it is (--as CODE)"
                )
            own = questionnaire_read(definition, candidates=candidates)
            read.append(
                ReadResponse(
                    identifier,
                    own.key,
                    NOT_RECOGNISED,
                    response_answers(own, response),
                    tuple(notes + own.notes),
                )
            )
            continue
        key = keys[recognition.code]
        try:
            answers = response_values(response, recognition, key, questionnaire_weights(definition))
        except FhirError as exc:
            raise FhirError(f"{identifier}: {exc}") from None
        rule = recognition.rule
        if not_recognised(key):
            rule = f"{rule}; {NOT_RECOGNISED}"
        read.append(
            ReadResponse(identifier, key, rule, answers, tuple(notes + list(recognition.notes)))
        )
    return read


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

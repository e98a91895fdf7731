"""Which of our instruments a FHIR file holds, by which rule, which of its questions is which of
our items, and what each answer is worth. Pure: plain JSON dicts in, plain data out (no Django).

An instrument is recognised by the first rule that matches, in this order:

1. ``explicit``: the person importing says which it is (``--as phq9``); a file that another rule
   recognises as something else is refused rather than re-labelled;
2. ``embedded``: a Steadfast scoring key inside the Questionnaire (our own export; fhir.py);
3. ``panel``: a LOINC panel code at any level (Questionnaire.code or .identifier, a group's
   code, a linkId segment such as ``/44249-1``);
4. ``item_codes``: LOINC item codes on the questions (``item.code`` or a linkId segment such as
   ``/44250-9``);
5. ``total_item``: a LOINC total-score item (the keys' ``loinc.total``, e.g. 44261-6, 70274-6);
6. ``url``: a known canonical URL (ours, a key's aliases, LOINC's ``http://loinc.org/q/<panel>``
   and the files listed in KNOWN_URLS), on the response, the Questionnaire or its derivedFrom;
7. ``wording``: the published item wording, compared without case, spacing or punctuation.

A questionnaire no rule recognises is NOT_RECOGNISED: never scored silently as if it were ours.

Questions are then matched to our items by LOINC item code, by wording, by the known linkIds of
a known file, by our own linkId ("1".."9"), and when exactly one question and one item are left,
by elimination; a question whose code and wording name different items is refused. By position
only where the order is the definition (a Questionnaire being read) or the person said which
instrument it is.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .scoring.keys import INSTRUMENTS_DIR, Key, shipped_codes, shipped_key

LOINC = "http://loinc.org"
ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight"
NOT_RECOGNISED = "not recognised: no ranges and no safety rules apply"

# LOINC's FHIR server publishes each panel as a Questionnaire at this canonical URL plus the
# panel code (e.g. http://loinc.org/q/44249-1), so every key with a LOINC panel has one.
LOINC_QUESTIONNAIRE = "http://loinc.org/q/"
# Public files we have read, with the linkIds they use for our items. Keep this list to files
# actually seen; a guessed URL would recognise nothing and mislead whoever reads it.
SDC_PHQ9 = "http://hl7.org/fhir/uv/sdc/Questionnaire/questionnaire-sdc-profile-example-PHQ9"
KNOWN_URLS: dict[str, str] = {
    # HL7 SDC implementation guide example (CC0); ResearchKitOnFHIR's PHQ-9.json reuses it.
    # No panel code, no item codes, wording with small deviations (items 8 and 9).
    SDC_PHQ9: "phq9",
}
KNOWN_LINK_IDS: dict[str, dict[str, str]] = {
    SDC_PHQ9: {f"H1/T1/Q{n}": str(n) for n in range(1, 10)},
}
# Answers that can carry a score (others, such as valueQuantity totals, never map by elimination).
SCOREABLE = ("valueCoding", "valueInteger", "valueDecimal", "valueString")
_LOINC_CODE = re.compile(r"^\d{1,7}-\d$")


class FhirError(ValueError):
    """A FHIR file Steadfast cannot use; the message names the JSON path or the item."""


@dataclass(frozen=True)
class Candidate:
    """An instrument a file may be: its key and, where we have it, its published item wording."""

    key: Key
    texts: Mapping[str, str] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.key.code

    @property
    def urls(self) -> frozenset[str]:
        key = self.key
        urls = {key.canonical_url, *key.aliases}
        urls |= {url for url, code in KNOWN_URLS.items() if code == key.code}
        if key.loinc_panel:
            urls.add(LOINC_QUESTIONNAIRE + key.loinc_panel)
        return frozenset(urls)


@dataclass(frozen=True)
class Question:
    """One question of a file, with everything that may say which of our items it is."""

    link_id: str
    texts: frozenset[str]  # normalised
    codes: frozenset[str]  # LOINC-shaped codes from item.code and the linkId
    scoreable: bool = True


@dataclass(frozen=True)
class FileView:
    """What identification looks at: the questions, every code anywhere, the canonical URLs."""

    questions: tuple[Question, ...]
    codes: frozenset[str]
    urls: frozenset[str]


@dataclass(frozen=True)
class Identified:
    candidate: Candidate
    rule: str  # for people: "LOINC panel code 44249-1"
    rule_code: str  # explicit, embedded, panel, item_codes, total_item, url, wording


@dataclass(frozen=True)
class Recognition:
    """The answer for one file: which instrument, by which rule, which question is which item."""

    code: str
    rule: str
    rule_code: str
    items: dict[str, str]  # linkId in the file -> our item id (the item's number in the key)
    notes: tuple[str, ...] = ()


# Reading the file -------------------------------------------------------------------------------


def normalise(text: object) -> str:
    """Wording compared without case, punctuation, spacing or a leading item number."""
    plain = unicodedata.normalize("NFKC", str(text or "")).casefold()
    plain = re.sub(r"[^\w]+", " ", plain).strip()
    return re.sub(r"^(q\s*)?\d+\s+", "", plain)


def is_loinc(code: object) -> bool:
    """A LOINC code: digits, a dash and the right mod-10 check digit (so 68509-9, not -8)."""
    text = str(code or "")
    if not _LOINC_CODE.match(text):
        return False
    digits, check = text.split("-")
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10 == int(check)


def walk(items: Iterable[Mapping[str, Any]] | None) -> Iterator[Mapping[str, Any]]:
    """Every item, depth first, through nested groups and items nested under answers."""
    for item in items or ():
        yield item
        yield from walk(item.get("item"))
        for answer in item.get("answer") or ():
            yield from walk(answer.get("item"))


def codings_codes(codings: Iterable[Mapping[str, Any]] | None) -> set[str]:
    """LOINC codes among codings (a coding without a system counts when it is LOINC-shaped)."""
    return {
        str(c["code"])
        for c in codings or ()
        if c.get("system") in (None, "", LOINC) and is_loinc(c.get("code"))
    }


def node_codes(item: Mapping[str, Any]) -> set[str]:
    codes = codings_codes(item.get("code"))
    codes |= {part for part in str(item.get("linkId") or "").split("/") if is_loinc(part)}
    return codes


def canonical(url: object) -> str:
    return str(url or "").split("|", 1)[0].strip()


def questionnaire_codes(data: Mapping[str, Any]) -> set[str]:
    """Every LOINC code in a Questionnaire: its own code and identifier, and every item's."""
    codes = codings_codes(data.get("code"))
    for identifier in data.get("identifier") or ():
        if identifier.get("system") == LOINC and is_loinc(identifier.get("value")):
            codes.add(str(identifier["value"]))
    for item in walk(data.get("item")):
        codes |= node_codes(item)
    return codes


def questionnaire_urls(data: Mapping[str, Any]) -> set[str]:
    urls = {canonical(data.get("url"))}
    urls |= {canonical(u) for u in data.get("derivedFrom") or ()}
    return urls - {""}


def response_view(response: Mapping[str, Any], questionnaire: Mapping[str, Any] | None) -> FileView:
    """The answered questions of a QuestionnaireResponse, with the codes and text of the
    Questionnaire's item of the same linkId where one is given."""
    defined = {str(i.get("linkId")): i for i in walk((questionnaire or {}).get("item"))}
    questions: list[Question] = []
    codes: set[str] = set()
    for item in walk(response.get("item")):
        link = str(item.get("linkId") or "")
        definition = defined.get(link, {})
        item_codes = node_codes(item) | node_codes(definition)
        codes |= item_codes
        answers = item.get("answer") or ()
        if not answers:
            continue
        texts = {normalise(t) for t in (item.get("text"), definition.get("text")) if t}
        scoreable = any(kind in answer for answer in answers for kind in SCOREABLE)
        questions.append(Question(link, frozenset(texts), frozenset(item_codes), scoreable))
    urls = {canonical(response.get("questionnaire"))} - {""}
    if questionnaire is not None:
        codes |= questionnaire_codes(questionnaire)
        urls |= questionnaire_urls(questionnaire)
    return FileView(tuple(questions), frozenset(codes), frozenset(urls))


# Which instrument -------------------------------------------------------------------------------


def _wording(candidate: Candidate) -> dict[str, str]:
    """Normalised published wording -> our item id (empty where we hold no wording)."""
    key = candidate.key
    return {normalise(t): i for i, t in candidate.texts.items() if t and i in key.item_ids}


def _best(hits: Mapping[str, int], candidates: Mapping[str, Candidate], n_questions: int) -> str:
    """The candidate with the most hits; on a tie, the one whose length fits the file (a PHQ-9
    file is PHQ-9, not the PHQ-2 whose two items it shares)."""
    return max(
        hits,
        key=lambda c: (hits[c], -abs(candidates[c].key.n_items - n_questions), c),
    )


def identify(
    view: FileView, candidates: Iterable[Candidate], *, as_code: str | None = None
) -> Identified | None:
    """The instrument by the first rule that matches (see the module docstring), or None."""
    by_code = {c.code: c for c in candidates}
    if as_code is not None:
        if as_code not in by_code:
            raise FhirError(
                f"--as {as_code}: not an instrument here; known: {', '.join(sorted(by_code))}"
            )
        found = identify(view, by_code.values())
        if found is not None and found.candidate.code != as_code:
            raise FhirError(
                f"--as {as_code}: the file is {found.candidate.key.short_title} "
                f"(recognised by {found.rule}), so it is not mapped to {as_code}"
            )
        return Identified(by_code[as_code], f"explicit mapping (--as {as_code})", "explicit")
    n_questions = sum(1 for q in view.questions if q.scoreable) or len(view.questions)
    question_codes = set().union(*(q.codes for q in view.questions)) if view.questions else set()

    item_hits = {
        code: n
        for code, c in by_code.items()
        if (n := sum(1 for loinc in c.key.item_loinc if loinc and loinc in question_codes))
    }
    panels = {
        c.code: item_hits.get(c.code, 0)
        for c in by_code.values()
        if c.key.loinc_panel and c.key.loinc_panel in view.codes
    }
    if panels:
        best = _best(panels, by_code, n_questions)
        return Identified(
            by_code[best], f"LOINC panel code {by_code[best].key.loinc_panel}", "panel"
        )
    enough = {code: n for code, n in item_hits.items() if n >= min(2, by_code[code].key.n_items)}
    if enough:
        best = _best(enough, by_code, n_questions)
        n_items = by_code[best].key.n_items
        return Identified(
            by_code[best], f"LOINC item codes ({enough[best]} of {n_items} items)", "item_codes"
        )
    totals = {
        c.code: item_hits.get(c.code, 0)
        for c in by_code.values()
        if c.key.loinc_total and c.key.loinc_total in view.codes
    }
    if totals:
        best = _best(totals, by_code, n_questions)
        return Identified(
            by_code[best], f"LOINC total-score item {by_code[best].key.loinc_total}", "total_item"
        )
    for c in by_code.values():
        matched = sorted(c.urls & view.urls)
        if matched:
            return Identified(c, f"known canonical URL {matched[0]}", "url")
    texts = set().union(*(q.texts for q in view.questions)) if view.questions else set()
    wording_hits = {
        code: n
        for code, c in by_code.items()
        if (n := sum(1 for t in _wording(c) if t in texts)) >= min(2, c.key.n_items)
    }
    if wording_hits:
        best = _best(wording_hits, by_code, n_questions)
        n_items = by_code[best].key.n_items
        return Identified(
            by_code[best],
            f"published item wording ({wording_hits[best]} of {n_items} items)",
            "wording",
        )
    return None


# Which question is which item -------------------------------------------------------------------


def items_map(
    questions: Iterable[Question],
    candidate: Candidate,
    urls: Iterable[str] = (),
    *,
    by_position: bool,
) -> tuple[dict[str, str], list[str]]:
    """linkId -> our item id, and notes on how. Raises FhirError when questions that may carry
    a score are left over while items are still unmatched (and nothing allows a guess)."""
    key = candidate.key
    by_loinc = {loinc: i for i, loinc in zip(key.item_ids, key.item_loinc, strict=True) if loinc}
    by_text = _wording(candidate)
    known: dict[str, str] = {}
    for url in urls:
        known.update(KNOWN_LINK_IDS.get(canonical(url), {}))

    def by_code(q: Question) -> str | None:
        return next((by_loinc[c] for c in sorted(q.codes) if c in by_loinc), None)

    def by_wording(q: Question) -> str | None:
        return next((by_text[t] for t in sorted(q.texts) if t in by_text), None)

    steps = (
        by_code,
        by_wording,
        lambda q: known.get(q.link_id),
        lambda q: q.link_id.lstrip("/") if q.link_id.lstrip("/") in key.item_ids else None,
    )
    questions = list(questions)
    mapping: dict[str, str] = {}
    for step in steps:
        for question in questions:
            if question.link_id in mapping:
                continue
            item = step(question)
            if item is not None and item not in mapping.values():
                mapping[question.link_id] = item
    for question in questions:
        worded = by_wording(question)
        if question.link_id in mapping and worded not in (None, mapping[question.link_id]):
            raise FhirError(
                f"item {question.link_id}: it is {key.code} item {mapping[question.link_id]} by "
                f"its code or linkId but item {worded} by its wording; the file contradicts itself"
            )
    notes: list[str] = []
    remaining = [i for i in key.item_ids if i not in mapping.values()]
    # A question carrying a LOINC code that is none of our items is some other question.
    loose = [q for q in questions if q.link_id not in mapping and q.scoreable and not q.codes]
    if remaining and loose:
        if by_position and len(loose) == len(remaining):
            for question, item in zip(loose, remaining, strict=True):
                mapping[question.link_id] = item
            notes.append(f"questions matched to {key.code} items by position")
        elif len(loose) == 1 and len(remaining) == 1:
            mapping[loose[0].link_id] = remaining[0]
            notes.append(
                f"question {loose[0].link_id} matched to {key.code} item {remaining[0]} by "
                "elimination (the only question and the only item left)"
            )
        else:
            hint = "" if by_position else " (--as CODE takes what is left in the file's order)"
            raise FhirError(
                f"item: questions {', '.join(q.link_id for q in loose)} could not be matched "
                f"to the {key.code} items {remaining} by code or wording{hint}"
            )
    extra = [q.link_id for q in questions if q.link_id not in mapping]
    if extra:
        notes.append(f"questions not part of the {key.code} score ignored: {', '.join(extra)}")
    return mapping, notes


def recognise(
    response: Mapping[str, Any],
    questionnaire: Mapping[str, Any] | None = None,
    *,
    candidates: Iterable[Candidate],
    as_code: str | None = None,
) -> Recognition | None:
    """Which instrument a QuestionnaireResponse answers (with its Questionnaire, if the file
    holds one), by which rule, and which linkId is which item; None when nothing recognises it.
    """
    view = response_view(response, questionnaire)
    found = identify(view, candidates, as_code=as_code)
    if found is None:
        return None
    mapping, notes = items_map(
        view.questions, found.candidate, view.urls, by_position=found.rule_code == "explicit"
    )
    return Recognition(found.candidate.code, found.rule, found.rule_code, mapping, tuple(notes))


# What an answer is worth ------------------------------------------------------------------------


def ordinal(element: Mapping[str, Any]) -> float | None:
    """The ordinalValue (R4) or itemWeight (R5 packs) extension on an element, if any."""
    for ext in element.get("extension") or ():
        if ext.get("url") in (ORDINAL, ITEM_WEIGHT):
            value = ext.get("valueDecimal", ext.get("valueInteger"))
            if value is not None:
                return float(value)
    return None


def option_weights(
    item: Mapping[str, Any], contained: Mapping[str, Mapping[str, Any]]
) -> dict[str, float]:
    """Answer code -> weight for one Questionnaire item, from answerOption or a contained
    ValueSet."""
    values: dict[str, float] = {}
    for option in item.get("answerOption") or ():
        coding = option.get("valueCoding") or {}
        weight = ordinal(option)
        if weight is None:
            weight = ordinal(coding)
        if coding.get("code") is not None and weight is not None:
            values[str(coding["code"])] = weight
    reference = str(item.get("answerValueSet") or "")
    if reference.startswith("#") and reference[1:] in contained:
        for include in contained[reference[1:]].get("compose", {}).get("include", []):
            for concept in include.get("concept") or ():
                weight = ordinal(concept)
                if weight is not None:
                    values[str(concept["code"])] = weight
    return values


def questionnaire_weights(questionnaire: Mapping[str, Any] | None) -> dict[str, dict[str, float]]:
    """linkId -> (answer code -> weight) for every item of a Questionnaire."""
    if not questionnaire:
        return {}
    contained = {
        str(r.get("id")): r
        for r in questionnaire.get("contained") or ()
        if r.get("resourceType") == "ValueSet"
    }
    return {
        str(i.get("linkId")): option_weights(i, contained) for i in walk(questionnaire.get("item"))
    }


def _label_value(key: Key, text: object) -> float | None:
    wanted = normalise(text)
    return next((o.value for o in key.options if wanted and normalise(o.label) == wanted), None)


def _shown(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def answer_value(answer: Mapping[str, Any], *, key: Key, weights: Mapping[str, float]) -> float:
    """One answer's value on the key's scale; ValueError saying why it cannot be read.

    A coding is read from its ordinalValue/itemWeight extension, the Questionnaire's weight for
    its code, a LOINC answer code the key knows (LA6568-5 … LA6571-9) and its display (or code)
    equal to one of the key's answer labels. Every reading that applies must agree."""
    if "valueCoding" in answer:
        coding = answer.get("valueCoding") or {}
        code = str(coding.get("code") or "")
        readings: dict[str, float] = {}
        weight = ordinal(coding)
        if weight is None:
            weight = ordinal(answer)
        if weight is not None:
            readings["its ordinal value"] = weight
        if code in weights:
            readings["the Questionnaire's weight"] = weights[code]
        if code and coding.get("system") in (None, "", LOINC):
            coded = key.value_for_code(code)
            if coded is not None:
                readings[f"LOINC answer {code}"] = coded
        for text in (coding.get("display"), code):
            labelled = _label_value(key, text)
            if labelled is not None:
                readings[f"the label {text!r}"] = labelled
        shown = code or str(coding.get("display") or "")
        if not readings:
            raise ValueError(f"answer {shown!r} is not one of the {key.short_title} answers")
        if len(set(readings.values())) > 1:
            ways = ", ".join(f"{k} says {_shown(v)}" for k, v in readings.items())
            raise ValueError(f"answer {shown!r} reads two ways ({ways})")
        value = next(iter(readings.values()))
    elif "valueInteger" in answer or "valueDecimal" in answer:
        raw = answer.get("valueInteger", answer.get("valueDecimal"))
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise ValueError(f"answer {raw!r} is not a number")
        value = float(raw)
    elif "valueString" in answer:
        labelled = _label_value(key, answer["valueString"])
        if labelled is None:
            raise ValueError(
                f"answer {answer['valueString']!r} is not one of the {key.short_title} answers"
            )
        value = labelled
    else:
        kinds = [k for k in answer if k.startswith("value")] or ["nothing"]
        raise ValueError(f"answer is {kinds[0]}, not a coding or a number")
    if value not in key.allowed_values:
        allowed = ", ".join(_shown(v) for v in key.allowed_values)
        raise ValueError(f"{_shown(value)} is not one of {allowed}")
    return value


def _item_label(key: Key, item_id: str, link_id: str) -> str:
    label = f"{key.short_title} item {item_id} (linkId {link_id})"
    if any(f.item == item_id and f.code == "self_harm" for f in key.flags):
        label += ", the question about self-harm,"
    return label


def response_values(
    response: Mapping[str, Any],
    recognition: Recognition,
    key: Key,
    weights: Mapping[str, Mapping[str, float]] | None = None,
) -> list[float | None]:
    """The item values in key order (None where not answered). FhirError names any answer
    that is present but cannot be read: nothing of such a file is used."""
    values: dict[str, float] = {}
    for item in walk(response.get("item")):
        link = str(item.get("linkId") or "")
        item_id = recognition.items.get(link)
        answers = item.get("answer") or ()
        if item_id is None or not answers:
            continue
        try:
            if len(answers) > 1:
                raise ValueError(f"it has {len(answers)} answers, not one")
            value = answer_value(answers[0], key=key, weights=(weights or {}).get(link, {}))
            if item_id in values and values[item_id] != value:
                raise ValueError("the item is answered twice, differently")
        except ValueError as exc:
            raise FhirError(f"{_item_label(key, item_id, link)} cannot be read: {exc}") from None
        values[item_id] = value
    return [values.get(i) for i in key.item_ids]


# What we know ----------------------------------------------------------------------------------


@cache
def _shipped_texts(code: str) -> dict[str, str]:
    path = INSTRUMENTS_DIR / code / "questionnaire.json"
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    ids = shipped_key(code).item_ids
    return {
        str(i["linkId"]): str(i["text"])
        for i in walk(data.get("item"))
        if str(i.get("linkId")) in ids and i.get("text")
    }


def shipped_candidates() -> list[Candidate]:
    """Every instrument Steadfast ships, with the item wording it ships (where licensed)."""
    return [Candidate(shipped_key(code), _shipped_texts(code)) for code in shipped_codes()]

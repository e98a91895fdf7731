"""Reads for assessments, always scoped to the person asking."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from steadfast.accounts.models import User
from steadfast.assessments.fhir import Instrument as Definition
from steadfast.assessments.fhir import questionnaire_read
from steadfast.assessments.models import Draft, DueAssessment, DueStatus, Instrument, Response
from steadfast.assessments.scoring.change import ReliableChange, reliable_change
from steadfast.assessments.scoring.keys import (
    INSTRUMENTS_DIR,
    key_from_dict,
    shipped_codes,
    shipped_key,
)


@cache
def _shipped_definition(code: str) -> Definition:
    path = INSTRUMENTS_DIR / code / "questionnaire.json"
    if path.is_file():
        definition = questionnaire_read(json.loads(path.read_text(encoding="utf-8")))
        definition.key = shipped_key(code)
        return definition
    return Definition(key=shipped_key(code), title=shipped_key(code).title)


def instrument_definition(code: str) -> Definition:
    """The instrument's key and item texts: an administrator's import wins over the shipped file.

    LookupError for an unknown code.
    """
    row = Instrument.objects.filter(code=code).first()
    if row is not None:
        return Definition(
            key=key_from_dict(row.key),
            texts=dict(row.texts),
            title=row.title,
            stem=row.stem or None,
        )
    if code not in shipped_codes():
        raise LookupError(f"unknown instrument {code!r}")
    return _shipped_definition(code)


def instrument_codes() -> list[str]:
    return sorted(set(shipped_codes()) | set(Instrument.objects.values_list("code", flat=True)))


def takeable(definition: Definition) -> bool:
    """Can a participant answer it here? Only when every item has its text."""
    return all(definition.texts.get(i) for i in definition.key.item_ids)


@dataclass(frozen=True)
class DueRow:
    due: DueAssessment
    status: DueStatus


def due_for(*, user: User, now: datetime | None = None) -> list[DueRow]:
    """The person's open and upcoming questionnaires (not completed, not missed), soonest first."""
    now = now or timezone.now()
    rows = DueAssessment.objects.filter(
        user=user, completed_at__isnull=True, closes_at__gt=now
    ).order_by("due_at", "pk")
    return [DueRow(due, due.status(now)) for due in rows]


def draft_of(*, user: User, token: uuid.UUID) -> Draft:
    """The person's own draft with this token; 404 for anyone else's or none."""
    return get_object_or_404(
        Draft.objects.select_related("due__organisation"), token=token, user=user
    )


def has_draft(*, user: User, token: uuid.UUID) -> bool:
    return Draft.objects.filter(token=token, user=user).exists()


def open_due_of(*, user: User, pk: int) -> DueAssessment:
    """The person's own questionnaire still to do, by id; 404 otherwise."""
    return get_object_or_404(DueAssessment, pk=pk, user=user, completed_at__isnull=True)


def submitted_from(*, user: User, token: uuid.UUID) -> Response | None:
    """The response the person already sent from this draft's page, if any."""
    return Response.objects.filter(token=token, user=user).first()


def response_of(*, user: User, pk: int) -> Response:
    """The person's own response; 404 for anyone else's."""
    return get_object_or_404(Response, pk=pk, user=user)


def responses_for(*, user: User, instrument: str | None = None) -> QuerySet[Response]:
    qs = Response.objects.filter(user=user)
    return qs.filter(instrument=instrument) if instrument else qs


@dataclass(frozen=True)
class Point:
    response: Response
    change_from_previous: ReliableChange | None
    change_from_first: ReliableChange | None


def progress_for(*, user: User, instrument: str) -> list[Point]:
    """Valid responses over time, with reliable change of the total from the previous and the
    first one (where the instrument has a total and reliability inputs)."""
    key = instrument_definition(instrument).key
    points: list[Point] = []
    first: float | None = None
    previous: float | None = None
    for response in responses_for(user=user, instrument=instrument).filter(valid=True):
        total = response.total
        points.append(
            Point(
                response,
                reliable_change(key, previous, total)
                if previous is not None and total is not None
                else None,
                reliable_change(key, first, total)
                if first is not None and total is not None
                else None,
            )
        )
        if total is not None:
            first = total if first is None else first
            previous = total
    return points


def score_rows(
    user: User, instruments: frozenset[str], until: datetime
) -> list[tuple[str, float | None, dict[str, float] | None, datetime]]:
    """The person's valid scores on these instruments up to `until`, oldest first: what
    safety's rule 3 reads (registered with safety.selectors.scores_from in ready())."""
    return list(
        Response.objects.valid()
        .filter(user=user, instrument__in=instruments, submitted_at__lte=until)
        .order_by("submitted_at", "pk")
        .values_list("instrument", "total", "subscales", "submitted_at")
    )

"""Questionnaires people can finish on a phone, their results, progress and export."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from steadfast.assessments import personal_data, selectors, services
from steadfast.assessments.fhir import Instrument as Definition
from steadfast.assessments.models import Draft, Response
from steadfast.assessments.scoring.keys import Key
from steadfast.core.params import id_param
from steadfast.safety.selectors import Help, help_needed, organisation_of
from steadfast.safety.services import ScreeningUnavailable

ANYTIME = ("checkin", "wheel")
# A positive short screen offers its full questionnaire at once.
FOLLOW_UPS = {"phq2": "phq9", "gad2": "gad7"}


def _definition(code: str) -> Definition:
    try:
        return selectors.instrument_definition(code)
    except LookupError:
        raise Http404 from None


def _draft(request: HttpRequest, token: uuid.UUID) -> Draft:
    return selectors.draft_of(user=request.user, token=token)  # type: ignore[arg-type]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    definitions = {code: _definition(code) for code in selectors.instrument_codes()}
    taken = sorted(set(selectors.responses_for(user=user).values_list("instrument", flat=True)))
    return render(
        request,
        "assessments/index.html",
        {
            "due": selectors.due_for(user=user),
            "anytime": sorted(
                (d for d in definitions.values() if selectors.takeable(d)),
                key=lambda d: (d.key.code not in ANYTIME, d.key.title),
            ),
            "taken": [definitions[c] for c in taken if c in definitions],
        },
    )


@login_required
@require_POST
def start(request: HttpRequest, code: str) -> HttpResponse:
    definition = _definition(code)
    if not selectors.takeable(definition):
        raise Http404
    due = None
    if (due_id := id_param(request.POST, "due")) is not None:
        due = selectors.open_due_of(user=request.user, pk=due_id)  # type: ignore[arg-type]
    draft = services.draft_start(user=request.user, instrument=code, due=due)  # type: ignore[arg-type]
    position = min(draft.position, definition.key.n_items)
    if draft.position > definition.key.n_items:
        return redirect("assessments:review", token=draft.token)
    return redirect("assessments:question", token=draft.token, position=position)


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    checked: bool


@login_required
def question(request: HttpRequest, token: uuid.UUID, position: int) -> HttpResponse:
    draft = _draft(request, token)
    definition = _definition(draft.instrument)
    key = definition.key
    if not 1 <= position <= key.n_items:
        raise Http404
    answers = services.draft_answers(draft)
    error, status = "", 200
    if request.method == "POST":
        try:
            value = float(request.POST.get("answer", ""))
            services.draft_answer(draft=draft, position=position, value=value)
        except ScreeningUnavailable:
            error, status = ScreeningUnavailable.for_answer, 503
        except (ValueError, services.AssessmentError):
            error, status = "Please choose one of the answers to go on.", 400
        else:
            if position == key.n_items:
                return redirect("assessments:review", token=draft.token)
            return redirect("assessments:question", token=draft.token, position=position + 1)
    chosen = answers.get(position)
    choices = [Choice(_plain(o.value), o.label, chosen == o.value) for o in key.options]
    return render(
        request,
        "assessments/question.html",
        {
            "definition": definition,
            "draft": draft,
            "position": position,
            "count": key.n_items,
            "text": definition.texts.get(key.item_ids[position - 1], ""),
            "choices": choices,
            "error": error,
            "previous": position - 1 if position > 1 else None,
            "needs_help": _draft_needs_help(request, draft, key.n_items),
        },
        status=status,
    )


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@login_required
def review(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    user: Any = request.user
    if request.method == "POST":
        try:
            response = services.response_submit(user=user, token=token)
        except ScreeningUnavailable:
            return _review_page(
                request, _draft(request, token), ScreeningUnavailable.for_answers, status=503
            )
        except services.AssessmentError as exc:
            if not selectors.has_draft(user=user, token=token):
                raise Http404 from None
            draft = _draft(request, token)
            return _review_page(request, draft, str(exc), status=400)
        return redirect("assessments:result", pk=response.pk)
    submitted = selectors.submitted_from(user=user, token=token)
    if submitted is not None:
        return redirect("assessments:result", pk=submitted.pk)
    return _review_page(request, _draft(request, token), "")


def _review_page(request: HttpRequest, draft: Draft, error: str, status: int = 200) -> HttpResponse:
    definition = _definition(draft.instrument)
    key = definition.key
    answers = services.draft_answers(draft)
    labels = {o.value: o.label for o in key.options}
    rows = [
        (n, definition.texts.get(item, ""), labels.get(answers[n]) if n in answers else None)
        for n, item in enumerate(key.item_ids, start=1)
    ]
    return render(
        request,
        "assessments/review.html",
        {
            "definition": definition,
            "draft": draft,
            "rows": rows,
            "error": error,
            "needs_help": _draft_needs_help(request, draft, key.n_items),
        },
        status=status,
    )


MEANING = {
    "screen": (
        "This questionnaire is a screening tool. It shows how often some problems bothered you "
        "lately. It cannot diagnose anything, and a single score is not the whole picture."
    ),
    "wellbeing": (
        "This score describes how you have been feeling lately. It is not a test you pass or "
        "fail, and it can change from week to week."
    ),
    "own": (
        "This check is ours and has not been tested as a measure. Use it to notice patterns "
        "over time, not as a verdict on how you are doing."
    ),
}


def _meaning(key: Key) -> str:
    if not key.validated:
        return MEANING["own"]
    if key.code in ("phq9", "phq2", "gad7", "gad2", "pcl5"):
        return MEANING["screen"]
    return MEANING["wellbeing"]


@login_required
def result(request: HttpRequest, pk: int) -> HttpResponse:
    response = selectors.response_of(user=request.user, pk=pk)  # type: ignore[arg-type]
    definition = _definition(response.instrument)
    key = definition.key
    points = selectors.progress_for(user=request.user, instrument=response.instrument)  # type: ignore[arg-type]
    point = next((p for p in points if p.response.pk == response.pk), None)
    return render(
        request,
        "assessments/result.html",
        {
            "response": response,
            "definition": definition,
            "key": key,
            "meaning": _meaning(key),
            "help": _help_for(response),
            "follow_up": FOLLOW_UPS.get(response.instrument)
            if "screen_positive" in response.flags
            else None,
            "change": point.change_from_previous if point else None,
            "subscale_rows": [
                (s.title, response.subscales.get(s.code), s.direction != key.direction)
                for s in key.subscales
            ],
            "chart": _chart(points, key),
        },
    )


def _help_for(response: Response) -> Help | None:
    """Crisis help or a referral first, for the engine's flags and any rule the organisation
    tightened."""
    return help_needed(
        organisation=response.organisation,
        instrument=response.instrument,
        total=response.total,
        answers=json.loads(response.answers),
        flags=response.flags,
    )


def _draft_needs_help(request: HttpRequest, draft: Draft, n_items: int) -> bool:
    """Crisis help on the very next screen after a risky answer, before anything is sent."""
    return (
        help_needed(
            organisation=draft.due.organisation if draft.due else organisation_of(request.user),  # type: ignore[arg-type]
            instrument=draft.instrument,
            answers=services.answers_in_order(draft, n_items),
        )
        == "crisis"
    )


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    label: str
    reliable: str


@dataclass(frozen=True)
class Series:
    name: str
    polyline: str
    points: list[ChartPoint]
    css: str


def _chart(points: list[selectors.Point], key: Key) -> dict[str, Any] | None:
    """Coordinates for a small server-rendered SVG line chart (0..100 by 0..40 view box): the
    total over time, or one line per area for instruments without a total."""
    if not points:
        return None
    if key.has_total:
        k = 1 if key.aggregation == "mean" else len(key.scored_items)
        factor = 4 if key.aggregation == "sum_x4" else 1
        low, high = key.minimum * k * factor, key.maximum * k * factor
        wanted: list[tuple[str, str | None]] = [("Score", None)]
    else:
        low, high = key.minimum, key.maximum
        wanted = [(s.title, s.code) for s in key.subscales if s.method == "mean"]
    span = (high - low) or 1
    step = 90 / max(len(points) - 1, 1)
    series = []
    for n, (name, code) in enumerate(wanted):
        out = []
        for i, point in enumerate(points):
            response = point.response
            value = response.total if code is None else response.subscales.get(code)
            if value is None:
                continue
            change = point.change_from_previous if code is None else None
            when = timezone.localtime(response.submitted_at)
            out.append(
                ChartPoint(
                    x=round(5 + i * step, 2),
                    y=round(35 - 30 * (value - low) / span, 2),
                    label=f"{name}, {when:%d %b %Y}: {_plain(value)}",
                    reliable=change.change if change else "",
                )
            )
        polyline = " ".join(f"{p.x},{p.y}" for p in out)
        series.append(Series(name, polyline, out, f"series-{n % 6}"))
    return {
        "series": series,
        "low": _plain(low),
        "high": _plain(high),
        "rows": points,
        "columns": wanted,
        "has_total": key.has_total,
    }


@login_required
def progress(request: HttpRequest, code: str) -> HttpResponse:
    definition = _definition(code)
    points = selectors.progress_for(user=request.user, instrument=code)  # type: ignore[arg-type]
    return render(
        request,
        "assessments/progress.html",
        {
            "definition": definition,
            "key": definition.key,
            "points": points,
            "chart": _chart(points, definition.key),
        },
    )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """Everything the person answered, as JSON they can keep."""
    response = JsonResponse(personal_data.export(request.user), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="steadfast-my-answers.json"'
    return response

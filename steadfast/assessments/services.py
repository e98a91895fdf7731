"""Writes for assessments: importing instruments, scheduling, answering and submitting."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from steadfast.accounts.models import User
from steadfast.accounts.selectors import person_zone
from steadfast.assessments.fhir import (
    key_to_dict,
    observation_write,
    questionnaire_read,
    response_write,
)
from steadfast.assessments.models import Draft, DueAssessment, Instrument, Response, Wave
from steadfast.assessments.scoring.engine import AnswerError, score
from steadfast.assessments.scoring.keys import shipped_codes, shipped_key
from steadfast.assessments.selectors import instrument_definition
from steadfast.core.dates import add_months
from steadfast.core.sendonce import MarkerClaim, send_once
from steadfast.core.services import audit_record
from steadfast.core.taskutils import enqueue_on_commit
from steadfast.organisations.models import Organisation
from steadfast.safety.services import answer_screen, response_screen

# Reminders go out in daytime only, in the person's own time zone.
QUIET_UNTIL = time(9, 0)
QUIET_FROM = time(20, 0)


class AssessmentError(ValueError):
    """A request the assessments app refuses, with a message for the person."""


def instrument_import(
    *, data: Any, source: str = "", as_code: str | None = None
) -> tuple[Instrument, list[str]]:
    """Create or update an instrument from a FHIR Questionnaire (validated first; all or nothing).

    Licensed item text of an instrument Steadfast ships text for is kept as shipped; the file's
    wording is used for instruments whose items we may not ship. `as_code` says which instrument
    the file is (fhir.questionnaire_read); the first note says which rule recognised it.
    """
    definition = questionnaire_read(data, as_code=as_code)
    notes = list(definition.notes)
    key = definition.key
    texts = definition.texts
    if key.code in shipped_codes() and shipped_key(code=key.code).item_text_shipped:
        texts = instrument_definition(key.code).texts
        notes.append(f"the licensed {key.short_title} item text shipped with Steadfast is kept")

    with transaction.atomic():
        row, _ = Instrument.objects.update_or_create(
            code=key.code,
            defaults={
                "title": definition.title or key.title,
                "key": key_to_dict(key),
                "texts": texts,
                "stem": definition.stem or "",
                "source": source[:255],
            },
        )
    return row, notes


@dataclass(frozen=True)
class Window:
    opens: timedelta
    due: timedelta
    closes: timedelta


WINDOWS = {
    Wave.BASELINE: Window(timedelta(0), timedelta(days=7), timedelta(days=21)),
    Wave.POST: Window(timedelta(0), timedelta(days=7), timedelta(days=28)),
    Wave.FOLLOW_UP: Window(timedelta(0), timedelta(days=14), timedelta(days=42)),
}


def _local_morning(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, QUIET_UNTIL, tzinfo=zone)


def reminder_time(opens_at: datetime, zone: ZoneInfo) -> datetime:
    """When to remind: when it opens, moved out of the night (20:00 to 09:00 local) to 09:00."""
    local = opens_at.astimezone(zone)
    if local.time() < QUIET_UNTIL:
        return _local_morning(local.date(), zone)
    if local.time() >= QUIET_FROM:
        return _local_morning(local.date() + timedelta(days=1), zone)
    return local


def schedule_plan(
    *,
    user: User,
    plan: dict[str, Any],
    starts_on: date,
    ends_on: date,
    source: str,
    organisation: Organisation | None = None,
) -> list[DueAssessment]:
    """Create the person's due questionnaires for an assessment plan (idempotent).

    Baseline opens on the start day, the end-of-program wave on the last day, follow-ups a set
    number of months after the end, and recurring check-ins every N days in between. Windows
    open at 09:00 in the person's time zone, so a plan holds across daylight-saving changes.
    """
    zone = person_zone(user)
    wanted: list[tuple[str, str, str, date, Window]] = []
    for code in plan.get("baseline") or ():
        wanted.append((code, Wave.BASELINE, "Start of program", starts_on, WINDOWS[Wave.BASELINE]))
    for code in plan.get("post") or ():
        wanted.append((code, Wave.POST, "End of program", ends_on, WINDOWS[Wave.POST]))
    for follow_up in plan.get("follow_ups") or ():
        months = int(follow_up["after_months"])
        day = add_months(ends_on, months)
        for code in follow_up["instruments"]:
            wanted.append(
                (code, Wave.FOLLOW_UP, f"{months}-month follow-up", day, WINDOWS[Wave.FOLLOW_UP])
            )
    for recurring in plan.get("recurring") or ():
        every = int(recurring["every_days"])
        if every < 1:
            raise AssessmentError("a recurring check-in needs every_days of 1 or more")
        window = Window(timedelta(0), timedelta(days=1), timedelta(days=every))
        day = starts_on
        while day <= ends_on:
            wanted.append((recurring["instrument"], Wave.CHECKIN, "Check-in", day, window))
            day += timedelta(days=every)
    known = set(shipped_codes()) | set(Instrument.objects.values_list("code", flat=True))
    unknown = sorted({w[0] for w in wanted} - known)
    if unknown:
        raise AssessmentError(f"unknown instruments in the plan: {', '.join(unknown)}")

    created: list[DueAssessment] = []
    with transaction.atomic():
        for code, wave, label, day, window in wanted:
            opens = _local_morning(day, zone) + window.opens
            due, is_new = DueAssessment.objects.get_or_create(
                user=user,
                source=source,
                instrument=code,
                wave=wave,
                opens_at=opens,
                defaults={
                    "organisation": organisation,
                    "label": label,
                    "due_at": _local_morning(day + window.due, zone) if window.due.days else opens,
                    "closes_at": _local_morning((day + window.closes), zone),
                },
            )
            if is_new:
                created.append(due)
                # Deferred: tasks imports this module (its tasks call these services).
                from steadfast.assessments.tasks import due_reminder_send

                when = reminder_time(due.opens_at, zone)
                enqueue_on_commit(due_reminder_send.using(run_after=when), due.pk)
    return created


def due_reminder_send(*, due_id: int) -> bool:
    """Email one reminder for a due questionnaire, at most once, and only if still open.

    The reminder is claimed (reminder_sent_at set) before it is sent; a failed send gives the
    claim back, so the task's retry sends it instead of the reminder being lost."""
    due = DueAssessment.objects.select_related("user").filter(pk=due_id).first()
    now = timezone.now()
    if due is None or due.completed_at or due.reminder_sent_at or now >= due.closes_at:
        return False
    link = settings.SITE_URL + reverse("assessments:index")
    claim = MarkerClaim(
        model=DueAssessment,
        pk=due.pk,
        unsent=Q(completed_at__isnull=True, reminder_sent_at__isnull=True, closes_at__gt=now),
        claim={"reminder_sent_at": now},
        release={"reminder_sent_at": None},
    )
    return send_once(
        claim,
        lambda: send_mail(
            "A questionnaire is ready for you",
            "Hello,\n\nA short questionnaire is ready for you in Steadfast. It takes a few "
            f"minutes, and you can stop and come back at any time.\n\n{link}\n\n"
            "If you are struggling right now, help is here: "
            + settings.SITE_URL
            + reverse("crisis")
            + "\n",
            None,
            [due.user.email],
        ),
    )


def draft_start(*, user: User, instrument: str, due: DueAssessment | None = None) -> Draft:
    """The person's draft for this questionnaire, created on first use (resumes otherwise)."""
    if due is not None and (due.user_id != user.pk or due.instrument != instrument):
        raise AssessmentError("this questionnaire is not yours")
    draft, _ = Draft.objects.get_or_create(user=user, instrument=instrument, due=due)
    return draft


def draft_answers(draft: Draft) -> dict[int, float]:
    return {int(k): float(v) for k, v in json.loads(draft.answers or "{}").items()}


def draft_answer(*, draft: Draft, position: int, value: float) -> Draft:
    """Record one answer (validated against the scale) and move on. The answers so far are
    screened in the same transaction (safety.services.answer_screen): a self-harm answer
    raises its alert now, even if the person never sends the questionnaire."""
    key = instrument_definition(draft.instrument).key
    if not 1 <= position <= key.n_items:
        raise AssessmentError("there is no such question")
    if value not in key.allowed_values:
        raise AssessmentError("please choose one of the answers")
    with transaction.atomic():
        locked = (
            Draft.objects.select_for_update(of=("self",)).select_related("due").get(pk=draft.pk)
        )
        answers = draft_answers(locked)
        answers[position] = value
        locked.answers = json.dumps({str(k): v for k, v in sorted(answers.items())})
        locked.position = min(position + 1, key.n_items + 1)
        locked.save(update_fields=["answers", "position", "updated_at"])
        answer_screen(
            user=locked.user,
            organisation=locked.due.organisation if locked.due else None,
            instrument=locked.instrument,
            answers=answers_in_order(locked, key.n_items),
            token=locked.token,
        )
    return locked


def answers_in_order(draft: Draft, n_items: int) -> list[float | None]:
    """The draft's answers as a list by question, None where not answered yet."""
    given = draft_answers(draft)
    return [given.get(i) for i in range(1, n_items + 1)]


def response_submit(*, user: User, token: uuid.UUID) -> Response:
    """Score and store the draft as one response; submitting twice returns the same response."""
    with transaction.atomic():
        existing = Response.objects.filter(token=token, user=user).first()
        if existing is not None:
            return existing
        draft = (
            Draft.objects.select_for_update(of=("self",))
            .select_related("due")
            .filter(token=token, user=user)
            .first()
        )
        if draft is None:
            raise AssessmentError("this questionnaire was not found")
        existing = Response.objects.filter(token=token, user=user).first()
        if existing is not None:  # a concurrent submit won while we waited for the lock
            return existing
        key = instrument_definition(draft.instrument).key
        answers = answers_in_order(draft, key.n_items)
        if any(a is None for a in answers):
            missing = [str(i) for i, a in enumerate(answers, start=1) if a is None]
            raise AssessmentError(f"please answer question {', '.join(missing)} first")
        response = _response_store(
            user=user,
            instrument=draft.instrument,
            answers=answers,
            token=draft.token,
            due=draft.due,
            now=timezone.now(),
        )
        draft.delete()
    return response


def _response_store(
    *,
    user: User,
    instrument: str,
    answers: list[float | None],
    token: uuid.UUID,
    due: DueAssessment | None,
    now: datetime,
) -> Response:
    """Score and store one response (inside the caller's transaction), screen it for safety
    and complete its due item."""
    key = instrument_definition(instrument).key
    try:
        result = score(key, answers)
    except AnswerError as exc:
        raise AssessmentError(str(exc)) from None
    response = Response.objects.create(
        token=token,
        user=user,
        organisation=due.organisation if due else None,
        instrument=instrument,
        due=due,
        wave=due.wave if due else Wave.SELF,
        answers=json.dumps(answers),
        total=result.total,
        subscales=result.subscales,
        band=result.band or "",
        flags=result.flags,
        valid=result.valid,
        provisional=key.provisional,
        submitted_at=now,
    )

    response_screen(response=response)
    if due is not None:
        due.completed_at = now
        due.save(update_fields=["completed_at"])
    return response


def response_record(
    *, user: User, instrument: str, answers: list[float | None], token: uuid.UUID | None = None
) -> Response:
    """Store a complete set of answers given elsewhere (for example the daily check-in page),
    scored like any questionnaire. It completes the person's open due item for this
    instrument, if one is open now. The same `token` twice stores one response."""
    key = instrument_definition(instrument).key
    token = token or uuid.uuid4()
    try:  # refuse bad answers before taking any lock
        score(key, answers)
    except AnswerError as exc:
        raise AssessmentError(str(exc)) from None
    now = timezone.now()
    with transaction.atomic():
        existing = Response.objects.filter(token=token, user=user).first()
        if existing is not None:
            return existing
        due = (
            DueAssessment.objects.select_for_update()
            .filter(
                user=user,
                instrument=instrument,
                completed_at__isnull=True,
                opens_at__lte=now,
                closes_at__gt=now,
            )
            .order_by("opens_at")
            .first()
        )
        if due is not None and Response.objects.filter(due=due).exists():
            due = None
        return _response_store(
            user=user, instrument=instrument, answers=answers, token=token, due=due, now=now
        )


def responses_bundle(*, user: User, instrument: str) -> dict[str, Any]:
    """The person's valid responses to one instrument as a FHIR R4 Bundle (collection) of
    QuestionnaireResponses and the Observations of their recomputed scores. Audited."""
    definition = instrument_definition(instrument)
    entries: list[dict[str, Any]] = []
    subject = f"Patient/{user.pk}"
    for response in Response.objects.filter(user=user, instrument=instrument).order_by(
        "submitted_at", "pk"
    ):
        answers = json.loads(response.answers)
        qr = response_write(
            definition,
            answers,
            authored=response.submitted_at,
            subject=subject,
            identifier=f"response-{response.pk}",
        )
        observation = observation_write(
            definition.key,
            score(definition.key, answers),
            effective=response.submitted_at,
            subject=subject,
            identifier=f"score-{response.pk}",
            response=f"QuestionnaireResponse/response-{response.pk}",
        )
        entries += [
            {"fullUrl": f"urn:steadfast:response-{response.pk}", "resource": qr},
            {"fullUrl": f"urn:steadfast:score-{response.pk}", "resource": observation},
        ]
    audit_record(
        actor=None,
        action="export",
        object_type="assessments.responses",
        object_id=user.pk,
        detail=f"FHIR bundle of {instrument} responses ({len(entries) // 2})",
    )
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def responses_delete(*, user: User) -> int:
    """Delete every response and draft of this person (their right to erasure)."""
    with transaction.atomic():
        Draft.objects.filter(user=user).delete()
        count, _ = Response.objects.filter(user=user).delete()
    return count

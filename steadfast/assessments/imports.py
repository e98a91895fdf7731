"""Writes for FHIR files of answers: each QuestionnaireResponse of a file is recognised
(`recognise.py`) and stored for one person through `services.response_record`, the path the
pages use, so it is scored and screened for safety like any answer given here."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from steadfast.accounts.models import User
from steadfast.assessments.fhir import ReadResponse, responses_read
from steadfast.assessments.models import Response
from steadfast.assessments.recognise import Candidate
from steadfast.assessments.scoring.keys import shipped_codes
from steadfast.assessments.selectors import instrument_codes, instrument_definition
from steadfast.assessments.services import response_record
from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record
from steadfast.safety.models import Alert

# The same response (by its identifier in the file) of the same person always gets the same
# token, so importing a file again stores nothing new and raises no alert again.
IMPORT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:steadfast:fhir:response-import")


@dataclass(frozen=True)
class Imported:
    """One response of the file: what was read, what is stored, and the alerts it carries."""

    read: ReadResponse
    response: Response
    created: bool
    alerts: int  # raised by this response
    open_alerts: int  # unresolved for the person (a second self-harm answer joins the open one)


def import_token(*, user: User, identifier: str) -> uuid.UUID:
    return uuid.uuid5(IMPORT_NAMESPACE, f"{user.pk}\n{identifier}")


def recognition_candidates(*, as_code: str | None = None) -> list[Candidate]:
    """Our instruments with the item wording in use here (an organisation's licensed import of,
    say, the BRS items counts); with `as_code`, that instrument even if it was imported."""
    codes = shipped_codes()
    if as_code is not None and as_code not in codes and as_code in instrument_codes():
        codes.append(as_code)
    candidates = []
    for code in codes:
        definition = instrument_definition(code)
        candidates.append(Candidate(definition.key, definition.texts))
    return candidates


def responses_import(*, user: User, data: Any, as_code: str | None = None) -> list[Imported]:
    """Store every QuestionnaireResponse of a FHIR file as one of the person's responses: all or
    nothing, in one transaction.

    Refused (fhir.FhirError, nothing stored) when a response is not recognised and `as_code`
    does not say what it is, or when an answer is present but cannot be read (a self-harm answer
    above all). A response already imported (same identifier) is returned, not stored again.
    Screening that cannot run (safety.ScreeningUnavailable) fails the whole file."""
    read = responses_read(data, candidates=recognition_candidates(as_code=as_code), as_code=as_code)
    imported: list[Imported] = []
    with transaction.atomic():
        for one in read:
            token = import_token(user=user, identifier=one.identifier)
            created = not Response.objects.filter(token=token, user=user).exists()
            response = response_record(
                user=user, instrument=one.key.code, answers=one.answers, token=token
            )
            alerts = Alert.objects.filter(person=user, source_token=token).count()
            still_open = Alert.objects.unresolved().filter(person=user).count()
            imported.append(Imported(one, response, created, alerts, still_open))
        new = [i for i in imported if i.created]
        if new:
            audit_record(
                actor=None,
                action=AuditEvent.Action.CREATE,
                object_type="assessments.responses",
                object_id=user.pk,
                detail=f"FHIR import of {len(new)} responses "
                f"({', '.join(sorted({i.read.key.code for i in new}))})",
            )
    return imported

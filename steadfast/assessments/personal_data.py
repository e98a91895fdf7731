"""What assessments hold of a person, for *My data* (core.personal_data).

Exported: every questionnaire answer with its scores. Erased: answers and unfinished drafts
(`services.responses_delete`). Kept: the schedule of which questionnaire is asked when, which
holds no answer.
"""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Model

from steadfast.assessments import selectors, services
from steadfast.assessments.models import Draft, DueAssessment, Response

MODELS = (Response, Draft)
KEPT: dict[type[Model], str] = {
    DueAssessment: "the schedule of which questionnaire is asked when: holds no answer",
}
LABEL = "questionnaire answers"


def response_row(response: Response) -> dict[str, Any]:
    """One answer as the person downloads it (also the questionnaires' own JSON download)."""
    return {
        "instrument": response.instrument,
        "wave": response.wave,
        "submitted_at": response.submitted_at.isoformat(),
        "answers": json.loads(response.answers),
        "total": response.total,
        "subscales": response.subscales,
        "band": response.band or None,
        "flags": response.flags,
        "valid": response.valid,
        "provisional": response.provisional,
    }


def export(user: Any) -> dict[str, Any]:
    return {"responses": [response_row(r) for r in selectors.responses_for(user=user)]}


def erase(user: Any) -> int:
    return services.responses_delete(user=user)

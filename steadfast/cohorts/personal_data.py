"""What cohorts hold of a person, for *My data* (core.personal_data).

Exported and erased: intake answers (with their free text) and maintenance plans, which the
person wrote. Kept on erase, with the reason: their places (the organisation's enrolment
record), facilitator notes (the facilitator's records; privacy.md: read by the group's
facilitators only), anonymous session feedback (linked to nobody, so no one's to find),
and calendar addresses (hold no content; revoked on the calendar page).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from steadfast.cohorts.models import (
    CalendarFeed,
    Cohort,
    CohortMember,
    FacilitatorNote,
    Intake,
    MaintenancePlan,
    SessionFeedback,
)
from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record

MODELS = (Intake, MaintenancePlan)
KEPT = {
    CohortMember: "a place in a cohort: the organisation's enrolment record",
    FacilitatorNote: "a facilitator's record; read by the group's facilitators only",
    SessionFeedback: "anonymous: linked to nobody, so it cannot be found per person",
    CalendarFeed: "a calendar address; holds no content and is revoked on its own page",
    Cohort: "who facilitates a cohort: the organisation's staffing",
}
LABEL = "cohort answers and plans"


def export(user: Any) -> dict[str, Any]:
    places = (
        CohortMember.objects.filter(user=user)
        .select_related("cohort", "intake", "maintenance_plan")
        .order_by("pk")
    )
    out = []
    for place in places:
        intake = getattr(place, "intake", None)
        plan = getattr(place, "maintenance_plan", None)
        out.append(
            {
                "cohort": place.cohort.title,
                "status": place.status,
                "intake": None
                if intake is None
                else {
                    "challenges": list(intake.challenges),
                    "availability": list(intake.availability),
                    "challenges_other": intake.challenges_other,
                    "goals": intake.goals,
                    "not_with_note": intake.not_with_note,
                },
                "maintenance_plan": None
                if plan is None
                else {"body": plan.body, "goals_met": plan.goals_met},
            }
        )
    return {"places": out}


def erase(user: Any) -> int:
    with transaction.atomic():
        intakes, _ = Intake.objects.filter(member__user=user).delete()
        plans, _ = MaintenancePlan.objects.filter(member__user=user).delete()
        audit_record(
            actor=user,
            action=AuditEvent.Action.DELETE,
            object_type="cohorts.personal_data",
            object_id=user.pk,
            detail=f"intakes={intakes}, maintenance plans={plans}",
        )
    return intakes + plans

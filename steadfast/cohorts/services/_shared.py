"""What the cohort services share: the error they raise, the member email index and the small
checks several of them make."""

from __future__ import annotations

from typing import Any

from steadfast.cohorts.models import Cohort
from steadfast.core import crypto
from steadfast.core.emails import normalise_email

MEMBER_EMAIL_INDEX = "cohort-member-email"


class CohortError(Exception):
    pass


def member_email_index(email: str) -> str:
    return crypto.blind_index(normalise_email(email), purpose=MEMBER_EMAIL_INDEX)


def cohort_source(cohort: Cohort) -> str:
    return f"cohort:{cohort.pk}"


def is_facilitator(cohort: Cohort, user: Any) -> bool:
    return cohort.facilitators.filter(pk=getattr(user, "pk", None)).exists()

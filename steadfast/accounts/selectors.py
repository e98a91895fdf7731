"""Reads about people and their consent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from steadfast.accounts.models import ConsentPurpose, ConsentRecord, ConsentText, User
from steadfast.organisations.models import Membership, Organisation


def person_zone(user: Any) -> ZoneInfo:
    """The one answer to "which time zone is this person in": their own setting, else the zone
    of the organisation they joined first among their active memberships, else the site's.
    Reminders, session times, due questionnaires, program weeks and safety's local days all
    use it, so one person has one zone.

    Reads the organisation through the reverse relation (`user.memberships`), so accounts needs
    nothing from the organisations app for it; a person loaded for a request already carries it
    (`organisation_time_zone`, accounts.backends), so pages ask no extra query. A signed-out
    visitor gets the site's zone.
    """
    name = getattr(user, "time_zone", "") or ""
    if not name and hasattr(user, "organisation_time_zone"):
        name = user.organisation_time_zone or ""
    elif not name and getattr(user, "pk", None) is not None:
        name = (
            user.memberships.filter(is_active=True)
            .order_by("joined_at", "pk")
            .values_list("organisation__time_zone", flat=True)
            .first()
        ) or ""
    return ZoneInfo(name or settings.TIME_ZONE)


def with_organisation_zone(users: Any) -> Any:
    """Users annotated with `organisation_time_zone`: the zone of the organisation they joined
    first among their active memberships (None without one). accounts.selectors.person_zone
    reads it, so the page's time zone costs no query of its own."""
    first = (
        Membership.objects.filter(user=OuterRef("pk"), is_active=True)
        .order_by("joined_at", "pk")
        .values("organisation__time_zone")[:1]
    )
    return users.annotate(organisation_time_zone=Subquery(first))


def account_exists(*, email: str) -> bool:
    """Whether an account signs in with this address (in any letter case)."""
    return User.objects.filter(email__iexact=email).exists()


def consent_text_current(*, purpose: str) -> ConsentText | None:
    return ConsentText.objects.filter(purpose=purpose, published_at__lte=timezone.now()).first()


def has_consented(
    *, user: User, organisation: Organisation | None, purpose: str, at: datetime | None = None
) -> bool:
    """Has this person consented to this purpose in this organisation, at `at` (default now)?

    The latest decision made up to `at` counts. A text published later with
    `requires_reconsent` invalidates consent given to an earlier version.
    """
    at = at or timezone.now()
    latest = (
        ConsentRecord.objects.filter(
            user=user, organisation=organisation, purpose=purpose, at__lte=at
        )
        .select_related("text")
        .first()
    )
    if latest is None or latest.decision != ConsentRecord.Decision.GIVEN:
        return False
    return not ConsentText.objects.filter(
        purpose=purpose,
        version__gt=latest.text.version,
        requires_reconsent=True,
        published_at__lte=at,
    ).exists()


@dataclass(frozen=True)
class ConsentStatus:
    purpose: str
    label: str
    text: ConsentText | None
    given: bool
    latest: ConsentRecord | None


def consent_statuses_for(*, user: User, organisation: Organisation) -> list[ConsentStatus]:
    """Each purpose with its current text and this person's standing decision (2 queries)."""
    texts: dict[str, ConsentText] = {}
    reconsent_versions: dict[str, int] = {}
    for text in ConsentText.objects.filter(published_at__lte=timezone.now()):
        texts.setdefault(text.purpose, text)  # ordered newest version first
        if text.requires_reconsent:
            reconsent_versions.setdefault(text.purpose, text.version)
    latest: dict[str, ConsentRecord] = {}
    for record in ConsentRecord.objects.filter(user=user, organisation=organisation).select_related(
        "text"
    ):
        latest.setdefault(record.purpose, record)
    statuses = []
    for purpose in ConsentPurpose:
        current = latest.get(purpose.value)
        given = (
            current is not None
            and current.decision == ConsentRecord.Decision.GIVEN
            and current.text.version >= reconsent_versions.get(purpose.value, 0)
        )
        statuses.append(
            ConsentStatus(purpose.value, purpose.label, texts.get(purpose.value), given, current)
        )
    return statuses


def consenting_user_ids(
    *,
    organisation: Organisation | None,
    purpose: str,
    user_ids: list[int],
    at: datetime | None = None,
) -> set[int]:
    """The subset of `user_ids` for whom `has_consented` holds, in two queries whatever the size."""
    at = at or timezone.now()
    latest: dict[int, ConsentRecord] = {}
    for record in ConsentRecord.objects.filter(
        user_id__in=user_ids, organisation=organisation, purpose=purpose, at__lte=at
    ).select_related("text"):
        latest.setdefault(record.user_id, record)  # records come newest first
    newest_reconsent = (
        ConsentText.objects.filter(purpose=purpose, requires_reconsent=True, published_at__lte=at)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    return {
        user_id
        for user_id, record in latest.items()
        if record.decision == ConsentRecord.Decision.GIVEN
        and (newest_reconsent is None or record.text.version >= newest_reconsent)
    }

"""A person's private calendar address: made on first use, replaced when revoked."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from steadfast.accounts.models import User
from steadfast.cohorts.models import CalendarFeed
from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record


@transaction.atomic
def calendar_feed_for(*, user: User) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()
    return feed or CalendarFeed.objects.create(user=user)


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> CalendarFeed:
    """Stop the current calendar address working and make a new one."""
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    feed = CalendarFeed.objects.create(user=user)
    audit_record(
        actor=user,
        action=AuditEvent.Action.UPDATE,
        target=feed,
        detail="calendar address replaced",
    )
    return feed

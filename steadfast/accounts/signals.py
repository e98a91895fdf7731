"""Audit every sign-in event (failed attempts record no address: only the fact and the IP),
and the event accounts publishes for the apps above it (decision 0018):

`consent_given` is sent inside the transaction that records a person's consent, with `user`,
`organisation` and `purpose`: cohorts gives a person invited to a cohort their place (and
schedules their questionnaires) only once they agree to take part."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import Signal, receiver
from django.http import HttpRequest

from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record

logger = logging.getLogger("steadfast.security")

consent_given = Signal()


@receiver(user_logged_in)
def audit_sign_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action=AuditEvent.Action.SIGN_IN, target=user)


@receiver(user_logged_out)
def audit_sign_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action=AuditEvent.Action.SIGN_OUT, target=user)


@receiver(user_login_failed)
def audit_sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    ip = request.META.get("REMOTE_ADDR") if request else None
    logger.warning("sign-in failed from %s", ip)
    audit_record(
        actor=None,
        action=AuditEvent.Action.SIGN_IN_FAILED,
        object_type="accounts.user",
    )

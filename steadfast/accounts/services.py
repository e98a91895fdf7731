"""Writes about people and their consent."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from steadfast.accounts.models import ConsentRecord, User
from steadfast.accounts.selectors import consent_text_current
from steadfast.accounts.signals import consent_given
from steadfast.core import personal_data
from steadfast.core.emails import normalise_email
from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record
from steadfast.organisations.models import Invitation, Organisation
from steadfast.organisations.services import InvitationError, invitation_accept


class ConsentError(Exception):
    pass


class AccountExists(Exception):
    """An account already uses this email address (in any letter case)."""


def user_create(*, email: str, password: str, full_name: str, verified: bool) -> User:
    """Create a person's account, signing in with `email`, the one place accounts are made.

    Its allauth address is `verified` when something proved it (an accepted invitation). Two
    requests at once for one address create one account; the other gets AccountExists.
    """
    from allauth.account.models import EmailAddress

    email = normalise_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise AccountExists
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email, password=password, full_name=full_name.strip()
            )
            EmailAddress.objects.create(
                user=user, email=user.email, verified=verified, primary=True
            )
    except IntegrityError:
        raise AccountExists from None
    return user


@transaction.atomic
def invitation_accept_with_account(
    *, invitation: Invitation, full_name: str, password: str
) -> User:
    """Make the account an invitation asks for and join with it, in one transaction: if the
    invitation cannot be used, no account is left behind."""
    try:
        user = user_create(
            email=invitation.email, password=password, full_name=full_name, verified=True
        )
    except AccountExists:
        raise InvitationError(
            "account_exists", "An account already uses this address. Sign in to accept."
        ) from None
    audit_record(
        actor=user,
        action=AuditEvent.Action.CREATE,
        target=user,
        organisation=invitation.organisation,
        detail="account from invitation",
    )
    return invitation_accept(invitation=invitation, user=user)


@transaction.atomic
def consent_decide(
    *,
    user: User,
    organisation: Organisation | None,
    purpose: str,
    given: bool,
    text_version: int | None = None,
    channel: str = ConsentRecord.Channel.WEB,
) -> ConsentRecord:
    """Give or withdraw consent for one purpose, against the current text.

    `text_version` is the version the person was shown; if a newer one was published in the
    meantime the decision is refused so nobody agrees to a text they did not read.
    """
    text = consent_text_current(purpose=purpose)
    if text is None:
        raise ConsentError("There is no published consent text for this purpose.")
    if given and text_version is not None and text_version != text.version:
        raise ConsentError(
            "The consent text has changed since you opened it. Please read it again."
        )
    record = ConsentRecord.objects.create(
        user=user,
        organisation=organisation,
        purpose=purpose,
        text=text,
        decision=ConsentRecord.Decision.GIVEN if given else ConsentRecord.Decision.WITHDRAWN,
        channel=channel,
    )
    audit_record(
        actor=user,
        action=AuditEvent.Action.CREATE,
        target=record,
        organisation=organisation,
        detail=f"consent {purpose} {record.decision} v{text.version}",
    )
    if given:
        consent_given.send(
            sender=ConsentRecord, user=user, organisation=organisation, purpose=purpose
        )
    return record


def personal_data_export(*, user: User) -> dict[str, Any]:
    """Everything this person wrote and answered, app by app, from every app registered in
    core.personal_data, as one JSON-able document. The download is audited (ids only)."""
    data = {"exported_at": timezone.now().isoformat(), **personal_data.export_all(user=user)}
    audit_record(
        actor=user,
        action=AuditEvent.Action.EXPORT,
        object_type="accounts.personal_data",
        object_id=user.pk,
        detail="everything exported by its owner",
    )
    return data


@transaction.atomic
def personal_data_erase(*, user: User) -> dict[str, int]:
    """Delete, for good, everything this person wrote and answered, in every app registered in
    core.personal_data (journal, practice entries, check-ins, goals, questionnaire answers,
    cohort intake answers and maintenance plans). What each app keeps stays, with its reason
    (the account, consent history, audit trail with ids only, ...)."""
    counts = personal_data.erased_labels(personal_data.erase_all(user=user))
    audit_record(
        actor=user,
        action=AuditEvent.Action.DELETE,
        object_type="accounts.personal_data",
        object_id=user.pk,
        detail=", ".join(f"{k}={v}" for k, v in counts.items()),
    )
    return counts

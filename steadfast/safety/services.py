"""Writes owned by safety: screening what people write and answer, raising alerts, moving
them through open → acknowledged → resolved, escalating missed deadlines, and the setup."""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from steadfast.accounts.models import ConsentPurpose, User
from steadfast.accounts.selectors import has_consented, person_zone
from steadfast.core.models import AuditEvent
from steadfast.core.sendonce import MarkerClaim, send_once
from steadfast.core.services import audit_record
from steadfast.core.taskutils import enqueue_on_commit
from steadfast.core.versioning import StaleEdit, update_bumping, update_if_version
from steadfast.organisations.models import Membership, RoleChange
from steadfast.organisations.permissions import CAPABILITIES, can
from steadfast.organisations.services import role_change_record
from steadfast.safety import language
from steadfast.safety import rules as rules_engine
from steadfast.safety.models import (
    Alert,
    AlertRule,
    AlertState,
    OrganisationLine,
    SafetyContact,
    SafetySetup,
)
from steadfast.safety.selectors import organisation_of, responders_for, rules_for, trend_for

if TYPE_CHECKING:
    from steadfast.assessments.models import Response
    from steadfast.organisations.models import Organisation

logger = logging.getLogger("steadfast.safety")


class SafetyError(ValueError):
    """A request the safety app refuses, with messages for the person."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


# Screening --------------------------------------------------------------------------------


class ScreeningUnavailable(RuntimeError):
    """Screening could not run. The caller's write must fail with it: nothing a person
    writes is kept unscreened."""

    # What the writer is told; the page keeps their words for them to send again.
    for_person = (
        "We could not check this for signs that you need support just now, so it was not "
        "saved. What you wrote is still here: please try again in a minute."
    )
    # The same for a questionnaire answer, which the page asks for again.
    for_answer = (
        "We could not check this answer for signs that you need support just now, so it was "
        "not saved. Please choose it again in a minute."
    )
    # And for a questionnaire being sent: the answers stay saved to send again.
    for_answers = (
        "We could not check your answers for signs that you need support just now, so they "
        "were not sent. They are still saved here: please send them again in a minute."
    )


def text_check(
    *, user: User, text: str, source: str, organisation: Organisation | None = None
) -> bool:
    """Screen text a person just wrote (a journal entry, an exercise) for words of danger.

    Returns True when the writer should be shown crisis help. Raises an alert (rule 4) only
    if the person agreed to `safety_words` in their organisation (`organisation`, or the one
    they belong to). The text is never stored, logged or passed on: only that a phrase
    matched. `source` names where it was written ("journal", "practice").

    Call it inside the transaction that stores the text: when screening cannot run it raises
    ScreeningUnavailable, and the write must fail with it.
    """
    try:
        if not language.has_danger(text):
            return False
        organisation = organisation or organisation_of(user)
        if organisation is not None and has_consented(
            user=user, organisation=organisation, purpose=ConsentPurpose.SAFETY_WORDS
        ):
            rules = rules_for(organisation)
            alert_raise(
                person=user,
                organisation=organisation,
                rule=AlertRule.WORDS,
                deadline_hours=rules.words_deadline_hours,
                rules_version=rules.version,
                instrument=source[:40],
            )
    except Exception as error:
        # Never the text: only that screening failed, for the operators.
        logger.exception("screening of %s text failed", source)
        raise ScreeningUnavailable from error
    return True


def text_is_risky(text: str) -> bool:
    """Whether text that is not being saved (a thought sent for trap suggestions) should get
    crisis help instead of what was asked for. The same matcher as text_check, but it raises
    no alert and records nothing: nothing was written down. The text is never logged."""
    return language.has_danger(text)


def response_screen(*, response: Response) -> list[rules_engine.Finding]:
    """Apply the risk rules to a response just stored (and to the person's recent trend),
    raising the alerts the rules ask for when the person agreed to `safety_alerts`.
    The returned findings say what help to show; nothing is stored about them but alerts.
    An alert already raised while these answers were being given (answer_screen, same token)
    is not raised again."""
    user = response.user
    try:
        organisation = response.organisation or organisation_of(user)
        rules = rules_for(organisation)
        answers: list[float | None] = json.loads(response.answers) if response.answers else []
        findings = rules_engine.response_findings(
            rules,
            instrument=response.instrument,
            total=response.total if response.valid else None,
            answers=answers,
            flags=list(response.flags or ()),
        )
        trend = trend_for(user=user, organisation=organisation, now=response.submitted_at)
        if trend is not None:
            findings.append(trend)
        _alerts_raise(
            findings,
            user=user,
            organisation=organisation,
            rules=rules,
            at=response.submitted_at,
            source_token=response.token,
        )
    except Exception as error:
        logger.exception("screening of a %s response failed", response.instrument)
        raise ScreeningUnavailable from error
    return findings


def answer_screen(
    *,
    user: User,
    organisation: Organisation | None,
    instrument: str,
    answers: list[float | None],
    token: uuid.UUID,
    at: datetime | None = None,
) -> list[rules_engine.Finding]:
    """Apply the risk rules to answers still being given, before the questionnaire is sent:
    a self-harm answer raises its alert now, not when (or if) the person finishes. Call it
    inside the transaction that saves the answer, so the answer is never kept unscreened.
    The alert carries `token`, so sending the answers later raises no second one."""
    at = at or timezone.now()
    try:
        organisation = organisation or organisation_of(user)
        rules = rules_for(organisation)
        findings = rules_engine.response_findings(
            rules, instrument=instrument, total=None, answers=answers
        )
        _alerts_raise(
            findings, user=user, organisation=organisation, rules=rules, at=at, source_token=token
        )
    except Exception as error:
        # Never the answers: only that screening failed, for the operators.
        logger.exception("screening of %s answers failed", instrument)
        raise ScreeningUnavailable from error
    return findings


def _alerts_raise(
    findings: list[rules_engine.Finding],
    *,
    user: User,
    organisation: Organisation | None,
    rules: rules_engine.Rules,
    at: datetime,
    source_token: uuid.UUID | None,
) -> None:
    wanted = [f for f in findings if f.alert]
    if not (
        wanted
        and organisation is not None
        and has_consented(
            user=user, organisation=organisation, purpose=ConsentPurpose.SAFETY_ALERTS, at=at
        )
    ):
        return
    for finding in wanted:
        alert_raise(
            person=user,
            organisation=organisation,
            rule=AlertRule(finding.rule),
            deadline_hours=finding.deadline_hours,
            rules_version=rules.version,
            instrument=finding.instrument,
            now=at,
            quiet_days=rules.persistent_days if finding.rule == "persistent" else 0,
            # A trend belongs to no one set of answers.
            source_token=source_token if finding.rule != "persistent" else None,
        )


# Alerts --------------------------------------------------------------------------------------


def alert_raise(
    *,
    person: User,
    organisation: Organisation,
    rule: AlertRule,
    deadline_hours: float,
    rules_version: str,
    instrument: str = "",
    now: datetime | None = None,
    quiet_days: int = 0,
    source_token: uuid.UUID | None = None,
) -> Alert | None:
    """Raise one alert to the organisation's named responder, with an acknowledgement deadline
    and an escalation to the backup queued for it. One unresolved alert per person and rule:
    raising again returns the open one. One alert per rule for one set of answers
    (`source_token`), even if the first was resolved meanwhile. `quiet_days` > 0 skips
    re-raising a rule resolved that recently (persistent distress would otherwise fire again
    at the next check-in). None when the organisation names no responder (crisis help is
    still shown)."""
    now = now or timezone.now()
    responders = responders_for(organisation)
    if responders.responder is None:
        logger.warning(
            "safety alert not raised: organisation %s names no responder", organisation.pk
        )
        return None
    lookup = {"organisation": organisation, "person": person, "rule": rule}
    if source_token is not None:
        same = Alert.objects.filter(person=person, rule=rule, source_token=source_token).first()
        if same is not None:
            return same
    existing = Alert.objects.unresolved().filter(**lookup).first()
    if existing is not None:
        return existing
    if (
        quiet_days
        and Alert.objects.filter(**lookup, raised_at__gte=now - timedelta(days=quiet_days)).exists()
    ):
        return None
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                **lookup,
                rules_version=rules_version,
                instrument=instrument,
                raised_at=now,
                deadline_at=now + timedelta(hours=deadline_hours),
                assigned_to=responders.responder,
                source_token=source_token,
            )
    except IntegrityError:  # raised concurrently by another request: that one stands
        return (
            Alert.objects.filter(person=person, rule=rule, source_token=source_token).first()
            if source_token is not None
            else None
        ) or Alert.objects.unresolved().filter(**lookup).first()
    audit_record(
        actor=None,
        action=AuditEvent.Action.CREATE,
        target=alert,
        organisation=organisation,
        detail=f"rule {rule}",
    )
    # Deferred: the tasks module imports these services.
    from steadfast.safety import tasks

    enqueue_on_commit(tasks.alert_notify, alert.pk)
    enqueue_on_commit(tasks.alert_escalate.using(run_after=alert.deadline_at), alert.pk)
    return alert


def _alert_link(alert: Alert) -> str:
    return settings.SITE_URL + reverse(
        "safety_org:alert", kwargs={"slug": alert.organisation.slug, "pk": alert.pk}
    )


def _notify(recipient: User, subject: str, alert: Alert, opening: str) -> None:
    # No name, rule or answer in the email: only that an alert waits, and where. The deadline
    # is in the responder's own zone.
    local = timezone.localtime(alert.deadline_at, person_zone(recipient))
    send_mail(
        subject,
        f"Hello,\n\n{opening}\n\nPlease sign in to read it and acknowledge it by "
        f"{local:%Y-%m-%d %H:%M} ({local.tzname()}).\n\n{_alert_link(alert)}\n\n"
        "This email holds no details on purpose.\n",
        None,
        [recipient.email],
    )


def alert_notify(*, alert_id: int) -> bool:
    """Email the assigned responder that an alert waits for them, at most once
    (core.sendonce): the send is claimed first, and given back if it fails so the retry
    sends it."""
    alert = Alert.objects.select_related("organisation", "assigned_to").filter(pk=alert_id).first()
    if alert is None or alert.assigned_to is None:
        return False
    if alert.escalated_at is not None:
        # The escalation notices already went to both responders: nothing more to send.
        Alert.objects.filter(pk=alert.pk, notified_at__isnull=True).update(
            notified_at=timezone.now()
        )
        return False
    claim = MarkerClaim(
        model=Alert,
        pk=alert.pk,
        unsent=Q(notified_at__isnull=True),
        claim={"notified_at": timezone.now()},
        release={"notified_at": None},
    )
    return send_once(
        claim,
        partial(
            _notify,
            alert.assigned_to,
            "A safety alert needs you in Steadfast",
            alert,
            "Someone in your organisation may need support, and you are named to respond.",
        ),
    )


def alert_escalate(*, alert_id: int, now: datetime | None = None) -> bool:
    """Pass an alert nobody acknowledged by its deadline to the backup responder, once, and
    tell both responders at most once. Safe to run any number of times, by any number of
    workers: the hand-over is one locked transaction, the emails a claimed send after it
    (a failed send is given back for the task's retry, which finds the hand-over done)."""
    now = now or timezone.now()
    with transaction.atomic():
        alert = (
            Alert.objects.select_for_update(of=("self",))
            .select_related("organisation", "assigned_to")
            .filter(pk=alert_id)
            .first()
        )
        if alert is None:
            return False
        handed_over = alert.escalated_at is None and alert.state == AlertState.OPEN
        if handed_over and now < alert.deadline_at:
            return False
        first = alert.assigned_to
        responders = responders_for(alert.organisation)
        if handed_over:
            alert.escalated_at = now
            if responders.backup is not None:
                alert.assigned_to = responders.backup
            else:
                logger.error("safety alert %s missed its deadline and has no backup", alert.pk)
            alert.save(update_fields=["escalated_at", "assigned_to"])
            audit_record(
                actor=None,
                action=AuditEvent.Action.UPDATE,
                target=alert,
                organisation=alert.organisation,
                detail="escalated: deadline missed",
            )
    if alert.escalated_at is None:
        return False  # acknowledged or resolved in time: nothing to escalate
    # The backup and the responder who missed it (on a retry after a failed send, the
    # hand-over stands and the named responder is the one who missed it).
    missed = first if handed_over else responders.responder
    to = list({u.pk: u for u in (responders.backup, missed) if u is not None}.values())
    claim = MarkerClaim(
        model=Alert,
        pk=alert.pk,
        unsent=Q(escalation_sent_at__isnull=True),
        claim={"escalation_sent_at": now},
        release={"escalation_sent_at": None},
    )

    def send() -> None:
        for recipient in to:
            _notify(
                recipient,
                "A safety alert was not acknowledged in time",
                alert,
                "A safety alert was not acknowledged by its deadline and has been passed to "
                "the backup responder.",
            )

    return send_once(claim, send) or handed_over


def alerts_escalate_overdue(*, now: datetime | None = None) -> int:
    """Escalate every open alert past its deadline that has not been, and send escalation
    emails that never went (a safety net for a worker that died holding the task, or retries
    that ran out; run it from cron or at worker start)."""
    now = now or timezone.now()
    overdue = Alert.objects.filter(
        Q(escalated_at__isnull=True, deadline_at__lte=now)
        # handed over, but the emails failed and their retries ran out
        | Q(escalated_at__isnull=False, escalation_sent_at__isnull=True),
        state=AlertState.OPEN,
    ).values_list("pk", flat=True)
    return sum(alert_escalate(alert_id=pk, now=now) for pk in list(overdue))


def alert_acknowledge(*, alert: Alert, by: User) -> Alert:
    with transaction.atomic():
        locked = Alert.objects.select_for_update().get(pk=alert.pk)
        if locked.state != AlertState.OPEN:
            raise SafetyError(["This alert was already acknowledged."])
        locked.state = AlertState.ACKNOWLEDGED
        locked.acknowledged_at = timezone.now()
        locked.acknowledged_by = by
        locked.save(update_fields=["state", "acknowledged_at", "acknowledged_by"])
        audit_record(
            actor=by,
            action=AuditEvent.Action.UPDATE,
            target=locked,
            organisation=alert.organisation,
            detail="acknowledged",
        )
    return locked


def alert_resolve(*, alert: Alert, by: User, note: str) -> Alert:
    """Close an alert with a short note of what was done (stored encrypted)."""
    note = note.strip()
    if not note:
        raise SafetyError(["Please write a short note of what was done."])
    with transaction.atomic():
        locked = Alert.objects.select_for_update().get(pk=alert.pk)
        if locked.state == AlertState.RESOLVED:
            raise SafetyError(["This alert is already resolved."])
        now = timezone.now()
        if locked.state == AlertState.OPEN:
            locked.acknowledged_at, locked.acknowledged_by = now, by
        locked.state = AlertState.RESOLVED
        locked.resolved_at = now
        locked.resolved_by = by
        locked.resolution_note = note[:2000]
        locked.save()
        audit_record(
            actor=by,
            action=AuditEvent.Action.UPDATE,
            target=locked,
            organisation=alert.organisation,
            detail="resolved",
        )
    return locked


# Setup ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetupInput:
    responder_id: int | None
    backup_id: int | None
    hours: str
    policy: dict[str, Any]
    # Set only to record that the organisation names nobody, and why.
    no_responder_reason: str = ""


def setup_save(
    *,
    organisation: Organisation,
    data: SetupInput,
    by: User,
    row_version: int | None = None,
) -> SafetySetup:
    """Name the responder and backup (active members who may respond to alerts) and set the
    organisation's policy, which may only tighten the default rules.

    `row_version` is the version the page was loaded with (0: there was no setup yet): if the
    setup was saved since, nothing is written and StaleEdit is raised (core.versioning).
    None skips the check."""
    errors: list[str] = []
    ids = [i for i in (data.responder_id, data.backup_id) if i is not None]
    members = {
        m.user_id: m
        for m in Membership.objects.active()
        .filter(organisation=organisation, user_id__in=ids)
        .select_related("user")
    }
    for label, user_id in (("responder", data.responder_id), ("backup", data.backup_id)):
        if user_id is None:
            continue
        member = members.get(user_id)
        if member is None or not can(member, "respond_to_alerts"):
            errors.append(f"The {label} must be a facilitator or administrator here.")
    if data.backup_id is not None and data.responder_id is None:
        errors.append("Name a responder before a backup.")
    if data.backup_id is not None and data.backup_id == data.responder_id:
        errors.append("The backup must be a different person from the responder.")
    no_responder_reason = " ".join(data.no_responder_reason.split())[:300]
    if no_responder_reason and data.responder_id is not None:
        errors.append(
            "Either name a responder or record that you have none, not both: clear the "
            "reason, or choose 'Nobody yet' as responder."
        )
    try:
        rules_engine.policy_apply(rules_engine.default_rules(), data.policy)
    except rules_engine.PolicyError as exc:
        errors.extend(exc.messages)
    if errors:
        raise SafetyError(errors)
    values: dict[str, Any] = {
        "responder_id": data.responder_id,
        "backup_id": data.backup_id,
        "hours": data.hours.strip()[:200],
        "policy": data.policy,
        "no_responder_reason": no_responder_reason,
    }
    with transaction.atomic():
        found = SafetySetup.objects.select_for_update().filter(organisation=organisation).first()
        before: dict[str, int | None] = (
            {"responder_id": found.responder_id, "backup_id": found.backup_id} if found else {}
        )
        if found is None:
            try:
                with transaction.atomic():
                    setup = SafetySetup.objects.create(organisation=organisation, **values)
            except IntegrityError:
                # Another first save of this organisation's setup came first.
                raise StaleEdit(model=SafetySetup, pk=None, expected=0) from None
        else:
            setup = found
            for name, value in values.items():
                setattr(setup, name, value)
            if row_version is None:
                update_bumping(setup, fields=list(values))
            else:
                update_if_version(setup, expected=row_version, fields=list(values))
        _record_responder_changes(organisation, before, data, by)
        audit_record(
            actor=by,
            action=AuditEvent.Action.UPDATE,
            target=setup,
            organisation=organisation,
            detail="safety setup saved"
            + ("; decided to name no responder" if no_responder_reason else ""),
        )
    return setup


def _record_responder_changes(
    organisation: Organisation,
    before: dict[str, int | None],
    data: SetupInput,
    by: User,
) -> None:
    """Naming someone safety responder or backup gives them alerts about people at risk: each
    change is written into the organisation's history of role changes, for every
    administrator to see."""
    people = {
        u.pk: u
        for u in User.objects.filter(
            pk__in=[
                i for i in (*before.values(), data.responder_id, data.backup_id) if i is not None
            ]
        )
    }
    for duty, old, new in (
        ("responder", before.get("responder_id"), data.responder_id),
        ("backup", before.get("backup_id"), data.backup_id),
    ):
        if old == new:
            continue
        if old is not None:
            role_change_record(
                organisation=organisation,
                person=people[old],
                role_before=duty,
                role_after="",
                changed_by=by,
                via=RoleChange.Via.SAFETY_SETUP,
            )
        if new is not None:
            role_change_record(
                organisation=organisation,
                person=people[new],
                role_before="",
                role_after=duty,
                changed_by=by,
                via=RoleChange.Via.SAFETY_SETUP,
            )


def responder_role_check(
    sender: object, *, membership: Membership, new_role: str | None, **kwargs: Any
) -> str | None:
    """Receiver of `membership_changing`: refuse to remove the named responder or backup,
    or to give them a role that cannot answer alerts; alerts must always reach a named
    person. Name someone else first."""
    if new_role is not None and new_role in CAPABILITIES["respond_to_alerts"]:
        return None
    setup = (
        SafetySetup.objects.filter(organisation_id=membership.organisation_id)
        .values("responder_id", "backup_id")
        .first()
    )
    if setup is None:
        return None
    if membership.user_id == setup["responder_id"]:
        duty = "the safety responder"
    elif membership.user_id == setup["backup_id"]:
        duty = "the backup safety responder"
    else:
        return None
    return (
        f"This person is {duty}, who receives alerts about people at risk. "
        "Name someone else in Safety setup first."
    )


def organisation_line_add(
    *, organisation: Organisation, by: User, **fields: str
) -> OrganisationLine:
    line = OrganisationLine(organisation=organisation, **fields)
    line.full_clean()
    with transaction.atomic():
        line.save()
        audit_record(
            actor=by,
            action=AuditEvent.Action.CREATE,
            target=line,
            organisation=organisation,
        )
    return line


def organisation_line_remove(*, organisation: Organisation, pk: int, by: User) -> bool:
    with transaction.atomic():
        count, _ = OrganisationLine.objects.filter(organisation=organisation, pk=pk).delete()
        if count:
            audit_record(
                actor=by,
                action=AuditEvent.Action.DELETE,
                object_type="safety.organisationline",
                object_id=pk,
                organisation=organisation,
            )
    return bool(count)


# How a responder may reach a person ---------------------------------------------------------


def contact_save(
    *, person: User, organisation: Organisation, phone: str, note: str
) -> SafetyContact | None:
    """Keep the ways the person agreed a responder may use to reach them (beyond their email);
    both blank removes them. Only the person changes these; audited without the values."""
    phone, note = phone.strip(), note.strip()
    with transaction.atomic():
        if not phone and not note:
            SafetyContact.objects.filter(organisation=organisation, person=person).delete()
            contact = None
        else:
            contact, _ = SafetyContact.objects.update_or_create(
                organisation=organisation, person=person, defaults={"phone": phone, "note": note}
            )
        audit_record(
            actor=person,
            action=AuditEvent.Action.UPDATE,
            object_type="safety.contact",
            object_id=str(person.pk),
            organisation=organisation,
            detail="removed" if contact is None else "saved",
        )
    return contact

"""Reads for safety: crisis resources, who responds, the rules in force, advice and alerts."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from steadfast.accounts.models import User
from steadfast.accounts.selectors import person_zone
from steadfast.assessments.scoring.keys import Key, shipped_codes, shipped_key
from steadfast.core import auditcontext
from steadfast.core.countries import country_choices, country_in_sentence, country_name
from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record
from steadfast.organisations.models import Membership, Organisation
from steadfast.organisations.permissions import can
from steadfast.safety import rules as rules_engine
from steadfast.safety.emergency import EmergencyCall, emergency_calls
from steadfast.safety.models import (
    Alert,
    AlertState,
    CrisisLine,
    OrganisationLine,
    SafetyContact,
    SafetySetup,
)

logger = logging.getLogger("steadfast.safety")

# Shown to people whose country we do not know (signed out, or no organisation).
DEFAULT_COUNTRY = "US"


# Crisis resources -------------------------------------------------------------------------


def organisation_of(user: User | None) -> Organisation | None:
    """The organisation a signed-in person belongs to (their earliest active membership)."""
    if user is None or not user.is_authenticated:
        return None
    membership = (
        Membership.objects.active()
        .filter(user=user)
        .select_related("organisation")
        .order_by("joined_at", "pk")
        .first()
    )
    return membership.organisation if membership else None


@dataclass(frozen=True)
class CountryHelp:
    """Where to turn in one country: the numbers that reach emergency services there and the
    country's own crisis lines (none where we have none: never another country's)."""

    country: str
    name: str
    in_sentence: str  # "the United Kingdom"
    emergency: tuple[EmergencyCall, ...]
    lines: list[CrisisLine]


def help_for(country: str, *, lines: bool = True) -> CountryHelp:
    """Emergency numbers (from the table, no query) and crisis lines (one query, unless
    `lines=False`) for a country code; nothing for a code we do not know."""
    found = list(CrisisLine.objects.filter(country=country)) if lines else []
    return CountryHelp(
        country=country,
        name=country_name(country),
        in_sentence=country_in_sentence(country),
        emergency=emergency_calls(country),
        lines=found,
    )


type Because = Literal["chosen", "organisation", "default"]


@dataclass(frozen=True)
class CountryFor:
    code: str
    because: Because
    # A country was asked for (on the page or by the organisation) that we do not know.
    unknown: bool = False


def country_for(*, organisation: Organisation | None, chosen: str = "") -> CountryFor:
    """Whose numbers a reader sees: the country they chose on the crisis page, else their
    organisation's (an account has no country of its own), else the site default. A code we
    do not know is passed over, and the answer says so."""
    asked: list[tuple[str, Because]] = [(chosen.strip().upper(), "chosen")]
    if organisation is not None:
        asked.append((organisation.country, "organisation"))
    unknown = False
    for code, because in asked:
        if code and country_name(code):
            return CountryFor(code, because, unknown)
        unknown = unknown or bool(code)
    return CountryFor(DEFAULT_COUNTRY, "default", unknown)


def reader_help(user: User | None) -> CountryHelp:
    """Emergency numbers for the reader's country, for a sentence on any page (one query for
    a signed-in person's organisation, none for the numbers)."""
    where = country_for(organisation=organisation_of(user))
    return help_for(where.code, lines=False)


@dataclass(frozen=True)
class CrisisHelp:
    help: CountryHelp
    because: Because
    unknown: bool
    organisation_lines: list[OrganisationLine]
    # Every country for the switcher, and those with crisis lines for quick links.
    countries: list[tuple[str, str]]
    with_lines: list[tuple[str, str]]


def crisis_help(*, code: str | None, organisation: Organisation | None) -> CrisisHelp:
    """Everything the crisis page shows, for the country `country_for` picks. Three queries
    whatever the number of countries and lines."""
    where = country_for(organisation=organisation, chosen=code or "")
    own = list(OrganisationLine.objects.filter(organisation=organisation)) if organisation else []
    curated = set(CrisisLine.objects.order_by().values_list("country", flat=True).distinct())
    countries = country_choices()
    return CrisisHelp(
        help=help_for(where.code),
        because=where.because,
        unknown=where.unknown,
        organisation_lines=own,
        countries=countries,
        with_lines=[(c, name) for c, name in countries if c in curated],
    )


# Who responds --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Responders:
    responder: User | None
    backup: User | None
    hours: str
    alert_on_persistent: bool = False
    # The organisation's recorded reason for naming nobody, if it decided so.
    no_responder_reason: str = ""

    @property
    def named(self) -> bool:
        return self.responder is not None


def responders_for(organisation: Organisation | None) -> Responders:
    """The organisation's named responder and backup (one query)."""
    setup = (
        SafetySetup.objects.select_related("responder", "backup")
        .filter(organisation=organisation)
        .first()
        if organisation is not None
        else None
    )
    default = rules_engine.default_rules().persistent_alert
    if setup is None:
        return Responders(None, None, "", default)
    persistent = default or bool((setup.policy or {}).get("persistent_alert"))
    return Responders(
        setup.responder, setup.backup, setup.hours, persistent, setup.no_responder_reason
    )


def ready_for_participants(organisation: Organisation) -> bool:
    """Whether the organisation may enrol participants: it has named a safety responder and a
    backup, or recorded its decision (with a reason) that it names nobody."""
    return SafetySetup.objects.filter(
        Q(responder__isnull=False, backup__isnull=False) | ~Q(no_responder_reason=""),
        organisation=organisation,
    ).exists()


NOT_READY = (
    "Before anyone can take part, an administrator must name a safety responder and a backup "
    "on the safety setup page, or record there that the organisation names nobody and why."
)


def rules_for(organisation: Organisation | None) -> rules_engine.Rules:
    """The default rules, tightened by the organisation's policy when it has one."""
    base = rules_engine.default_rules()
    if organisation is None:
        return base
    policy = (
        SafetySetup.objects.filter(organisation=organisation)
        .values_list("policy", flat=True)
        .first()
    )
    if not policy:
        return base
    try:
        return rules_engine.policy_apply(base, policy)
    except rules_engine.PolicyError:
        # Only possible if the stored policy was edited around the validation; the defaults
        # are always safe, so use them and tell the operators.
        logger.error("invalid safety policy for organisation %s; using defaults", organisation.pk)
        return base


# Rule 3: advice ------------------------------------------------------------------------------


# One score of the person's: instrument, total, subscales and when it was submitted.
ScoreRow = tuple[str, float | None, dict[str, float] | None, datetime]
ScoreRows = Callable[[User, frozenset[str], datetime], Iterable[ScoreRow]]
_score_rows: list[ScoreRows] = []


type Help = Literal["crisis", "referral"]


def help_needed(
    *,
    organisation: Organisation | None,
    instrument: str,
    answers: list[float | None],
    total: float | None = None,
    flags: Iterable[str] = (),
) -> Help | None:
    """What help answers call for first, from the scoring engine's flags and the rules (the
    organisation may tighten them): "crisis" for an answer about self-harm, "referral" for a
    score high enough to see a professional soon (severe depression or anxiety, a positive
    trauma screen), None otherwise. Works on answers still being given (None where not
    answered yet, no total), so help shows on the very next screen."""
    findings = rules_engine.response_findings(
        rules_for(organisation),
        instrument=instrument,
        total=total,
        answers=answers,
        flags=list(flags),
    )
    rules = {f.rule for f in findings}
    if "self_harm" in flags or "self_harm" in rules:
        return "crisis"
    if "severe" in flags or "severe" in rules:
        return "referral"
    return None


def scores_from(rows: ScoreRows) -> None:
    """Name where the person's valid scores are read, oldest first (the assessments app does,
    in its ready(): it sits above safety, so safety asks through this instead of importing
    it)."""
    _score_rows[:] = [rows]


def history_for(
    *, user: User, rules: rules_engine.Rules, zone: ZoneInfo, now: datetime | None = None
) -> rules_engine.History:
    """The person's scores as rule 3 needs them, in their local dates (one query)."""
    if not _score_rows:
        # Fail closed: without the scores, rule 3 cannot be applied at all.
        raise RuntimeError("no score source: the assessments app registers it in ready()")
    now = now or timezone.now()
    today = timezone.localtime(now, zone).date()
    instruments = {rules.stress_instrument, *rules.screening_min}
    if rules.reliable_worsening:
        instruments |= set(shipped_codes())
    rows = _score_rows[0](user, frozenset(instruments), now)
    stress: dict[date, float] = {}
    first_checkin: date | None = None
    screenings: dict[str, list[tuple[date, float]]] = {}
    totals: dict[str, list[tuple[date, float]]] = {}
    for instrument, total, subscales, submitted_at in rows:
        day = timezone.localtime(submitted_at, zone).date()
        if instrument == rules.stress_instrument:
            value = (subscales or {}).get(rules.stress_subscale)
            if value is not None:
                first_checkin = first_checkin or day
                stress[day] = float(value)  # the day's latest check-in counts
        if total is None:
            continue
        if instrument in rules.screening_min:
            screenings.setdefault(instrument, []).append((day, float(total)))
        totals.setdefault(instrument, []).append((day, float(total)))
    pairs: dict[str, tuple[Key, float, float, date]] = {}
    for instrument, series in totals.items():
        if len(series) >= 2 and instrument in shipped_codes():
            pairs[instrument] = (
                shipped_key(instrument),
                series[-2][1],
                series[-1][1],
                series[-1][0],
            )
    return rules_engine.History(
        today=today,
        stress=stress,
        first_checkin=first_checkin,
        screenings=screenings,
        pairs=pairs,
    )


@dataclass(frozen=True)
class Advice:
    reason: str
    instrument: str
    organisation_lines: list[OrganisationLine]


def trend_for(
    *, user: User, organisation: Organisation | None, now: datetime | None = None
) -> rules_engine.Finding | None:
    rules = rules_for(organisation)
    zone = person_zone(user)
    return rules_engine.trend_finding(
        rules, history_for(user=user, rules=rules, zone=zone, now=now)
    )


def advice_for(user: User, *, now: datetime | None = None) -> Advice | None:
    """Kind advice to see a professional when rule 3 holds for this person, else None.
    Never says which scores or answers led to it (a fixed handful of queries)."""
    if not user.is_authenticated:
        return None
    organisation = organisation_of(user)
    finding = trend_for(user=user, organisation=organisation, now=now)
    if finding is None:
        return None
    own = list(OrganisationLine.objects.filter(organisation=organisation)) if organisation else []
    return Advice(reason=finding.reason, instrument=finding.instrument, organisation_lines=own)


# Alerts --------------------------------------------------------------------------------------


def responder_membership_check(membership: Membership) -> Responders:
    """The named responders, if this member is one of them (with the capability); else 404 —
    an alert's existence is not confirmed to anyone else."""
    responders = responders_for(membership.organisation)
    named = {u.pk for u in (responders.responder, responders.backup) if u is not None}
    if not can(membership, "respond_to_alerts") or membership.user_id not in named:
        raise Http404
    return responders


def alerts_for(*, membership: Membership) -> list[Alert]:
    """The organisation's alerts, for a named responder only; each one listed is audited."""
    responder_membership_check(membership)
    rank = {AlertState.OPEN: 0, AlertState.ACKNOWLEDGED: 1, AlertState.RESOLVED: 2}
    alerts = sorted(
        Alert.objects.filter(organisation=membership.organisation)
        .select_related("person", "assigned_to")
        .order_by("-raised_at")[:200],
        key=lambda a: (rank[AlertState(a.state)], a.deadline_at),
    )
    ip = auditcontext.current_ip()
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=membership.user,
                action=AuditEvent.Action.READ,
                object_type="safety.alert",
                object_id=str(alert.pk),
                organisation=membership.organisation,
                ip_address=ip,
                detail="listed",
            )
            for alert in alerts
        ]
    )
    return alerts


def alert_for(*, membership: Membership, pk: int) -> Alert:
    """One alert of the member's organisation, for a named responder only (404 otherwise),
    audited."""
    responder_membership_check(membership)
    alert = (
        Alert.objects.select_related("person", "assigned_to", "acknowledged_by", "resolved_by")
        .filter(organisation=membership.organisation, pk=pk)
        .first()
    )
    if alert is None:
        raise Http404
    audit_record(
        actor=membership.user,
        action=AuditEvent.Action.READ,
        target=alert,
        organisation=membership.organisation,
        detail="viewed",
    )
    return alert


# The setup page -----------------------------------------------------------------------------


def responder_candidates(*, organisation: Organisation) -> list[Membership]:
    """The organisation's active members who may be named to respond to alerts, by name."""
    return [
        m
        for m in Membership.objects.active()
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("user__full_name")
        if can(m, "respond_to_alerts")
    ]


def setup_of(organisation: Organisation) -> SafetySetup | None:
    return SafetySetup.objects.filter(organisation=organisation).first()


def organisation_lines(organisation: Organisation) -> QuerySet[OrganisationLine]:
    """The organisation's own support lines, shown beside the crisis lines."""
    return OrganisationLine.objects.filter(organisation=organisation)


def contact_of(*, person: User, organisation: Organisation) -> SafetyContact | None:
    """The ways beyond email the person agreed a responder may use to reach them, if any."""
    return SafetyContact.objects.filter(organisation=organisation, person=person).first()

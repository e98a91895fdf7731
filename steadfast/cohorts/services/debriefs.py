"""Debriefs: scheduling one and recording who came."""

from __future__ import annotations

from datetime import date, time

from django.db import transaction

from steadfast.accounts.models import User
from steadfast.cohorts.models import Debrief, utc_start
from steadfast.cohorts.services._shared import CohortError
from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record
from steadfast.organisations.models import Membership, Organisation, Team


@transaction.atomic
def debrief_schedule(
    *,
    organisation: Organisation,
    title: str,
    local_date: date,
    local_time: time,
    runner: User,
    actor: User,
    team: Team | None = None,
) -> Debrief:
    if team is not None and team.organisation_id != organisation.pk:
        raise CohortError("That team belongs to another organisation.")
    if not Membership.objects.active().filter(organisation=organisation, user=runner).exists():
        raise CohortError("The person running it must be a member of the organisation.")
    debrief = Debrief.objects.create(
        organisation=organisation,
        team=team,
        title=title.strip(),
        local_date=local_date,
        local_time=local_time,
        time_zone=organisation.time_zone,
        starts_at=utc_start(local_date, local_time, organisation.time_zone),
        runner=runner,
        scheduled_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=debrief,
        organisation=organisation,
    )
    return debrief


@transaction.atomic
def debrief_attendance_record(*, debrief: Debrief, user_ids: list[int], actor: User) -> int:
    members = Membership.objects.active().filter(
        organisation=debrief.organisation, user_id__in=user_ids
    )
    if debrief.team_id is not None:
        members = members.filter(team_id=debrief.team_id)
    ids = list(members.values_list("user_id", flat=True))
    debrief.attended.set(ids)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=debrief,
        organisation=debrief.organisation,
        detail=f"attendance for {len(ids)}",
    )
    return len(ids)

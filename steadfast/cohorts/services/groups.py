"""Intake answers and groups: proposing and saving groups, moving one person, pairing
partners."""

from __future__ import annotations

from django.db import transaction

from steadfast.accounts.models import User
from steadfast.cohorts import grouping
from steadfast.cohorts.models import (
    LABELS,
    Cohort,
    CohortGroup,
    CohortMember,
    Intake,
    MemberStatus,
)
from steadfast.cohorts.services._shared import CohortError
from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record


@transaction.atomic
def intake_save(
    *,
    member: CohortMember,
    challenges: list[str],
    availability: list[str],
    not_with: list[int],
    challenges_other: str = "",
    goals: str = "",
    not_with_note: str = "",
) -> Intake:
    valid_ids = set(member.cohort.members.exclude(pk=member.pk).values_list("pk", flat=True))
    unknown = [i for i in not_with if i not in valid_ids]
    if unknown:
        raise CohortError("Choose people from this cohort only.")
    intake, _ = Intake.objects.update_or_create(
        member=member,
        defaults={
            "challenges": sorted(set(challenges)),
            "availability": sorted(set(availability)),
            "not_with": sorted(set(not_with)),
            "challenges_other": challenges_other.strip(),
            "goals": goals.strip(),
            "not_with_note": not_with_note.strip(),
        },
    )
    return intake


def groups_propose(*, cohort: Cohort) -> grouping.Proposal:
    members = list(cohort.members.filter(status=MemberStatus.ACTIVE).select_related("intake"))
    people = []
    for member in members:
        intake = getattr(member, "intake", None)
        people.append(
            grouping.Person(
                id=member.pk,
                challenges=frozenset(intake.challenges if intake else ()),
                availability=frozenset(intake.availability if intake else ()),
                not_with=frozenset(intake.not_with if intake else ()),
            )
        )
    return grouping.propose(
        people, min_size=cohort.group_min, max_size=cohort.group_max, labels=LABELS
    )


@transaction.atomic
def groups_save(*, cohort: Cohort, proposal: grouping.Proposal, actor: User) -> list[CohortGroup]:
    """Replace the cohort's groups with a proposal (groups that have sessions are kept and
    refilled)."""
    existing = {g.number: g for g in cohort.groups.all()}
    groups = []
    for number, ids in enumerate(proposal.groups, start=1):
        group = existing.get(number) or CohortGroup.objects.create(cohort=cohort, number=number)
        groups.append(group)
        for member_id in ids:
            CohortMember.objects.filter(pk=member_id, cohort=cohort).update(
                group=group, group_reasons=list(proposal.reasons.get(member_id, ()))
            )
    CohortMember.objects.filter(cohort=cohort, pk__in=proposal.unplaced).update(
        group=None, group_reasons=[]
    )
    for number, group in existing.items():
        if number > len(proposal.groups) and not group.sessions.exists():
            group.delete()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=cohort,
        organisation=cohort.organisation,
        detail=f"groups formed: {len(groups)}",
    )
    return groups


def _kept_apart(member: CohortMember, others: list[CohortMember]) -> bool:
    mine = set(getattr(getattr(member, "intake", None), "not_with", None) or [])
    for other in others:
        theirs = set(getattr(getattr(other, "intake", None), "not_with", None) or [])
        if other.pk in mine or member.pk in theirs:
            return True
    return False


@transaction.atomic
def member_move(*, member: CohortMember, group: CohortGroup, actor: User) -> CohortMember:
    """Move one person to another group by hand; a "not with" rule is never broken."""
    if group.cohort_id != member.cohort_id:
        raise CohortError("That group belongs to another cohort.")
    others = list(group.members.exclude(pk=member.pk).select_related("intake"))
    if _kept_apart(member, others):
        raise CohortError("This would put the person with someone they must be kept apart from.")
    member.group = group
    member.group_reasons = ["Moved here by the facilitator."]
    member.save(update_fields=["group", "group_reasons"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=member,
        organisation=member.cohort.organisation,
        detail=f"moved to group {group.number}",
    )
    return member


@transaction.atomic
def partners_pair(*, cohort: Cohort, actor: User) -> int:
    """Pair people within each group (in the group's order). With an odd number, the last
    person joins the first pair as a third partner."""
    pairs = 0
    for group in cohort.groups.prefetch_related("members"):
        people = [m for m in group.members.all() if m.status == MemberStatus.ACTIVE]
        for a, b in zip(people[0::2], people[1::2], strict=False):
            CohortMember.objects.filter(pk=a.pk).update(partner=b)
            CohortMember.objects.filter(pk=b.pk).update(partner=a)
            pairs += 1
        if len(people) % 2 == 1 and len(people) > 1:
            CohortMember.objects.filter(pk=people[-1].pk).update(partner=people[0])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=cohort,
        organisation=cohort.organisation,
        detail=f"partners paired: {pairs}",
    )
    return pairs

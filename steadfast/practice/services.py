"""Writes for practice: entries, drafts, check-ins, goals, and deleting any of them for good.

Every write of free text is screened by safety's one entry point inside the write's own
transaction (words that suggest danger bring crisis help to the writer first): if screening
cannot run, nothing is saved. A form's idempotency token makes a double submit store one row.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from steadfast.accounts.models import ConsentPurpose
from steadfast.accounts.selectors import has_consented
from steadfast.assessments.models import Response
from steadfast.assessments.services import response_record
from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record
from steadfast.core.versioning import update_bumping, update_if_version
from steadfast.organisations.models import Membership, Organisation
from steadfast.practice.emotions import WORDS
from steadfast.practice.forms import CleanEntry, Values
from steadfast.practice.models import (
    CheckinWords,
    Draft,
    Entry,
    Goal,
    GoalStatus,
    GoalUpdate,
    PartnerStatus,
    SuggestionChoice,
)
from steadfast.practice.selectors import ProgramItem, organisation_of, partner_candidates_for
from steadfast.programs.models import ItemKind
from steadfast.programs.services import item_progress_set
from steadfast.safety.services import text_check

logger = logging.getLogger(__name__)
SOURCE = "practice"


class PracticeError(ValueError):
    """A request that cannot be carried out; the message is safe to show."""


@dataclass(frozen=True)
class Saved[T]:
    """What a write of the person's words did: the record, whether this call wrote it (False
    for a repeat of the same form), and whether the words call for crisis help first."""

    record: T
    wrote: bool
    needs_help: bool = False


def _screen(*, user: Any, texts: list[str], program_item: ProgramItem | None = None) -> bool:
    """Screen the words just written, inside the caller's transaction: if screening raises,
    the write rolls back with it and nothing unscreened is kept."""
    text = "\n".join(t for t in texts if t)
    if not text:
        return False
    organisation = organisation_of(user=user, program_item=program_item)
    return text_check(user=user, text=text, source=SOURCE, organisation=organisation)


def _mark_item_done(program_item: ProgramItem | None) -> None:
    if program_item is None or program_item.item.kind == ItemKind.SESSION:
        return
    item_progress_set(enrolment=program_item.enrolment, item=program_item.item, status="done")


def entry_save(
    *,
    user: Any,
    exercise: str,
    clean: CleanEntry,
    token: uuid.UUID | None = None,
    entry: Entry | None = None,
    program_item: ProgramItem | None = None,
    draft_key: str = "",
) -> Saved[Entry]:
    """Create an entry (or update `entry`, which must be the user's own). The same token twice
    returns the first entry unchanged (`wrote` False)."""
    with transaction.atomic():
        if entry is None:
            token = token or uuid.uuid4()
            existing = Entry.objects.filter(user=user, token=token).first()
            if existing is not None:
                return Saved(existing, wrote=False)
            entry = Entry(user=user, exercise=exercise, token=token)
            if program_item is not None:
                entry.item = program_item.item
        elif entry.user_id != user.pk:
            raise PracticeError("Not your entry.")
        entry.data = clean.data
        entry.rating = clean.rating
        for name, value in clean.numbers.items():
            setattr(entry, name, value)
        if clean.day is not None:
            entry.day = clean.day
        created = entry.pk is None
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError:
            # Two submits raced past the lookup: the other one stored it.
            return Saved(Entry.objects.get(user=user, token=entry.token), wrote=False)
        needs_help = _screen(user=user, texts=clean.texts, program_item=program_item)
        if draft_key:
            Draft.objects.filter(user=user, key=draft_key).delete()
        if created:
            _mark_item_done(program_item)
            _suggestion_choices_record(user=user, data=clean.data)
    return Saved(entry, wrote=True, needs_help=needs_help)


def _suggestion_choices_record(*, user: Any, data: dict[str, Any]) -> None:
    """Keep accepted and dismissed suggestions, unlinked from the person, only when they agreed
    to research use in one of their organisations (or, with none, as an open-program member)."""
    decisions = [
        d for d in data.get("suggestions") or () if d.get("decision") in ("accepted", "dismissed")
    ]
    if not decisions:
        return

    organisations: list[Organisation | None] = [
        m.organisation for m in Membership.objects.filter(user=user, is_active=True)
    ]
    if not any(
        has_consented(user=user, organisation=o, purpose=ConsentPurpose.RESEARCH)
        for o in organisations or [None]
    ):
        return
    # Deferred: the model loads numpy and scipy, needed only when a choice is kept.
    from steadfast.reframing.model import load_default

    model = str(load_default().metadata.get("training", {}).get("sha256", {}).get("all", ""))
    SuggestionChoice.objects.bulk_create(
        SuggestionChoice(
            trap=d["trap"], decision=d["decision"], model=model[:64], day=timezone.localdate()
        )
        for d in decisions
    )


def draft_save(*, user: Any, key: str, values: Values) -> Draft:
    """Keep what someone has typed so far on one form (encrypted), replacing the last copy."""
    if not key or len(key) > 80:
        raise PracticeError("Unknown form.")
    draft, _ = Draft.objects.get_or_create(user=user, key=key)
    draft.data = values
    draft.save()
    return draft


def draft_discard(*, user: Any, key: str) -> None:
    Draft.objects.filter(user=user, key=key).delete()


def entry_delete(*, user: Any, entry: Entry) -> None:
    """Delete one entry for good."""
    if entry.user_id != user.pk:
        raise PracticeError("Not your entry.")
    with transaction.atomic():
        Draft.objects.filter(user=user, key=f"entry:{entry.pk}").delete()
        audit_record(actor=user, action=AuditEvent.Action.DELETE, target=entry)
        entry.delete()


# -- check-in -------------------------------------------------------------------------------


def checkin_record(
    *,
    user: Any,
    mood: int,
    stress: int,
    energy: int,
    sleep: int,
    words: list[str],
    token: uuid.UUID,
    program_item: ProgramItem | None = None,
) -> Response:
    """Store the four numbers through assessments and the emotion words here, once per token."""
    chosen = [w for w in WORDS if w in set(words)]
    with transaction.atomic():
        response = response_record(
            user=user,
            instrument="checkin",
            answers=[float(mood), float(stress), float(energy), float(sleep)],
            token=token,
        )
        if response.user_id != user.pk:
            raise PracticeError("That check-in belongs to someone else.")
        _, created = CheckinWords.objects.get_or_create(
            response=response, defaults={"user": user, "words": json.dumps(chosen)}
        )
        if created:
            _mark_item_done(program_item)
    return response


def checkin_delete(*, user: Any, pk: int) -> bool:
    """Delete one of the person's own check-ins (numbers and words) for good."""
    with transaction.atomic():
        count, _ = Response.objects.filter(pk=pk, user=user, instrument="checkin").delete()
    return count > 0


# -- goals ----------------------------------------------------------------------------------


def _check_partner(user: Any, partner_id: int | None) -> Any:
    if partner_id is None:
        return None
    partner = partner_candidates_for(user).filter(pk=partner_id).first()
    if partner is None:
        raise PracticeError("That person cannot be your accountability partner.")
    return partner


def goal_save(
    *,
    user: Any,
    what: str,
    why: str = "",
    steps: list[str] | None = None,
    by_when: Any = None,
    how_i_know: str = "",
    partner_id: int | None = None,
    token: uuid.UUID | None = None,
    goal: Goal | None = None,
    program_item: ProgramItem | None = None,
    draft_key: str = "",
    row_version: int | None = None,
) -> Saved[Goal]:
    """Create a goal, or update the person's own `goal`. A new partner is invited and must
    accept; removing the partner ends their view at once.

    For an update, `row_version` is the version the form was loaded with: if the goal was
    saved since (another tab or device), nothing is written and StaleEdit is raised. None
    skips the check.
    """
    partner = _check_partner(user, partner_id)
    steps = steps or []
    with transaction.atomic():
        if goal is None:
            token = token or uuid.uuid4()
            existing = Goal.objects.filter(user=user, token=token).first()
            if existing is not None:
                return Saved(existing, wrote=False)
            goal = Goal(user=user, token=token, item=program_item.item if program_item else None)
        elif goal.user_id != user.pk:
            raise PracticeError("Not your goal.")
        kept = dict(goal.data)
        kept.update({"what": what, "why": why, "steps": steps, "how_i_know": how_i_know})
        goal.data = kept
        goal.by_when = by_when
        goal.step_count = len(steps)
        goal.steps_done = [i for i in goal.steps_done if i < len(steps)]
        if (partner.pk if partner else None) != goal.partner_id:
            goal.partner = partner
            goal.partner_status = PartnerStatus.INVITED if partner else PartnerStatus.NONE
        created = goal.pk is None
        try:
            with transaction.atomic():
                if created:
                    goal.save()
                elif row_version is None:
                    update_bumping(goal, fields=GOAL_EDIT_FIELDS)
                else:
                    update_if_version(goal, expected=row_version, fields=GOAL_EDIT_FIELDS)
        except IntegrityError:
            return Saved(Goal.objects.get(user=user, token=goal.token), wrote=False)
        needs_help = _screen(
            user=user, texts=[what, why, *steps, how_i_know], program_item=program_item
        )
        if draft_key:
            Draft.objects.filter(user=user, key=draft_key).delete()
        if created:
            _mark_item_done(program_item)
    return Saved(goal, wrote=True, needs_help=needs_help)


GOAL_EDIT_FIELDS = ["payload", "by_when", "step_count", "steps_done", "partner", "partner_status"]


def goal_progress_add(
    *, user: Any, goal: Goal, percent: int | None, steps_done: list[int], note: str = ""
) -> Saved[GoalUpdate]:
    """Record progress: steps done and a percent (from the steps when not given), with a note."""
    if goal.user_id != user.pk:
        raise PracticeError("Not your goal.")
    done = sorted({i for i in steps_done if 0 <= i < goal.step_count})
    if percent is None:
        percent = round(100 * len(done) / goal.step_count) if goal.step_count else goal.percent
    with transaction.atomic():
        goal.steps_done = done
        goal.percent = percent
        update_bumping(goal, fields=["steps_done", "percent"])
        update = GoalUpdate(goal=goal, percent=percent)
        update.data = {"note": note} if note else {}
        update.save()
        needs_help = _screen(user=user, texts=[note])
    return Saved(update, wrote=True, needs_help=needs_help)


def goal_review(*, user: Any, goal: Goal, status: str, learned: str = "") -> Saved[Goal]:
    if goal.user_id != user.pk:
        raise PracticeError("Not your goal.")
    if status not in GoalStatus.values:
        raise PracticeError("Unknown status.")
    with transaction.atomic():
        # Read again under a lock: the review is added to what is saved now, never to an
        # older copy that would undo an edit saved meanwhile.
        goal = Goal.objects.select_for_update().get(pk=goal.pk)
        data = dict(goal.data)
        if learned:
            data.setdefault("reviews", []).append(
                {"at": timezone.now().isoformat(), "status": status, "learned": learned}
            )
        goal.data = data
        goal.status = status
        goal.reviewed_at = timezone.now()
        if status == GoalStatus.DONE:
            goal.percent = 100
        update_bumping(goal, fields=["payload", "status", "reviewed_at", "percent"])
        needs_help = _screen(user=user, texts=[learned])
    return Saved(goal, wrote=True, needs_help=needs_help)


def goal_partner_respond(*, partner: Any, goal_id: int, accept: bool) -> Goal:
    """The invited person accepts or declines; an accepted partner may also step back."""
    goal = Goal.objects.filter(
        pk=goal_id,
        partner=partner,
        partner_status__in=[PartnerStatus.INVITED, PartnerStatus.ACCEPTED],
    ).first()
    if goal is None:
        raise PracticeError("There is no invitation to answer.")
    if accept and goal.partner_status != PartnerStatus.INVITED:
        raise PracticeError("You have already accepted.")
    goal.partner_status = PartnerStatus.ACCEPTED if accept else PartnerStatus.DECLINED
    update_bumping(goal, fields=["partner_status"])
    return goal


def goal_delete(*, user: Any, goal: Goal) -> None:
    if goal.user_id != user.pk:
        raise PracticeError("Not your goal.")
    with transaction.atomic():
        Draft.objects.filter(user=user, key=f"goal:{goal.pk}").delete()
        audit_record(actor=user, action=AuditEvent.Action.DELETE, target=goal)
        goal.delete()


def practice_delete_all(*, user: Any) -> dict[str, int]:
    """Delete everything the person wrote in practice: entries, drafts, check-ins, goals; and
    step back as anyone's accountability partner."""
    with transaction.atomic():
        counts = {
            "entries": Entry.objects.filter(user=user).delete()[0],
            "drafts": Draft.objects.filter(user=user).delete()[0],
            "checkins": Response.objects.filter(user=user, instrument="checkin").delete()[0],
            "goals": Goal.objects.filter(user=user).delete()[0],
        }
        Goal.objects.filter(partner=user).update(partner=None, partner_status=PartnerStatus.NONE)
        audit_record(
            actor=user,
            action=AuditEvent.Action.DELETE,
            object_type="practice.all",
            object_id=user.pk,
        )
    return counts

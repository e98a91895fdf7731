"""Writes for the journal: entries, drafts that autosave, sharing one entry and erasure.

Nothing here logs or audits journal text: audit events carry ids and a fixed phrase only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record
from steadfast.core.versioning import update_bumping, update_if_version
from steadfast.journal import selectors
from steadfast.journal.models import Draft, Entry, Reader
from steadfast.organisations.models import Organisation
from steadfast.safety.services import text_check

if TYPE_CHECKING:
    from steadfast.accounts.models import User


class JournalError(ValueError):
    """A request the journal refuses, with a message for the person."""


class DraftClosed(JournalError):
    """The draft's page was already saved as an entry; later autosaves are not needed."""


@dataclass(frozen=True)
class Saved:
    entry: Entry
    created: bool
    needs_help: bool


@sensitive_variables()
def _needs_help(*, user: User, title: str, body: str) -> bool:
    """Ask the safety app whether the words call for crisis help (it records what it must).
    Called inside the write's transaction: if screening cannot run, nothing is saved."""
    return bool(
        text_check(
            user=user,
            text=f"{title}\n{body}",
            source="journal",
            organisation=selectors.safety_organisation_for(user=user),
        )
    )


@sensitive_variables()
def entry_create(*, user: User, token: uuid.UUID, title: str, body: str, mood: str = "") -> Saved:
    """Store a new entry from the page with this token and drop its draft.

    The same token twice (a double click, a resent form) stores one entry and returns it.
    """
    existing = Entry.objects.filter(token=token).first()
    if existing is not None:
        if existing.user_id != user.pk:
            raise JournalError("this page belongs to someone else")
        return Saved(existing, created=False, needs_help=False)
    try:
        with transaction.atomic():
            entry = Entry.objects.create(user=user, token=token, title=title, body=body, mood=mood)
            Draft.objects.filter(token=token, user=user).delete()
            needs_help = _needs_help(user=user, title=title, body=body)
    except IntegrityError:
        # A concurrent submit of the same page won the race: show the entry it stored.
        existing = Entry.objects.filter(token=token, user=user).first()
        if existing is None:
            raise
        return Saved(existing, created=False, needs_help=False)
    return Saved(entry, created=True, needs_help=needs_help)


@sensitive_variables()
def entry_update(
    *, entry: Entry, title: str, body: str, mood: str = "", row_version: int | None
) -> Saved:
    """Save new words over an entry and drop its draft. Sharing stays as it was.

    `row_version` is the version the edit page was loaded with: if the entry was saved since
    (another tab or device), nothing is written and StaleEdit is raised. None skips the check.
    """
    with transaction.atomic():
        entry.title, entry.body, entry.mood = title, body, mood
        fields = ["title", "body", "mood"]
        if row_version is None:
            update_bumping(entry, fields=fields)
        else:
            update_if_version(entry, expected=row_version, fields=fields)
        Draft.objects.filter(entry=entry).delete()
        needs_help = _needs_help(user=entry.user, title=title, body=body)
    return Saved(entry, created=False, needs_help=needs_help)


def entry_delete(*, entry: Entry) -> None:
    """Delete an entry for good, with its drafts. The audit trail keeps only its id."""
    with transaction.atomic():
        audit_record(
            actor=entry.user,
            action=AuditEvent.Action.DELETE,
            target=entry,
            detail="journal entry deleted by its owner",
        )
        entry.delete()


def entry_share(*, entry: Entry, organisation: Organisation) -> Entry:
    """Let the facilitators of the owner's groups in `organisation` read this one entry:
    those running the groups now, by name. Sharing an entry again brings the list up to
    date (a facilitator who joined since is added, one who left is gone)."""
    allowed = {o.pk for o in selectors.share_organisations_for(user=entry.user)}
    if organisation.pk not in allowed:
        raise JournalError("You can share only with a group you take part in.")
    readers = list(selectors.facilitators_for(user=entry.user, organisation=organisation))
    if not readers:
        raise JournalError("None of your groups there has a facilitator to share with yet.")
    with transaction.atomic():
        entry.shared_with = organisation
        entry.shared_at = timezone.now()
        update_bumping(entry, fields=["shared_with", "shared_at"])
        # Sharing again replaces the list: exactly the facilitators of the groups now.
        Reader.objects.filter(entry=entry).delete()
        Reader.objects.bulk_create([Reader(entry=entry, reader=person) for person in readers])
        audit_record(
            actor=entry.user,
            action=AuditEvent.Action.UPDATE,
            target=entry,
            organisation=organisation,
            detail="journal entry shared with facilitators",
        )
    return entry


def entry_unshare(*, entry: Entry) -> Entry:
    """Take a shared entry back: from this moment its facilitators cannot open it."""
    if not entry.is_shared:
        return entry
    organisation = entry.shared_with
    with transaction.atomic():
        entry.shared_with = None
        entry.shared_at = None
        update_bumping(entry, fields=["shared_with", "shared_at"])
        Reader.objects.filter(entry=entry).delete()
        audit_record(
            actor=entry.user,
            action=AuditEvent.Action.UPDATE,
            target=entry,
            organisation=organisation,
            detail="journal entry sharing taken back",
        )
    return entry


@sensitive_variables()
def draft_save(
    *,
    user: User,
    token: uuid.UUID,
    title: str,
    body: str,
    mood: str = "",
    entry: Entry | None = None,
    entry_version: int | None = None,
) -> Draft | None:
    """Keep what the person has typed so far (called every few seconds while they write).

    Returns None when there is nothing to keep: an empty new page, or an edit whose words
    match the saved entry. DraftClosed once the page was saved as an entry; LookupError for
    someone else's draft. `entry` must be the person's own; `entry_version` is the version
    its edit page was loaded with, kept so the draft's words are checked against it later.
    """
    with transaction.atomic():
        if Entry.objects.filter(token=token).exists():
            raise DraftClosed("this page was already saved")
        draft = Draft.objects.select_for_update().filter(token=token).first()
        if draft is not None and draft.user_id != user.pk:
            raise LookupError("not this person's draft")
        if draft is None and entry is not None:
            draft = Draft.objects.select_for_update().filter(user=user, entry=entry).first()
        unchanged = (
            (title, body, mood) == (entry.title, entry.body, entry.mood)
            if entry is not None
            else not (title.strip() or body.strip())
        )
        if unchanged:
            if draft is not None:
                draft.delete()
            return None
        if draft is None:
            draft = Draft(token=token, user=user, entry=entry)
        draft.title, draft.body, draft.mood = title, body, mood
        if entry is not None:
            draft.entry_version = entry_version
        draft.save()
    return draft


def draft_discard(*, user: User, token: uuid.UUID) -> None:
    Draft.objects.filter(token=token, user=user).delete()


def journal_erase(*, user: User) -> int:
    """Delete every entry and draft of this person (their right to erasure)."""
    with transaction.atomic():
        Draft.objects.filter(user=user).delete()
        count, _ = Entry.objects.filter(user=user).delete()
        audit_record(
            actor=user,
            action=AuditEvent.Action.DELETE,
            object_type="journal.entry",
            object_id="all",
            detail=f"journal erased by its owner ({count} rows)",
        )
    return count

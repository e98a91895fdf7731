"""Reads of journal entries. The only way into journal text: every read is scoped to its
owner, or to a facilitator the owner shared one entry with (and that read is audited)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, QuerySet
from django.views.decorators.debug import sensitive_variables

from steadfast.cohorts.selectors import group_facilitators_of
from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record
from steadfast.journal import search
from steadfast.journal.models import Draft, Entry, Reader
from steadfast.organisations.models import Membership, Organisation, Role

if TYPE_CHECKING:
    from steadfast.accounts.models import User


def facilitators_for(*, user: User | Any, organisation: Organisation) -> QuerySet[User]:
    """The people who would read what `user` shares in `organisation` now: the facilitators
    of the groups they take part in there (cohorts owns that answer). `user` may be an
    `OuterRef` to a user column."""
    return group_facilitators_of(user=user, organisation=organisation)


def readers_of(*, entry: Entry) -> list[User]:
    """Who can open this shared entry now: the facilitators it was shared with who still run
    one of the person's groups. Empty when it is private."""
    if entry.shared_with_id is None:
        return []
    return list(
        facilitators_for(user=entry.user_id, organisation=entry.shared_with)  # type: ignore[arg-type]
        .filter(pk__in=entry.readers.values("reader_id"))
        .order_by("full_name", "email")
    )


def newcomers_to(*, entry: Entry) -> list[User]:
    """Facilitators of the person's groups who were not among them when the entry was
    shared: they cannot read it unless the person shares it again."""
    if entry.shared_with_id is None:
        return []
    return list(
        facilitators_for(user=entry.user_id, organisation=entry.shared_with)  # type: ignore[arg-type]
        .exclude(pk__in=entry.readers.values("reader_id"))
        .order_by("full_name", "email")
    )


def share_organisations_for(*, user: User) -> list[Organisation]:
    """Organisations where the person takes part, so has facilitators to share with."""
    memberships = (
        Membership.objects.active()
        .filter(user=user, role=Role.PARTICIPANT)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    return [m.organisation for m in memberships]


def safety_organisation_for(*, user: User) -> Organisation | None:
    """The organisation whose safety arrangements apply to what the person writes."""
    organisations = share_organisations_for(user=user)
    return organisations[0] if organisations else None


def entries_for(*, user: User) -> QuerySet[Entry]:
    return Entry.objects.owned_by(user).select_related("shared_with")


def entry_for(*, user: User, pk: int) -> Entry:
    """The owner's entry; Entry.DoesNotExist for anyone else's."""
    return entries_for(user=user).get(pk=pk)


def entry_for_token(*, token: uuid.UUID) -> Entry | None:
    """The entry a page was saved as, whoever owns it (callers check the owner)."""
    return Entry.objects.filter(token=token).first()


def drafts_for(*, user: User) -> QuerySet[Draft]:
    """Unfinished new entries (edits show on their entry's page)."""
    return Draft.objects.filter(user=user, entry__isnull=True)


def draft_for(*, user: User, token: uuid.UUID) -> Draft | None:
    """The person's draft with this token; LookupError when it is someone else's."""
    draft = Draft.objects.filter(token=token).first()
    if draft is not None and draft.user_id != user.pk:
        raise LookupError("not this person's draft")
    return draft


def draft_for_entry(*, entry: Entry) -> Draft | None:
    return Draft.objects.filter(user_id=entry.user_id, entry=entry).first()


@dataclass(frozen=True)
class Found:
    entry: Entry
    snippet: search.Snippet | None


@sensitive_variables()
def entries_search(*, user: User, query: str) -> list[Found]:
    """The owner's entries whose title or text holds every word of `query`, newest first.

    One query whatever the journal's size; the matching happens after decryption.
    """
    words = search.terms(query)
    if not words:
        return []
    found = []
    for entry in entries_for(user=user):
        if search.matches(words, entry.title, entry.body):
            found.append(Found(entry, search.snippet(words, entry.body)))
    return found


def shared_entries_for(*, facilitator: Membership) -> QuerySet[Entry]:
    """Entries shared with this facilitator by name, from people whose groups they still run
    in the facilitator's organisation.

    Lists carry no journal text, so showing one is not a read; opening an entry is.
    """
    mine = facilitators_for(user=OuterRef("user"), organisation=facilitator.organisation).filter(
        pk=facilitator.user_id
    )
    named = Reader.objects.filter(entry=OuterRef("pk"), reader_id=facilitator.user_id)
    return (
        Entry.objects.filter(shared_with=facilitator.organisation)
        .filter(Exists(named), Exists(mine))
        .select_related("user")
        .order_by("-shared_at", "-pk")
    )


def shared_entry_read(*, facilitator: Membership, pk: int) -> Entry:
    """One entry shared with the facilitator, recorded in the audit trail as read.

    Entry.DoesNotExist when it is not (or no longer) shared with them.
    """
    entry = shared_entries_for(facilitator=facilitator).get(pk=pk)
    audit_record(
        actor=facilitator.user,
        action=AuditEvent.Action.READ,
        target=entry,
        organisation=facilitator.organisation,
        detail="shared journal entry read by a facilitator",
    )
    return entry

"""What the journal holds of a person, for *My data* (core.personal_data).

Exported: every entry (title, words, mood, when, which group's facilitators it is shared
with). Erased: entries and unsaved drafts (`services.journal_erase`); the facilitators' read
permissions on an entry go with it. Kept: the rows that let this person, as a facilitator,
read someone else's shared entry (they belong to that entry, and go when its writer deletes
it or takes it back).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from steadfast.journal import selectors, services
from steadfast.journal.models import Draft, Entry, Reader

MODELS = (Entry, Draft)
KEPT: dict[type[Model], str] = {
    Reader: "a facilitator's permission to read someone else's shared entry: it belongs to "
    "that entry and goes when its writer deletes it or takes it back",
}
LABEL = "journal entries"


def entry_row(entry: Entry) -> dict[str, Any]:
    """One entry as the person downloads it (also the journal's own JSON download)."""
    return {
        "title": entry.title,
        "body": entry.body,
        "mood": entry.mood or None,
        "created_at": entry.created_at.isoformat(),
        "updated_at": entry.updated_at.isoformat(),
        "shared_with_facilitators_of": entry.shared_with.name if entry.shared_with else None,
    }


def export(user: Any) -> dict[str, Any]:
    return {"journal": [entry_row(e) for e in selectors.entries_for(user=user)]}


def erase(user: Any) -> int:
    return services.journal_erase(user=user)

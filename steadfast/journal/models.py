"""Journal entries and their drafts. Every word a person writes is encrypted at rest.

Nothing here is registered in the admin site: administrators never see journal text.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models

from steadfast.core.fields import EncryptedTextField
from steadfast.core.versioning import RowVersioned


class Mood(models.TextChoices):
    CALM = "calm", "Calm"
    HOPEFUL = "hopeful", "Hopeful"
    GRATEFUL = "grateful", "Grateful"
    PROUD = "proud", "Proud"
    TIRED = "tired", "Tired"
    STRESSED = "stressed", "Stressed"
    WORRIED = "worried", "Worried"
    SAD = "sad", "Sad"
    ANGRY = "angry", "Angry"
    MIXED = "mixed", "Mixed"


class JournalEntryQuerySet(models.QuerySet["Entry"]):
    def owned_by(self, user: Any) -> JournalEntryQuerySet:
        return self.filter(user=user)


class Entry(RowVersioned):
    """One journal entry: private to its owner unless they share it with their facilitators.

    `token` is the draft page it was written on, so submitting that page twice stores one
    entry. Sharing names one organisation (`shared_with`) and the facilitators of the
    person's groups there at that moment (`readers`), until taken back.
    `row_version` refuses a save from a page opened before the last one (core.versioning).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries"
    )
    token = models.UUIDField(unique=True, editable=False)
    title = EncryptedTextField(blank=True, default="")
    body = EncryptedTextField()
    mood = models.CharField(max_length=20, choices=Mood.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    shared_with = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Whose facilitators may read it; empty means private.",
    )
    shared_at = models.DateTimeField(null=True, blank=True)

    objects = JournalEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="journal_entry_user_created"),
            models.Index(fields=["shared_with", "-shared_at"], name="journal_entry_shared"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(shared_with__isnull=True, shared_at__isnull=True)
                | models.Q(shared_with__isnull=False, shared_at__isnull=False),
                name="journal_entry_share_complete",
            )
        ]
        verbose_name_plural = "entries"

    def __str__(self) -> str:
        # Never the text: this string can end up in logs and error reports.
        return f"journal entry {self.pk} of user {self.user_id}"

    @property
    def is_shared(self) -> bool:
        return self.shared_with_id is not None


class Reader(models.Model):
    """One facilitator who may read one shared entry: the facilitators of the person's groups
    at the moment they shared it. Someone who starts facilitating their group later is not
    added; the person shares again to include them. A reader who no longer runs one of the
    person's groups loses access at once (the selectors check both)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="readers")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "reader"], name="journal_reader_unique")
        ]

    def __str__(self) -> str:
        return f"reader {self.reader_id} of journal entry {self.entry_id}"


class Draft(models.Model):
    """Words typed but not yet saved as an entry, kept on the server every few seconds.

    A new entry's draft is found by its token (the page's address); an edit's draft also
    points at its entry, one per entry.
    """

    token = models.UUIDField(unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_drafts"
    )
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, null=True, blank=True, related_name="drafts"
    )
    title = EncryptedTextField(blank=True, default="")
    body = EncryptedTextField(blank=True, default="")
    mood = models.CharField(max_length=20, choices=Mood.choices, blank=True)
    entry_version = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="For an edit: the entry's row_version on the page these words were typed on.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "entry"],
                condition=models.Q(entry__isnull=False),
                name="journal_one_draft_per_entry",
            )
        ]

    def __str__(self) -> str:
        return f"journal draft {self.pk} of user {self.user_id}"


def new_token() -> uuid.UUID:
    return uuid.uuid4()

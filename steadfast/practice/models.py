"""Each person's own practice: exercise entries, drafts, check-in words and goals.

All free text sits in one encrypted JSON payload per row (see
docs/decisions/0009-practice-entries.md); only numbers worth charting are plain columns.
Rows are read through `selectors`, which scope every query to the owner.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from steadfast.core.fields import EncryptedTextField
from steadfast.core.versioning import RowVersioned
from steadfast.programs.exercise_types import BY_CODE


class PayloadMixin(models.Model):
    payload = EncryptedTextField(default="{}")

    class Meta:
        abstract = True

    @property
    def data(self) -> dict[str, Any]:
        loaded = json.loads(self.payload or "{}")
        return loaded if isinstance(loaded, dict) else {}

    @data.setter
    def data(self, value: dict[str, Any]) -> None:
        self.payload = json.dumps(value, ensure_ascii=False)


class EntryQuerySet(models.QuerySet["Entry"]):
    def owned_by(self, user: Any) -> EntryQuerySet:
        return self.filter(user=user)


class Entry(PayloadMixin):
    """One exercise done once: its answers (encrypted) and a few numbers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_entries"
    )
    exercise = models.CharField(max_length=40)
    token = models.UUIDField(default=uuid.uuid4, help_text="One entry per submitted form.")
    item = models.ForeignKey(
        "programs.Item", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    day = models.DateField(default=timezone.localdate, help_text="The day the entry is about.")
    rating = models.PositiveSmallIntegerField(null=True, blank=True, help_text="How it went, 1-5.")
    intensity = models.PositiveSmallIntegerField(null=True, blank=True)
    rerate = models.PositiveSmallIntegerField(null=True, blank=True)
    hours = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    quality = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "exercise", "-created_at"], name="entry_history")]
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="entry_token_unique"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="entry_rating_1_5",
            ),
            models.CheckConstraint(
                condition=Q(intensity__isnull=True) | Q(intensity__lte=100),
                name="entry_intensity_0_100",
            ),
            models.CheckConstraint(
                condition=Q(rerate__isnull=True) | Q(rerate__lte=100), name="entry_rerate_0_100"
            ),
            models.CheckConstraint(
                condition=Q(quality__isnull=True) | Q(quality__lte=10), name="entry_quality_0_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} entry {self.pk}"

    @property
    def title(self) -> str:
        found = BY_CODE.get(self.exercise)
        return found.title if found else self.exercise


class Draft(PayloadMixin):
    """What someone has typed so far on one form, saved every few seconds."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=80, help_text="Which form: e.g. new:abc:12 or entry:40.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="draft_per_form")]

    def __str__(self) -> str:
        return f"draft {self.key} for user {self.user_id}"


class CheckinWords(models.Model):
    """The emotion words picked with one daily check-in (its numbers live in assessments)."""

    response = models.OneToOneField(
        "assessments.Response", on_delete=models.CASCADE, related_name="checkin_words"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    words = EncryptedTextField(default="[]")

    def __str__(self) -> str:
        return f"check-in words {self.pk}"

    @property
    def word_list(self) -> list[str]:
        loaded = json.loads(self.words or "[]")
        return [str(w) for w in loaded] if isinstance(loaded, list) else []


class GoalStatus(models.TextChoices):
    ACTIVE = "active", "working on it"
    DONE = "done", "done"
    LET_GO = "let_go", "let go for now"


class PartnerStatus(models.TextChoices):
    NONE = "", "no partner"
    INVITED = "invited", "invited"
    ACCEPTED = "accepted", "accepted"
    DECLINED = "declined", "declined"


class GoalQuerySet(models.QuerySet["Goal"]):
    def owned_by(self, user: Any) -> GoalQuerySet:
        return self.filter(user=user)


class Goal(PayloadMixin, RowVersioned):
    """A goal: what, why, steps, how I'll know (encrypted); date, progress and partner plain.

    An accepted partner may see the title (payload["what"]) and progress, nothing else.
    `row_version` refuses a save from a page opened before the last one (core.versioning).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_goals"
    )
    token = models.UUIDField(default=uuid.uuid4)
    item = models.ForeignKey(
        "programs.Item", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_when = models.DateField(null=True, blank=True)
    step_count = models.PositiveSmallIntegerField(default=0)
    steps_done = models.JSONField(default=list, blank=True, help_text="Indexes of done steps.")
    percent = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=GoalStatus.choices, default=GoalStatus.ACTIVE)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_goals",
    )
    partner_status = models.CharField(
        max_length=10, choices=PartnerStatus.choices, default=PartnerStatus.NONE, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="goal_token_unique"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="goal_percent_0_100"),
            models.CheckConstraint(
                condition=~Q(partner=models.F("user")), name="goal_partner_not_owner"
            ),
        ]

    def __str__(self) -> str:
        return f"goal {self.pk}"

    @property
    def title(self) -> str:
        return str(self.data.get("what", ""))

    @property
    def steps(self) -> list[str]:
        steps = self.data.get("steps", [])
        return [str(s) for s in steps] if isinstance(steps, list) else []


class GoalUpdate(PayloadMixin):
    """One progress update: a percent, the steps done, and a note (encrypted)."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="updates")
    percent = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="goal_update_percent_0_100")
        ]

    def __str__(self) -> str:
        return f"goal update {self.pk}"


class SuggestionChoice(models.Model):
    """One accepted or dismissed thinking-trap suggestion, kept only with research consent and
    with nothing that points back to the person: no user, no text, the day only. It measures
    whether suggestions help (`manage.py traps usefulness`)."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "accepted"
        DISMISSED = "dismissed", "dismissed"

    trap = models.CharField(max_length=40)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    model = models.CharField(max_length=64, help_text="The artefact's training-data hash.")
    day = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["model", "trap"])]

    def __str__(self) -> str:
        return f"{self.trap} {self.decision}"

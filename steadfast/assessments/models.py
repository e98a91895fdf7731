"""Instrument definitions imported by administrators, due assessments, drafts and responses.

Shipped instruments live as files under `instruments/`; a row here only exists for one an
administrator imported (for example the licensed items of the BRS). Item answers are encrypted
at rest; scores are plain numbers so aggregates can be computed in SQL.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models

from steadfast.core.fields import EncryptedTextField


class Instrument(models.Model):
    """An instrument imported from a FHIR Questionnaire (its key and, where licensed, its items)."""

    code = models.SlugField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    key = models.JSONField()
    texts = models.JSONField(default=dict, blank=True)
    stem = models.TextField(blank=True)
    source = models.CharField(max_length=255, blank=True, help_text="The file it came from.")
    imported_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"


class Wave(models.TextChoices):
    BASELINE = "baseline", "Baseline"
    POST = "post", "End of program"
    FOLLOW_UP = "follow_up", "Follow-up"
    CHECKIN = "checkin", "Check-in"
    SELF = "self", "Taken by choice"


class DueStatus(models.TextChoices):
    UPCOMING = "upcoming", "Upcoming"
    DUE = "due", "Due"
    OVERDUE = "overdue", "Overdue"
    COMPLETED = "completed", "Completed"
    MISSED = "missed", "Missed"


class DueAssessment(models.Model):
    """One questionnaire a person is asked to complete inside a window."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, null=True, blank=True
    )
    instrument = models.CharField(max_length=40)
    wave = models.CharField(max_length=20, choices=Wave.choices)
    label = models.CharField(max_length=100)
    # What scheduled it ("enrolment:12"), so scheduling twice creates nothing new.
    source = models.CharField(max_length=64)
    opens_at = models.DateTimeField()
    due_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["opens_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "source", "instrument", "wave", "opens_at"],
                name="due_assessment_once",
            ),
            models.CheckConstraint(
                condition=models.Q(opens_at__lte=models.F("due_at"))
                & models.Q(due_at__lte=models.F("closes_at")),
                name="due_assessment_window_ordered",
            ),
        ]
        indexes = [models.Index(fields=["user", "opens_at"])]

    def __str__(self) -> str:
        return f"{self.instrument} {self.label} for user {self.user_id}"

    def status(self, now: datetime) -> DueStatus:
        if self.completed_at:
            return DueStatus.COMPLETED
        if now >= self.closes_at:
            return DueStatus.MISSED
        if now >= self.due_at:
            return DueStatus.OVERDUE
        if now >= self.opens_at:
            return DueStatus.DUE
        return DueStatus.UPCOMING


class Draft(models.Model):
    """Answers given so far, so a person can stop and come back where they left off."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    instrument = models.CharField(max_length=40)
    due = models.ForeignKey(DueAssessment, on_delete=models.CASCADE, null=True, blank=True)
    answers = EncryptedTextField(default="{}")
    position = models.PositiveSmallIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "instrument", "due"],
                condition=models.Q(due__isnull=False),
                name="one_draft_per_due",
            ),
            models.UniqueConstraint(
                fields=["user", "instrument"],
                condition=models.Q(due__isnull=True),
                name="one_draft_per_instrument_by_choice",
            ),
        ]

    def __str__(self) -> str:
        return f"draft {self.instrument} for user {self.user_id}"


class ResponseQuerySet(models.QuerySet["Response"]):
    def valid(self) -> ResponseQuerySet:
        return self.filter(valid=True)


class Response(models.Model):
    """A submitted questionnaire with its score, recomputed from the answers."""

    token = models.UUIDField(unique=True, help_text="The draft it came from: one response each.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.SET_NULL, null=True, blank=True
    )
    instrument = models.CharField(max_length=40)
    due = models.OneToOneField(
        DueAssessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    wave = models.CharField(max_length=20, choices=Wave.choices, default=Wave.SELF)
    answers = EncryptedTextField()
    total = models.FloatField(null=True, blank=True)
    subscales = models.JSONField(default=dict)
    band = models.CharField(max_length=100, blank=True)
    flags = models.JSONField(default=list)
    valid = models.BooleanField()
    provisional = models.BooleanField()
    submitted_at = models.DateTimeField(db_index=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "pk"]
        indexes = [models.Index(fields=["user", "instrument", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.instrument} response {self.pk}"

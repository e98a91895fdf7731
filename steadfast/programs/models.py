"""Curriculum as versioned data, and each person's enrolment and progress on one version.

A program has numbered versions; a version holds the modules, items and role variants exactly as
they were loaded. Once anyone is enrolled on a version its content never changes: a change is a
new version (see docs/decisions/0008-content-versions.md).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from steadfast.core.versioning import RowVersioned


class Format(models.TextChoices):
    WEEKLY = "weekly", "weekly sessions"
    WORKSHOP = "workshop", "one-day workshop"
    SELF_PACED = "self_paced", "self-paced"
    BLENDED = "blended", "blended"


# Formats with a weekly rhythm of live sessions.
WEEKLY_FORMATS = (Format.WEEKLY, Format.BLENDED)


class Theme(models.TextChoices):
    MIND = "mind", "Mind"
    ENERGY = "energy", "Energy"
    CONNECTION = "connection", "Connection"
    ACROSS = "across", "across all themes"


class VariantRole(models.TextChoices):
    OFFICER = "officer", "officers"
    DISPATCHER = "dispatcher", "dispatchers"
    CLINICIAN = "clinician", "nurses and clinicians"
    SOCIAL_WORKER = "social_worker", "social workers"
    EDUCATOR = "educator", "educators"
    CUSTOMER_FACING = "customer_facing", "customer-facing staff"
    CAREGIVER = "caregiver", "caregivers"
    DISASTER_RESPONDER = "disaster_responder", "disaster responders"


class Program(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    format = models.CharField(max_length=20, choices=Format.choices)
    themes = models.JSONField(default=list, help_text="Theme codes: mind, energy, connection.")
    open_enrolment = models.BooleanField(
        default=False,
        help_text="Let people outside any organisation join this self-paced program directly.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(open_enrolment=False) | Q(format=Format.SELF_PACED),
                name="program_open_enrolment_only_self_paced",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ProgramVersionQuerySet(models.QuerySet["ProgramVersion"]):
    def latest_first(self) -> ProgramVersionQuerySet:
        return self.order_by("program_id", "-number")


class ProgramVersion(RowVersioned):
    """One immutable-once-used snapshot of a program's content. While it can still be edited
    (in the admin), `row_version` refuses a save from a page opened before the last one, as it
    does for its modules, items and variants (core.versioning)."""

    class Source(models.TextChoices):
        LOADED = "loaded", "loaded from content files"
        COPIED = "copied", "copied in the admin"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content_hash = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the loaded content; blank once edited."
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.LOADED)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    loaded_at = models.DateTimeField(default=timezone.now)
    assessment_plan = models.JSONField(default=dict, blank=True)
    weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    session_minutes = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = ProgramVersionQuerySet.as_manager()

    class Meta:
        ordering = ["program__title", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="program_version_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="program_version_number_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.program} v{self.number}"

    @property
    def is_locked(self) -> bool:
        """True once anyone is enrolled: from then on the content must never change."""
        return self.enrolments.exists()


class Audience(models.TextChoices):
    PARTICIPANTS = "participants", "participants"
    LEADERS = "leaders", "leads, champions and supervisors"


class Phase(models.TextChoices):
    BEFORE = "before", "before"
    DURING = "during", "during"
    AFTER = "after", "after"


class Module(RowVersioned):
    version = models.ForeignKey(ProgramVersion, on_delete=models.CASCADE, related_name="modules")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    theme = models.CharField(max_length=20, choices=Theme.choices)
    week = models.PositiveSmallIntegerField(null=True, blank=True)
    phase = models.CharField(max_length=10, choices=Phase.choices, blank=True)
    audience = models.CharField(
        max_length=20, choices=Audience.choices, default=Audience.PARTICIPANTS
    )
    wheel_areas = models.JSONField(default=list, blank=True)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "slug"], name="module_slug_unique"),
            models.UniqueConstraint(fields=["version", "order"], name="module_order_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class ItemKind(models.TextChoices):
    LESSON = "lesson", "lesson"
    EXERCISE = "exercise", "exercise"
    SESSION = "session", "session plan"


class Item(RowVersioned):
    """A micro-lesson, an exercise (by code from exercise_types) or a live session plan."""

    Kind = ItemKind

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="items")
    # Repeated from the module so slugs can be unique per version in the database.
    version = models.ForeignKey(ProgramVersion, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=10, choices=ItemKind.choices)
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    minutes = models.PositiveSmallIntegerField()
    body = models.TextField(blank=True, help_text="Lesson text (Markdown).")
    content_note = models.TextField(blank=True)
    checks = models.JSONField(default=list, blank=True, help_text="Knowledge-check questions.")
    exercise_code = models.CharField(max_length=40, blank=True)
    intro = models.TextField(blank=True, help_text="Exercise introduction (Markdown).")
    prompts = models.JSONField(default=dict, blank=True)
    settings = models.JSONField(default=dict, blank=True)
    steps = models.JSONField(default=list, blank=True, help_text="Session steps.")
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["module__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "slug"], name="item_slug_unique"),
            models.UniqueConstraint(fields=["module", "order"], name="item_order_unique"),
            models.CheckConstraint(
                condition=~Q(kind=ItemKind.EXERCISE) | ~Q(exercise_code=""),
                name="item_exercise_has_code",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Variant(RowVersioned):
    """A role's overrides of scenarios, examples and emphasis; never a copy of the program."""

    version = models.ForeignKey(ProgramVersion, on_delete=models.CASCADE, related_name="variants")
    role = models.CharField(max_length=20, choices=VariantRole.choices)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    emphasis = models.JSONField(default=list, blank=True, help_text="Module slugs shown first.")
    overrides = models.JSONField(default=dict, blank=True, help_text="Item slug → changes.")

    class Meta:
        ordering = ["version", "role"]
        constraints = [
            models.UniqueConstraint(fields=["version", "role"], name="variant_role_unique")
        ]

    def __str__(self) -> str:
        return self.title

    def override_for(self, item_slug: str) -> dict[str, Any]:
        found = self.overrides.get(item_slug, {})
        return found if isinstance(found, dict) else {}


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def for_user(self, user: Any) -> EnrolmentQuerySet:
        return self.filter(user=user)


class Enrolment(models.Model):
    """One person following one program version, optionally in a role variant."""

    class Source(models.TextChoices):
        COHORT = "cohort", "through a cohort"
        OPEN = "open", "open enrolment"
        DIRECT = "direct", "enrolled directly"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    version = models.ForeignKey(ProgramVersion, on_delete=models.PROTECT, related_name="enrolments")
    variant = models.ForeignKey(
        Variant, on_delete=models.PROTECT, null=True, blank=True, related_name="enrolments"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="enrolments",
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    started_at = models.DateTimeField(default=timezone.now)
    # Open enrolment has no organisation, so consent to taking part is kept here: the text
    # the person agreed to and when (ConsentRecord needs an organisation).
    consent_text = models.ForeignKey(
        "accounts.ConsentText", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consented_at = models.DateTimeField(null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="enrolment_unique"),
            models.CheckConstraint(
                condition=(Q(source="open") & Q(organisation__isnull=True))
                | (~Q(source="open") & Q(organisation__isnull=False)),
                name="enrolment_open_has_no_organisation",
            ),
            models.CheckConstraint(
                condition=~Q(source="open")
                | (Q(consent_text__isnull=False) & Q(consented_at__isnull=False)),
                name="enrolment_open_has_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.version}"


class ProgressStatus(models.TextChoices):
    STARTED = "started", "started"
    DONE = "done", "done"
    SKIPPED = "skipped", "skipped for now"


class ItemProgress(models.Model):
    Status = ProgressStatus

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=ProgressStatus.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "item"], name="item_progress_unique")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}/{self.item_id}: {self.status}"


class KnowledgeCheckAnswer(models.Model):
    """One answer to one knowledge-check question. Kept, never overwritten, so retention can be
    measured again at follow-up."""

    class Occasion(models.TextChoices):
        LESSON = "lesson", "after the lesson"
        FOLLOW_UP = "follow_up", "at follow-up"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="check_answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    question = models.PositiveSmallIntegerField()
    choice = models.PositiveSmallIntegerField()
    correct = models.BooleanField()
    occasion = models.CharField(max_length=10, choices=Occasion.choices, default=Occasion.LESSON)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["answered_at", "id"]
        indexes = [
            models.Index(fields=["enrolment", "item", "occasion"], name="check_answer_lookup")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}/{self.item_id} q{self.question}: {self.choice}"

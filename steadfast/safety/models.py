"""Crisis lines by country, each organisation's own lines, its safety setup and its alerts."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from steadfast.core.countries import country_choices
from steadfast.core.fields import EncryptedTextField
from steadfast.core.versioning import RowVersioned

VERIFY_NOTE = (
    "Administrators: check every line against the service's own website before each release, "
    "then update 'checked on' and say in the note how it was checked."
)

phone_digits = RegexValidator(r"^\+?[0-9]{2,15}$", "Digits only, optionally starting with +.")


class CrisisLine(models.Model):
    """A line people can call or text, shown on the crisis page for its own country only.
    Emergency numbers are not kept here but in data/emergency_numbers.csv (safety.emergency)."""

    country = models.CharField(
        max_length=2,
        choices=country_choices,
        help_text="The country whose people it serves. It is never shown for another.",
    )
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, help_text="One plain sentence: who it is for.")
    call = models.CharField(max_length=20, blank=True, help_text="Number to call, as shown.")
    text = models.CharField(max_length=20, blank=True, help_text="Number to text, as shown.")
    text_word = models.CharField(
        max_length=20, blank=True, help_text="A word to send, if the service asks for one."
    )
    position = models.PositiveSmallIntegerField(default=0)
    checked_on = models.DateField(help_text=VERIFY_NOTE)
    check_note = models.CharField(
        max_length=300, blank=True, help_text="How it was checked, or what is still to check."
    )

    class Meta:
        ordering = ["country", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"

    @property
    def call_digits(self) -> str:
        return "".join(c for c in self.call if c.isdigit() or c == "+")

    @property
    def text_digits(self) -> str:
        return "".join(c for c in self.text if c.isdigit() or c == "+")


class OrganisationLine(models.Model):
    """An organisation's own line, such as its employee-assistance program."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="safety_lines"
    )
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    call = models.CharField(max_length=20, blank=True)
    text = models.CharField(max_length=20, blank=True)
    url = models.URLField(blank=True)
    hours = models.CharField(max_length=120, blank=True, help_text="e.g. '24 hours, every day'.")

    class Meta:
        ordering = ["organisation", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def call_digits(self) -> str:
        return "".join(c for c in self.call if c.isdigit() or c == "+")


class SafetySetup(RowVersioned):
    """Who an organisation names to receive alerts, and how it tightens the default rules.
    `row_version` refuses a save from a page opened before the last one (core.versioning)."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="safety_setup"
    )
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    backup = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Plain words shown to participants at consent, e.g. "weekdays 8am to 6pm".
    hours = models.CharField(max_length=200, blank=True)
    # The organisation's recorded decision that it names nobody to respond to alerts, with
    # its reason, shown to participants at consent. Blank while a responder is named.
    no_responder_reason = models.CharField(max_length=300, blank=True)
    # Flat overrides of rules/default.json, validated by rules.policy_apply (tighten only).
    policy = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(backup__isnull=True)
                | Q(responder__isnull=True)
                | ~Q(backup=models.F("responder")),
                name="safety_backup_differs",
            )
        ]

    def __str__(self) -> str:
        return f"safety setup for organisation {self.organisation_id}"


class AlertState(models.TextChoices):
    OPEN = "open", "open"
    ACKNOWLEDGED = "acknowledged", "acknowledged"
    RESOLVED = "resolved", "resolved"


class AlertRule(models.TextChoices):
    SELF_HARM = "self_harm", "An answer about thoughts of self-harm"
    SEVERE = "severe", "A high score that needs a follow-up soon"
    PERSISTENT = "persistent", "Distress lasting two weeks or more, or getting worse"
    WORDS = "words", "Words of danger in something they wrote"


class AlertQuerySet(models.QuerySet["Alert"]):
    def unresolved(self) -> AlertQuerySet:
        return self.exclude(state=AlertState.RESOLVED)


class Alert(models.Model):
    """A person may be at risk: the minimum a responder needs (who, which rule, when) and
    nothing more. Never answers, scores beyond the rule, or anything the person wrote."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="safety_alerts"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(max_length=20, choices=AlertRule.choices)
    rules_version = models.CharField(max_length=20)
    instrument = models.CharField(max_length=40, blank=True)
    state = models.CharField(max_length=20, choices=AlertState.choices, default=AlertState.OPEN)
    raised_at = models.DateTimeField()
    deadline_at = models.DateTimeField(help_text="Acknowledge by then, or it goes to the backup.")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    notified_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    # When the escalation emails were claimed for sending (core.sendonce): at most once.
    escalation_sent_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolution_note = EncryptedTextField(blank=True)
    # The questionnaire answers it came from (the draft's token, which the stored response
    # keeps): an alert raised while answering is not raised again when the answers are sent.
    source_token = models.UUIDField(null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            # One alert per person and rule while it is not resolved: re-raising is a no-op.
            models.UniqueConstraint(
                fields=["organisation", "person", "rule"],
                condition=~Q(state="resolved"),
                name="safety_one_unresolved_alert",
            ),
            # One alert per rule for one set of answers, whatever happened to the first.
            models.UniqueConstraint(
                fields=["person", "rule", "source_token"],
                condition=Q(source_token__isnull=False),
                name="safety_one_alert_per_answers",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "state", "-raised_at"])]

    def __str__(self) -> str:
        return f"alert {self.pk} ({self.rule}, {self.state})"


class SafetyContact(models.Model):
    """Ways beyond their email that a person agreed a safety responder may use to reach them
    in this organisation: shown on their alerts, and to no one else. Encrypted."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    phone = EncryptedTextField(blank=True)
    # How or when they would rather be reached, in their words ("text first", "after 5pm").
    note = EncryptedTextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person"], name="safety_one_contact")
        ]

    def __str__(self) -> str:
        return f"Safety contact of person {self.person_id}"

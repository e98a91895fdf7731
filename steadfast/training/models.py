"""Training an organisation asks for, regional trainings it holds seats at, and the team
debriefs it runs after a critical incident.

The tables keep the names they had in organisations and cohorts (decision 0022): the models
moved here in Django's state alone, so no row was copied.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from steadfast.core.fields import EncryptedTextField
from steadfast.organisations.models import Organisation, Team, validate_time_zone

# -- training requests ------------------------------------------------------------------------


class TrainingFormat(models.TextChoices):
    IN_PERSON = "in_person", "in person"
    ONLINE = "online", "online"
    EITHER = "either", "either"


class TrainingStatus(models.TextChoices):
    NEW = "new", "new"
    ACCEPTED = "accepted", "accepted"
    SCHEDULED = "scheduled", "scheduled"
    DECLINED = "declined", "declined"


class TrainingRequest(models.Model):
    """An organisation asking for training, from a lead (organisation set) or the public form
    (organisation_name only). Contact details and needs are personal text: encrypted."""

    Status = TrainingStatus

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="training_requests",
    )
    organisation_name = models.CharField(max_length=200)
    staff_roles = models.CharField(max_length=300)
    headcount = models.PositiveIntegerField()
    preferred_format = models.CharField(max_length=10, choices=TrainingFormat.choices)
    preferred_dates = models.CharField(max_length=300)
    contact_name = EncryptedTextField()
    contact_email = EncryptedTextField()
    needs = EncryptedTextField(blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=TrainingStatus.choices, default="new")
    decline_reason = models.CharField(max_length=500, blank=True)
    # The status the requester was last emailed about: the mail task sends only when the
    # two differ, so a re-run worker never mails twice.
    notified_status = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "organisations_trainingrequest"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="training_declined_has_reason",
            ),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="training_headcount_1"),
        ]

    def __str__(self) -> str:
        return f"Training request {self.pk} from {self.organisation_name}"


# -- regional trainings and their seats -------------------------------------------------------


class RegionalTraining(models.Model):
    """One training event shared by several organisations, each with its own seats."""

    title = models.CharField(max_length=200)
    starts_on = models.DateField()
    place = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "organisations_regionaltraining"
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return self.title


class SeatAllocation(models.Model):
    training = models.ForeignKey(
        RegionalTraining, on_delete=models.CASCADE, related_name="allocations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="seat_allocations"
    )
    seats = models.PositiveSmallIntegerField()

    class Meta:
        db_table = "organisations_seatallocation"
        ordering = ["training", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "organisation"], name="seat_allocation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.seats} seats for {self.organisation} at {self.training}"


class SeatStatus(models.TextChoices):
    CONFIRMED = "confirmed", "has a seat"
    WAITING = "waiting", "waiting list"
    CANCELLED = "cancelled", "cancelled"


class Seat(models.Model):
    """A person named for a regional training: holding a seat or waiting for one."""

    Status = SeatStatus

    allocation = models.ForeignKey(
        SeatAllocation, on_delete=models.CASCADE, related_name="seats_taken"
    )
    name = EncryptedTextField()
    email = EncryptedTextField()
    email_index = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=SeatStatus.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when someone waiting is given a freed seat; the mail task sends once per value.
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "organisations_seat"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "email_index"],
                condition=~Q(status="cancelled"),
                name="seat_one_open_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"Seat {self.pk} ({self.status})"


# -- debriefs ---------------------------------------------------------------------------------


class Debrief(models.Model):
    """A team debrief after a critical incident. Attendance only: there is deliberately no
    field for notes about anyone."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="debriefs"
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=200)
    local_date = models.DateField()
    local_time = models.TimeField()
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])
    starts_at = models.DateTimeField()
    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Its table is cohorts_debrief_attended, named after the model's table.
    attended = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "cohorts_debrief"
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title

"""Cohorts: a program version run for a set of people, their groups, sessions and follow-up.

Session times are stored as the local date, the local time and the cohort's zone; the UTC
instant is derived from them (decision 0011), so a weekly 18:00 stays 18:00 across
daylight-saving changes.
"""

from __future__ import annotations

import secrets
import zoneinfo
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from steadfast.core.fields import EncryptedTextField
from steadfast.core.versioning import RowVersioned
from steadfast.organisations.models import validate_time_zone

CHALLENGES = [
    ("workload", "Workload and long hours"),
    ("sleep", "Sleep and tiredness"),
    ("shift_work", "Shift work"),
    ("exposure", "Seeing distressing things at work"),
    ("moral_distress", "Being unable to do what feels right"),
    ("conflict", "Conflict with colleagues or the public"),
    ("home_life", "Balancing work and home"),
    ("worry", "Worry and low mood"),
]
AVAILABILITY = [
    ("weekday_morning", "Weekday mornings"),
    ("weekday_afternoon", "Weekday afternoons"),
    ("weekday_evening", "Weekday evenings"),
    ("weekend", "Weekends"),
]
LABELS = dict(CHALLENGES + AVAILABILITY)


class CohortFormat(models.TextChoices):
    IN_PERSON = "in_person", "in person"
    ONLINE = "online", "online"


class CohortStatus(models.TextChoices):
    OPEN = "open", "open"
    CLOSED = "closed", "closed"


class CohortQuerySet(models.QuerySet["Cohort"]):
    def facilitated_by(self, user: Any) -> CohortQuerySet:
        return self.filter(facilitators=user)


class Cohort(RowVersioned):
    """A group running one program version. `row_version` refuses a change of its details
    from a page opened before the last save (core.versioning)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="cohorts"
    )
    version = models.ForeignKey(
        "programs.ProgramVersion", on_delete=models.PROTECT, related_name="cohorts"
    )
    title = models.CharField(max_length=200)
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="cohorts_led")
    starts_on = models.DateField()
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])
    format = models.CharField(max_length=12, choices=CohortFormat.choices)
    place = models.CharField(max_length=200, blank=True)
    video_link = models.URLField(blank=True)
    seats = models.PositiveSmallIntegerField(default=24)
    group_min = models.PositiveSmallIntegerField(default=6)
    group_max = models.PositiveSmallIntegerField(default=12)
    training_request = models.ForeignKey(
        "training.TrainingRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cohorts",
    )
    status = models.CharField(max_length=10, choices=CohortStatus.choices, default="open")
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(format="online") | ~Q(place=""), name="cohort_in_person_has_place"
            ),
            models.CheckConstraint(
                condition=Q(format="in_person") | ~Q(video_link=""),
                name="cohort_online_has_link",
            ),
            models.CheckConstraint(
                condition=Q(group_min__gte=1) & Q(group_max__gte=models.F("group_min")),
                name="cohort_group_sizes",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_closed(self) -> bool:
        return self.status == CohortStatus.CLOSED


class CohortGroup(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["cohort", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="cohort_group_number")
        ]

    def __str__(self) -> str:
        return f"Group {self.number}"


class MemberStatus(models.TextChoices):
    INVITED = "invited", "invited"
    ACTIVE = "active", "taking part"
    WITHDRAWN = "withdrawn", "withdrawn"


class CohortMember(models.Model):
    """A place in a cohort. Until an invited person joins, user is empty and the address is
    kept encrypted with a keyed hash (email_index) for matching and re-imports."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cohort_places",
    )
    name = EncryptedTextField()
    email = EncryptedTextField()
    email_index = models.CharField(max_length=64)
    staff_role = models.CharField(max_length=60, blank=True)
    team = models.ForeignKey(
        "organisations.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invitation = models.ForeignKey(
        "organisations.Invitation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    enrolment = models.ForeignKey(
        "programs.Enrolment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=MemberStatus.choices)
    group = models.ForeignKey(
        CohortGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    # Why the proposal put them there: built from challenge codes and counts, no free text.
    group_reasons = models.JSONField(default=list, blank=True)
    partner = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agreement_accepted_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "email_index"], name="cohort_member_email_unique"
            ),
            models.UniqueConstraint(
                fields=["cohort", "user"],
                condition=Q(user__isnull=False),
                name="cohort_member_user_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"Member {self.pk} of {self.cohort_id}"


class Intake(models.Model):
    """What a participant tells the facilitator before groups are formed. Free text is
    encrypted; challenges and availability are codes, so groups can be formed from them."""

    member = models.OneToOneField(CohortMember, on_delete=models.CASCADE, related_name="intake")
    challenges = models.JSONField(default=list)
    availability = models.JSONField(default=list)
    # Ids of fellow members this person should not share a group with (a hard rule).
    not_with = models.JSONField(default=list, blank=True)
    challenges_other = EncryptedTextField(blank=True)
    goals = EncryptedTextField(blank=True)
    not_with_note = EncryptedTextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Intake of member {self.member_id}"


class SessionKind(models.TextChoices):
    REGULAR = "regular", "session"
    FOLLOW_UP = "follow_up", "follow-up check-in"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "scheduled"
    CANCELLED = "cancelled", "cancelled"


class CohortSession(RowVersioned):
    """One meeting. local_date + local_time + time_zone are the truth; starts_at (UTC) is
    derived by `utc_start` and refreshed whenever they change. `row_version` refuses a move or
    cancellation from a page opened before the last one (core.versioning)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    group = models.ForeignKey(
        CohortGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=SessionKind.choices, default="regular")
    item = models.ForeignKey(
        "programs.Item", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    local_date = models.DateField()
    local_time = models.TimeField()
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])
    minutes = models.PositiveSmallIntegerField(default=75)
    starts_at = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default="scheduled")
    # Raised on every move or cancellation so calendar apps replace their copy.
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="cohort_session_number")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "present"
    LATE = "late", "late"
    ABSENT = "absent", "absent"
    EXCUSED = "excused", "excused"


class Attendance(models.Model):
    session = models.ForeignKey(CohortSession, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CohortMember, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.status} at {self.session_id}"


class ReminderKind(models.TextChoices):
    DAY_BEFORE = "24h", "24 hours before"
    HOUR_BEFORE = "1h", "1 hour before"


REMINDER_OFFSETS = {
    ReminderKind.DAY_BEFORE: timedelta(hours=24),
    ReminderKind.HOUR_BEFORE: timedelta(hours=1),
}


class ReminderSent(models.Model):
    """A sent-marker: one per person, session, kind and start time. A moved session has a
    new start time, so it gets fresh reminders; a restarted worker finds the marker."""

    session = models.ForeignKey(CohortSession, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(CohortMember, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=4, choices=ReminderKind.choices)
    starts_at = models.DateTimeField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member", "kind", "starts_at"], name="reminder_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder for {self.member_id} at {self.session_id}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's secret calendar address. Revoking sets revoked_at; a new row gives a new
    address, so an old one can never come back."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="one_live_feed"
            )
        ]

    def __str__(self) -> str:
        return f"Calendar feed {self.pk}"


class FacilitatorNote(RowVersioned):
    """Confidential: read only through selectors.notes_for and note_for, which check the
    reader facilitates the cohort and audit the read. Its author may change it;
    `row_version` refuses a change from a page opened before the last one."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="notes")
    session = models.ForeignKey(
        CohortSession, on_delete=models.CASCADE, null=True, blank=True, related_name="notes"
    )
    member = models.ForeignKey(
        CohortMember, on_delete=models.CASCADE, null=True, blank=True, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(session__isnull=False) | Q(member__isnull=False),
                name="note_about_session_or_member",
            )
        ]

    def __str__(self) -> str:
        return f"Note {self.pk}"


class FeedbackReceipt(models.Model):
    """That a member answered — kept apart from the answer so nobody can join the two."""

    session = models.ForeignKey(CohortSession, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(CohortMember, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="feedback_once")]

    def __str__(self) -> str:
        return f"Feedback receipt {self.pk}"


def new_shuffle_key() -> str:
    return secrets.token_hex(8)


class SessionFeedback(models.Model):
    """An anonymous answer: no member, no time. Shown only in aggregate from 5 answers."""

    session = models.ForeignKey(CohortSession, on_delete=models.CASCADE, related_name="feedback")
    useful = models.PositiveSmallIntegerField()
    keep = EncryptedTextField(blank=True)
    change = EncryptedTextField(blank=True)
    # A random key to order answers by, so insertion order gives nothing away.
    shuffle = models.CharField(max_length=16, default=new_shuffle_key)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(useful__gte=1) & Q(useful__lte=5), name="feedback_useful_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"Feedback {self.pk}"


class MaintenancePlan(models.Model):
    class GoalsMet(models.TextChoices):
        YES = "yes", "yes"
        PARTLY = "partly", "partly"
        NOT_YET = "not_yet", "not yet"

    member = models.OneToOneField(
        CohortMember, on_delete=models.CASCADE, related_name="maintenance_plan"
    )
    body = EncryptedTextField()
    goals_met = models.CharField(max_length=10, choices=GoalsMet.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Maintenance plan of member {self.member_id}"

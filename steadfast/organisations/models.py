"""Organisations are the tenants: every record belongs to one, and nobody sees another's."""

from __future__ import annotations

import secrets
import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from steadfast.core.countries import country_choices
from steadfast.core.fields import EncryptedTextField


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not a known time zone (use an IANA name).")


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    country = models.CharField(
        max_length=2,
        choices=country_choices,
        help_text="Where its people are: their crisis page shows this country's numbers.",
    )
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_name_unique_in_org")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PARTICIPANT = "participant", "participant"
    FACILITATOR = "facilitator", "facilitator"
    LEAD = "lead", "organisation lead"
    ADMINISTRATOR = "administrator", "administrator"
    # A member who promotes practice in the organisation; sees the same aggregates as a lead.
    CHAMPION = "champion", "champion"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True)


class Membership(models.Model):
    """A person's role in one organisation. One person may belong to several."""

    Role = Role
    STAFF_ROLES = (Role.FACILITATOR, Role.LEAD, Role.ADMINISTRATOR)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="memberships"
    )
    is_active = models.BooleanField(default=True)
    joined_at = models.DateTimeField(default=timezone.now)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.organisation}"


RESPONSIBILITY_LABELS = {"responder": "safety responder", "backup": "backup safety responder"}


def role_label(role: str, *, article: bool = False) -> str:
    """A role or safety responsibility as people read it ("organisation lead", or with
    `article`, "an organisation lead")."""
    if role in RESPONSIBILITY_LABELS:
        label = RESPONSIBILITY_LABELS[role]
    else:
        label = str(Role(role).label) if role in Role.values else role
    if article:
        return ("an " if label[:1] in "aeiou" else "a ") + label
    return label


class RoleChange(models.Model):
    """One change to what a person may do in an organisation: joining with a role, a new
    role, leaving, or being named (or no longer named) safety responder or backup. Shown to
    the organisation's administrators on the People page; the audit trail holds it too.
    Append-only, like the audit trail."""

    class Via(models.TextChoices):
        INVITATION = "invitation", "accepted an invitation"
        ROLE_CHANGE = "role_change", "role changed"
        REMOVAL = "removal", "removed"
        SAFETY_SETUP = "safety_setup", "safety setup"
        PLATFORM_STAFF = "platform_staff", "changed by platform staff"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="role_changes"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_changes"
    )
    # Empty when the person had no role before (joining) or has none after (leaving). The
    # safety responsibilities are "responder" and "backup responder".
    role_before = models.CharField(max_length=30, blank=True)
    role_after = models.CharField(max_length=30, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    via = models.CharField(max_length=20, choices=Via.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organisation", "-at"], name="role_change_org_at")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.role_before or '-'} to {self.role_after or '-'}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("Role changes are a record of history; they are not edited.")
        super().save(*args, **kwargs)

    @property
    def before_label(self) -> str:
        return role_label(self.role_before) if self.role_before else ""

    @property
    def after_label(self) -> str:
        return role_label(self.role_after) if self.role_after else ""


def default_invitation_expiry() -> datetime:
    return timezone.now() + timedelta(days=settings.STEADFAST_INVITATION_DAYS)


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """A single-use, expiring link that lets one email address join with one role.

    The address of someone who has not joined is personal data of a non-user: it is kept
    encrypted, with a keyed hash (email_index) for the duplicate check. The link is signed
    from (id, nonce), so no token is stored and the mail task can rebuild it; resending
    rotates the nonce, which kills the old link.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = EncryptedTextField()
    email_index = models.CharField(max_length=64, db_index=True)
    role = models.CharField(max_length=20, choices=Role.choices)
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    nonce = models.CharField(max_length=32, default=new_nonce)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=default_invitation_expiry)
    sent_nonce = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email_index"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation {self.pk} to {self.organisation}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired

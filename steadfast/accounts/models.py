"""People and their consent."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from steadfast.core.emails import normalise_email
from steadfast.organisations.models import validate_time_zone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Signs in with an email address; roles come from organisation memberships."""

    email = models.EmailField(max_length=254, unique=True)
    full_name = models.CharField(max_length=150)
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text="IANA zone; blank = the organisation's",
    )
    is_staff = models.BooleanField(default=False, help_text="May use the administration site.")
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_ci")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class ConsentPurpose(models.TextChoices):
    TAKING_PART = "taking_part", "Taking part in the program"
    SHARE_MEASURES = "share_measures", "Sharing my measures with my facilitators"
    RESEARCH = "research", "Research use of de-identified data"
    SAFETY_ALERTS = (
        "safety_alerts",
        "Telling a named responder if my answers suggest I may be at risk",
    )
    SAFETY_WORDS = (
        "safety_words",
        "Telling a named responder if what I write suggests I may be at risk",
    )


class ConsentText(models.Model):
    """One published version of what a person agrees to for one purpose. Never edited:
    a change is a new version."""

    purpose = models.CharField(max_length=32, choices=ConsentPurpose.choices)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown-free plain text shown to the person.")
    published_at = models.DateTimeField(default=timezone.now)
    # When true, consent given to an earlier version no longer counts once this one is out.
    requires_reconsent = models.BooleanField(default=False)

    class Meta:
        ordering = ["purpose", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "version"], name="consent_text_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} v{self.version}"


class ConsentRecord(models.Model):
    """A person giving or withdrawing one purpose, in one organisation (or none, for someone who
    joined an open program directly). Append-only history: the latest record decides."""

    class Decision(models.TextChoices):
        GIVEN = "given", "given"
        WITHDRAWN = "withdrawn", "withdrawn"

    class Channel(models.TextChoices):
        WEB = "web", "web"
        API = "api", "API"
        PAPER = "paper", "paper form entered by staff"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consent_records")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="consent_records",
        null=True,
        blank=True,
    )
    purpose = models.CharField(max_length=32, choices=ConsentPurpose.choices)
    text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="records")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["user", "organisation", "purpose", "-at"], name="consent_latest")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.purpose} {self.decision} at {self.at:%Y-%m-%d}"

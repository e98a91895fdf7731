"""The audit trail: an append-only record of who did what to which record, and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One action on one record. Never holds the sensitive content itself.

    Append-only: the model refuses updates and deletes, and a database trigger (migration
    0002) refuses them too, so not even raw SQL through the app can alter history.
    Actor and organisation are kept as ids without foreign-key constraints so deleting a
    person or organisation never rewrites the trail.
    """

    class Action(models.TextChoices):
        READ = "read", "read"
        CREATE = "create", "create"
        UPDATE = "update", "update"
        DELETE = "delete", "delete"
        EXPORT = "export", "export"
        SIGN_IN = "sign_in", "sign in"
        SIGN_IN_FAILED = "sign_in_failed", "sign-in failed"
        SIGN_OUT = "sign_out", "sign out"
        DENIED = "denied", "access denied"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # Short, non-sensitive context such as "role=facilitator" or a field name; never content.
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-at"], name="audit_org_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are append-only.")


class SentForm(models.Model):
    """A form that was sent, and what answering it the first time was: its idempotency key.

    Every page form carries a random key (core.idempotency). The first request with a key,
    for its owner and content, writes this row in the same transaction as its own writes and
    stores its redirect; any repeat finds the row and gets the same redirect without running
    the view again. A request that failed leaves no row, so the form can be sent again.

    Holds no personal data: who sent it is an id or "anonymous", the content is only a keyed
    hash, and the outcome is a status code and the address it redirected to. Rows are purged
    after `SENT_FORM_KEEP` (core.idempotency).
    """

    owner = models.CharField(max_length=40)
    key = models.UUIDField()
    # HMAC of the address and the submitted fields: the same key sent again with other content
    # (a page restored from the browser's history and changed) is a new intent.
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True)
    location = models.TextField(blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "key", "fingerprint"], name="sent_form_once")
        ]

    def __str__(self) -> str:
        return f"sent form {self.key}"

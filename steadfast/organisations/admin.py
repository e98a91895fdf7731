from __future__ import annotations

from django.contrib import admin
from django.db import transaction

from steadfast.organisations.models import (
    Invitation,
    Membership,
    Organisation,
    RoleChange,
    Team,
)
from steadfast.organisations.services import role_change_record


class TeamInline(admin.TabularInline[Team, Organisation]):
    model = Team
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "slug", "country", "time_zone"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TeamInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "organisation", "role", "team", "is_active"]
    list_filter = ["role", "organisation", "is_active"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user", "organisation", "team"]
    raw_id_fields = ["user"]

    # Only platform staff reach the admin. Their role changes go into the organisation's
    # history like any other, so its administrators see them.
    @transaction.atomic
    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        before = ""
        if change:
            old = Membership.objects.select_for_update().get(pk=obj.pk)
            before = old.role if old.is_active else ""
        super().save_model(request, obj, form, change)
        after = obj.role if obj.is_active else ""
        if before != after:
            role_change_record(
                organisation=obj.organisation,
                person=obj.user,
                role_before=before,
                role_after=after,
                changed_by=request.user,
                via=RoleChange.Via.PLATFORM_STAFF,
            )

    @transaction.atomic
    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        if obj.is_active:
            role_change_record(
                organisation=obj.organisation,
                person=obj.user,
                role_before=obj.role,
                role_after="",
                changed_by=request.user,
                via=RoleChange.Via.PLATFORM_STAFF,
            )
        super().delete_model(request, obj)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    """Invitations are made and revoked from the organisation's People page; read-only here."""

    list_display = [
        "id",
        "organisation",
        "role",
        "created_at",
        "expires_at",
        "sent_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["organisation", "role"]
    exclude = ["email", "email_index", "nonce", "sent_nonce"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from steadfast.accounts.models import ConsentRecord, ConsentText, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "time_zone")}),
        (
            "Access",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin[ConsentText]):
    """Publish consent texts. A published text is never edited: add a new version."""

    list_display = ["purpose", "version", "title", "published_at", "requires_reconsent"]
    list_filter = ["purpose"]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        if obj is not None:
            return ["purpose", "version", "title", "body", "published_at", "requires_reconsent"]
        return []


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin[ConsentRecord]):
    list_display = ["user", "organisation", "purpose", "decision", "channel", "at"]
    list_filter = ["purpose", "decision", "organisation"]
    list_select_related = ["user", "organisation"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

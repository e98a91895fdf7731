from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from steadfast.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Browse and filter the audit trail. Nothing here can add, change or delete an event."""

    list_display = [
        "at",
        "action",
        "object_type",
        "object_id",
        "actor",
        "organisation",
        "ip_address",
    ]
    list_filter = ["action", "object_type", "organisation", ("at", admin.DateFieldListFilter)]
    search_fields = ["object_id", "actor__email", "object_type"]
    date_hierarchy = "at"
    list_select_related = ["actor", "organisation"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

"""Administrators edit crisis lines here (emergency numbers are a table in the code, not in the
admin). Alerts are not in the admin: they are read only through the audited responder pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from steadfast.safety.models import CrisisLine, OrganisationLine, SafetySetup
from steadfast.safety.rules import PolicyError, default_rules, policy_apply


@admin.register(CrisisLine)
class CrisisLineAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "country", "call", "text", "checked_on"]
    list_filter = ["country"]
    search_fields = ["name", "country"]
    fields = [
        "country",
        "name",
        "description",
        "call",
        "text",
        "text_word",
        "position",
        "checked_on",
        "check_note",
    ]


@admin.register(OrganisationLine)
class OrganisationLineAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "organisation", "call", "hours"]
    list_filter = ["organisation"]


class SafetySetupForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = SafetySetup
        fields = ["organisation", "responder", "backup", "hours", "policy"]

    def clean_policy(self) -> Any:
        policy = self.cleaned_data.get("policy") or {}
        if not isinstance(policy, dict):
            raise forms.ValidationError("The policy must be a JSON object of rule settings.")
        try:
            policy_apply(default_rules(), policy)
        except PolicyError as exc:
            raise forms.ValidationError(exc.messages) from None
        return policy


@admin.register(SafetySetup)
class SafetySetupAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = SafetySetupForm
    list_display = ["organisation", "responder", "backup", "updated_at"]
    raw_id_fields = ["responder", "backup"]

"""Administrators edit crisis resources here. Alerts are not in the admin: they are read only
through the audited responder pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from steadfast.safety.models import VERIFY_NOTE, Country, CrisisLine, OrganisationLine, SafetySetup
from steadfast.safety.rules import PolicyError, default_rules, policy_apply


class CrisisLineInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CrisisLine
    extra = 1
    fields = ["name", "description", "call", "text", "text_word", "position", "last_verified"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "code", "emergency_numbers", "last_verified"]
    search_fields = ["name", "code"]
    inlines = [CrisisLineInline]
    readonly_fields = ["admin_note"]

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.base_fields["last_verified"].help_text = VERIFY_NOTE
        return form


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

"""Input shapes for the safety setup page."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from steadfast.core.versioning import RowVersionField
from steadfast.organisations.models import Membership
from steadfast.safety.models import OrganisationLine
from steadfast.safety.rules import TIGHTENABLE, default_rules

# Form field → policy key. Blank means "use the default".
POLICY_FIELDS: dict[str, str] = {
    "severe_phq9": "severe.phq9",
    "severe_gad7": "severe.gad7",
    "severe_pcl5": "severe.pcl5",
    "screening_phq9": "screening.phq9",
    "screening_gad7": "screening.gad7",
    "stress_min": "stress_min",
    "persistent_days": "persistent_days",
    "self_harm_deadline_hours": "self_harm_deadline_hours",
    "severe_deadline_hours": "severe_deadline_hours",
    "words_deadline_hours": "words_deadline_hours",
}


def _default(key: str) -> float:
    rules = default_rules()
    if key.startswith("severe."):
        return rules.severe_totals_min[key.split(".", 1)[1]]
    if key.startswith("screening."):
        return rules.screening_min[key.split(".", 1)[1]]
    return float(getattr(rules, key))


class SetupForm(forms.Form):
    responder = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    backup = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    hours = forms.CharField(
        required=False,
        max_length=200,
        help_text="When someone reads alerts, in plain words (for example: weekdays 8am to 6pm).",
    )
    no_responder_reason = forms.CharField(
        required=False,
        max_length=300,
        label="If you cannot name anyone: why",
        help_text=(
            "Only when nobody can receive alerts. Participants read this reason when they "
            "decide about alerts, and nobody is told about risk. Leave blank when you name a "
            "responder."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    persistent_alert = forms.BooleanField(
        required=False, label="Also alert when distress lasts two weeks or more, or gets worse"
    )
    # The setup's version when the page was loaded; 0 when there was none (core.versioning).
    row_version = RowVersionField()

    def __init__(self, *args: Any, candidates: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Nobody yet")] + [
            (str(m.user_id), f"{m.user.full_name or m.user.email} ({m.get_role_display()})")
            for m in candidates
        ]
        self.fields["responder"].choices = choices  # type: ignore[attr-defined]
        self.fields["backup"].choices = choices  # type: ignore[attr-defined]
        for name, key in POLICY_FIELDS.items():
            spec = TIGHTENABLE[key]
            default = _default(key)
            field: forms.Field
            if spec.kind == "whole":
                field = forms.IntegerField(required=False)
            else:
                field = forms.FloatField(required=False)
            field.label = spec.label.capitalize()
            field.help_text = f"Default {default:g}. Leave blank to use it; you may only go lower."
            self.fields[name] = field

    def policy(self) -> dict[str, Any]:
        policy: dict[str, Any] = {}
        for name, key in POLICY_FIELDS.items():
            value = self.cleaned_data.get(name)
            if value is not None:
                policy[key] = value
        if self.cleaned_data.get("persistent_alert"):
            policy["persistent_alert"] = True
        return policy

    @classmethod
    def initial_from(cls, policy: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: policy[key] for name, key in POLICY_FIELDS.items() if key in policy
        }
        initial["persistent_alert"] = bool(policy.get("persistent_alert"))
        return initial


class OrganisationLineForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = OrganisationLine
        fields = ["name", "description", "call", "text", "url", "hours"]


class ResolveForm(forms.Form):
    """The note that closes an alert (the service asks for it and trims it)."""

    note = forms.CharField(required=False, widget=forms.Textarea)


class ContactForm(forms.Form):
    """How a responder may reach the person, beyond their email (both optional)."""

    phone = forms.CharField(
        required=False,
        max_length=30,
        label="Phone number",
        help_text="A number a responder may call or text, with the country code if you travel.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    note = forms.CharField(
        required=False,
        max_length=200,
        label="Anything a responder should know about reaching you",
        help_text='For example "text me first" or "after 5pm on weekdays".',
    )

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        digits = re.sub(r"\D", "", phone)
        if phone and (not re.fullmatch(r"\+?[0-9 ()./-]+", phone) or not 5 <= len(digits) <= 17):
            raise forms.ValidationError(
                "Please enter a phone number in digits, for example +1 312 555 0142."
            )
        return phone

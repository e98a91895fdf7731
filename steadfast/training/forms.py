"""Input shapes for training pages: a request, its triage, a seat, a debrief."""

from __future__ import annotations

from typing import Any

from django import forms

from steadfast.accounts.models import User
from steadfast.organisations.models import Organisation, Role, Team
from steadfast.training.models import TrainingFormat, TrainingStatus


class TrainingRequestForm(forms.Form):
    """A request for training. The public version also asks for the organisation's name."""

    organisation_name = forms.CharField(max_length=200, label="Organisation")
    staff_roles = forms.CharField(
        max_length=300, label="Roles of the staff", help_text="For example: dispatchers, nurses"
    )
    headcount = forms.IntegerField(min_value=1, max_value=10000, label="How many people")
    preferred_format = forms.ChoiceField(
        choices=TrainingFormat.choices, widget=forms.RadioSelect, label="Preferred format"
    )
    preferred_dates = forms.CharField(max_length=300, label="Preferred dates or months")
    contact_name = forms.CharField(max_length=150, label="Contact name")
    contact_email = forms.EmailField(label="Contact email")
    needs = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        required=False,
        label="What your staff need, and anything we should know (optional)",
    )
    # A field people never see: bots fill it in.
    website = forms.CharField(required=False, label="Leave this empty")

    def __init__(self, *args: Any, organisation: Organisation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisation is not None:
            del self.fields["organisation_name"]
            del self.fields["website"]


class TrainingTriageForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(s, label) for s, label in TrainingStatus.choices if s != "new"]
    )
    reason = forms.CharField(max_length=500, required=False, label="Reason (when declining)")


class SeatForm(forms.Form):
    name = forms.CharField(max_length=150)
    email = forms.EmailField()


class DebriefForm(forms.Form):
    title = forms.CharField(max_length=200, initial="Team debrief")
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(), required=False, empty_label="Everyone"
    )
    local_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Date")
    local_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), label="Start time")
    runner = forms.ModelChoiceField(queryset=User.objects.none(), label="Who runs it")

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = organisation.teams.all()  # type: ignore[attr-defined]
        runners = User.objects.filter(
            memberships__organisation=organisation, memberships__is_active=True
        ).exclude(memberships__role=Role.PARTICIPANT)
        self.fields["runner"].queryset = runners.order_by("full_name")  # type: ignore[attr-defined]

"""Input shapes for cohort pages."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms

from steadfast.accounts.models import User
from steadfast.cohorts.models import (
    AVAILABILITY,
    CHALLENGES,
    AttendanceStatus,
    CohortFormat,
    CohortGroup,
    CohortMember,
    MaintenancePlan,
)
from steadfast.core.versioning import RowVersionField
from steadfast.organisations.models import Organisation, Role, Team
from steadfast.programs.models import ProgramVersion

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"})


class CohortPlaceForm(forms.Form):
    """A cohort's name, where it meets and its seats: set when it starts, changed later."""

    title = forms.CharField(max_length=200)
    format = forms.ChoiceField(choices=CohortFormat.choices, widget=forms.RadioSelect)
    place = forms.CharField(max_length=200, required=False, help_text="For sessions in person")
    video_link = forms.URLField(
        required=False, help_text="For online sessions", assume_scheme="https"
    )
    seats = forms.IntegerField(min_value=1, max_value=500, initial=24)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("format") == CohortFormat.IN_PERSON and not data.get("place"):
            self.add_error("place", "Say where the group meets.")
        if data.get("format") == CohortFormat.ONLINE and not data.get("video_link"):
            self.add_error("video_link", "Add the video link for online sessions.")
        return data


class CohortDetailsForm(CohortPlaceForm):
    """Changing a running cohort's details, with the version the page was loaded with."""

    row_version = RowVersionField()


class CohortForm(CohortPlaceForm):
    field_order = [
        "title",
        "version",
        "facilitators",
        "starts_on",
        "time_zone",
        "format",
        "place",
        "video_link",
        "seats",
    ]
    version = forms.ModelChoiceField(queryset=ProgramVersion.objects.none(), label="Program")
    facilitators = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    starts_on = forms.DateField(widget=DATE, label="First day")
    time_zone = forms.CharField(max_length=64, help_text="For example Europe/London")

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = ProgramVersion.objects.select_related(  # type: ignore[attr-defined]
            "program"
        ).order_by("program__title", "-number")
        self.fields["facilitators"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__organisation=organisation,
            memberships__is_active=True,
            memberships__role__in=[Role.FACILITATOR, Role.ADMINISTRATOR],
        ).order_by("full_name")
        self.fields["time_zone"].initial = organisation.time_zone

    def clean_time_zone(self) -> str:
        value: str = self.cleaned_data["time_zone"].strip()
        if value not in zoneinfo.available_timezones():
            raise forms.ValidationError("Use a time zone name such as America/New_York.")
        return value


class EnrolForm(forms.Form):
    name = forms.CharField(max_length=150)
    email = forms.EmailField()
    role = forms.CharField(max_length=60, required=False, label="Role at work")
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = organisation.teams.all()  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    file = forms.FileField(label="Staff list (CSV: name, email, role, team)")


class IntakeForm(forms.Form):
    challenges = forms.MultipleChoiceField(
        choices=CHALLENGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="What is hardest for you at the moment?",
    )
    challenges_other = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        label="Anything else you want your facilitator to know (optional)",
    )
    goals = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        label="What would you like to be different by the end?",
    )
    availability = forms.MultipleChoiceField(
        choices=AVAILABILITY,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="When can you usually meet? (leave empty if any time works)",
    )
    not_with = forms.MultipleChoiceField(
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="People you would rather not be in a group with, such as your direct supervisor",
    )
    not_with_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
        label="Anything about that your facilitator should know (optional)",
    )

    def __init__(self, *args: Any, others: list[CohortMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["not_with"].choices = [(str(m.pk), m.name) for m in others]  # type: ignore[attr-defined]


class ScheduleForm(forms.Form):
    first_date = forms.DateField(widget=DATE, label="Date of the first session")
    local_time = forms.TimeField(widget=TIME, label="Start time (the cohort's local time)")
    every_days = forms.IntegerField(
        min_value=1, max_value=60, initial=7, label="Days between sessions"
    )
    count = forms.IntegerField(
        min_value=1,
        max_value=52,
        required=False,
        help_text="Leave empty for one session per session plan in the program",
    )
    group = forms.ModelChoiceField(
        queryset=CohortGroup.objects.none(), required=False, empty_label="Whole cohort"
    )

    def __init__(self, *args: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]


class MoveForm(forms.Form):
    local_date = forms.DateField(widget=DATE, label="New date")
    local_time = forms.TimeField(widget=TIME, label="New start time")
    # The session's version when the page was loaded (core.versioning).
    row_version = RowVersionField()


class CancelForm(forms.Form):
    row_version = RowVersionField()


class AttendanceForm(forms.Form):
    """One radio group per person: a few taps."""

    def __init__(
        self, *args: Any, members: list[CohortMember], current: dict[int, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for member in members:
            self.fields[f"m{member.pk}"] = forms.ChoiceField(
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect,
                required=False,
                label=member.name,
                initial=current.get(member.pk),
            )

    def statuses(self) -> dict[int, str]:
        return {int(k[1:]): v for k, v in self.cleaned_data.items() if v}


class NoteForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, label="Note")


class NoteEditForm(NoteForm):
    row_version = RowVersionField()


class FeedbackForm(forms.Form):
    useful = forms.TypedChoiceField(
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        label="How useful was this session? (1 = not at all, 5 = very)",
    )
    keep = forms.CharField(max_length=500, required=False, label="One thing to keep")
    change = forms.CharField(max_length=500, required=False, label="One thing to change")


class MaintenancePlanForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        label="My plan to keep going: what I will keep doing, my warning signs, who I will turn to",
    )
    goals_met = forms.ChoiceField(
        choices=MaintenancePlan.GoalsMet.choices,
        widget=forms.RadioSelect,
        label="Did you reach the goals you set at the start?",
    )

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation

from steadfast.organisations.models import Organisation, Role, Team
from steadfast.organisations.permissions import grantable_roles


class InvitationForm(forms.Form):
    """Invite one address. The role list holds only the roles the inviter may give."""

    email = forms.EmailField(max_length=254)
    role = forms.ChoiceField(choices=Role.choices, initial=Role.PARTICIPANT)
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False)

    def __init__(
        self, *args: Any, organisation: Organisation, granter_role: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = organisation.teams.all()  # type: ignore[attr-defined]
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            (role.value, role.label.capitalize()) for role in grantable_roles(granter_role)
        ]
        if granter_role != Role.ADMINISTRATOR:
            self.fields[
                "role"
            ].help_text = "Only an administrator can invite facilitators and administrators."


class RoleChangeForm(forms.Form):
    """A member's new role, from the roles the person changing it may give."""

    role = forms.ChoiceField(choices=Role.choices, label="Role")

    def __init__(self, *args: Any, granter_role: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            (role.value, role.label.capitalize()) for role in grantable_roles(granter_role)
        ]


class AcceptNewAccountForm(forms.Form):
    full_name = forms.CharField(max_length=150, label="Your name")
    password1 = forms.CharField(
        label="Choose a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. A few unrelated words make a strong one.",
    )
    password2 = forms.CharField(
        label="The same password again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_full_name(self) -> str:
        name: str = self.cleaned_data["full_name"].strip()
        if "\x00" in name or not name:
            raise forms.ValidationError("Please enter your name.")
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords differ.")
        elif first:
            candidate = get_user_model()(email=self.email, full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data

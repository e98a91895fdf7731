from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation

from steadfast.accounts.models import User

CONSENT_LABEL = "I have read the text above and agree to take part."
CONSENT_REQUIRED = "Please agree to take part, or leave this page."


class JoinForm(forms.Form):
    """A new account for open enrolment: address, name, password (Django's validators) and
    consent to taking part."""

    email = forms.EmailField(max_length=254, label="Your email address")
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
    consent = forms.BooleanField(label=CONSENT_LABEL, error_messages={"required": CONSENT_REQUIRED})

    def clean_full_name(self) -> str:
        name: str = self.cleaned_data["full_name"].strip()
        if not name:
            raise forms.ValidationError("Please enter your name.")
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords differ.")
        elif first:
            candidate = User(email=data.get("email", ""), full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ConsentOnlyForm(forms.Form):
    """Joining with the account one is already signed in to."""

    consent = forms.BooleanField(label=CONSENT_LABEL, error_messages={"required": CONSENT_REQUIRED})


class KnowledgeCheckForm(forms.Form):
    """One radio group per question of an item's knowledge check."""

    def __init__(self, *args: Any, questions: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index, question in enumerate(questions):
            self.fields[f"q{index}"] = forms.TypedChoiceField(
                label=question["question"],
                choices=[(str(i), text) for i, text in enumerate(question["choices"])],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Please choose an answer."},
            )

    def choices(self) -> dict[int, int]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}

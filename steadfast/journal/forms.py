"""The shape of what a person writes in their journal."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from steadfast.core.versioning import RowVersionField
from steadfast.journal.models import Mood

TITLE_MAX = 200
BODY_MAX = 100_000
SEARCH_MAX = 200


class EntryForm(forms.Form):
    title = forms.CharField(
        required=False,
        max_length=TITLE_MAX,
        strip=False,
        label="Title (optional)",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = forms.CharField(
        max_length=BODY_MAX,
        strip=False,
        label="What's on your mind?",
        widget=forms.Textarea(attrs={"rows": 12, "autocomplete": "off", "spellcheck": "true"}),
        error_messages={"required": "Write a few words before you save."},
    )
    mood = forms.ChoiceField(
        required=False,
        label="How are you feeling? (optional)",
        choices=[("", "No mood tag"), *Mood.choices],
    )
    # On the edit page: the entry's version when the page was loaded (core.versioning).
    row_version = RowVersionField()


class DraftForm(EntryForm):
    """What an autosave sends: the same fields, all optional, so half a thought is kept."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].required = False


class SearchForm(forms.Form):
    q = forms.CharField(max_length=SEARCH_MAX, label="Search your journal", strip=True)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class ShareForm(forms.Form):
    organisation = forms.TypedChoiceField(coerce=int, label="Share with the facilitators of")
    confirm = forms.BooleanField(
        label="I understand the people listed above will be able to read this entry.",
        error_messages={"required": "Please tick the box to confirm."},
    )

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["organisation"])
        field.choices = [(o.pk, o.name) for o in organisations]
        if len(organisations) == 1:
            field.initial = organisations[0].pk
            field.widget = forms.HiddenInput()

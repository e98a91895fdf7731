from __future__ import annotations

from django import forms

from steadfast.accounts.models import ConsentPurpose


class ConsentDecisionForm(forms.Form):
    purpose = forms.ChoiceField(choices=ConsentPurpose.choices)
    decision = forms.ChoiceField(choices=[("give", "give"), ("withdraw", "withdraw")])
    version = forms.IntegerField(min_value=1, required=False)

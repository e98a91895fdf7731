"""Accepted and dismissed thinking-trap suggestions, kept only with research consent."""

import pytest

from steadfast.practice import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("consented", [True, False])
def test_suggestion_choices_are_kept_only_with_research_consent_and_unlinked(
    participant, org, consented
):
    import json as _json
    from io import StringIO

    from django.core.management import call_command

    from steadfast.accounts.models import ConsentPurpose
    from steadfast.accounts.services import consent_decide
    from steadfast.practice.forms import CleanEntry
    from steadfast.practice.models import SuggestionChoice

    if consented:
        consent_decide(
            user=participant, organisation=org, purpose=ConsentPurpose.RESEARCH, given=True
        )
    clean = CleanEntry()
    clean.data = {
        "situation": "late report",
        "suggestions": [
            {"trap": "labeling", "decision": "accepted"},
            {"trap": "mind_reading", "decision": "dismissed"},
            {"trap": "blaming", "decision": "undecided"},
        ],
    }
    services.entry_save(user=participant, exercise="thought_record", clean=clean)
    rows = sorted(SuggestionChoice.objects.values_list("trap", "decision"))
    if not consented:
        assert rows == []
        return
    assert rows == [("labeling", "accepted"), ("mind_reading", "dismissed")]
    assert not any(f.is_relation for f in SuggestionChoice._meta.get_fields())
    out = StringIO()
    call_command("traps", "usefulness", stdout=out)
    report = _json.loads(out.getvalue())
    assert report["n"] == 2
    (per_trap,) = report["models"].values()
    assert per_trap["labeling"]["acceptance_rate"] == 1.0

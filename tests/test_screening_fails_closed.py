"""Safety fails closed: when screening cannot run, what a person wrote is not saved
unscreened. The write fails with a plain message, and the words are kept for them (in the
form and in its draft) to send again.

Screening is made to fail the way a real fault would reach it: the phrase check raises.
"""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from steadfast.journal import services as journal_services
from steadfast.journal.models import Draft as JournalDraft
from steadfast.journal.models import Entry as JournalEntry
from steadfast.practice import services as practice_services
from steadfast.practice.models import Draft as PracticeDraft
from steadfast.practice.models import Entry as PracticeEntry
from steadfast.practice.models import Goal, GoalUpdate
from steadfast.safety.models import Alert
from steadfast.safety.services import ScreeningUnavailable

MESSAGE = "We could not check this for signs that you need support just now"


def break_screening(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str) -> bool:
        raise ConnectionError("the phrase list could not be read")

    monkeypatch.setattr("steadfast.safety.language.has_danger", broken)


@pytest.fixture
def screening_down(monkeypatch):
    break_screening(monkeypatch)


def test_an_exercise_is_not_saved_unscreened_and_the_words_stay(
    client, participant, screening_down
):
    client.force_login(participant)
    response = client.post(
        reverse("practice:new", kwargs={"code": "abc"}),
        {"token": str(uuid.uuid4()), "adversity": "The crash on the bypass"},
    )
    assert response.status_code == 503
    page = response.content.decode()
    assert MESSAGE in page and "The crash on the bypass" in page
    assert not PracticeEntry.objects.exists()
    (draft,) = PracticeDraft.objects.filter(user=participant)
    assert draft.data["adversity"] == "The crash on the bypass"


def test_a_goal_and_its_progress_note_are_not_saved_unscreened(client, participant, monkeypatch):
    goal = practice_services.goal_save(user=participant, what="Walk after shifts").record
    break_screening(monkeypatch)
    client.force_login(participant)
    response = client.post(
        reverse("practice:goal_new"), {"token": str(uuid.uuid4()), "what": "Sleep by midnight"}
    )
    assert MESSAGE in response.content.decode()
    assert "Sleep by midnight" in response.content.decode()
    assert list(Goal.objects.values_list("pk", flat=True)) == [goal.pk]

    response = client.post(
        reverse("practice:goal_progress", kwargs={"pk": goal.pk}),
        {"percent": "40", "note": "Two walks this week"},
        follow=True,
    )
    assert MESSAGE in response.content.decode()
    assert not GoalUpdate.objects.exists()
    assert Goal.objects.get().percent == 0


def test_a_journal_entry_is_not_saved_unscreened_and_is_kept_as_a_draft(
    client, participant, screening_down
):
    client.force_login(participant)
    token = uuid.uuid4()
    response = client.post(
        reverse("journal:write", kwargs={"token": token}),
        {"title": "Night shift", "body": "The call at 3 stays with me", "mood": ""},
    )
    assert response.status_code == 503
    assert MESSAGE in response.content.decode()
    assert not JournalEntry.objects.exists()
    (draft,) = JournalDraft.objects.filter(user=participant)
    assert (draft.token, draft.body) == (token, "The call at 3 stays with me")


def test_a_journal_change_is_not_saved_unscreened(client, participant, monkeypatch):
    saved = journal_services.entry_create(
        user=participant, token=uuid.uuid4(), title="Monday", body="A quiet shift."
    )
    break_screening(monkeypatch)
    with pytest.raises(ScreeningUnavailable):
        journal_services.entry_update(
            entry=saved.entry, title="Monday", body="A loud shift.", row_version=None
        )
    assert JournalEntry.objects.get().body == "A quiet shift."


def test_screening_that_raises_its_alert_inside_the_write_rolls_back_with_it(
    participant, org, monkeypatch
):
    """Danger found but the alert cannot be stored: neither the words nor half an alert stay."""

    def alert_fails(**kwargs):
        raise ConnectionError("the database went away")

    monkeypatch.setattr("steadfast.safety.services.alert_raise", alert_fails)
    monkeypatch.setattr("steadfast.safety.services.has_consented", lambda **kwargs: True)
    with pytest.raises(ScreeningUnavailable):
        journal_services.entry_create(
            user=participant, token=uuid.uuid4(), title="", body="I want to kill myself"
        )
    assert not JournalEntry.objects.exists()
    assert not Alert.objects.exists()

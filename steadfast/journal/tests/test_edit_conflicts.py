"""Two tabs editing one entry: the later save is refused with both versions shown, nothing
is written, and saving again from the conflict page works (core.versioning)."""

import re
import uuid

import pytest
from django.urls import reverse

from steadfast.journal import services
from steadfast.journal.models import Draft, Entry
from tests.conflicts import assert_conflict, loaded_version

pytestmark = pytest.mark.django_db


def save(client, entry, version, body, title="Harbour"):
    return client.post(
        reverse("journal:edit", args=[entry.pk]),
        {"token": str(uuid.uuid4()), "title": title, "body": body, "row_version": version},
    )


def test_a_save_from_an_older_tab_is_refused_with_both_texts(client, participant, write):
    entry = write(participant, "The first words.", title="Harbour")
    client.force_login(participant)
    url = reverse("journal:edit", args=[entry.pk])
    first_tab, second_tab = loaded_version(client.get(url)), loaded_version(client.get(url))

    assert save(client, entry, first_tab, "Written in the first tab.").status_code == 302
    response = save(client, entry, second_tab, "Written in the second tab.")

    page = assert_conflict(
        response, saved=["Written in the first tab."], typed=["Written in the second tab."]
    )
    assert re.search(r"<textarea[^>]*>\s*Written in the second tab.</textarea>", page)
    assert "was saved in another tab, window or device" in page
    entry.refresh_from_db()
    assert entry.body == "Written in the first tab." and entry.row_version == 2

    merged = "Written in the first tab. Written in the second tab."
    again = save(client, entry, loaded_version(response), merged)
    assert again.status_code == 302
    entry.refresh_from_db()
    assert entry.body == merged and entry.row_version == 3


def test_a_conflict_page_loses_no_draft_and_writes_nothing(client, participant, write):
    entry = write(participant, "Saved words.")
    client.force_login(participant)
    stale = loaded_version(client.get(reverse("journal:edit", args=[entry.pk])))
    services.entry_update(entry=entry, title="", body="Newer words.", row_version=stale)
    before = Entry.objects.values_list("body", "row_version", "updated_at").get()

    assert save(client, entry, stale, "Typed on the old page.").status_code == 409
    assert Entry.objects.values_list("body", "row_version", "updated_at").get() == before


def test_a_draft_typed_on_an_older_version_is_checked_against_it(client, participant, write):
    entry = write(participant, "Version one.")
    client.force_login(participant)
    url = reverse("journal:edit", args=[entry.pk])
    token = uuid.uuid4()
    autosave = reverse("journal:autosave", args=[token])
    loaded = loaded_version(client.get(url))
    typed = {"title": "", "body": "Kept as a draft.", "entry": entry.pk, "row_version": loaded}
    assert client.post(autosave, typed).status_code == 200
    services.entry_update(entry=entry, title="", body="Saved elsewhere.", row_version=loaded)
    assert client.post(autosave, typed).status_code == 200  # the old tab keeps typing
    assert Draft.objects.get().entry_version == loaded

    reopened = client.get(url)  # the draft comes back with the version it was typed on
    assert "Kept as a draft." in reopened.content.decode()
    assert loaded_version(reopened) == loaded
    response = save(client, entry, loaded_version(reopened), "Kept as a draft.", title="")
    assert_conflict(response, saved=["Saved elsewhere."], typed=["Kept as a draft."])
    assert Entry.objects.get().body == "Saved elsewhere."


def test_a_page_without_a_version_is_treated_as_stale(client, participant, write):
    entry = write(participant, "Kept.")
    client.force_login(participant)
    response = client.post(
        reverse("journal:edit", args=[entry.pk]), {"token": str(uuid.uuid4()), "body": "Over"}
    )
    assert_conflict(response, saved=["Kept."], typed=["Over"])
    assert Entry.objects.get().body == "Kept."

"""Writing, editing, deleting, sharing and drafting journal entries."""

import uuid

import pytest
from django.db import connection

from steadfast.core.models import AuditEvent
from steadfast.core.services import encrypted_models
from steadfast.journal import services
from steadfast.journal.models import Draft, Entry

pytestmark = pytest.mark.django_db


def raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_title_and_body_are_encrypted_at_rest(participant, write):
    entry = write(participant, "I was scared on the night shift", title="Night shift")
    for column in ("title", "body"):
        stored = raw("journal_entry", column, entry.pk)
        assert "shift" not in stored
        assert stored.startswith("gAAAA")  # a Fernet token
    assert Entry.objects.get(pk=entry.pk).body == "I was scared on the night shift"


def test_draft_text_is_encrypted_at_rest(participant):
    draft = services.draft_save(
        user=participant, token=uuid.uuid4(), title="half", body="a thought in progress"
    )
    assert "thought" not in raw("journal_draft", "body", draft.pk)
    assert "half" not in raw("journal_draft", "title", draft.pk)


def test_key_rotation_and_the_ciphertext_guard_know_the_journal_fields():
    found = {model._meta.label: sorted(names) for model, names in encrypted_models()}
    assert found["journal.Entry"] == ["body", "title"]
    assert found["journal.Draft"] == ["body", "title"]


def test_the_same_page_submitted_twice_stores_one_entry(participant):
    token = uuid.uuid4()
    first = services.entry_create(user=participant, token=token, title="", body="one")
    second = services.entry_create(user=participant, token=token, title="", body="one")
    assert first.created and not second.created
    assert second.entry.pk == first.entry.pk
    assert Entry.objects.count() == 1


def test_someone_elses_page_token_is_refused(participant, other_participant):
    token = uuid.uuid4()
    services.entry_create(user=participant, token=token, title="", body="mine")
    with pytest.raises(services.JournalError):
        services.entry_create(user=other_participant, token=token, title="", body="theirs")
    assert Entry.objects.get().body == "mine"


def test_saving_the_entry_drops_its_draft(participant):
    token = uuid.uuid4()
    services.draft_save(user=participant, token=token, title="", body="so far")
    services.entry_create(user=participant, token=token, title="", body="so far, and more")
    assert not Draft.objects.exists()


def test_an_autosave_after_the_entry_was_saved_is_refused(participant):
    token = uuid.uuid4()
    services.entry_create(user=participant, token=token, title="", body="done")
    with pytest.raises(services.DraftClosed):
        services.draft_save(user=participant, token=token, title="", body="done")
    assert not Draft.objects.exists()


def test_an_empty_new_page_keeps_no_draft(participant):
    assert services.draft_save(user=participant, token=uuid.uuid4(), title=" ", body="") is None
    assert not Draft.objects.exists()


def test_a_draft_is_updated_in_place(participant):
    token = uuid.uuid4()
    services.draft_save(user=participant, token=token, title="", body="one")
    services.draft_save(user=participant, token=token, title="t", body="one two", mood="calm")
    draft = Draft.objects.get()
    assert (draft.title, draft.body, draft.mood) == ("t", "one two", "calm")


def test_someone_elses_draft_cannot_be_overwritten(participant, other_participant):
    token = uuid.uuid4()
    services.draft_save(user=participant, token=token, title="", body="mine")
    with pytest.raises(LookupError):
        services.draft_save(user=other_participant, token=token, title="", body="theirs")
    assert Draft.objects.get().body == "mine"


def test_an_edit_keeps_one_draft_per_entry_and_none_once_it_matches(participant, write):
    entry = write(participant, "first words")
    services.draft_save(user=participant, token=uuid.uuid4(), title="", body="new", entry=entry)
    services.draft_save(user=participant, token=uuid.uuid4(), title="", body="newer", entry=entry)
    assert Draft.objects.get().body == "newer"
    # An autosave that lands after the edit was saved matches the entry: nothing to keep.
    services.entry_update(entry=entry, title="", body="newer", row_version=None)
    services.draft_save(user=participant, token=uuid.uuid4(), title="", body="newer", entry=entry)
    assert not Draft.objects.exists()


def test_update_changes_the_words_and_keeps_sharing(participant, facilitator, org, write):
    entry = write(participant, "before")
    services.entry_share(entry=entry, organisation=org)
    services.entry_update(
        entry=entry, title="New", body="after", mood="hopeful", row_version=entry.row_version
    )
    entry.refresh_from_db()
    assert (entry.title, entry.body, entry.mood) == ("New", "after", "hopeful")
    assert entry.shared_with == org


def test_delete_removes_the_entry_for_good_and_audits_only_its_id(participant, write):
    entry = write(participant, "private words", title="a title")
    services.draft_save(user=participant, token=uuid.uuid4(), title="", body="x", entry=entry)
    pk = entry.pk
    services.entry_delete(entry=entry)
    assert not Entry.objects.exists()
    assert not Draft.objects.exists()
    event = AuditEvent.objects.get(action="delete")
    assert event.object_id == str(pk)
    assert "private" not in event.detail and "title" not in event.detail


def test_share_needs_a_facilitator_in_a_group_the_person_takes_part_in(
    participant, other_org, org, write
):
    entry = write(participant, "words")
    with pytest.raises(services.JournalError):
        services.entry_share(entry=entry, organisation=org)  # no facilitator there yet
    with pytest.raises(services.JournalError):
        services.entry_share(entry=entry, organisation=other_org)  # not their organisation
    entry.refresh_from_db()
    assert not entry.is_shared


def test_share_and_take_back_are_audited(participant, facilitator, org, write):
    entry = write(participant, "words")
    services.entry_share(entry=entry, organisation=org)
    entry.refresh_from_db()
    assert entry.shared_with == org and entry.shared_at is not None
    services.entry_unshare(entry=entry)
    entry.refresh_from_db()
    assert entry.shared_with is None and entry.shared_at is None
    details = list(
        AuditEvent.objects.filter(object_type="journal.entry")
        .order_by("id")
        .values_list("detail", flat=True)
    )
    assert details == [
        "journal entry shared with facilitators",
        "journal entry sharing taken back",
    ]


def test_words_of_danger_ask_for_crisis_help_and_the_entry_is_still_saved(participant):
    saved = services.entry_create(
        user=participant, token=uuid.uuid4(), title="", body="Some nights I want to kill myself"
    )
    assert saved.needs_help
    assert Entry.objects.filter(pk=saved.entry.pk).exists()


def test_the_safety_check_sees_the_writer_the_words_and_the_source(participant, org, monkeypatch):
    calls = []

    def fake_check(**kwargs):
        calls.append(kwargs)
        return False

    monkeypatch.setattr(services, "text_check", fake_check)
    saved = services.entry_create(user=participant, token=uuid.uuid4(), title="T", body="calm day")
    services.entry_update(entry=saved.entry, title="T", body="calmer day", row_version=None)
    assert not saved.needs_help
    assert [c["text"] for c in calls] == ["T\ncalm day", "T\ncalmer day"]
    assert all(c["source"] == "journal" for c in calls)
    assert all(c["user"] == participant and c["organisation"] == org for c in calls)


def test_erase_deletes_every_entry_and_draft_of_that_person_only(
    participant, other_participant, write
):
    write(participant, "a")
    write(participant, "b")
    services.draft_save(user=participant, token=uuid.uuid4(), title="", body="c")
    kept = write(other_participant, "theirs")
    assert services.journal_erase(user=participant) == 2
    assert list(Entry.objects.all()) == [kept]
    assert not Draft.objects.filter(user=participant).exists()

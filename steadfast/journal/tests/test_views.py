"""Journal pages for the owner, the facilitators they share with, and everyone else."""

import json
import logging
import re
import uuid

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from steadfast.core.models import AuditEvent
from steadfast.journal import services
from steadfast.journal.models import Draft, Entry

pytestmark = pytest.mark.django_db

SECRET = "the blue lighthouse dream"


def new_page(client):
    response = client.get(reverse("journal:new"))
    assert response.status_code == 302
    return response["Location"]


def count_queries(client, method, url, data=None):
    getattr(client, method)(url, data or {})  # the first request of a session touches it
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == 200
    return len(queries)


# Writing, reading, editing, deleting


def test_signed_out_people_are_sent_to_sign_in(client):
    for name in ("journal:index", "journal:new", "journal:search", "journal:export_json"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_a_participant_writes_an_entry_and_reads_it(client, participant):
    client.force_login(participant)
    url = new_page(client)
    page = client.get(url)
    assert page.status_code == 200
    assert "What&#x27;s on your mind?" in page.content.decode()
    response = client.post(url, {"title": "Tuesday", "body": SECRET, "mood": "tired"})
    entry = Entry.objects.get()
    assert response["Location"] == reverse("journal:entry", kwargs={"pk": entry.pk})
    html = client.get(response["Location"]).content.decode()
    assert SECRET in html and "Tuesday" in html and "feeling tired" in html
    assert "Only you." in html
    # The page tells the script which browser copy it may now forget.
    assert f'data-journal-saved="{url.split("/")[-2]}"' in html


def test_a_double_submit_stores_one_entry(client, participant):
    client.force_login(participant)
    url = new_page(client)
    first = client.post(url, {"body": SECRET})
    second = client.post(url, {"body": SECRET})
    assert Entry.objects.count() == 1
    assert first["Location"] == second["Location"]
    # Going back to the page after saving shows the entry, not an empty form.
    assert client.get(url)["Location"] == first["Location"]


def test_an_empty_entry_is_refused_and_nothing_typed_is_lost(client, participant):
    client.force_login(participant)
    url = new_page(client)
    response = client.post(url, {"title": "Only a title", "body": ""})
    assert response.status_code == 400
    assert "Write a few words before you save." in response.content.decode()
    assert "Only a title" in response.content.decode()
    assert not Entry.objects.exists()


def test_keep_as_draft_works_without_javascript(client, participant):
    client.force_login(participant)
    url = new_page(client)
    response = client.post(url, {"title": "", "body": "half a thought", "action": "draft"})
    assert response["Location"] == url
    assert Draft.objects.get().body == "half a thought"
    assert "half a thought" in client.get(url).content.decode()
    index = client.get(reverse("journal:index")).content.decode()
    assert "Drafts you have not saved yet" in index


def test_a_draft_can_be_thrown_away(client, participant):
    client.force_login(participant)
    token = uuid.uuid4()
    services.draft_save(user=participant, token=token, title="", body="never mind")
    client.post(reverse("journal:discard", kwargs={"token": token}))
    assert not Draft.objects.exists()


def test_someone_elses_draft_page_is_not_found(client, participant, other_participant):
    token = uuid.uuid4()
    services.draft_save(user=participant, token=token, title="", body=SECRET)
    client.force_login(other_participant)
    response = client.get(reverse("journal:write", kwargs={"token": token}))
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_someone_elses_saved_page_is_not_found(client, participant, other_participant, write):
    token = uuid.uuid4()
    services.entry_create(user=participant, token=token, title="", body=SECRET)
    client.force_login(other_participant)
    url = reverse("journal:write", kwargs={"token": token})
    assert client.get(url).status_code == 404
    assert client.post(url, {"body": "overwrite"}).status_code == 404
    assert Entry.objects.get().body == SECRET


def test_the_owner_edits_an_entry(client, participant, write):
    entry = write(participant, "first version")
    client.force_login(participant)
    url = reverse("journal:edit", kwargs={"pk": entry.pk})
    assert "first version" in client.get(url).content.decode()
    response = client.post(
        url, {"token": str(uuid.uuid4()), "title": "", "body": "second", "row_version": "1"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.body == "second"


def test_an_unsaved_edit_comes_back(client, participant, write):
    entry = write(participant, "first version")
    services.draft_save(
        user=participant, token=uuid.uuid4(), title="", body="unsaved change", entry=entry
    )
    client.force_login(participant)
    assert (
        "unsaved changes" in client.get(reverse("journal:entry", args=[entry.pk])).content.decode()
    )
    page = client.get(reverse("journal:edit", kwargs={"pk": entry.pk})).content.decode()
    assert "unsaved change" in page and "We kept your unsaved words" in page


def test_the_owner_deletes_an_entry_for_good(client, participant, write):
    entry = write(participant, SECRET)
    client.force_login(participant)
    url = reverse("journal:delete", kwargs={"pk": entry.pk})
    assert "Delete for good" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    "who", ["other_participant", "facilitator", "lead", "administrator", "outsider"]
)
def test_nobody_else_can_read_edit_delete_or_share_an_entry(client, request, participant, who):
    entry = services.entry_create(
        user=participant, token=uuid.uuid4(), title="Private", body=SECRET
    ).entry
    client.force_login(request.getfixturevalue(who))
    for name in ("entry", "edit", "delete", "share"):
        response = client.get(reverse(f"journal:{name}", kwargs={"pk": entry.pk}))
        assert response.status_code == 404, name
        assert SECRET not in response.content.decode()
    for name in ("edit", "delete", "share", "unshare"):
        assert (
            client.post(
                reverse(f"journal:{name}", kwargs={"pk": entry.pk}), {"body": "x"}
            ).status_code
            == 404
        )
    assert SECRET not in client.get(reverse("journal:index")).content.decode()
    assert Entry.objects.get().body == SECRET


def test_the_list_runs_a_fixed_number_of_queries(client, participant, write):
    client.force_login(participant)
    write(participant, "one")
    few = count_queries(client, "get", reverse("journal:index"))
    for n in range(30):
        write(participant, f"entry {n}")
    services.draft_save(user=participant, token=uuid.uuid4(), title="", body="draft")
    assert count_queries(client, "get", reverse("journal:index")) <= few + 1  # the drafts list


def test_the_list_is_paginated(client, participant, write):
    for n in range(25):
        write(participant, f"entry number {n}")
    client.force_login(participant)
    first = client.get(reverse("journal:index")).content.decode()
    assert "entry number 24" in first and "entry number 4" not in first
    second = client.get(reverse("journal:index"), {"page": 2}).content.decode()
    assert "entry number 4" in second


# Crisis help


def test_words_of_danger_show_crisis_help_first_and_the_entry_is_saved(client, participant):
    client.force_login(participant)
    url = new_page(client)
    response = client.post(url, {"body": "Tonight I want to kill myself"}, follow=True)
    html = response.content.decode()
    assert Entry.objects.count() == 1
    assert html.index("carry this alone") < html.index("Tonight I want")
    assert 'href="/crisis/"' in html
    # Help is shown once with the save, not every time the entry is opened.
    again = client.get(reverse("journal:entry", args=[Entry.objects.get().pk])).content.decode()
    assert "carry this alone" not in again


def test_an_ordinary_entry_shows_no_crisis_box(client, participant):
    client.force_login(participant)
    html = client.post(new_page(client), {"body": "A calm walk"}, follow=True).content.decode()
    assert "carry this alone" not in html


def test_an_edit_with_words_of_danger_shows_crisis_help(client, participant, write):
    entry = write(participant, "fine")
    client.force_login(participant)
    html = client.post(
        reverse("journal:edit", args=[entry.pk]),
        {"token": str(uuid.uuid4()), "body": "I feel suicidal", "row_version": "1"},
        follow=True,
    ).content.decode()
    assert "carry this alone" in html


# Autosave


def test_autosave_keeps_the_words_typed_so_far(client, participant):
    client.force_login(participant)
    token = uuid.uuid4()
    url = reverse("journal:autosave", kwargs={"token": token})
    response = client.post(url, {"title": "", "body": "so far", "mood": ""})
    assert response.status_code == 200
    assert re.fullmatch(r"\d\d:\d\d", response.json()["saved_at"])
    assert Draft.objects.get(token=token).body == "so far"


def test_autosave_answers_401_not_a_redirect_when_the_session_has_ended(client, participant):
    url = reverse("journal:autosave", kwargs={"token": uuid.uuid4()})
    response = client.post(url, {"body": "words"})
    assert response.status_code == 401
    assert response.json() == {"signed_in": False}
    assert not Draft.objects.exists()


def test_after_signing_back_in_the_draft_is_there(client, participant):
    token = uuid.uuid4()
    client.force_login(participant)
    client.post(reverse("journal:autosave", kwargs={"token": token}), {"body": "before"})
    client.logout()
    write_url = reverse("journal:write", kwargs={"token": token})
    assert client.get(write_url)["Location"].startswith(reverse("account_login"))
    client.force_login(participant)
    assert "before" in client.get(write_url).content.decode()


def test_autosave_after_the_entry_was_saved_says_so(client, participant):
    client.force_login(participant)
    url = new_page(client)
    client.post(url, {"body": "done"})
    token = url.split("/")[-2]
    response = client.post(reverse("journal:autosave", kwargs={"token": token}), {"body": "done"})
    assert response.status_code == 409
    assert not Draft.objects.exists()


def test_autosave_refuses_someone_elses_draft_and_entry(
    client, participant, other_participant, write
):
    token = uuid.uuid4()
    services.draft_save(user=participant, token=token, title="", body=SECRET)
    entry = write(participant, SECRET)
    client.force_login(other_participant)
    url = reverse("journal:autosave", kwargs={"token": token})
    assert client.post(url, {"body": "x"}).status_code == 404
    other = reverse("journal:autosave", kwargs={"token": uuid.uuid4()})
    assert client.post(other, {"body": "x", "entry": entry.pk}).status_code == 404
    assert Draft.objects.get().body == SECRET


def test_autosave_only_accepts_post(client, participant):
    client.force_login(participant)
    assert (
        client.get(reverse("journal:autosave", kwargs={"token": uuid.uuid4()})).status_code == 405
    )


# Search


def test_search_is_a_post_and_finds_the_owners_entries(
    client, participant, other_participant, write
):
    write(participant, "Ελπίδα και ήλιος", title="Greek")
    write(participant, "Надежда", title="Russian")
    write(other_participant, "ελπιδα of someone else")
    client.force_login(participant)
    url = reverse("journal:search")
    page = client.get(url)
    assert page.status_code == 200 and "entries found" not in page.content.decode()
    response = client.post(url, {"q": "ΕΛΠΙΔΑ"})
    html = response.content.decode()
    assert response.status_code == 200  # rendered directly: no redirect carries the words
    assert "1 entry found" in html and "<mark>Ελπίδα</mark>" in html
    assert "someone else" not in html


def test_search_results_are_paginated_with_a_fixed_number_of_queries(client, participant, write):
    client.force_login(participant)
    write(participant, "harbour 0")
    url = reverse("journal:search")
    few = count_queries(client, "post", url, {"q": "harbour"})
    for n in range(1, 25):
        write(participant, f"harbour {n}")
    assert count_queries(client, "post", url, {"q": "harbour"}) == few
    first = client.post(url, {"q": "harbour"}).content.decode()
    assert "25 entries found" in first and "Page 1 of 2" in first
    second = client.post(url, {"q": "harbour", "page": 2}).content.decode()
    assert "<mark>harbour</mark> 0<" in second and "<mark>harbour</mark> 24<" not in second
    assert "<mark>harbour</mark> 24<" in first


def test_an_empty_search_is_refused(client, participant):
    client.force_login(participant)
    assert client.post(reverse("journal:search"), {"q": "  "}).status_code == 400


# Export


def test_export_json_holds_all_the_owners_entries_and_is_audited(
    client, participant, other_participant, write
):
    write(participant, "first", title="One", mood="calm")
    write(participant, "ünïcode ✓")
    write(other_participant, SECRET)
    client.force_login(participant)
    response = client.get(reverse("journal:export_json"))
    assert response["Content-Disposition"] == 'attachment; filename="steadfast-journal.json"'
    rows = json.loads(response.content)["journal"]
    assert [r["body"] for r in rows] == ["ünïcode ✓", "first"]
    assert rows[1]["title"] == "One" and rows[1]["mood"] == "calm"
    assert AuditEvent.objects.filter(actor=participant, action="export").count() == 1


def test_export_html_is_a_readable_page_with_text_escaped(client, participant, write):
    write(participant, "<script>alert(1)</script>\nsecond line", title="Mine")
    client.force_login(participant)
    response = client.get(reverse("journal:export_html"))
    html = response.content.decode()
    assert response["Content-Disposition"] == 'attachment; filename="steadfast-journal.html"'
    assert "<h2>Mine</h2>" in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "<br>second line" in html


def test_export_takes_a_fixed_number_of_queries(client, participant, write):
    client.force_login(participant)
    write(participant, "one")
    few = count_queries(client, "get", reverse("journal:export_json"))
    for n in range(20):
        write(participant, f"more {n}")
    assert count_queries(client, "get", reverse("journal:export_json")) == few
    assert count_queries(client, "get", reverse("journal:export_html")) == few


# Sharing one entry with facilitators


def shared_urls(org, entry):
    return (
        reverse("journal_org:shared", kwargs={"slug": org.slug}),
        reverse("journal_org:shared_entry", kwargs={"slug": org.slug, "pk": entry.pk}),
    )


def test_the_share_page_names_who_will_read_it(client, participant, facilitator, write):
    entry = write(participant, SECRET)
    client.force_login(participant)
    html = client.get(reverse("journal:share", args=[entry.pk])).content.decode()
    assert "Fay Facilitator" in html
    assert "Only this one entry is shared" in html


def test_sharing_needs_a_confirmation(client, participant, facilitator, org, write):
    entry = write(participant, SECRET)
    client.force_login(participant)
    response = client.post(reverse("journal:share", args=[entry.pk]), {"organisation": org.pk})
    assert response.status_code == 400
    assert "tick the box" in response.content.decode()
    entry.refresh_from_db()
    assert not entry.is_shared


def test_without_facilitators_there_is_nobody_to_share_with(client, participant, org, write):
    entry = write(participant, SECRET)
    client.force_login(participant)
    html = client.get(reverse("journal:share", args=[entry.pk])).content.decode()
    assert "nobody to share with yet" in html
    client.post(
        reverse("journal:share", args=[entry.pk]), {"organisation": org.pk, "confirm": "on"}
    )
    entry.refresh_from_db()
    assert not entry.is_shared


def test_a_facilitator_reads_a_shared_entry_until_it_is_taken_back(
    client, participant, facilitator, org, write
):
    entry = write(participant, SECRET, title="For Fay")
    write(participant, "a private entry")
    client.force_login(participant)
    response = client.post(
        reverse("journal:share", args=[entry.pk]), {"organisation": org.pk, "confirm": "on"}
    )
    assert response.status_code == 302
    assert "Take it back" in client.get(reverse("journal:entry", args=[entry.pk])).content.decode()

    listing, page = shared_urls(org, entry)
    client.force_login(facilitator)
    html = client.get(listing).content.decode()
    assert "Entry from Bob Participant" in html
    assert SECRET not in html  # the list carries no journal text
    assert not AuditEvent.objects.filter(action="read").exists()
    html = client.get(page).content.decode()
    assert SECRET in html and "For Fay" in html
    assert "a private entry" not in html
    read = AuditEvent.objects.get(action="read")
    assert (read.actor, read.object_id) == (facilitator, str(entry.pk))

    client.force_login(participant)
    client.post(reverse("journal:unshare", args=[entry.pk]))
    client.force_login(facilitator)
    response = client.get(page)
    assert response.status_code == 404
    assert SECRET not in response.content.decode()
    assert "Entry from" not in client.get(listing).content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [("lead", 403), ("administrator", 403), ("other_participant", 403), ("outsider", 404)],
)
def test_nobody_but_the_facilitators_sees_a_shared_entry(
    client, request, participant, facilitator, org, write, who, status
):
    entry = write(participant, SECRET)
    services.entry_share(entry=entry, organisation=org)
    client.force_login(request.getfixturevalue(who))
    for url in shared_urls(org, entry):
        response = client.get(url)
        assert response.status_code == status
        assert SECRET not in response.content.decode()
    assert not AuditEvent.objects.filter(action="read").exists()


def test_a_facilitator_of_another_organisation_sees_nothing(
    client, participant, facilitator, org, other_org, write
):
    from steadfast.accounts.tests.factories import UserFactory
    from steadfast.organisations.models import Role
    from steadfast.organisations.tests.factories import MembershipFactory

    elsewhere = UserFactory()
    MembershipFactory(user=elsewhere, organisation=other_org, role=Role.FACILITATOR)
    entry = write(participant, SECRET)
    services.entry_share(entry=entry, organisation=org)
    client.force_login(elsewhere)
    for url in shared_urls(org, entry):
        assert client.get(url).status_code == 404
    listing = reverse("journal_org:shared", kwargs={"slug": other_org.slug})
    assert "Entry from" not in client.get(listing).content.decode()
    page = reverse("journal_org:shared_entry", kwargs={"slug": other_org.slug, "pk": entry.pk})
    assert client.get(page).status_code == 404


def test_the_shared_list_runs_a_fixed_number_of_queries(
    client, participant, other_participant, facilitator, org, write
):
    client.force_login(facilitator)
    services.entry_share(entry=write(participant, "one"), organisation=org)
    listing = reverse("journal_org:shared", kwargs={"slug": org.slug})
    few = count_queries(client, "get", listing)
    for n in range(10):
        services.entry_share(entry=write(other_participant, f"more {n}"), organisation=org)
    assert count_queries(client, "get", listing) == few


# Privacy by construction


def test_journal_text_and_searches_never_reach_logs_or_addresses(
    client, participant, facilitator, org, caplog
):
    caplog.set_level(logging.DEBUG)
    client.force_login(participant)
    url = new_page(client)
    client.post(reverse("journal:autosave", kwargs={"token": url.split("/")[-2]}), {"body": SECRET})
    saved = client.post(url, {"title": "lighthouse title", "body": SECRET})
    entry = Entry.objects.get()
    addresses = [url, saved["Location"]]
    addresses.append(
        client.post(
            reverse("journal:edit", args=[entry.pk]),
            {"token": str(uuid.uuid4()), "body": SECRET, "row_version": entry.row_version},
        )["Location"]
    )
    client.post(reverse("journal:search"), {"q": "lighthouse"})
    client.post(
        reverse("journal:share", args=[entry.pk]), {"organisation": org.pk, "confirm": "on"}
    )
    client.get(reverse("journal:export_json"))
    client.force_login(facilitator)
    client.get(shared_urls(org, entry)[1])
    client.get(reverse("journal:entry", args=[entry.pk]))  # a 404, logged as a warning
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "lighthouse" not in logged
    assert not any("lighthouse" in address for address in addresses)
    details = " ".join(AuditEvent.objects.values_list("detail", flat=True))
    assert "lighthouse" not in details


def test_journal_models_are_not_in_the_admin_site():
    assert Entry not in admin.site._registry
    assert Draft not in admin.site._registry


@pytest.mark.parametrize("where", ["write", "autosave", "search"])
def test_an_error_report_never_shows_journal_text(client, participant, caplog, monkeypatch, where):
    from django.test import Client
    from django.views.debug import ExceptionReporter

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("steadfast.journal.services._needs_help", broken)
    monkeypatch.setattr("steadfast.journal.services.draft_save", broken)
    monkeypatch.setattr("steadfast.journal.selectors.entries_search", broken)
    client = Client(raise_request_exception=False)
    client.force_login(participant)
    token = uuid.uuid4()
    url, data = {
        "write": (reverse("journal:write", kwargs={"token": token}), {"body": SECRET}),
        "autosave": (reverse("journal:autosave", kwargs={"token": token}), {"body": SECRET}),
        "search": (reverse("journal:search"), {"q": SECRET}),
    }[where]
    caplog.set_level(logging.ERROR, logger="django.request")
    response = client.post(url, data)
    assert response.status_code == 500
    assert SECRET not in response.content.decode()
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    reporter = ExceptionReporter(record.request, *record.exc_info)
    assert "boom" in reporter.get_traceback_text()
    assert SECRET not in reporter.get_traceback_text()
    assert SECRET not in reporter.get_traceback_html()

"""Bad input never reaches a 500: the audit's cases, and control characters refused the same
way in every kind of text input (decision 0014).

The test client re-raises any exception a view lets escape, so a case that used to be a 500
fails here with its traceback. The `nul_never_reaches_the_database` guard (tests/conftest.py)
fails any test whose SQL carries a NUL character: PostgreSQL refuses NUL in text, so a NUL
that reaches the database is a 500 there even when SQLite stores it quietly.
"""

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from steadfast.cohorts import services as cohort_services
from steadfast.cohorts.models import CohortMember
from steadfast.cohorts.tests.factories import night_shift_cohort
from steadfast.core.text import MULTI_LINE_MESSAGE, SINGLE_LINE_MESSAGE
from steadfast.journal.models import Draft as JournalDraft
from steadfast.journal.models import Entry as JournalEntry
from steadfast.practice.models import Draft as PracticeDraft
from steadfast.practice.models import Entry as PracticeEntry
from steadfast.programs.tests.factories import load_valid
from steadfast.safety.models import OrganisationLine
from steadfast.safety.tests.factories import named_responders
from steadfast.training import services as training_services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("nul_never_reaches_the_database")]


@pytest.fixture
def cohort(org, facilitator, participant):
    load_valid()
    made = night_shift_cohort(organisation=org, facilitator=facilitator)
    cohort_services.member_enrol(
        cohort=made, email=participant.email, name=participant.full_name, actor=facilitator
    )
    return made


# -- the audit's cases --------------------------------------------------------------------------


def test_a_due_questionnaire_id_that_is_not_a_number_is_a_bad_request(client, participant):
    client.force_login(participant)
    response = client.post(reverse("assessments:start", kwargs={"code": "phq9"}), {"due": "abc"})
    assert response.status_code == 400
    assert "We couldn't read that request" in response.text


def test_moving_a_cohort_member_given_as_text_is_a_bad_request(client, facilitator, org, cohort):
    client.force_login(facilitator)
    url = reverse("cohorts_org:groups", kwargs={"slug": org.slug, "pk": cohort.pk})
    response = client.post(url, {"action": "move", "member": "abc", "group": "1"})
    assert response.status_code == 400
    assert CohortMember.objects.filter(cohort=cohort, group__isnull=True).count() == 1


def test_removing_a_crisis_line_given_as_text_is_a_bad_request(client, administrator, org):
    OrganisationLine.objects.create(organisation=org, name="Employee assistance", call="0800 1")
    client.force_login(administrator)
    url = reverse("safety_org:setup", kwargs={"slug": org.slug})
    response = client.post(url, {"form": "line_remove", "pk": "abc"})
    assert response.status_code == 400
    assert OrganisationLine.objects.filter(organisation=org).count() == 1


def test_an_autosave_naming_an_entry_as_text_is_a_bad_request(client, participant):
    client.force_login(participant)
    url = reverse("journal:autosave", kwargs={"token": uuid.uuid4()})
    response = client.post(url, {"body": "half a thought", "entry": "abc"})
    assert response.status_code == 400
    assert not JournalDraft.objects.exists()


def test_a_nul_in_a_calendar_address_is_refused_before_the_database(client):
    response = client.get("/cohorts/calendar/%00.ics")
    assert response.status_code == 400


# -- ids everywhere -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["²", "-1", "1.0", " 1", "99999999999999999999999", "\u0661"])
def test_ids_in_a_form_must_be_plain_whole_numbers_an_id_can_be(client, participant, value):
    client.force_login(participant)
    response = client.post(reverse("assessments:start", kwargs={"code": "phq9"}), {"due": value})
    assert response.status_code == 400


def test_a_due_questionnaire_that_does_not_exist_is_not_found(client, participant):
    client.force_login(participant)
    response = client.post(reverse("assessments:start", kwargs={"code": "phq9"}), {"due": "987"})
    assert response.status_code == 404


@pytest.mark.parametrize("value", ["²", "99999999999999999999999", "abc"])
def test_ticked_ids_that_are_not_ids_are_a_bad_request(client, administrator, org, value):
    debrief = training_services.debrief_schedule(
        organisation=org,
        title="After the fire",
        local_date=dt.date(2026, 3, 2),
        local_time=dt.time(9),
        runner=administrator,
        actor=administrator,
    )
    client.force_login(administrator)
    url = reverse("training_org:debrief", kwargs={"slug": org.slug, "pk": debrief.pk})
    assert client.post(url, {"attended": [value]}).status_code == 400
    assert not debrief.attended.exists()


@pytest.mark.parametrize("value", ["²", "99999999999999999999999"])
def test_a_program_version_in_the_address_that_is_not_an_id_is_ignored(
    client, facilitator, org, value
):
    client.force_login(facilitator)
    url = reverse("cohorts_org:create", kwargs={"slug": org.slug})
    assert client.get(url, {"version": value}).status_code == 400


def test_an_id_in_the_address_larger_than_any_database_id_is_not_found(client, participant):
    client.force_login(participant)
    assert client.get("/journal/99999999999999999999/").status_code == 404
    assert client.get("/practice/goals/9223372036854775808/").status_code == 404


# -- control characters: one rule for every text input -------------------------------------------


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1b", "\x7f", "\t", "\n"])
def test_a_control_character_in_the_address_is_a_bad_request(client, character):
    from urllib.parse import quote

    assert client.get("/crisis/", {"country": character}).status_code == 400
    assert client.get("/crisis/", {character: "GB"}).status_code == 400
    assert client.get(f"/invitations/abc{quote(character)}def/").status_code == 400


def test_the_bad_request_page_is_our_own_plain_page(client):
    response = client.get("/crisis/?country=%00")
    assert response.status_code == 400
    assert "We couldn't read that request" in response.text
    assert "Traceback" not in response.text


@pytest.mark.parametrize("character", ["\x00", "\x08", "\x1f", "\x7f"])
def test_a_journal_entry_with_a_control_character_is_refused_and_kept_on_the_page(
    client, participant, character
):
    client.force_login(participant)
    url = reverse("journal:write", kwargs={"token": uuid.uuid4()})
    response = client.post(url, {"title": "Today", "body": f"a long{character} day"})
    assert response.status_code == 400
    assert MULTI_LINE_MESSAGE in response.text
    assert "a long" in response.text
    assert not JournalEntry.objects.exists()


def test_a_single_line_title_refuses_a_tab_or_line_break(client, participant):
    client.force_login(participant)
    url = reverse("journal:write", kwargs={"token": uuid.uuid4()})
    response = client.post(url, {"title": "To\nday", "body": "fine"})
    assert response.status_code == 400
    assert SINGLE_LINE_MESSAGE in response.text


def test_multi_line_text_keeps_tabs_and_line_breaks(client, participant):
    client.force_login(participant)
    url = reverse("journal:write", kwargs={"token": uuid.uuid4()})
    body = "first line\r\n\tsecond line\nthird"
    assert client.post(url, {"title": "Today", "body": body}).status_code == 302
    assert JournalEntry.objects.get().body == body


def test_journal_autosave_refuses_a_control_character(client, participant):
    client.force_login(participant)
    url = reverse("journal:autosave", kwargs={"token": uuid.uuid4()})
    response = client.post(url, {"body": "half a\x00 thought"})
    assert response.status_code == 400
    assert not JournalDraft.objects.exists()


def test_a_practice_exercise_refuses_a_control_character_like_every_other_form(client, participant):
    client.force_login(participant)
    url = reverse("practice:new", kwargs={"code": "thought_record"})
    response = client.post(url, {"situation": "At work\x00", "thought": "I failed"})
    assert response.status_code == 400
    assert MULTI_LINE_MESSAGE in response.text
    assert not PracticeEntry.objects.exists()


def test_a_practice_autosave_refuses_a_control_character(client, participant):
    client.force_login(participant)
    response = client.post(
        reverse("practice:draft_save"),
        {
            "draft_key": "new:thought_record:",
            "exercise": "thought_record",
            "situation": "At work\x01",
        },
    )
    assert response.status_code == 400
    assert response.json() == {"saved": False, "reason": "control_characters"}
    assert not PracticeDraft.objects.exists()


def test_a_goal_refuses_a_control_character(client, participant):
    client.force_login(participant)
    response = client.post(
        reverse("practice:goal_new"), {"what": "Walk\x1b daily", "token": str(uuid.uuid4())}
    )
    assert response.status_code == 400
    assert SINGLE_LINE_MESSAGE in response.text


def test_the_public_training_request_refuses_a_control_character(client):
    response = client.post(
        reverse("training:request"),
        {"organisation_name": "Harbor\x00 City", "contact_name": "Dana"},
    )
    assert response.status_code == 400
    assert SINGLE_LINE_MESSAGE in response.text


def test_the_sign_in_form_refuses_a_control_character(client):
    response = client.post(
        reverse("account_login"), {"login": "someone\x00@example.org", "password": "x"}
    )
    assert response.status_code == 200  # allauth shows its form again
    assert SINGLE_LINE_MESSAGE in response.text


def test_a_cohort_import_names_a_row_with_a_control_character(client, facilitator, org, cohort):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(facilitator)
    url = reverse("cohorts_org:import", kwargs={"slug": org.slug, "pk": cohort.pk})
    data = b"name,email,role,team\nAda\x00 Lovelace,ada@example.org,medic,\n"
    response = client.post(url, {"file": SimpleUploadedFile("staff.csv", data)})
    assert response.status_code == 400
    assert "hidden control character" in response.text


def test_an_alert_cannot_be_closed_with_a_control_character_in_its_note(
    client, org, participant, facilitator, administrator
):
    from steadfast.accounts.models import ConsentPurpose
    from steadfast.accounts.services import consent_decide
    from steadfast.safety import services as safety_services
    from steadfast.safety.models import Alert, AlertRule, AlertState

    consent_decide(
        user=participant, organisation=org, purpose=ConsentPurpose.SAFETY_ALERTS, given=True
    )
    named_responders(org, facilitator, administrator)
    alert = safety_services.alert_raise(
        person=participant,
        organisation=org,
        rule=AlertRule.SELF_HARM,
        deadline_hours=1,
        rules_version="2026.1",
        instrument="phq9",
    )
    client.force_login(facilitator)
    url = reverse("safety_org:alert", kwargs={"slug": org.slug, "pk": alert.pk})
    response = client.post(url, {"action": "resolve", "note": "Called\x00 them"})
    assert response.status_code == 400
    assert MULTI_LINE_MESSAGE in response.text
    assert Alert.objects.get(pk=alert.pk).state != AlertState.RESOLVED


def test_thinking_trap_suggestions_refuse_a_control_character(client, participant):
    client.force_login(participant)
    response = client.post(reverse("practice:suggest_traps"), {"thought": "I always\x07 fail"})
    assert response.status_code == 400
    assert MULTI_LINE_MESSAGE in response.text


def test_a_draft_key_with_a_line_break_is_an_unknown_form(client, participant):
    client.force_login(participant)
    response = client.post(
        reverse("practice:draft_save"), {"draft_key": "checkin\n", "exercise": "checkin"}
    )
    assert response.status_code == 400
    assert response.json()["reason"] == "unknown_form"


def test_discarding_a_draft_never_sends_you_to_an_address_with_a_line_break(client, participant):
    client.force_login(participant)
    response = client.post(
        reverse("practice:draft_discard"), {"draft_key": "checkin", "back": "/practice/\r\nX: y"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("practice:index")


@pytest.mark.parametrize("version", ["\u00b2", "abc", "9" * 25])
def test_a_goal_draft_with_a_row_version_that_is_not_a_number_still_opens(
    client, participant, version
):
    from steadfast.practice import services as practice_services

    goal = practice_services.goal_save(user=participant, what="Walk every day").record
    client.force_login(participant)
    saved = client.post(
        reverse("practice:draft_save"),
        {"draft_key": f"goal:{goal.pk}", "what": "Walk", "row_version": version},
    )
    assert saved.status_code == 200
    page = client.get(reverse("practice:goal_edit", kwargs={"pk": goal.pk}))
    assert page.status_code == 200
    assert f'name="row_version" value="{goal.row_version}"' in page.text

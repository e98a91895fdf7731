"""Exercises, drafts, check-ins, export and deletion through the pages, as their owner."""

import json
import uuid

import pytest
from django.urls import reverse

from steadfast.assessments.models import Response
from steadfast.core.models import AuditEvent
from steadfast.practice.exercises import EXERCISES
from steadfast.practice.models import CheckinWords, Draft, Entry, Goal
from steadfast.programs.models import ItemProgress

pytestmark = pytest.mark.django_db


def first_text_field(ex):
    return next(f for f in ex.fields if f.kind in ("text", "line", "list3"))


def answer(field, text):
    return [text, "", ""] if field.kind == "list3" else text


def stored(entry, field):
    value = entry.data[field.name]
    return value[0] if field.kind == "list3" else value


@pytest.mark.parametrize("code", sorted(EXERCISES))
def test_every_exercise_can_be_done_saved_revisited_and_changed(client, participant, code):
    ex = EXERCISES[code]
    client.force_login(participant)
    page = client.get(reverse("practice:new", kwargs={"code": code}))
    assert page.status_code == 200
    html = page.content.decode()
    assert ex.title in html
    for step in ex.steps:
        assert step.title in html
    field = first_text_field(ex)
    token = str(uuid.uuid4())
    data = {"token": token, field.name: answer(field, f"my {code} words"), "rating": "4"}
    response = client.post(reverse("practice:new", kwargs={"code": code}), data)
    entry = Entry.objects.get(user=participant, exercise=code)
    assert response.status_code == 302
    assert response["Location"] == reverse("practice:entry", kwargs={"pk": entry.pk})
    assert entry.rating == 4
    assert stored(entry, field) == f"my {code} words"
    detail = client.get(response["Location"]).content.decode()
    assert f"my {code} words" in detail
    history = client.get(reverse("practice:history", kwargs={"code": code})).content.decode()
    assert reverse("practice:entry", kwargs={"pk": entry.pk}) in history
    edit_url = reverse("practice:edit", kwargs={"pk": entry.pk})
    assert f"my {code} words" in client.get(edit_url).content.decode()
    client.post(edit_url, {field.name: answer(field, "changed words"), "rating": ""})
    entry.refresh_from_db()
    assert stored(entry, field) == "changed words"
    assert entry.rating is None
    assert Entry.objects.filter(user=participant).count() == 1


def test_text_is_stored_encrypted(participant):
    from django.db import connection

    from steadfast.practice.forms import CleanEntry
    from steadfast.practice.services import entry_save

    entry = entry_save(
        user=participant, exercise="abc", clean=CleanEntry(data={"adversity": "secret words"})
    ).record
    with connection.cursor() as cursor:
        cursor.execute("SELECT payload FROM practice_entry WHERE id = %s", [entry.pk])
        raw = cursor.fetchone()[0]
    assert "secret" not in raw


def test_an_empty_form_is_refused_and_kept_as_a_draft(client, participant):
    client.force_login(participant)
    url = reverse("practice:new", kwargs={"code": "abc"})
    response = client.post(url, {"token": str(uuid.uuid4()), "beliefs": "x" * 6000})
    assert response.status_code == 400
    assert "under 5000 characters" in response.content.decode()
    assert not Entry.objects.exists()
    assert Draft.objects.get(user=participant, key="new:abc:").data["beliefs"].startswith("xxx")
    empty = client.post(url, {"token": str(uuid.uuid4())})
    assert "Write something in at least one box" in empty.content.decode()


def test_a_double_submit_stores_one_entry(client, participant):
    client.force_login(participant)
    url = reverse("practice:new", kwargs={"code": "gratitude"})
    data = {"token": str(uuid.uuid4()), "good_things": ["sun", "tea", ""], "why": ["", "", ""]}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first["Location"] == second["Location"]
    assert Entry.objects.filter(user=participant).count() == 1
    assert Entry.objects.get().data["good_things"] == ["sun", "tea", ""]


def test_a_draft_survives_signing_out_and_back_in(client, participant):
    client.force_login(participant)
    token = str(uuid.uuid4())
    saved = client.post(
        reverse("practice:draft_save"),
        {
            "draft_key": "new:perspective:",
            "exercise": "perspective",
            "worry": "the audit",
            "token": token,
        },
    )
    assert saved.json()["saved"] is True
    client.logout()
    signed_out = client.post(
        reverse("practice:draft_save"),
        {"draft_key": "new:perspective:", "exercise": "perspective", "worry": "more"},
    )
    assert signed_out.status_code == 401
    assert signed_out.json() == {"saved": False, "reason": "signed_out"}
    client.force_login(participant)
    page = client.get(reverse("practice:new", kwargs={"code": "perspective"})).content.decode()
    assert "the audit" in page
    assert "We kept what you typed last time" in page
    # The draft kept the form's token, so submitting after signing in again still stores one.
    assert token in page
    client.post(
        reverse("practice:new", kwargs={"code": "perspective"}),
        {"token": token, "worry": "the audit"},
    )
    client.post(
        reverse("practice:new", kwargs={"code": "perspective"}),
        {"token": token, "worry": "the audit"},
    )
    assert Entry.objects.filter(user=participant).count() == 1
    assert not Draft.objects.filter(user=participant).exists()


def test_draft_keys_are_checked(client, participant):
    client.force_login(participant)
    bad = client.post(reverse("practice:draft_save"), {"draft_key": "../x", "exercise": "abc"})
    assert bad.status_code == 400
    assert not Draft.objects.exists()


def test_clearing_a_draft(client, participant):
    client.force_login(participant)
    client.post(
        reverse("practice:draft_save"),
        {"draft_key": "new:abc:", "exercise": "abc", "adversity": "typed"},
    )
    client.post(reverse("practice:draft_discard"), {"draft_key": "new:abc:", "back": "/x"})
    assert not Draft.objects.exists()


def test_thought_record_suggestions_without_javascript(client, participant):
    client.force_login(participant)
    url = reverse("practice:new", kwargs={"code": "thought_record"})
    token = str(uuid.uuid4())
    thought = "I always mess everything up, I am a total failure"
    page = client.post(url, {"token": token, "thought": thought, "do": "suggest"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "not a verdict" in html
    assert 'name="suggestion_overgeneralizing"' in html
    assert thought in html  # nothing typed is lost
    # All thirteen traps stay selectable by hand.
    assert html.count('name="traps"') == 13
    client.post(
        url,
        {
            "token": token,
            "situation": "Handover ran late",
            "thought": thought,
            "emotion": "shame",
            "intensity": "80",
            "suggested": ["overgeneralizing", "labeling"],
            "suggestion_overgeneralizing": "accepted",
            "suggestion_labeling": "dismissed",
            "traps": ["labeling", "catastrophizing"],
            "balanced_thought": "One late handover is one late handover.",
            "rerate": "40",
        },
    )
    entry = Entry.objects.get(exercise="thought_record")
    assert entry.intensity == 80 and entry.rerate == 40
    assert entry.data["traps"] == ["catastrophizing", "overgeneralizing"]
    assert entry.data["suggestions"] == [
        {"trap": "overgeneralizing", "decision": "accepted"},
        {"trap": "labeling", "decision": "dismissed"},
    ]
    detail = client.get(reverse("practice:entry", kwargs={"pk": entry.pk})).content.decode()
    assert "you said not this one" in detail
    assert "80 before, 40 after" in detail


def test_suggestion_chips_for_the_script(client, participant):
    client.force_login(participant)
    url = reverse("practice:suggest_traps")
    html = client.post(url, {"thought": "Everyone thinks I am useless"}).content.decode()
    assert "This fits" in html and "Not this one" in html
    assert "Questions that can help" in html
    assert "Write your thought" in client.post(url, {"thought": "  "}).content.decode()
    assert client.get(url).status_code == 405


def test_rating_and_numbers_are_checked(client, participant):
    client.force_login(participant)
    url = reverse("practice:new", kwargs={"code": "thought_record"})
    response = client.post(
        url, {"token": str(uuid.uuid4()), "thought": "x", "intensity": "150", "rating": "9"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "from 0 to 100" in html and "Choose from 1 to 5" in html
    assert not Entry.objects.exists()


def test_a_program_item_shows_its_intro_and_prompts_and_is_marked_done(
    client, participant, enrolment, breathing_item
):
    client.force_login(participant)
    url = reverse("practice:new", kwargs={"code": "breathing"}) + f"?item={breathing_item.pk}"
    html = client.get(url).content.decode()
    assert "Find a quiet spot" in html
    assert "How do you feel now, compared with before?" in html
    assert "about 120 seconds" in html
    response = client.post(
        url,
        {
            "token": str(uuid.uuid4()),
            "item": breathing_item.pk,
            "pattern": "slow",
            "after": "calmer",
            "rating": "5",
        },
    )
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert entry.item == breathing_item
    assert ItemProgress.objects.get(enrolment=enrolment, item=breathing_item).status == "done"


def test_an_item_of_someone_elses_program_is_ignored(client, outsider, breathing_item, enrolment):
    client.force_login(outsider)
    url = reverse("practice:new", kwargs={"code": "breathing"}) + f"?item={breathing_item.pk}"
    html = client.get(url).content.decode()
    assert "Find a quiet spot" not in html


def test_a_breathing_session_can_be_saved_with_no_text(client, participant):
    client.force_login(participant)
    html = client.get(reverse("practice:new", kwargs={"code": "breathing"})).content.decode()
    assert "data-pacer" in html and "Box breathing" in html
    client.post(
        reverse("practice:new", kwargs={"code": "breathing"}),
        {"token": str(uuid.uuid4()), "pattern": "box"},
    )
    assert Entry.objects.get().data == {"pattern": "box"}


def test_sleep_log_chart_with_a_table(client, participant):
    client.force_login(participant)
    url = reverse("practice:new", kwargs={"code": "sleep_log"})
    for night, hours, quality in [("2026-03-01", "6.5", "5"), ("2026-03-02", "7.75", "8")]:
        client.post(
            url,
            {
                "token": str(uuid.uuid4()),
                "night": night,
                "bedtime": "23:00",
                "wake": "06:30",
                "hours": hours,
                "quality": quality,
            },
        )
    html = client.get(reverse("practice:history", kwargs={"code": "sleep_log"})).content.decode()
    assert "<svg" in html and "<polyline" in html
    assert "7.75" in html and "Mon 2 Mar" in html


def test_the_exercise_list_and_links_elsewhere(client, participant):
    client.force_login(participant)
    html = client.get(reverse("practice:index")).content.decode()
    for code in EXERCISES:
        assert reverse("practice:new", kwargs={"code": code}) in html, code
    assert client.get("/practice/wheel/new/")["Location"] == "/assessments/"
    assert client.get("/practice/journal/new/")["Location"] == "/journal/"
    assert client.get("/practice/checkin/new/?item=4")["Location"] == "/practice/checkin/?item=4"
    assert client.get("/practice/nonsense/new/").status_code == 404


def test_words_of_danger_show_crisis_help_first(client, participant, org, danger_check):
    client.force_login(participant)
    client.post(
        reverse("practice:new", kwargs={"code": "abc"}),
        {"token": str(uuid.uuid4()), "beliefs": "I want to kill myself tonight"},
    )
    entry = Entry.objects.get()
    html = client.get(reverse("practice:entry", kwargs={"pk": entry.pk})).content.decode()
    assert html.index("carry this alone") < html.index("<h1>ABC")
    assert reverse("crisis") in html
    assert 'emergency number now (in the United States: <a href="tel:911">911</a>)' in html
    assert danger_check[-1]["source"] == "practice"
    assert danger_check[-1]["organisation"] == org
    # Shown once, on the page right after saving.
    again = client.get(reverse("practice:entry", kwargs={"pk": entry.pk})).content.decode()
    assert "carry this alone" not in again


def test_calm_words_show_no_crisis_box(client, participant, danger_check):
    client.force_login(participant)
    response = client.post(
        reverse("practice:new", kwargs={"code": "abc"}),
        {"token": str(uuid.uuid4()), "beliefs": "a slow day"},
        follow=True,
    )
    assert "carry this alone" not in response.content.decode()
    assert len(danger_check) == 1


def test_deleting_one_entry_for_good(client, participant):
    client.force_login(participant)
    client.post(
        reverse("practice:new", kwargs={"code": "abc"}),
        {"token": str(uuid.uuid4()), "adversity": "x"},
    )
    entry = Entry.objects.get()
    url = reverse("practice:delete", kwargs={"pk": entry.pk})
    assert "gone for good" in client.get(url).content.decode()
    assert client.post(url)["Location"] == reverse("practice:history", kwargs={"code": "abc"})
    assert not Entry.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_id=str(entry.pk)).exists()


# -- check-in ---------------------------------------------------------------------------------


def checkin(client, token=None, **extra):
    data = {
        "mood": "7",
        "stress": "3",
        "energy": "6",
        "sleep": "5",
        "token": token or str(uuid.uuid4()),
    }
    data.update(extra)
    return client.post(reverse("practice:checkin"), data)


def test_a_check_in_on_one_screen_stored_once(client, participant):
    client.force_login(participant)
    page = client.get(reverse("practice:checkin")).content.decode()
    assert page.count('type="radio"') == 44
    assert "Drained" in page and "used up, with little left to give" in page
    token = str(uuid.uuid4())
    assert checkin(client, token, words=["drained", "hopeful", "not-a-word"]).status_code == 302
    assert checkin(client, token, words=["drained"]).status_code == 302
    response = Response.objects.get(user=participant, instrument="checkin")
    assert response.subscales == {"mood": 7, "stress": 3, "energy": 6, "sleep": 5}
    assert CheckinWords.objects.get(response=response).word_list == ["hopeful", "drained"]


def test_a_check_in_needs_all_four_numbers(client, participant):
    client.force_login(participant)
    response = client.post(
        reverse("practice:checkin"), {"mood": "7", "token": str(uuid.uuid4()), "words": ["tired"]}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please choose a number" in html
    assert 'value="7" checked' in html and 'value="tired" checked' in html
    assert not Response.objects.exists()


def test_check_in_trend_chart_and_table(client, participant, django_assert_max_num_queries):
    client.force_login(participant)
    for mood in ("3", "5", "8"):
        checkin(client, mood=mood, words=["tired"])
    with django_assert_max_num_queries(8):
        html = client.get(reverse("practice:checkin_trend")).content.decode()
    assert html.count("<polyline") == 4
    assert "<table" in html and "Tired" in html and "short of energy" in html


def test_deleting_one_check_in(client, participant, peer):
    client.force_login(participant)
    checkin(client)
    response = Response.objects.get()
    url = reverse("practice:checkin_delete", kwargs={"pk": response.pk})
    client.force_login(peer)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    client.force_login(participant)
    assert client.get(url).status_code == 200
    client.post(url)
    assert not Response.objects.exists() and not CheckinWords.objects.exists()


# -- export and deletion ----------------------------------------------------------------------


def fill(client, participant, peer):
    client.force_login(participant)
    client.post(
        reverse("practice:new", kwargs={"code": "gratitude"}),
        {"token": str(uuid.uuid4()), "good_things": ["A quiet lunch", "", ""]},
    )
    checkin(client, words=["calm-not-listed", "content"])
    client.post(
        reverse("practice:goal_new"),
        {
            "token": str(uuid.uuid4()),
            "what": "Walk after shifts",
            "steps": "Shoes\nGo",
            "partner": peer.pk,
        },
    )
    goal = Goal.objects.get()
    client.post(
        reverse("practice:goal_progress", kwargs={"pk": goal.pk}),
        {"steps_done": ["0"], "note": "Found my shoes"},
    )


def test_export_json_has_everything_written(client, participant, peer, enrolment):
    fill(client, participant, peer)
    response = client.get(reverse("practice:export_json"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["entries"][0]["answers"]["good_things"][0] == "A quiet lunch"
    assert data["checkins"][0]["emotion_words"] == ["content"]
    goal = data["goals"][0]
    assert goal["answers"]["what"] == "Walk after shifts"
    assert goal["percent"] == 50
    assert goal["updates"][0]["answers"]["note"] == "Found my shoes"
    assert AuditEvent.objects.filter(action="export", object_type="practice.all").exists()


def test_export_page_is_readable(
    client, participant, peer, enrolment, django_assert_max_num_queries
):
    fill(client, participant, peer)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("practice:export_html")).content.decode()
    for text in ("A quiet lunch", "Walk after shifts", "Found my shoes", "What went well today?"):
        assert text in html


def test_deleting_all_practice(client, participant, peer, enrolment):
    fill(client, participant, peer)
    client.force_login(peer)
    client.post(
        reverse("practice:goal_new"),
        {"token": str(uuid.uuid4()), "what": "Peer goal", "partner": participant.pk},
    )
    client.force_login(participant)
    assert client.post(reverse("practice:delete_all")).status_code == 302
    assert Entry.objects.filter(user=participant).exists()  # not without the tick
    client.post(reverse("practice:delete_all"), {"confirm": "delete"})
    assert not Entry.objects.filter(user=participant).exists()
    assert not Goal.objects.filter(user=participant).exists()
    assert not Response.objects.filter(user=participant).exists()
    assert not Draft.objects.filter(user=participant).exists()
    peer_goal = Goal.objects.get(user=peer)
    assert peer_goal.partner is None


def test_pages_need_sign_in(client):
    for url in ("/practice/", "/practice/abc/new/", "/practice/export.json", "/practice/goals/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_query_counts_stay_fixed(client, participant, django_assert_max_num_queries):
    client.force_login(participant)
    url = reverse("practice:new", kwargs={"code": "abc"})
    for n in range(12):
        client.post(url, {"token": str(uuid.uuid4()), "adversity": f"day {n}"})
    for page in ("/practice/", "/practice/abc/", "/practice/abc/new/"):
        with django_assert_max_num_queries(8):
            assert client.get(page).status_code == 200

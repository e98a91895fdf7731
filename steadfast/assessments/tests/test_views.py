"""Taking a questionnaire through the pages, results, export and the facilitator's view."""

import json

import pytest
from django.urls import reverse

from steadfast.assessments import services
from steadfast.assessments.models import Draft, Response

pytestmark = pytest.mark.django_db


def take(client, code, values):
    response = client.post(reverse("assessments:start", kwargs={"code": code}))
    assert response.status_code == 302
    draft = Draft.objects.get(instrument=code)
    for position, value in enumerate(values, start=1):
        url = reverse("assessments:question", kwargs={"token": draft.token, "position": position})
        assert client.post(url, {"answer": value}).status_code == 302
    return draft


def test_a_participant_takes_the_phq9_and_sees_crisis_help_first(client, participant):
    client.force_login(participant)
    draft = take(client, "phq9", [0, 1, 0, 1, 0, 0, 0, 0, 1])
    review = reverse("assessments:review", kwargs={"token": draft.token})
    page = client.get(review)
    assert "Check your answers" in page.content.decode()
    result = client.post(review, follow=True)
    html = result.content.decode()
    assert html.index("have to carry this alone") < html.index("Your PHQ-9 result")
    assert reverse("crisis") in html
    assert "minimal" in html
    # Submitting again (back button, double click) shows the same single response.
    again = client.post(review)
    assert again.status_code == 302
    assert Response.objects.count() == 1


def test_no_crisis_box_without_a_reason(client, participant):
    client.force_login(participant)
    draft = take(client, "gad7", [1, 0, 1, 0, 1, 0, 0])
    html = client.post(
        reverse("assessments:review", kwargs={"token": draft.token}), follow=True
    ).content.decode()
    assert "carry this alone" not in html
    assert "minimal" in html
    assert "What this does and does not mean" in html


def test_a_question_page_shows_progress_and_rejects_a_missing_answer(client, participant):
    client.force_login(participant)
    client.post(reverse("assessments:start", kwargs={"code": "who5"}))
    draft = Draft.objects.get()
    url = reverse("assessments:question", kwargs={"token": draft.token, "position": 2})
    page = client.get(url)
    html = page.content.decode()
    assert "Question 2 of 5" in html
    assert "I have felt calm and relaxed." in html
    assert "Over the last two weeks" in html
    bad = client.post(url, {"answer": "9"})
    assert bad.status_code == 400
    assert "Please choose one of the answers" in bad.content.decode()


def test_starting_again_resumes_at_the_next_question(client, participant):
    client.force_login(participant)
    draft = take(client, "phq9", [1, 1, 1])
    response = client.post(reverse("assessments:start", kwargs={"code": "phq9"}))
    assert response.url == reverse(
        "assessments:question", kwargs={"token": draft.token, "position": 4}
    )


def test_other_peoples_drafts_and_results_are_404(client, participant, facilitator):
    client.force_login(participant)
    draft = take(client, "gad2", [1, 1])
    client.post(reverse("assessments:review", kwargs={"token": draft.token}))
    result = Response.objects.get()
    client.force_login(facilitator)
    assert client.get(reverse("assessments:result", kwargs={"pk": result.pk})).status_code == 404
    other = services.draft_start(user=participant, instrument="phq2")
    assert (
        client.get(
            reverse("assessments:question", kwargs={"token": other.token, "position": 1})
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("assessments:review", kwargs={"token": other.token})).status_code == 404
    )


def test_instruments_without_licensed_items_cannot_be_started(client, participant):
    client.force_login(participant)
    assert client.post(reverse("assessments:start", kwargs={"code": "brs"})).status_code == 404
    assert client.post(reverse("assessments:start", kwargs={"code": "nope"})).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("assessments:index"))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_progress_page_and_export(client, participant):
    client.force_login(participant)
    for values in ([2, 2, 2, 2, 2, 2, 2], [0, 0, 0, 0, 1, 0, 0]):
        draft = take(client, "gad7", values)
        client.post(reverse("assessments:review", kwargs={"token": draft.token}))
    html = client.get(reverse("assessments:progress", kwargs={"code": "gad7"})).content.decode()
    assert "<svg" in html
    assert "Reliably better" in html
    exported = client.get(reverse("assessments:export"))
    assert exported["Content-Disposition"].startswith("attachment")
    rows = json.loads(exported.content)["responses"]
    assert [r["total"] for r in rows] == [14, 1]
    assert rows[0]["answers"] == [2.0] * 7


# Which participants a facilitator sees (cohort members who consented), its audit and its
# query count are tested with cohorts: steadfast/cohorts/tests/test_shared_measures.py.

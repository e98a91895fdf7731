"""Risk is acted on when it is given, not when the questionnaire is sent: a self-harm answer
shows crisis help on the very next screen and raises the alert at once, and sending the
answers later adds no second alert."""

import pytest
from django.core import mail
from django.urls import reverse

from steadfast.assessments.models import Draft, Response
from steadfast.safety import services
from steadfast.safety.models import Alert, AlertRule

pytestmark = pytest.mark.django_db

HELP = "have to carry this alone"


def answer(client, draft, position, value):
    url = reverse("assessments:question", kwargs={"token": draft.token, "position": position})
    return client.post(url, {"answer": value})


def start_phq9(client):
    client.post(reverse("assessments:start", kwargs={"code": "phq9"}))
    return Draft.objects.get(instrument="phq9")


def answer_all(client, draft, item9):
    for position, value in enumerate([0, 1, 0, 1, 0, 0, 0, 0, item9], start=1):
        assert answer(client, draft, position, value).status_code == 302


def test_leaving_after_a_self_harm_answer_still_raises_the_alert_and_shows_help(
    client, consented, named, facilitator, run_worker, django_capture_on_commit_callbacks
):
    client.force_login(consented)
    draft = start_phq9(client)
    with django_capture_on_commit_callbacks(execute=True):
        answer_all(client, draft, item9=1)
    # The person has not sent anything: the alert is already there, for the named responder.
    assert Response.objects.count() == 0
    alert = Alert.objects.get()
    assert (alert.rule, alert.person, alert.assigned_to) == (
        AlertRule.SELF_HARM,
        consented,
        facilitator,
    )
    assert alert.source_token == draft.token
    # The very next screen (the review page) shows crisis help, without any script.
    review = client.get(reverse("assessments:review", kwargs={"token": draft.token}))
    html = review.content.decode()
    assert html.index(HELP) < html.index("<ol")
    assert reverse("crisis") in html
    # The person leaves here; the worker tells the responder.
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()
    assert [m.to for m in mail.outbox] == [[facilitator.email]]


def test_sending_the_answers_later_adds_no_second_alert_even_after_it_was_resolved(
    client, consented, named, facilitator
):
    client.force_login(consented)
    draft = start_phq9(client)
    answer_all(client, draft, item9=2)
    first = Alert.objects.get()
    services.alert_resolve(alert=first, by=facilitator, note="Spoke with them; safe tonight.")
    # Changing another answer and then sending the questionnaire: still the one alert.
    assert answer(client, draft, 2, 0).status_code == 302
    sent = client.post(reverse("assessments:review", kwargs={"token": draft.token}), follow=True)
    assert HELP in sent.content.decode()
    assert Response.objects.get().token == draft.token
    assert Alert.objects.count() == 1


def test_help_shows_even_without_consent_to_alerts_but_no_one_is_told(client, participant, named):
    client.force_login(participant)
    draft = start_phq9(client)
    answer_all(client, draft, item9=1)
    html = client.get(reverse("assessments:review", kwargs={"token": draft.token})).content
    assert HELP in html.decode()
    assert Alert.objects.count() == 0


def test_no_help_and_no_alert_without_a_self_harm_answer(client, consented, named):
    client.force_login(consented)
    draft = start_phq9(client)
    for position in range(1, 9):
        page = answer(client, draft, position, 1)
        assert HELP not in client.get(page.url).content.decode()
    answer(client, draft, 9, 0)
    html = client.get(reverse("assessments:review", kwargs={"token": draft.token})).content
    assert HELP not in html.decode()
    assert Alert.objects.count() == 0


def test_an_answer_that_cannot_be_screened_is_not_saved(client, consented, named, monkeypatch):
    client.force_login(consented)
    draft = start_phq9(client)

    def broken(*args, **kwargs):
        raise RuntimeError("rules store unreachable")

    monkeypatch.setattr("steadfast.safety.services.rules_for", broken)
    page = answer(client, draft, 1, 2)
    assert page.status_code == 503
    assert "not saved" in page.content.decode()
    draft.refresh_from_db()
    assert draft.answers == "{}"


def test_answers_that_cannot_be_screened_are_not_sent(client, consented, named, monkeypatch):
    client.force_login(consented)
    draft = start_phq9(client)
    answer_all(client, draft, item9=0)
    monkeypatch.setattr(
        "steadfast.safety.services.trend_for",
        lambda **kwargs: (_ for _ in ()).throw(RuntimeError("down")),
    )
    page = client.post(reverse("assessments:review", kwargs={"token": draft.token}))
    assert page.status_code == 503
    assert "were not sent" in page.content.decode()
    assert Response.objects.count() == 0
    assert Draft.objects.filter(pk=draft.pk).exists()

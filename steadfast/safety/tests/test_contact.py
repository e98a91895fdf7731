"""The ways a person agreed a responder may use to reach them: given on the consent page,
shown on their alert to the named responder only, encrypted, exported and erased with their
data."""

import pytest
from django.db import connection
from django.urls import reverse

from steadfast.core.personal_data import erase_all, export_all
from steadfast.safety import services
from steadfast.safety.models import AlertRule, SafetyContact

pytestmark = pytest.mark.django_db

PHONE = "+1 312 555 0142"


def consent_url(org):
    return reverse("consent", kwargs={"slug": org.slug})


def save_contact(client, org, phone=PHONE, note="Text me first, please."):
    return client.post(consent_url(org), {"form": "contact", "phone": phone, "note": note})


def test_a_participant_adds_a_phone_and_the_responder_sees_it_on_their_alert(
    client, consented, named, org, facilitator, lead
):
    client.force_login(consented)
    page = client.get(consent_url(org)).content.decode()
    assert "How a responder can reach you" in page
    assert save_contact(client, org).status_code == 302
    alert = services.alert_raise(
        person=consented,
        organisation=org,
        rule=AlertRule.SELF_HARM,
        deadline_hours=1,
        rules_version="2026.1",
        instrument="phq9",
    )
    url = reverse("safety_org:alert", kwargs={"slug": org.slug, "pk": alert.pk})
    client.force_login(facilitator)
    html = client.get(url).content.decode()
    assert 'href="tel:+13125550142"' in html
    assert "Text me first, please." in html
    # Stored encrypted: the number is not in the table as written.
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM safety_safetycontact")
        (stored,) = cursor.fetchone()
    assert PHONE not in stored and "5550142" not in stored
    client.force_login(lead)
    assert client.get(url).status_code in (403, 404)


def test_the_form_only_shows_once_the_person_agreed_to_alerts(client, participant, org, named):
    client.force_login(participant)
    assert "How a responder can reach you" not in client.get(consent_url(org)).content.decode()


@pytest.mark.parametrize("phone", ["call me maybe", "12", "+1 312 555 0142 ext\x00 9", "9" * 20])
def test_a_phone_that_is_not_a_number_is_refused_and_nothing_is_kept(
    client, consented, org, named, phone
):
    client.force_login(consented)
    response = save_contact(client, org, phone=phone)
    assert response.status_code == 400
    assert SafetyContact.objects.count() == 0


def test_clearing_both_removes_the_contact(client, consented, org, named):
    client.force_login(consented)
    save_contact(client, org)
    assert SafetyContact.objects.count() == 1
    save_contact(client, org, phone="", note="")
    assert SafetyContact.objects.count() == 0


def test_my_data_exports_and_erases_the_contact(client, consented, org, named):
    client.force_login(consented)
    save_contact(client, org)
    exported = export_all(user=consented)
    assert exported["safety"]["contacts"] == [
        {"organisation": org.name, "phone": PHONE, "note": "Text me first, please."}
    ]
    erase_all(user=consented)
    assert SafetyContact.objects.count() == 0

"""Pages: the crisis page for everyone, alerts for named responders only (audited), the setup
for administrators. Every page with the right role, a wrong role and an outsider."""

import re

import pytest
from django.urls import reverse

from steadfast.core.countries import country_choices
from steadfast.core.models import AuditEvent
from steadfast.safety import services
from steadfast.safety.models import (
    Alert,
    AlertRule,
    AlertState,
    CrisisLine,
    OrganisationLine,
    SafetySetup,
)

pytestmark = pytest.mark.django_db


# Crisis page ------------------------------------------------------------------------------


def test_crisis_page_signed_out_shows_the_us_by_default(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get(reverse("crisis"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="tel:988"' in html
    assert "Veterans Crisis Line" in html and "838255" in html
    assert 'href="tel:911"' in html
    assert "Showing numbers for the United States." in html
    assert "What to do right now" in html
    assert "<script" not in html  # nothing needs JavaScript


@pytest.mark.parametrize(
    ("code", "numbers"),
    [
        ("GB", ["tel:116123", "85258", "SHOUT", "tel:999", "tel:112", "NHS 111", "tel:111"]),
        ("IE", ["tel:116123", "50808", "tel:112", "tel:999"]),
        ("CA", ["tel:988", "tel:911"]),
        ("AU", ["tel:131114", "tel:000", "Beyond Blue", "tel:1300224636"]),
        ("NZ", ["tel:1737", "sms:1737", "tel:0800543354", "tel:111"]),
    ],
)
def test_the_country_switcher_shows_each_countrys_numbers(client, code, numbers):
    html = client.get(reverse("crisis"), {"country": code}).content.decode()
    for number in numbers:
        assert number in html, (code, number)
    assert f'href="?country={code}" aria-current="page"' in html
    assert f'<option value="{code}" selected>' in html


def test_988_is_shown_only_for_the_united_states_and_canada(client):
    for code, _ in country_choices():
        html = client.get(reverse("crisis"), {"country": code}).content.decode()
        assert ("988" in html) == (code in {"US", "CA"}), code


def test_germany_shows_112_and_no_us_numbers(client):
    html = client.get(reverse("crisis"), {"country": "de"}).content.decode()
    assert 'href="tel:112"' in html and 'href="tel:110"' in html and "for the police" in html
    assert "Showing numbers for Germany." in html
    assert "911" not in html and "988" not in html
    words = re.sub(r"<[^>]+>", " ", html)
    assert not re.search(r"\bDE\b", words)  # the country's name on the page, never its code


def test_a_country_without_a_crisis_line_shows_its_emergency_number_and_guidance(client):
    html = client.get(reverse("crisis"), {"country": "FR"}).content.decode()
    assert 'Call <a href="tel:112">112</a>, <a href="tel:15">15</a> for an ambulance' in html
    assert "We don't list a crisis line for France yet." in html
    assert "go to the nearest hospital emergency department" in html
    assert "Tell someone you trust" in html
    assert "Samaritans" not in html and "Lifeline" not in html and "988" not in html


def test_a_place_with_no_number_we_could_check_says_so_and_what_to_do(client):
    html = client.get(reverse("crisis"), {"country": "GN"}).content.decode()
    assert "We don't know an emergency number for Guinea that we could check." in html
    assert "Go to the nearest hospital emergency department" in html
    assert 'href="tel:' not in html


def test_the_switcher_lists_every_country_by_name_and_works_without_javascript(client):
    html = client.get(reverse("crisis")).content.decode()
    form = html.split('<form method="get" action="/crisis/">', 1)[1].split("</form>", 1)[0]
    options = form.count("<option ")
    assert options == len(country_choices()) >= 249
    assert '<option value="DE">Germany</option>' in form
    assert '<option value="GB">United Kingdom</option>' in form
    assert '<button type="submit">Go</button>' in form and 'name="country"' in form


def test_an_unknown_country_falls_back_to_the_default_and_says_so(client):
    html = client.get(reverse("crisis"), {"country": "ZZ"}).content.decode()
    assert (
        "We don't have numbers for the country asked for, so this page shows numbers for "
        "the United States." in html
    )
    assert 'href="tel:911"' in html


def test_signed_in_people_see_their_organisations_country_and_its_own_line(
    client, participant, org, django_assert_max_num_queries
):
    org.country = "GB"
    org.save()
    OrganisationLine.objects.create(
        organisation=org, name="Staff support line", call="0800 123 456"
    )
    client.force_login(participant)
    with django_assert_max_num_queries(9):  # 3 of them save the session
        html = client.get(reverse("crisis")).content.decode()
    assert f"Showing numbers for the United Kingdom, where {org.name} is." in html
    assert "Staff support line" in html and 'href="tel:0800123456"' in html


def test_a_person_in_a_german_organisation_sees_112_and_their_own_line(client, participant, org):
    org.country = "DE"
    org.save()
    OrganisationLine.objects.create(organisation=org, name="Mitarbeiterhilfe", call="0800 1")
    client.force_login(participant)
    html = client.get(reverse("crisis")).content.decode()
    assert f"Showing numbers for Germany, where {org.name} is." in html
    assert 'href="tel:112"' in html and "Mitarbeiterhilfe" in html
    assert "911" not in html and "988" not in html
    assert "We don't list a crisis line for Germany yet." in html


def test_a_country_chosen_on_the_page_wins_over_the_organisations(client, participant, org):
    org.country = "DE"
    org.save()
    client.force_login(participant)
    html = client.get(reverse("crisis"), {"country": "AU"}).content.decode()
    assert "Showing numbers for Australia." in html and 'href="tel:000"' in html
    assert 'href="tel:112"' not in html


def test_an_organisation_country_we_do_not_know_falls_back_and_says_so(client, participant, org):
    org.country = "UK"  # stored before the list was enforced
    org.save()
    client.force_login(participant)
    html = client.get(reverse("crisis")).content.decode()
    assert "We don't have numbers for the country asked for" in html
    assert "Showing numbers for the United States" not in html


def test_another_organisations_line_is_not_shown(client, outsider, org):
    OrganisationLine.objects.create(organisation=org, name="Northside EAP", call="0800 1")
    client.force_login(outsider)
    assert "Northside EAP" not in client.get(reverse("crisis")).content.decode()


def test_every_crisis_line_carries_the_date_it_was_checked_and_how():
    lines = list(CrisisLine.objects.all())
    assert {line.country for line in lines} == {"US", "GB", "IE", "CA", "AU", "NZ"}
    for line in lines:
        assert line.checked_on and "Re-check" in line.check_note, line.name


# Alerts ---------------------------------------------------------------------------------------


@pytest.fixture
def alert(consented, org, named):
    return services.alert_raise(
        person=consented,
        organisation=org,
        rule=AlertRule.SELF_HARM,
        deadline_hours=1,
        rules_version="2026.1",
        instrument="phq9",
    )


def alerts_url(org):
    return reverse("safety_org:alerts", kwargs={"slug": org.slug})


def alert_url(alert):
    return reverse("safety_org:alert", kwargs={"slug": alert.organisation.slug, "pk": alert.pk})


def test_the_named_responder_sees_the_list_and_each_listing_is_audited(
    client, facilitator, alert, django_assert_max_num_queries
):
    client.force_login(facilitator)
    with django_assert_max_num_queries(12):
        response = client.get(alerts_url(alert.organisation))
    html = response.content.decode()
    assert response.status_code == 200
    assert alert.person.full_name in html
    assert "thoughts of self-harm" in html
    assert AuditEvent.objects.filter(
        actor=facilitator, action="read", object_type="safety.alert", object_id=str(alert.pk)
    ).exists()


def test_the_backup_sees_alerts_too(client, administrator, alert):
    client.force_login(administrator)
    assert client.get(alert_url(alert)).status_code == 200


def test_the_alert_page_shows_how_to_reach_them_and_no_answers(client, facilitator, alert):
    client.force_login(facilitator)
    html = client.get(alert_url(alert)).content.decode()
    assert alert.person.email in html
    assert "Several days" not in html and "Thoughts that you would be better off" not in html
    event = AuditEvent.objects.get(actor=facilitator, object_id=str(alert.pk), detail="viewed")
    assert event.action == "read"


def test_a_lead_never_sees_alerts(client, lead, alert):
    client.force_login(lead)
    assert client.get(alerts_url(alert.organisation)).status_code == 403
    response = client.get(alert_url(alert))
    assert response.status_code == 403
    assert alert.person.email not in response.content.decode()


def test_an_unnamed_facilitator_is_told_who_responds_and_sees_no_alert(
    client, second_facilitator, facilitator, alert
):
    client.force_login(second_facilitator)
    listing = client.get(alerts_url(alert.organisation))
    assert listing.status_code == 200
    assert f"Alerts about people who may be at risk go to {facilitator.full_name}" in listing.text
    assert alert.person.full_name not in listing.text
    assert client.get(alert_url(alert)).status_code == 404
    assert not AuditEvent.objects.filter(actor=second_facilitator, action="read").exists()


def test_without_a_named_responder_an_administrator_is_asked_to_name_one(
    client, administrator, org
):
    client.force_login(administrator)
    page = client.get(alerts_url(org))
    assert page.status_code == 200
    assert "has not named anyone to respond" in page.text
    assert reverse("safety_org:setup", kwargs={"slug": org.slug}) in page.text


def test_an_outsider_gets_not_found(client, outsider, alert):
    client.force_login(outsider)
    assert client.get(alert_url(alert)).status_code == 404
    assert client.get(alerts_url(alert.organisation)).status_code == 404


def test_a_participant_gets_forbidden_and_sees_nothing(client, consented, alert):
    client.force_login(consented)
    assert client.get(alert_url(alert)).status_code == 403


def test_signed_out_goes_to_sign_in(client, alert):
    response = client.get(alert_url(alert))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_acknowledge_then_resolve_with_a_note(client, facilitator, alert):
    client.force_login(facilitator)
    client.post(alert_url(alert), {"action": "acknowledge"})
    alert.refresh_from_db()
    assert alert.state == AlertState.ACKNOWLEDGED and alert.acknowledged_by == facilitator
    response = client.post(alert_url(alert), {"action": "resolve", "note": ""})
    assert response.status_code == 400
    client.post(alert_url(alert), {"action": "resolve", "note": "Phoned; they are safe."})
    alert.refresh_from_db()
    assert alert.state == AlertState.RESOLVED
    assert "Phoned; they are safe." in client.get(alert_url(alert)).content.decode()
    assert AuditEvent.objects.filter(object_id=str(alert.pk), detail="resolved").count() == 1


def test_another_organisations_alert_is_not_found_for_a_named_responder(
    client, facilitator, alert, other_org, outsider
):
    SafetySetup.objects.create(organisation=other_org, responder=None)
    other = Alert.objects.create(
        organisation=other_org,
        person=outsider,
        rule=AlertRule.SEVERE,
        rules_version="2026.1",
        raised_at=alert.raised_at,
        deadline_at=alert.deadline_at,
    )
    client.force_login(facilitator)
    url = reverse("safety_org:alert", kwargs={"slug": alert.organisation.slug, "pk": other.pk})
    assert client.get(url).status_code == 404


# Setup ----------------------------------------------------------------------------------------


def setup_url(org):
    return reverse("safety_org:setup", kwargs={"slug": org.slug})


def test_an_administrator_names_responders_and_tightens_the_rules(
    client, administrator, facilitator, org
):
    client.force_login(administrator)
    assert client.get(setup_url(org)).status_code == 200
    response = client.post(
        setup_url(org),
        {
            "form": "setup",
            "responder": facilitator.pk,
            "backup": administrator.pk,
            "hours": "weekdays 8am to 6pm",
            "severe_phq9": "18",
            "persistent_alert": "on",
        },
    )
    assert response.status_code == 302
    setup = SafetySetup.objects.get(organisation=org)
    assert (setup.responder, setup.backup) == (facilitator, administrator)
    assert setup.policy == {"severe.phq9": 18, "persistent_alert": True}


def test_a_looser_rule_is_refused_with_a_clear_error(client, administrator, facilitator, org):
    client.force_login(administrator)
    response = client.post(
        setup_url(org), {"form": "setup", "responder": facilitator.pk, "severe_gad7": "16"}
    )
    assert response.status_code == 400
    assert "can be 15 or lower, not 16" in response.content.decode()
    assert not SafetySetup.objects.exists()


def test_an_administrator_adds_and_removes_an_employee_assistance_line(client, administrator, org):
    client.force_login(administrator)
    client.post(
        setup_url(org),
        {"form": "line", "name": "Employee assistance", "call": "0800 222 333", "hours": "24/7"},
    )
    line = OrganisationLine.objects.get(organisation=org)
    client.post(setup_url(org), {"form": "line_remove", "pk": line.pk})
    assert not OrganisationLine.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"), [("lead", 403), ("facilitator", 403), ("outsider", 404)]
)
def test_only_administrators_open_the_setup(client, org, request, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(setup_url(org)).status_code == status


# Partials ---------------------------------------------------------------------------------------


def test_who_is_told_names_the_responders_and_says_nobody_watches(named, org):
    from django.template.loader import render_to_string

    from steadfast.safety.selectors import responders_for

    html = render_to_string("safety/_who_is_told.html", {"responders": responders_for(org)})
    assert named.responder.full_name in html and named.backup.full_name in html
    assert "Nobody watches your answers as you give them" in html
    assert "weekdays 8 to 6" in html


def test_who_is_told_without_responders_says_nobody_will_be_told(org):
    from django.template.loader import render_to_string

    from steadfast.safety.selectors import responders_for

    html = render_to_string("safety/_who_is_told.html", {"responders": responders_for(org)})
    assert "has not named anyone" in html


def test_advice_partial_is_empty_without_advice_and_kind_with_it(participant):
    from django.template.loader import render_to_string

    from steadfast.safety.selectors import Advice

    assert render_to_string("safety/_advice.html", {"advice": None}).strip() == ""
    html = render_to_string(
        "safety/_advice.html", {"advice": Advice("checkin_stress", "checkin", [])}
    )
    assert "talk to someone" in html and "/crisis/" in html


def test_the_alert_list_runs_a_fixed_number_of_queries(
    client, facilitator, org, named, django_assert_max_num_queries
):
    from steadfast.accounts.tests.factories import UserFactory

    client.force_login(facilitator)
    for _ in range(6):
        person = UserFactory()
        services.alert_raise(
            person=person,
            organisation=org,
            rule=AlertRule.SEVERE,
            deadline_hours=24,
            rules_version="2026.1",
        )
    with django_assert_max_num_queries(12):
        response = client.get(alerts_url(org))
    assert response.content.decode().count("A high score that needs a follow-up soon") == 6


def test_the_alert_page_says_whether_the_responder_was_emailed(client, facilitator, alert):
    """A failed email is retried by the worker; until one goes out, the page says so."""
    client.force_login(facilitator)
    assert "not sent yet" in client.get(alert_url(alert)).content.decode()
    assert services.alert_notify(alert_id=alert.pk) is True
    html = client.get(alert_url(alert)).content.decode()
    assert "not sent yet" not in html
    assert "Email to Fay Facilitator</dt><dd>sent " in html

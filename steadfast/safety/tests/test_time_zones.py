"""Alert deadlines are read in the responder's zone: on the page (the zone each request
activates, accounts.middleware.PersonZoneMiddleware) and in the email sent by the worker,
which has no request and so names the zone itself."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from steadfast.safety import services
from steadfast.safety.models import AlertRule

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 4, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def chicago(org):
    org.time_zone = "America/Chicago"
    org.save()
    return org


def raise_alert(person, org):
    return services.alert_raise(
        person=person,
        organisation=org,
        rule=AlertRule.SELF_HARM,
        deadline_hours=1,
        rules_version="2026.1",
        instrument="phq9",
    )


@time_machine.travel(NOW, tick=False)
def test_the_alert_page_shows_the_deadline_in_the_organisations_zone(
    client, chicago, consented, named, facilitator
):
    alert = raise_alert(consented, chicago)
    client.force_login(facilitator)
    url = reverse("safety_org:alert", kwargs={"slug": chicago.slug, "pk": alert.pk})
    html = client.get(url).content.decode()
    # 16:00 UTC is 10:00 in Chicago in December.
    assert "4 Dec 2026, 10:00 CST" in html
    assert "16:00" not in html
    alerts = client.get(reverse("safety_org:alerts", kwargs={"slug": chicago.slug}))
    assert "4 Dec 2026, 10:00" in alerts.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_responders_own_zone_comes_before_the_organisations(
    client, chicago, consented, named, facilitator
):
    facilitator.time_zone = "Europe/Berlin"
    facilitator.save()
    alert = raise_alert(consented, chicago)
    client.force_login(facilitator)
    url = reverse("safety_org:alert", kwargs={"slug": chicago.slug, "pk": alert.pk})
    assert "4 Dec 2026, 17:00 CET" in client.get(url).content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_alert_email_gives_the_deadline_in_the_responders_zone(
    chicago, consented, named, facilitator
):
    alert = raise_alert(consented, chicago)
    assert services.alert_notify(alert_id=alert.pk) is True
    (email,) = mail.outbox
    assert "by 2026-12-04 10:00 (CST)" in email.body


@time_machine.travel(NOW, tick=False)
def test_the_zone_costs_the_page_no_query_of_its_own(
    client, chicago, consented, named, facilitator
):
    """The person is loaded with their organisation's zone in the same query
    (accounts.backends.PersonBackend), so a person without a zone of their own costs the page
    no more queries than one with it."""
    alert = raise_alert(consented, chicago)
    client.force_login(facilitator)
    url = reverse("safety_org:alert", kwargs={"slug": chicago.slug, "pk": alert.pk})
    client.get(url)
    facilitator.time_zone = "Europe/Berlin"
    facilitator.save()
    with CaptureQueriesContext(connection) as own:
        client.get(url)
    facilitator.time_zone = ""
    facilitator.save()
    with CaptureQueriesContext(connection) as organisations:
        html = client.get(url).content.decode()
    assert "10:00 CST" in html
    assert len(organisations.captured_queries) == len(own.captured_queries)

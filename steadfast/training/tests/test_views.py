"""Every training page against the right role, a wrong role and an outsider; the public form;
triage for the service's staff; seats and debriefs kept to their organisation; the old
addresses under /cohorts/ answering with a permanent redirect."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from steadfast.accounts.tests.factories import UserFactory
from steadfast.organisations.models import Membership, Team
from steadfast.organisations.permissions import can
from steadfast.organisations.tests.factories import MembershipFactory
from steadfast.training import services
from steadfast.training.models import RegionalTraining, SeatAllocation, TrainingRequest

pytestmark = pytest.mark.django_db

ROLES = ["participant", "facilitator", "lead", "administrator", "champion", "outsider"]
LEADS = [403, 403, 200, 200, 403, 404]
LEADS_AND_CHAMPIONS = [403, 403, 200, 200, 200, 404]
MATRIX = [
    ("request", LEADS),
    ("seats", LEADS),
    ("debriefs", LEADS_AND_CHAMPIONS),
    ("debrief", LEADS_AND_CHAMPIONS),
]

PUBLIC = {
    "organisation_name": "Hill Clinic",
    "staff_roles": "nurses",
    "headcount": "12",
    "preferred_format": "online",
    "preferred_dates": "June",
    "contact_name": "Pat",
    "contact_email": "pat@example.org",
}


@pytest.fixture
def champion(org):
    user = UserFactory(full_name="Cam Champion")
    MembershipFactory(user=user, organisation=org, role="champion")
    return user


@pytest.fixture
def debrief(org, lead, facilitator):
    return services.debrief_schedule(
        organisation=org,
        title="After the fire",
        local_date=dt.date(2026, 4, 1),
        local_time=dt.time(10),
        runner=facilitator,
        actor=lead,
    )


def url(name, org, debrief):
    kwargs = {"slug": org.slug}
    if name == "debrief":
        kwargs["pk"] = debrief.pk
    return reverse(f"training_org:{name}", kwargs=kwargs)


@pytest.mark.parametrize(("name", "expected"), MATRIX)
@pytest.mark.parametrize("role_index", range(len(ROLES)))
def test_role_matrix(client, request, org, debrief, name, expected, role_index):
    client.force_login(request.getfixturevalue(ROLES[role_index]))
    assert client.get(url(name, org, debrief)).status_code == expected[role_index]


@pytest.mark.parametrize(("name", "_"), MATRIX)
def test_pages_need_sign_in(client, org, debrief, name, _):
    response = client.get(url(name, org, debrief))
    assert response.status_code == 302 and "/accounts/login/" in response.url


# -- the public form and triage ---------------------------------------------------------------


def test_the_public_form_works_signed_out_and_is_rate_limited(client):
    cache.clear()
    assert client.get(reverse("training:request")).status_code == 200
    for _ in range(5):
        response = client.post(reverse("training:request"), PUBLIC)
        assert response.status_code == 302
    assert TrainingRequest.objects.count() == 5
    assert "We have your request" in client.get(response["Location"]).content.decode()
    assert client.post(reverse("training:request"), PUBLIC).status_code == 429
    assert TrainingRequest.objects.count() == 5
    cache.clear()


def test_the_public_form_checks_csrf(db):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("training:request"), PUBLIC).status_code == 403


def test_the_honeypot_quietly_drops_bots(client):
    cache.clear()
    client.post(reverse("training:request"), {**PUBLIC, "website": "spam"})
    assert not TrainingRequest.objects.exists()
    cache.clear()


def services_request(**extra):
    data = {**PUBLIC, "headcount": 12, **extra}
    return services.training_request_submit(**data)


def test_triage_is_for_service_staff_only(client, lead, administrator):
    request = services_request()
    client.force_login(administrator)  # an organisation's administrator, not service staff
    assert client.get(reverse("training:triage")).status_code == 404
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert "Hill Clinic" in client.get(reverse("training:triage")).content.decode()
    client.post(
        reverse("training:triage_decide", kwargs={"pk": request.pk}),
        {"status": "accepted", "reason": ""},
    )
    request.refresh_from_db()
    assert request.status == "accepted"


def test_a_lead_requests_training_for_their_organisation(client, org, lead):
    client.force_login(lead)
    data = {k: v for k, v in PUBLIC.items() if k != "organisation_name"}
    response = client.post(reverse("training_org:request", kwargs={"slug": org.slug}), data)
    assert response.status_code == 302
    request = TrainingRequest.objects.get()
    assert request.organisation == org and request.organisation_name == org.name


# -- seats ------------------------------------------------------------------------------------


def test_seats_page_shows_only_this_organisations_seats(client, org, other_org, lead):
    training = RegionalTraining.objects.create(
        title="Regional day", starts_on=dt.date(2026, 5, 1), place="Hall"
    )
    mine = SeatAllocation.objects.create(training=training, organisation=org, seats=1)
    theirs = SeatAllocation.objects.create(training=training, organisation=other_org, seats=1)
    client.force_login(lead)
    target = reverse("training_org:seats", kwargs={"slug": org.slug})
    client.post(target, {"allocation": mine.pk, "name": "Ann", "email": "ann@example.org"})
    client.post(target, {"allocation": mine.pk, "name": "Bo", "email": "bo@example.org"})
    assert [s.status for s in mine.seats_taken.order_by("pk")] == ["confirmed", "waiting"]
    assert (
        client.post(
            target, {"allocation": theirs.pk, "name": "X", "email": "x@example.org"}
        ).status_code
        == 404
    )
    seat = mine.seats_taken.order_by("pk").first()
    other_lead = UserFactory()
    MembershipFactory(user=other_lead, organisation=other_org, role="lead")
    client.force_login(other_lead)
    cancel = reverse("training_org:seat_cancel", kwargs={"slug": other_org.slug, "pk": seat.pk})
    assert client.post(cancel).status_code == 404


# -- debriefs ---------------------------------------------------------------------------------


def test_champion_sees_debriefs_and_has_the_lead_home(client, org, champion):
    client.force_login(champion)
    slug = {"slug": org.slug}
    assert client.get(reverse("organisation_home", kwargs=slug)).status_code == 200
    assert client.get(reverse("training_org:debriefs", kwargs=slug)).status_code == 200
    assert client.get(reverse("training_org:seats", kwargs=slug)).status_code == 403
    assert can(Membership.objects.get(user=champion), "view_insights")


def test_a_lead_schedules_a_debrief_and_keeps_who_came(client, org, lead, facilitator):
    team = Team.objects.create(organisation=org, name="Dispatch")
    inside = UserFactory(full_name="Ivy Inside")
    MembershipFactory(user=inside, organisation=org, role="participant", team=team)
    client.force_login(lead)
    response = client.post(
        reverse("training_org:debriefs", kwargs={"slug": org.slug}),
        {
            "title": "After the crash",
            "team": team.pk,
            "local_date": "2026-04-01",
            "local_time": "10:00",
            "runner": facilitator.pk,
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "After the crash" in page and "Ivy Inside" in page
    assert "Fay Facilitator" in page  # who runs it; not on the list of the team's people
    client.post(response["Location"], {"attended": [inside.pk, facilitator.pk]})
    debrief = org.debriefs.get()
    assert list(debrief.attended.all()) == [inside]


def test_a_debrief_of_another_organisation_is_a_404(client, other_org, outsider, debrief):
    client.force_login(outsider)  # a lead of the other organisation
    target = reverse("training_org:debrief", kwargs={"slug": other_org.slug, "pk": debrief.pk})
    assert client.get(target).status_code == 404
    assert client.post(target, {"attended": [outsider.pk]}).status_code == 404
    assert not debrief.attended.exists()


def test_the_debrief_page_runs_a_fixed_number_of_queries(
    client, org, lead, debrief, django_assert_max_num_queries
):
    target = url("debrief", org, debrief)
    client.force_login(lead)
    client.get(target)
    with django_assert_max_num_queries(30) as small:
        assert client.get(target).status_code == 200
    for _ in range(10):
        MembershipFactory(user=UserFactory(), organisation=org, role="participant")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(target).status_code == 200


# -- the old addresses ------------------------------------------------------------------------


def test_the_old_addresses_redirect_permanently_to_the_new_ones(client, org, debrief):
    slug, pk = org.slug, debrief.pk
    moved = {
        "/cohorts/training/request/": "/training/request/",
        "/cohorts/training/requests/": "/training/requests/",
        "/cohorts/training/requests/7/": "/training/requests/7/",
        f"/o/{slug}/cohorts/training/": f"/o/{slug}/training/",
        f"/o/{slug}/cohorts/training/seats/": f"/o/{slug}/training/seats/",
        f"/o/{slug}/cohorts/training/seats/9/cancel/": f"/o/{slug}/training/seats/9/cancel/",
        f"/o/{slug}/cohorts/debriefs/": f"/o/{slug}/debriefs/",
        f"/o/{slug}/cohorts/debriefs/{pk}/": f"/o/{slug}/debriefs/{pk}/",
    }
    for old, new in moved.items():
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
    response = client.get("/cohorts/training/request/?sent=1")
    assert response["Location"] == "/training/request/?sent=1"

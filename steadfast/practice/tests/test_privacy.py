"""Practice is private: nobody but the owner reads an entry, check-in or goal, except an
accepted accountability partner, who sees a goal's title and progress only, audited.
Text never reaches logs or URLs."""

import logging
import uuid

import pytest
from django.urls import reverse

from steadfast.core.models import AuditEvent
from steadfast.practice.models import Entry, Goal
from steadfast.practice.selectors import partner_candidates_for

pytestmark = pytest.mark.django_db

SECRET = "Zebra-lantern-7 felt unbearable"


@pytest.fixture
def entry(client, participant):
    client.force_login(participant)
    client.post(
        reverse("practice:new", kwargs={"code": "abc"}),
        {"token": str(uuid.uuid4()), "adversity": SECRET},
    )
    client.logout()
    return Entry.objects.get(user=participant)


@pytest.fixture
def goal(client, participant, peer, enrolment):
    client.force_login(participant)
    client.post(
        reverse("practice:goal_new"),
        {
            "token": str(uuid.uuid4()),
            "what": "Walk after shifts",
            "why": SECRET,
            "steps": "Find shoes\nWalk ten minutes",
            "how_i_know": "Three walks a week",
            "partner": peer.pk,
        },
    )
    client.logout()
    return Goal.objects.get(user=participant)


def entry_urls(entry):
    return [
        reverse("practice:entry", kwargs={"pk": entry.pk}),
        reverse("practice:edit", kwargs={"pk": entry.pk}),
        reverse("practice:delete", kwargs={"pk": entry.pk}),
    ]


@pytest.mark.parametrize("who", ["facilitator", "lead", "administrator", "peer", "outsider"])
def test_nobody_else_can_read_or_change_an_entry(client, request, entry, who):
    client.force_login(request.getfixturevalue(who))
    for url in entry_urls(entry):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"adversity": "changed"}).status_code == 404, url
    for url in ("/practice/", "/practice/abc/", "/practice/export.json", "/practice/export.html"):
        assert SECRET not in client.get(url).content.decode(), url
    entry.refresh_from_db()
    assert entry.data["adversity"] == SECRET


@pytest.mark.parametrize("who", ["facilitator", "lead", "peer", "outsider"])
def test_nobody_else_can_open_a_goal(client, request, goal, who):
    client.force_login(request.getfixturevalue(who))
    for name in ("goal", "goal_edit", "goal_delete"):
        assert client.get(reverse(f"practice:{name}", kwargs={"pk": goal.pk})).status_code == 404
    for name in ("goal_progress", "goal_review"):
        url = reverse(f"practice:{name}", kwargs={"pk": goal.pk})
        assert client.post(url, {"percent": "100", "status": "done"}).status_code == 404
    goal.refresh_from_db()
    assert goal.percent == 0


def test_owner_reads_are_not_audited(client, participant, entry):
    client.force_login(participant)
    client.get(reverse("practice:entry", kwargs={"pk": entry.pk}))
    assert not AuditEvent.objects.filter(action="read").exists()


def test_partner_must_accept_and_then_sees_title_and_progress_only(client, goal, peer):
    client.force_login(peer)
    invited = client.get(reverse("practice:goals")).content.decode()
    assert "Walk after shifts" in invited and SECRET not in invited
    url = reverse("practice:partner_goal", kwargs={"pk": goal.pk})
    client.post(reverse("practice:partner_respond", kwargs={"pk": goal.pk}), {"answer": "accept"})
    goal.refresh_from_db()
    assert goal.partner_status == "accepted"
    html = client.get(url).content.decode()
    assert "Walk after shifts" in html and "0% done" in html and "0 of 2 steps" in html
    for private in (SECRET, "Find shoes", "Three walks a week"):
        assert private not in html
    events = AuditEvent.objects.filter(action="read", object_id=str(goal.pk), actor=peer)
    assert events.exists()
    assert all(e.detail == "role=accountability_partner fields=title,progress" for e in events)
    assert all(SECRET not in e.detail for e in events)


def test_declining_ends_the_partners_view(client, goal, peer):
    client.force_login(peer)
    client.post(reverse("practice:partner_respond", kwargs={"pk": goal.pk}), {"answer": "decline"})
    assert client.get(reverse("practice:partner_goal", kwargs={"pk": goal.pk})).status_code == 404


def test_someone_not_invited_cannot_answer_or_view(client, goal, stranger):
    client.force_login(stranger)
    answer = reverse("practice:partner_respond", kwargs={"pk": goal.pk})
    assert client.post(answer, {"answer": "accept"}).status_code == 404
    view = reverse("practice:partner_goal", kwargs={"pk": goal.pk})
    assert client.get(view).status_code == 404


def test_partner_candidates_are_on_the_same_program_in_the_same_organisation(
    participant, peer, stranger, outsider, enrolment, facilitator
):
    candidates = list(partner_candidates_for(participant))
    assert candidates == [peer]
    assert list(partner_candidates_for(stranger)) == []


def test_only_candidates_can_be_invited(client, participant, stranger, enrolment):
    client.force_login(participant)
    response = client.post(
        reverse("practice:goal_new"),
        {"token": str(uuid.uuid4()), "what": "x", "partner": stranger.pk},
    )
    assert response.status_code == 400
    assert not Goal.objects.exists()


def test_text_never_reaches_logs_or_urls(client, participant, caplog, goal):
    caplog.set_level(logging.DEBUG)
    client.force_login(participant)
    redirects = []
    for code, field in (("thought_record", "thought"), ("gratitude", "good_things")):
        response = client.post(
            reverse("practice:new", kwargs={"code": code}),
            {"token": str(uuid.uuid4()), field: SECRET},
        )
        redirects.append(response["Location"])
    client.post(reverse("practice:suggest_traps"), {"thought": SECRET})
    client.post(
        reverse("practice:draft_save"),
        {"draft_key": "new:abc:", "exercise": "abc", "adversity": SECRET},
    )
    client.post(reverse("practice:goal_progress", kwargs={"pk": goal.pk}), {"note": SECRET})
    # A failing form logs nothing of what was typed either.
    client.post(reverse("practice:new", kwargs={"code": "abc"}), {"beliefs": SECRET * 200})
    assert all("Zebra" not in url for url in redirects)
    assert "Zebra" not in caplog.text
    assert not AuditEvent.objects.filter(detail__contains="Zebra").exists()


def test_in_a_cohort_partner_candidates_are_the_cohort_only(org, facilitator):
    import datetime as dt

    from steadfast.accounts.tests.factories import UserFactory
    from steadfast.cohorts.services import cohort_create, member_enrol
    from steadfast.organisations.tests.factories import MembershipFactory
    from steadfast.programs.tests.factories import latest, load_valid
    from steadfast.safety.tests.factories import safety_ready

    load_valid()
    safety_ready(org)
    people = []
    for name in ("Ann", "Ben", "Cai"):
        person = UserFactory(full_name=name)
        MembershipFactory(user=person, organisation=org, role="participant")
        people.append(person)
    cohort = cohort_create(
        organisation=org,
        version=latest("tiny"),
        title="G",
        facilitators=[facilitator],
        starts_on=dt.date(2026, 3, 2),
        time_zone="UTC",
        format="in_person",
        place="Room 1",
        actor=facilitator,
    )
    for person in people[:2]:
        member_enrol(cohort=cohort, email=person.email, name=person.full_name, actor=facilitator)
    # Cai is on the same version in the same organisation, but not in the group.
    from steadfast.programs.services import enrolment_create

    enrolment_create(user=people[2], version=latest("tiny"), organisation=org, source="direct")
    assert list(partner_candidates_for(people[0])) == [people[1]]
    assert people[0] in partner_candidates_for(people[2])  # Cai, in no cohort, may ask anyone

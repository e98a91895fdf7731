"""Every cohort page against the right role, a wrong role and an outsider; query counts;
privacy of notes and feedback on the pages."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from steadfast.cohorts import services
from steadfast.cohorts.models import CalendarFeed
from steadfast.core.models import AuditEvent
from steadfast.training.services import training_request_submit

pytestmark = pytest.mark.django_db

ROLES = ["participant", "facilitator", "other_facilitator", "lead", "administrator", "outsider"]
SAME_AS_DETAIL = [403, 200, 404, 403, 200, 404]
FACILITATORS_ONLY = [403, 200, 404, 403, 404, 404]
MATRIX = [
    ("list", [403, 200, 200, 403, 200, 404]),
    ("create", [403, 200, 200, 403, 200, 404]),
    ("detail", SAME_AS_DETAIL),
    ("import", SAME_AS_DETAIL),
    ("groups", SAME_AS_DETAIL),
    ("schedule", SAME_AS_DETAIL),
    ("close", SAME_AS_DETAIL),
    ("edit", SAME_AS_DETAIL),
    ("session_run", FACILITATORS_ONLY),
    ("member_notes", FACILITATORS_ONLY),
    ("note_edit", FACILITATORS_ONLY),  # and only the note's author
]


@pytest.fixture
def world(cohort, facilitator, add_people):
    members = add_people(6)
    (session,) = services.sessions_schedule(
        cohort=cohort, first_date=dt.date(2026, 3, 2), local_time=dt.time(18), actor=facilitator
    )
    note = services.note_add(
        cohort=cohort, author=facilitator, body="Asked for quiet", member=members[0]
    )
    return {"cohort": cohort, "session": session, "members": members, "note": note}


def url(name, org, world):
    kwargs = {"slug": org.slug}
    if name not in ("list", "create"):
        kwargs["pk"] = world["cohort"].pk
    if name == "session_run":
        kwargs["sid"] = world["session"].pk
    if name == "member_notes":
        kwargs["mid"] = world["members"][0].pk
    if name == "note_edit":
        kwargs["nid"] = world["note"].pk
    return reverse(f"cohorts_org:{name}", kwargs=kwargs)


@pytest.mark.parametrize(("name", "expected"), MATRIX)
@pytest.mark.parametrize("role_index", range(len(ROLES)))
def test_role_matrix(client, request, org, world, name, expected, role_index):
    client.force_login(request.getfixturevalue(ROLES[role_index]))
    assert client.get(url(name, org, world)).status_code == expected[role_index]


def test_pages_need_sign_in(client, org, world):
    response = client.get(url("detail", org, world))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("name", ["detail", "groups", "close", "session_run"])
def test_facilitator_pages_run_a_fixed_number_of_queries(
    client, org, cohort, facilitator, add_people, django_assert_max_num_queries, name
):
    add_people(3)
    (session,) = services.sessions_schedule(
        cohort=cohort, first_date=dt.date(2026, 3, 2), local_time=dt.time(18), actor=facilitator
    )
    world = {"cohort": cohort, "session": session, "members": list(cohort.members.all())}
    client.force_login(facilitator)
    client.get(url(name, org, world))
    with django_assert_max_num_queries(30) as small:
        assert client.get(url(name, org, world)).status_code == 200
    add_people(20, start=100)
    services.groups_save(
        cohort=cohort, proposal=services.groups_propose(cohort=cohort), actor=facilitator
    )
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url(name, org, world)).status_code == 200


def test_my_sessions_runs_a_fixed_number_of_queries(
    client, world, facilitator, django_assert_max_num_queries
):
    member = world["members"][0]
    client.force_login(member.user)
    client.get(reverse("cohorts:mine"))
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("cohorts:mine"))
    services.sessions_schedule(
        cohort=world["cohort"],
        first_date=dt.date(2026, 4, 1),
        local_time=dt.time(18),
        count=12,
        actor=facilitator,
    )
    services.attendance_record(
        session=world["session"], statuses={member.pk: "absent"}, actor=facilitator
    )
    with django_assert_max_num_queries(len(small.captured_queries) + 2):
        response = client.get(reverse("cohorts:mine"))
    assert "Missed a session?" in response.content.decode()


# -- participant pages ------------------------------------------------------------------------


def test_participant_pages_404_for_someone_not_in_the_cohort(client, world, participant):
    client.force_login(participant)  # a member of the organisation, not of this cohort
    cohort = world["cohort"]
    for name, kwargs in (
        ("intake", {"cohort_id": cohort.pk}),
        ("summary", {"cohort_id": cohort.pk}),
        ("feedback", {"sid": world["session"].pk}),
    ):
        assert client.get(reverse(f"cohorts:{name}", kwargs=kwargs)).status_code == 404


def test_intake_is_saved_and_shown_to_facilitators_only(client, world, facilitator):
    member, other = world["members"][:2]
    client.force_login(member.user)
    response = client.post(
        reverse("cohorts:intake", kwargs={"cohort_id": world["cohort"].pk}),
        {"challenges": ["sleep"], "goals": "Sleep through", "not_with": [str(other.pk)]},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.intake.not_with == [other.pk]
    client.force_login(facilitator)
    org = world["cohort"].organisation
    page = client.get(url("member_notes", org, world)).content.decode()
    assert "Sleep through" in page and "Sleep and tiredness" in page


def test_notes_page_audits_each_read_and_hides_from_other_facilitators(
    client, org, world, facilitator, other_facilitator
):
    services.note_add(
        cohort=world["cohort"], author=facilitator, body="Private words", member=world["members"][0]
    )
    client.force_login(facilitator)
    assert "Private words" in client.get(url("member_notes", org, world)).content.decode()
    assert "Private words" in client.get(url("member_notes", org, world)).content.decode()
    reads = AuditEvent.objects.filter(object_type="cohorts.facilitatornote", action="read")
    assert reads.filter(actor=facilitator).count() == 2
    client.force_login(other_facilitator)
    assert client.get(url("member_notes", org, world)).status_code == 404
    # The cohort page itself never shows note text.
    client.force_login(facilitator)
    assert "Private words" not in client.get(url("detail", org, world)).content.decode()


def test_feedback_is_hidden_below_five_on_the_runner(client, org, world, facilitator):
    session, members = world["session"], world["members"]
    services.attendance_record(
        session=session, statuses={m.pk: "present" for m in members}, actor=facilitator
    )
    for m in members[:4]:
        services.feedback_submit(session=session, member=m, useful=3, keep="the breathing")
    client.force_login(facilitator)
    page = client.get(url("session_run", org, world)).content.decode()
    assert "4 answers so far" in page and "the breathing" not in page
    client.force_login(members[4].user)
    client.post(
        reverse("cohorts:feedback", kwargs={"sid": session.pk}), {"useful": "5", "keep": "tea"}
    )
    client.force_login(facilitator)
    page = client.get(url("session_run", org, world)).content.decode()
    assert "the breathing" in page and "tea" in page
    for m in members[:5]:
        assert m.name not in page.split("Feedback")[-1]


def test_the_runner_takes_attendance_and_agreement_in_one_post_each(
    client, org, world, facilitator
):
    members = world["members"]
    client.force_login(facilitator)
    target = url("session_run", org, world)
    data = {"action": "attendance", f"m{members[0].pk}": "present", f"m{members[1].pk}": "absent"}
    assert client.post(target, data).status_code == 302
    client.post(target, {"action": "agreement", "members": [str(members[0].pk)]})
    page = client.get(target).content.decode()
    assert "will see these short lessons" in page and "Noticing stress early" in page
    members[0].refresh_from_db()
    assert members[0].agreement_accepted_at is not None
    assert "15 minutes" in page  # the step minutes, readable without JavaScript


def test_the_calendar_feed_is_secret_and_revocable(client, world):
    member = world["members"][0]
    client.force_login(member.user)
    client.get(reverse("cohorts:mine"))
    feed = CalendarFeed.objects.get(user=member.user)
    client.logout()
    response = client.get(reverse("cohorts:calendar", kwargs={"token": feed.token}))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Night shift group: Meeting the group"]
    client.force_login(member.user)
    client.post(reverse("cohorts:calendar_revoke"))
    client.logout()
    assert client.get(reverse("cohorts:calendar", kwargs={"token": feed.token})).status_code == 404
    new = CalendarFeed.objects.get(user=member.user, revoked_at__isnull=True)
    assert client.get(reverse("cohorts:calendar", kwargs={"token": new.token})).status_code == 200
    assert client.get(reverse("cohorts:calendar", kwargs={"token": "guess"})).status_code == 404


# -- a cohort from a training request ---------------------------------------------------------


def services_request(**extra):
    data = {
        "organisation_name": "Hill Clinic",
        "staff_roles": "nurses",
        "headcount": 12,
        "preferred_format": "online",
        "preferred_dates": "June",
        "contact_name": "Pat",
        "contact_email": "pat@example.org",
        **extra,
    }
    return training_request_submit(**data)


def test_a_facilitator_creates_a_cohort_from_the_request(client, org, facilitator, tiny, lead):
    request = services_request(organisation=org)
    client.force_login(facilitator)
    page = client.get(
        reverse("cohorts_org:create", kwargs={"slug": org.slug}) + f"?request={request.pk}"
    )
    assert "Northside Hospital: nurses, 12 people" in page.content.decode()
    response = client.post(
        reverse("cohorts_org:create", kwargs={"slug": org.slug}),
        {
            "training_request": request.pk,
            "title": "Nurses spring",
            "version": tiny.pk,
            "facilitators": [facilitator.pk],
            "starts_on": "2026-04-01",
            "time_zone": "Europe/London",
            "format": "online",
            "video_link": "https://video.example.org/x",
            "seats": "12",
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "scheduled"
    assert request.cohorts.get().title == "Nurses spring"

"""Training requests (triage with an email per change), regional-training seats and
debriefs (attendance only)."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection

from steadfast.accounts.tests.factories import UserFactory
from steadfast.organisations.models import Team
from steadfast.organisations.tests.factories import MembershipFactory
from steadfast.training import services
from steadfast.training.models import (
    RegionalTraining,
    Seat,
    SeatAllocation,
    TrainingRequest,
)

pytestmark = pytest.mark.django_db


def _submit(**extra):
    data = {
        "organisation_name": "Lakeside Fire",
        "staff_roles": "firefighters",
        "headcount": 20,
        "preferred_format": "in_person",
        "preferred_dates": "May",
        "contact_name": "Dana",
        "contact_email": "Dana@Example.org",
        "needs": "Night shifts",
    }
    return services.training_request_submit(**{**data, **extra})


def test_each_change_emails_the_requester_once_through_the_worker(
    administrator, run_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = _submit()
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()
    assert [m.subject for m in mail.outbox] == ["Your training request: new"]
    assert mail.outbox[0].to == ["dana@example.org"]
    for status in ("accepted", "scheduled"):
        with django_capture_on_commit_callbacks(execute=True):
            services.training_request_transition(
                training_request=request, status=status, actor=administrator
            )
        with django_capture_on_commit_callbacks(execute=True):
            run_worker()
    assert [m.subject.split(": ")[1] for m in mail.outbox] == ["new", "accepted", "scheduled"]
    # The same task run again (a restarted worker) sends nothing more.
    assert services.training_request_email_send(request_id=request.pk, status="scheduled") is False
    assert len(mail.outbox) == 3


def test_declining_needs_a_reason_that_the_email_carries(administrator):
    request = _submit()
    with pytest.raises(services.TrainingError, match="reason"):
        services.training_request_transition(
            training_request=request, status="declined", actor=administrator
        )
    services.training_request_transition(
        training_request=request, status="declined", reason="No trainer free", actor=administrator
    )
    assert services.training_request_email_send(request_id=request.pk, status="declined")
    assert "No trainer free" in mail.outbox[0].body


def test_only_forward_transitions_are_allowed(administrator):
    request = _submit()
    with pytest.raises(services.TrainingError):
        services.training_request_transition(
            training_request=request, status="scheduled", actor=administrator
        )
    services.training_request_transition(
        training_request=request, status="accepted", actor=administrator
    )
    services.training_request_transition(
        training_request=request, status="declined", reason="x", actor=administrator
    )
    with pytest.raises(services.TrainingError):
        services.training_request_transition(
            training_request=request, status="accepted", actor=administrator
        )


def test_contact_and_needs_are_encrypted(db):
    _submit()
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_email, needs FROM organisations_trainingrequest")
        row = cursor.fetchone()
    assert "example.org" not in row[0] and "Night" not in row[1]
    assert TrainingRequest.objects.get().needs == "Night shifts"


@pytest.fixture
def allocation(org, other_org):
    training = RegionalTraining.objects.create(
        title="County resilience day", starts_on=dt.date(2026, 5, 1), place="Town hall"
    )
    SeatAllocation.objects.create(training=training, organisation=other_org, seats=5)
    return SeatAllocation.objects.create(training=training, organisation=org, seats=2)


def test_seats_then_a_waiting_list_and_a_freed_seat_goes_to_the_next_person(
    allocation, lead, run_worker, django_capture_on_commit_callbacks
):
    a, b, c, d = (
        services.seat_add(allocation=allocation, name=n, email=f"{n}@example.org", actor=lead)
        for n in ("ann", "bo", "cy", "di")
    )
    assert [s.status for s in (a, b, c, d)] == ["confirmed", "confirmed", "waiting", "waiting"]
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.seat_cancel(seat=a, actor=lead)
    assert promoted.pk == c.pk
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()
    assert [m.to for m in mail.outbox] == [["cy@example.org"]]
    assert "County resilience day" in mail.outbox[0].subject
    assert services.seat_offer_email_send(seat_id=c.pk) is False  # once only
    # Cancelling someone waiting frees nothing.
    assert services.seat_cancel(seat=d, actor=lead) is None
    assert Seat.objects.filter(status="confirmed").count() == 2


def test_the_same_person_cannot_take_two_places(allocation, lead):
    services.seat_add(allocation=allocation, name="Ann", email="ann@example.org", actor=lead)
    with pytest.raises(services.TrainingError):
        services.seat_add(allocation=allocation, name="Ann", email="ANN@example.org", actor=lead)


def test_cancelling_the_same_seat_twice_promotes_only_one_person(allocation, lead):
    # A double-submitted cancel: the row is re-read under the allocation lock, so the second
    # call finds it cancelled and gives nobody a second seat.
    seats = [
        services.seat_add(allocation=allocation, name=n, email=f"{n}@example.org", actor=lead)
        for n in ("a", "b", "c", "d")
    ]
    assert services.seat_cancel(seat=seats[0], actor=lead).pk == seats[2].pk
    assert services.seat_cancel(seat=seats[0], actor=lead) is None
    statuses = [s.status for s in Seat.objects.order_by("pk")]
    assert statuses == ["cancelled", "confirmed", "confirmed", "waiting"]


def test_a_seat_index_is_the_same_for_any_spelling_of_one_address():
    index = services.seat_email_index
    assert index(" Kim.Lee@Example.ORG\n") == index("kim.lee@example.org")
    assert index("kim.lee@example.org") != index("kim.lee@example.com")


# -- debriefs ---------------------------------------------------------------------------------


def test_a_debrief_keeps_attendance_only(org, lead, facilitator):
    team = Team.objects.create(organisation=org, name="Dispatch")
    inside = UserFactory()
    MembershipFactory(user=inside, organisation=org, role="participant", team=team)
    debrief = services.debrief_schedule(
        organisation=org,
        title="After the fire",
        local_date=dt.date(2026, 4, 1),
        local_time=dt.time(10),
        runner=facilitator,
        team=team,
        actor=lead,
    )
    assert (
        services.debrief_attendance_record(
            debrief=debrief, user_ids=[inside.pk, facilitator.pk], actor=lead
        )
        == 1
    )  # the facilitator is not in the team
    fields = {f.name for f in debrief._meta.get_fields()}
    assert not fields & {"notes", "note", "body", "summary"}

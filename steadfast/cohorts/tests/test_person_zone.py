"""One person, one time zone: session reminders, due questionnaires, program weeks and
safety's local days all ask accounts.selectors.person_zone."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from steadfast.accounts.selectors import person_zone
from steadfast.accounts.tests.factories import UserFactory
from steadfast.assessments.models import DueAssessment
from steadfast.assessments.services import schedule_plan
from steadfast.cohorts import services
from steadfast.organisations.models import Role
from steadfast.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

CHICAGO = ZoneInfo("America/Chicago")


@time_machine.travel(dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC), tick=False)
def test_a_session_reminder_and_a_questionnaire_use_the_same_zone_for_one_person(
    org, cohort, facilitator, add_people
):
    org.time_zone = "America/Chicago"
    org.save()
    (member,) = add_people(1)  # no zone of their own
    user = member.user
    (session,) = services.sessions_schedule(
        cohort=cohort,  # the group meets in New York time
        first_date=dt.date(2026, 3, 3),
        local_time=dt.time(10, 0),
        count=1,
        actor=facilitator,
    )
    services.session_reminders_send(
        session_id=session.pk, kind="24h", starts_at=session.starts_at.isoformat()
    )
    (email,) = mail.outbox
    assert "at 09:00 (America/Chicago)" in email.body  # 10:00 in New York

    schedule_plan(
        user=user,
        plan={"baseline": ["who5"]},
        starts_on=dt.date(2026, 3, 3),
        ends_on=dt.date(2026, 3, 31),
        source="test:zone",
    )
    due = DueAssessment.objects.get(user=user, source="test:zone")
    # Windows open at 09:00 in the person's zone: Chicago, as for the session, not the site's.
    assert due.opens_at.astimezone(CHICAGO) == dt.datetime(2026, 3, 3, 9, 0, tzinfo=CHICAGO)


def test_the_persons_own_zone_comes_first_then_the_organisation_joined_first_then_the_site(
    settings, django_assert_num_queries
):
    settings.TIME_ZONE = "Europe/London"
    user = UserFactory(time_zone="Asia/Tokyo")
    lapsed = OrganisationFactory(name="Aardvark Ambulance", time_zone="Australia/Perth")
    zurich = OrganisationFactory(name="Zurich Fire", time_zone="Europe/Zurich")
    later = OrganisationFactory(name="Carlisle Police", time_zone="America/Denver")
    joined = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
    MembershipFactory(
        user=user, organisation=lapsed, role=Role.PARTICIPANT, is_active=False, joined_at=joined
    )
    MembershipFactory(
        user=user, organisation=later, role=Role.PARTICIPANT, joined_at=joined + dt.timedelta(2)
    )
    MembershipFactory(
        user=user, organisation=zurich, role=Role.PARTICIPANT, joined_at=joined + dt.timedelta(1)
    )
    with django_assert_num_queries(0):
        assert person_zone(user) == ZoneInfo("Asia/Tokyo")
    user.time_zone = ""
    with django_assert_num_queries(1):
        assert person_zone(user) == ZoneInfo("Europe/Zurich")
    assert person_zone(UserFactory()) == ZoneInfo("Europe/London")

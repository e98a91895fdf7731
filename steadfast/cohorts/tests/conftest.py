import datetime as dt

import pytest

from steadfast.accounts.tests.factories import UserFactory
from steadfast.cohorts import services
from steadfast.organisations.models import Role
from steadfast.organisations.tests.factories import MembershipFactory
from steadfast.programs.tests.factories import latest, load_valid
from steadfast.safety.tests.factories import safety_ready


@pytest.fixture
def tiny(db):
    load_valid()
    return latest("tiny")


@pytest.fixture
def cohort(org, tiny, facilitator):
    safety_ready(org)
    return services.cohort_create(
        organisation=org,
        version=tiny,
        title="Night shift group",
        facilitators=[facilitator],
        starts_on=dt.date(2026, 3, 2),
        time_zone="America/New_York",
        format="online",
        video_link="https://video.example.org/room",
        seats=30,
        actor=facilitator,
    )


@pytest.fixture
def add_people(org, cohort, facilitator):
    """Members of the organisation, enrolled in the cohort; returns their CohortMember rows."""

    def add(n, start=0, time_zone=""):
        members = []
        for i in range(start, start + n):
            user = UserFactory(full_name=f"Person {i}", time_zone=time_zone)
            MembershipFactory(user=user, organisation=org, role=Role.PARTICIPANT)
            members.append(
                services.member_enrol(
                    cohort=cohort, email=user.email, name=user.full_name, actor=facilitator
                )
            )
        return members

    return add


@pytest.fixture
def other_facilitator(org):
    user = UserFactory(full_name="Otto Otherfac")
    MembershipFactory(user=user, organisation=org, role=Role.FACILITATOR)
    return user

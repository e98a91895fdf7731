"""Journal fixtures: a second participant of the same organisation and an entry helper."""

import datetime as dt
import uuid

import pytest

from steadfast.accounts.tests.factories import UserFactory
from steadfast.journal import services
from steadfast.organisations.models import Role
from steadfast.organisations.tests.factories import MembershipFactory


@pytest.fixture
def other_participant(org):
    user = UserFactory(full_name="Pat Peer")
    MembershipFactory(user=user, organisation=org, role=Role.PARTICIPANT)
    return user


@pytest.fixture
def write():
    """write(user, body, title="") stores an entry through the service and returns it."""

    def make(user, body, title="", mood=""):
        return services.entry_create(
            user=user, token=uuid.uuid4(), title=title, body=body, mood=mood
        ).entry

    return make


def group_of(org, facilitator, *participants, status="open"):
    """An open cohort in `org` run by `facilitator`, with each participant taking part."""
    from steadfast.cohorts.models import Cohort, CohortMember, MemberStatus
    from steadfast.programs.tests.factories import latest, load_valid

    load_valid()
    cohort = Cohort.objects.create(
        organisation=org,
        version=latest("tiny"),
        title="Night shift group",
        starts_on=dt.date(2026, 3, 2),
        time_zone="UTC",
        format="online",
        video_link="https://video.example.org/room",
        status=status,
    )
    cohort.facilitators.add(facilitator)
    for person in participants:
        CohortMember.objects.create(
            cohort=cohort,
            user=person,
            name=person.full_name,
            email=person.email,
            email_index=f"index-{person.pk}",
            status=MemberStatus.ACTIVE,
        )
    return cohort


@pytest.fixture
def facilitator(org, participant, other_participant):
    """Fay runs the group Bob and Pat take part in: what a person shares goes to the
    facilitators of their own groups, so the journal's facilitator runs one."""
    user = UserFactory(full_name="Fay Facilitator")
    MembershipFactory(user=user, organisation=org, role=Role.FACILITATOR)
    group_of(org, user, participant, other_participant)
    return user

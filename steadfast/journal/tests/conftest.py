"""Journal fixtures: a second participant of the same organisation and an entry helper."""

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

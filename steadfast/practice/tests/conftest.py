import pytest

from steadfast.accounts.tests.factories import UserFactory
from steadfast.organisations.models import Role
from steadfast.organisations.tests.factories import MembershipFactory
from steadfast.programs.models import Enrolment, Item
from steadfast.programs.services import enrolment_create
from steadfast.programs.tests.factories import latest, load_valid


@pytest.fixture
def tiny(db):
    load_valid()
    return latest("tiny")


@pytest.fixture
def enrolment(tiny, participant, org):
    return enrolment_create(
        user=participant, version=tiny, organisation=org, source=Enrolment.Source.DIRECT
    )


@pytest.fixture
def breathing_item(tiny):
    return Item.objects.get(version=tiny, slug="first-breathing")


@pytest.fixture
def peer(org, tiny):
    """Another participant on the same program version in the same organisation."""
    user = UserFactory(full_name="Pat Peer")
    MembershipFactory(user=user, organisation=org, role=Role.PARTICIPANT)
    enrolment_create(user=user, version=tiny, organisation=org, source=Enrolment.Source.DIRECT)
    return user


@pytest.fixture
def stranger(org):
    """A participant of the same organisation who is on no program."""
    user = UserFactory(full_name="Sid Stranger")
    MembershipFactory(user=user, organisation=org, role=Role.PARTICIPANT)
    return user


@pytest.fixture
def danger_check(monkeypatch):
    """Safety's real screening, with each call practice makes to it recorded."""
    from steadfast.practice import services

    calls = []
    screen = services.text_check

    def text_check(*, user, text, source, organisation=None):
        calls.append({"user": user, "source": source, "organisation": organisation})
        return screen(user=user, text=text, source=source, organisation=organisation)

    monkeypatch.setattr(services, "text_check", text_check)
    return calls

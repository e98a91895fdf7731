import pytest

from steadfast.programs.models import Enrolment
from steadfast.programs.services import enrolment_create
from steadfast.programs.tests.factories import latest, load_valid


@pytest.fixture
def programs(db):
    return load_valid()


@pytest.fixture
def tiny(programs):
    return latest("tiny")


@pytest.fixture
def enrolment(tiny, participant, org):
    return enrolment_create(
        user=participant, version=tiny, organisation=org, source=Enrolment.Source.DIRECT
    )

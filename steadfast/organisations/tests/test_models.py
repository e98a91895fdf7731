import pytest
from django.core.exceptions import ValidationError

from steadfast.accounts.tests.factories import UserFactory
from steadfast.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("time_zone", "Mars/Olympus"),
        ("time_zone", "EST5EDT6"),
        ("country", "usa"),
        ("country", "u1"),
    ],
)
def test_organisation_rejects_unknown_zones_and_countries(field, value):
    organisation = Organisation(name="X", slug="x", country="US", time_zone="Asia/Kathmandu")
    organisation.full_clean()
    setattr(organisation, field, value)
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert field in error.value.message_dict


def test_a_person_may_choose_their_own_zone():
    user = UserFactory(time_zone="Australia/Sydney")
    user.full_clean(exclude=["password"])
    user.time_zone = "Nowhere/Never"
    with pytest.raises(ValidationError):
        user.full_clean(exclude=["password"])

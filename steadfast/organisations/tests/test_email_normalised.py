"""Every email index and comparison uses core.emails.normalise_email, so one address written
in different cases or with stray spaces is one address everywhere (the seat index:
training/tests/test_services.py)."""

import pytest

from steadfast.accounts.models import User
from steadfast.cohorts.services import member_email_index
from steadfast.organisations.services import invitation_email_index

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("index", [invitation_email_index, member_email_index])
def test_an_index_is_the_same_for_any_spelling_of_one_address(index):
    # Before, the invitation index hashed the address as given; callers had to normalise.
    assert index(" Kim.Lee@Example.ORG\n") == index("kim.lee@example.org")
    assert index("kim.lee@example.org") != index("kim.lee@example.com")


def test_a_user_saved_with_any_spelling_is_stored_normalised():
    user = User.objects.create_user(email="  Kim.Lee@Example.ORG ", password=None)
    assert user.email == "kim.lee@example.org"
    user.email = " Sam@Example.org"
    user.save()
    assert User.objects.get(pk=user.pk).email == "sam@example.org"

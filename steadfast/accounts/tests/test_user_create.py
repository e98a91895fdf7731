"""Accounts are made in one place: accounts.services.user_create."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate

from steadfast.accounts.models import User
from steadfast.accounts.services import AccountExists, user_create
from steadfast.core.emails import normalise_email

pytestmark = pytest.mark.django_db

PASSWORD = "a sturdy pass phrase 2026"


def test_an_account_is_stored_with_its_normalised_address_and_one_allauth_address():
    user = user_create(
        email="  Kim.Lee@Example.ORG ", password=PASSWORD, full_name=" Kim Lee ", verified=True
    )
    assert user.email == "kim.lee@example.org"
    assert user.full_name == "Kim Lee"
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("kim.lee@example.org", True, True)
    assert authenticate(email="kim.lee@example.org", password=PASSWORD) == user


def test_an_address_not_proven_is_stored_unverified():
    user = user_create(email="sam@example.org", password=PASSWORD, full_name="Sam", verified=False)
    assert EmailAddress.objects.get(user=user).verified is False


def test_a_second_account_for_the_same_address_in_any_case_is_refused():
    user_create(email="kim@example.org", password=PASSWORD, full_name="Kim", verified=True)
    with pytest.raises(AccountExists):
        user_create(email=" KIM@Example.org", password=PASSWORD, full_name="Kim", verified=False)
    assert User.objects.count() == 1
    assert EmailAddress.objects.count() == 1


@pytest.mark.parametrize(
    ("given", "stored"),
    [("Kim@Example.org", "kim@example.org"), ("  a@b.org\n", "a@b.org"), ("x@y.org", "x@y.org")],
)
def test_an_address_is_normalised_by_trimming_and_lower_casing(given, stored):
    assert normalise_email(given) == stored

"""Administrators edit crisis resources in the admin; a looser policy is refused there too."""

import pytest
from django.urls import reverse

from steadfast.safety.admin import SafetySetupForm
from steadfast.safety.models import Country

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    from steadfast.accounts.models import User

    return User.objects.create_superuser(email="root@example.org", password="x", full_name="Root")


def test_countries_are_listed_and_editable_in_the_admin(client, superuser):
    client.force_login(superuser)
    listing = client.get(reverse("admin:safety_country_changelist"))
    assert listing.status_code == 200 and "New Zealand" in listing.content.decode()
    country = Country.objects.get(code="NZ")
    page = client.get(reverse("admin:safety_country_change", args=[country.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "0800 543 354" in html and "check every number" in html


def test_the_admin_refuses_a_looser_policy(org):
    form = SafetySetupForm(data={"organisation": org.pk, "policy": '{"severe.phq9": 25}'})
    assert not form.is_valid()
    assert "can be 20 or lower, not 25" in str(form.errors["policy"])
    ok = SafetySetupForm(data={"organisation": org.pk, "policy": '{"severe.phq9": 15}'})
    assert ok.is_valid(), ok.errors

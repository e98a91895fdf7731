"""Administrators edit crisis lines in the admin; a looser policy is refused there too."""

import pytest
from django.urls import reverse

from steadfast.safety.admin import SafetySetupForm
from steadfast.safety.models import CrisisLine

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    from steadfast.accounts.models import User

    return User.objects.create_superuser(email="root@example.org", password="x", full_name="Root")


def test_crisis_lines_are_listed_and_editable_in_the_admin(client, superuser):
    client.force_login(superuser)
    listing = client.get(reverse("admin:safety_crisisline_changelist"), {"country": "NZ"})
    assert listing.status_code == 200 and "0800 543 354" in listing.content.decode()
    line = CrisisLine.objects.get(country="NZ", name="Lifeline")
    page = client.get(reverse("admin:safety_crisisline_change", args=[line.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "0800 543 354" in html and "check every line" in html
    assert '<option value="NZ" selected>New Zealand</option>' in html


def test_a_crisis_line_for_a_country_not_in_the_table_is_refused(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:safety_crisisline_add"),
        {
            "country": "UK",
            "name": "Wrong code",
            "description": "x",
            "call": "1",
            "position": 0,
            "checked_on": "2026-12-04",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not CrisisLine.objects.filter(name="Wrong code").exists()


def test_the_admin_refuses_a_looser_policy(org):
    form = SafetySetupForm(data={"organisation": org.pk, "policy": '{"severe.phq9": 25}'})
    assert not form.is_valid()
    assert "can be 20 or lower, not 25" in str(form.errors["policy"])
    ok = SafetySetupForm(data={"organisation": org.pk, "policy": '{"severe.phq9": 15}'})
    assert ok.is_valid(), ok.errors

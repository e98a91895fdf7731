"""Two administrators saving the safety setup at once: the later save is refused with both
versions shown, nothing is written, and saving again from the conflict page works
(core.versioning)."""

import pytest
from django.urls import reverse

from steadfast.accounts.tests.factories import UserFactory
from steadfast.core.models import AuditEvent
from steadfast.organisations.models import Role, RoleChange
from steadfast.organisations.tests.factories import MembershipFactory
from steadfast.safety.models import SafetySetup
from tests.conflicts import assert_conflict, loaded_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_administrator(org):
    user = UserFactory(full_name="Ola Otheradmin")
    MembershipFactory(user=user, organisation=org, role=Role.ADMINISTRATOR)
    return user


def setup_url(org):
    return reverse("safety_org:setup", kwargs={"slug": org.slug})


def setup(version, responder, hours, **policy):
    return {
        "form": "setup",
        "responder": responder.pk,
        "hours": hours,
        "row_version": version,
        **policy,
    }


def test_a_setup_saved_from_an_older_page_is_refused_with_both_versions(
    client, org, named, administrator, other_administrator, facilitator
):
    client.force_login(administrator)
    mine = loaded_version(client.get(setup_url(org)))
    client.force_login(other_administrator)
    theirs = loaded_version(client.get(setup_url(org)))
    saved = client.post(
        setup_url(org), setup(theirs, facilitator, "weekdays 9 to 5", severe_phq9="18")
    )
    assert saved.status_code == 302

    client.force_login(administrator)
    changes, audits = RoleChange.objects.count(), AuditEvent.objects.count()
    response = client.post(setup_url(org), setup(mine, administrator, "evenings"))
    page = assert_conflict(
        response,
        saved=["weekdays 9 to 5", "Fay Facilitator (facilitator)", "18"],
        typed=["evenings", "Ada Administrator (administrator)"],
    )
    assert "Someone else saved this safety setup after you opened it" in page
    assert 'name="hours" value="evenings"' in page
    current = SafetySetup.objects.get()
    assert (current.responder, current.hours, current.row_version) == (
        facilitator,
        "weekdays 9 to 5",
        2,
    )
    assert (RoleChange.objects.count(), AuditEvent.objects.count()) == (changes, audits)

    again = client.post(
        setup_url(org), setup(loaded_version(response), facilitator, "weekdays 9 to 5, evenings")
    )
    assert again.status_code == 302
    current.refresh_from_db()
    assert current.hours == "weekdays 9 to 5, evenings" and current.row_version == 3


def test_two_first_setups_do_not_overwrite_each_other(
    client, org, administrator, other_administrator, facilitator
):
    client.force_login(administrator)
    mine = loaded_version(client.get(setup_url(org)))
    client.force_login(other_administrator)
    theirs = loaded_version(client.get(setup_url(org)))
    assert mine == theirs == 0  # nothing saved yet
    assert client.post(setup_url(org), setup(theirs, facilitator, "mornings")).status_code == 302

    client.force_login(administrator)
    response = client.post(setup_url(org), setup(mine, administrator, "nights"))
    assert_conflict(response, saved=["mornings"], typed=["nights"])
    assert SafetySetup.objects.get().hours == "mornings"
    assert loaded_version(response) == 1

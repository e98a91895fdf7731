"""The demo: the organisation's administrator has no platform rights; platform staff is its
own account, in no organisation, and reaches the staff pages; loading twice changes nothing,
and an older demo database whose administrator was a superuser is put right."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.urls import reverse

from steadfast.accounts.models import User
from steadfast.assessments.models import Draft, DueAssessment
from steadfast.home.demo import DEMO_PASSWORD, DEMO_SLUG, DEMO_STAFF
from steadfast.organisations.models import Membership, Role
from steadfast.safety.models import Alert, SafetySetup

pytestmark = pytest.mark.django_db
ADMIN = "admin@demo.steadfast.local"
STAFF = "staff@demo.steadfast.local"


def load():
    call_command("load_demo", stdout=StringIO())


def snapshot():
    return {
        "people": sorted(User.objects.values_list("email", "is_staff", "is_superuser")),
        "memberships": sorted(Membership.objects.values_list("user__email", "role", "team_id")),
        "addresses": EmailAddress.objects.count(),
        "due": DueAssessment.objects.count(),
    }


def test_the_administrator_has_no_platform_rights_and_staff_is_an_account_of_its_own():
    load()
    admin = User.objects.get(email=ADMIN)
    assert not admin.is_staff and not admin.is_superuser
    assert Membership.objects.get(user=admin).role == Role.ADMINISTRATOR
    staff = User.objects.get(email=STAFF)
    assert staff.is_staff and staff.is_superuser
    assert not Membership.objects.filter(user=staff).exists()
    assert staff.check_password(DEMO_PASSWORD)
    assert User.objects.filter(is_staff=True).count() == 1
    assert User.objects.filter(is_superuser=True).count() == 1


def test_loading_the_demo_twice_changes_nothing():
    load()
    first = snapshot()
    load()
    assert snapshot() == first


def test_an_older_demo_whose_administrator_was_a_superuser_is_put_right():
    load()
    User.objects.filter(email=STAFF).delete()  # the older demo had no staff account
    User.objects.filter(email=ADMIN).update(is_staff=True, is_superuser=True)

    load()

    admin = User.objects.get(email=ADMIN)
    assert not admin.is_staff and not admin.is_superuser
    assert Membership.objects.get(user=admin, organisation__slug=DEMO_SLUG).is_active
    assert User.objects.get(email=STAFF).is_superuser


def test_platform_staff_signs_in_and_reaches_the_staff_pages_the_administrator_does_not(client):
    load()
    triage = reverse("training:triage")

    client.post(reverse("account_login"), {"login": ADMIN, "password": DEMO_PASSWORD})
    assert client.get(triage).status_code == 404
    assert client.get("/admin/").status_code == 302  # to the sign-in form
    client.logout()

    signed_in = client.post(reverse("account_login"), {"login": STAFF, "password": DEMO_PASSWORD})
    assert signed_in.status_code == 302
    home = client.get(reverse("home")).content.decode()
    assert f'href="{triage}"' in home and 'href="/admin/"' in home
    assert client.get(triage).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_the_demo_sign_ins_list_platform_staff():
    out = StringIO()
    call_command("demo_signins", stdout=out)
    printed = out.getvalue()
    assert f"platform staff {DEMO_STAFF.email}" in printed
    assert f"administrator  {ADMIN}" in printed


def test_the_demo_participant_has_a_group_whose_facilitator_can_be_shared_with():
    from steadfast.journal.selectors import facilitators_for

    call_command("load_content", stdout=StringIO())
    load()
    participant = User.objects.get(email="participant@demo.steadfast.local")
    organisation = Membership.objects.get(user=participant).organisation
    names = [u.full_name for u in facilitators_for(user=participant, organisation=organisation)]
    assert names == ["Dana Okafor"]
    due = DueAssessment.objects.count()
    load()  # a second load adds no second group and no second schedule
    assert participant.cohort_places.count() == 1
    assert DueAssessment.objects.count() == due


def test_safety_works_out_of_the_box_item_nine_reaches_the_named_responder(
    client, django_capture_on_commit_callbacks
):
    """The demo names a responder and a backup and the participant has agreed to alerts, so
    the documented item-9 path raises an alert for Dana with nothing set up by hand."""
    load()
    load()  # twice: still one setup, one consent
    setup = SafetySetup.objects.get()
    assert (setup.responder.email, setup.backup.email) == (
        "facilitator@demo.steadfast.local",
        ADMIN,
    )
    participant = User.objects.get(email="participant@demo.steadfast.local")
    client.force_login(participant)
    client.post(reverse("assessments:start", kwargs={"code": "phq9"}))
    draft = Draft.objects.get(user=participant, instrument="phq9")
    url = reverse("assessments:question", kwargs={"token": draft.token, "position": 9})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"answer": 1}).status_code == 302
    alert = Alert.objects.get()
    assert alert.assigned_to == setup.responder
    assert alert.organisation.slug == DEMO_SLUG

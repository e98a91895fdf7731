import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def mfa_required(settings):
    settings.STEADFAST_REQUIRE_STAFF_MFA = True


def home(org):
    return reverse("organisation_home", kwargs={"slug": org.slug})


def give_totp(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})


@pytest.mark.parametrize("role_fixture", ["facilitator", "lead", "administrator"])
def test_staff_roles_without_mfa_are_sent_to_set_it_up(
    client, org, mfa_required, role_fixture, request
):
    user = request.getfixturevalue(role_fixture)
    client.force_login(user)
    response = client.get(home(org))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("mfa_activate_totp"))


def test_staff_with_mfa_get_through(client, org, lead, mfa_required):
    give_totp(lead)
    client.force_login(lead)
    assert client.get(home(org)).status_code == 200


def test_participants_are_not_forced(client, org, participant, mfa_required):
    client.force_login(participant)
    assert client.get(home(org)).status_code == 200


def test_django_staff_without_membership_are_forced(client, mfa_required, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.headers["Location"].startswith(reverse("mfa_activate_totp"))


def test_setup_pages_and_crisis_help_stay_reachable(client, lead, mfa_required):
    client.force_login(lead)
    assert client.get(reverse("mfa_activate_totp")).status_code in {200, 302}
    assert client.get(reverse("crisis")).status_code == 200
    assert client.get("/healthz").status_code == 200


def test_setting_off_leaves_staff_alone(client, org, lead, settings):
    settings.STEADFAST_REQUIRE_STAFF_MFA = False
    client.force_login(lead)
    assert client.get(home(org)).status_code == 200


def test_sign_in_with_totp_asks_for_the_second_factor(client, org, settings):
    import pyotp
    from allauth.mfa.totp.internal.auth import TOTP

    from steadfast.accounts.tests.factories import UserFactory
    from steadfast.organisations.tests.factories import MembershipFactory

    settings.STEADFAST_REQUIRE_STAFF_MFA = True
    user = UserFactory(email="fac@example.org", password="a long pass phrase here")
    MembershipFactory(user=user, organisation=org, role="facilitator")
    secret = pyotp.random_base32()
    TOTP.activate(user, secret)

    response = client.post(
        "/accounts/login/", {"login": "fac@example.org", "password": "a long pass phrase here"}
    )
    assert response.headers["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # password alone is not enough
    client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(secret).now()})
    assert client.session["_auth_user_id"] == str(user.pk)

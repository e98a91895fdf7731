"""Every organisation page against every role, the outsider (another organisation's lead)
and a signed-out visitor."""

import pytest
from django.urls import reverse

from steadfast.core.models import AuditEvent
from steadfast.organisations import services
from steadfast.organisations.models import Invitation
from steadfast.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

ROLES = ["participant", "facilitator", "lead", "administrator", "outsider"]
# page name, method, expected status for each of ROLES
MATRIX = [
    ("organisation_home", "get", [200, 200, 200, 200, 404]),
    ("consent", "get", [200, 200, 200, 200, 404]),
    ("organisation_people", "get", [403, 403, 200, 200, 404]),
    ("organisation_people", "post", [403, 403, 302, 302, 404]),
    ("invitation_resend", "post", [403, 403, 302, 302, 404]),
    ("invitation_revoke", "post", [403, 403, 302, 302, 404]),
    ("member_remove", "post", [403, 403, 302, 302, 404]),
    ("shared_measures", "get", [403, 200, 403, 403, 404]),
]


@pytest.fixture
def pending_invitation(org, lead):
    return services.invitation_create(
        organisation=org, email="pending@example.org", role="participant", invited_by=lead
    )


@pytest.fixture
def removable_member(org):
    return MembershipFactory(organisation=org, role="participant")


def url_for(name, org, invitation, member=None):
    kwargs = {"slug": org.slug}
    if name.startswith("invitation_"):
        kwargs["pk"] = invitation.pk
    if name == "member_remove":
        kwargs["pk"] = member.pk
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(("name", "method", "expected"), MATRIX)
@pytest.mark.parametrize("role_index", range(len(ROLES)))
def test_role_matrix(
    client, request, org, pending_invitation, removable_member, name, method, expected, role_index
):
    user = request.getfixturevalue(ROLES[role_index])
    client.force_login(user)
    data = (
        {"email": f"x{role_index}@example.org", "role": "participant"} if method == "post" else None
    )
    url = url_for(name, org, pending_invitation, removable_member)
    response = getattr(client, method)(url, data)
    assert response.status_code == expected[role_index], (ROLES[role_index], name, method)


@pytest.mark.parametrize(("name", "method", "expected"), MATRIX)
def test_signed_out_visitors_are_sent_to_sign_in(
    client, org, pending_invitation, removable_member, name, method, expected
):
    response = getattr(client, method)(url_for(name, org, pending_invitation, removable_member))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")


def test_another_organisations_invitation_is_a_404_even_to_a_lead(
    client, org, other_org, outsider, pending_invitation
):
    # Charlie leads another organisation and tries this organisation's invitation id.
    client.force_login(outsider)
    url = reverse("invitation_revoke", kwargs={"slug": other_org.slug, "pk": pending_invitation.pk})
    assert client.post(url).status_code == 404
    assert Invitation.objects.get(pk=pending_invitation.pk).revoked_at is None


def test_unknown_organisation_and_non_member_look_the_same(client, outsider, org):
    client.force_login(outsider)
    real = client.get(reverse("organisation_home", kwargs={"slug": org.slug}))
    missing = client.get(reverse("organisation_home", kwargs={"slug": "no-such-org"}))
    assert real.status_code == missing.status_code == 404


def test_denials_are_logged_and_audited(client, participant, org, caplog):
    client.force_login(participant)
    client.get(reverse("organisation_people", kwargs={"slug": org.slug}))
    assert AuditEvent.objects.filter(
        action="denied", actor=participant, object_id="manage_people"
    ).exists()
    assert any("denied" in record.message for record in caplog.records)


def test_inactive_membership_no_longer_opens_the_organisation(client, participant, org):
    participant.memberships.update(is_active=False)
    client.force_login(participant)
    assert client.get(reverse("organisation_home", kwargs={"slug": org.slug})).status_code == 404


def test_each_role_sees_its_own_home(client, request, org):
    expected = {
        "participant": "Hello,",
        "facilitator": "Facilitator home",
        "lead": "aggregates only",
        "administrator": "Administration",
    }
    for role, text in expected.items():
        client.force_login(request.getfixturevalue(role))
        assert text in client.get(reverse("organisation_home", kwargs={"slug": org.slug})).text


def test_home_redirects_a_single_membership_and_lists_several(client, participant, org, other_org):
    client.force_login(participant)
    assert client.get(reverse("home")).headers["Location"] == reverse(
        "organisation_home", kwargs={"slug": org.slug}
    )
    MembershipFactory(user=participant, organisation=other_org)
    page = client.get(reverse("home"))
    assert page.status_code == 200
    assert org.name in page.text and other_org.name in page.text


def test_lead_invites_from_the_people_page(client, lead, org, django_capture_on_commit_callbacks):
    client.force_login(lead)
    url = reverse("organisation_people", kwargs={"slug": org.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "Medic@Example.org", "role": "champion"})
    assert response.status_code == 302
    page = client.get(url)
    assert "medic@example.org" in page.text


def test_bad_invitation_input_keeps_what_was_typed(client, lead, org, participant):
    client.force_login(lead)
    url = reverse("organisation_people", kwargs={"slug": org.slug})
    response = client.post(url, {"email": "not-an-email", "role": "participant"})
    assert response.status_code == 400
    assert 'value="not-an-email"' in response.text
    response = client.post(url, {"email": participant.email, "role": "participant"})
    assert "already a member" in response.text
    response = client.post(url, {"email": "ok@example.org", "role": "king"})
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_people_page_query_count_does_not_grow_with_members(
    client, lead, org, django_assert_num_queries
):
    client.force_login(lead)
    url = reverse("organisation_people", kwargs={"slug": org.slug})
    services.invitation_create(
        organisation=org, email="first@example.org", role="participant", invited_by=lead
    )
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(15):
        MembershipFactory(organisation=org)
    for i in range(5):
        services.invitation_create(
            organisation=org, email=f"p{i}@example.org", role="participant", invited_by=lead
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_lead_home_shows_counts_not_people(client, lead, participant, org):
    client.force_login(lead)
    page = client.get(reverse("organisation_home", kwargs={"slug": org.slug}))
    assert participant.full_name not in page.text


@pytest.mark.parametrize("role", ["participant", "lead"])
def test_home_runs_a_small_constant_number_of_queries(
    client, request, org, role, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(role))
    url = reverse("organisation_home", kwargs={"slug": org.slug})
    client.get(url)
    for _ in range(20):
        MembershipFactory(organisation=org)
    # session, user, MFA policy (2), membership, then the page's own reads; a participant's
    # home also gathers what is next (at most three program paths, due questionnaires, recent
    # practice, advice), bounded whatever the data size.
    with django_assert_max_num_queries(8 if role != "participant" else 32):
        assert client.get(url).status_code == 200


def test_reading_invitation_addresses_is_audited(client, lead, org, pending_invitation):
    client.force_login(lead)
    client.get(reverse("organisation_people", kwargs={"slug": org.slug}))
    event = AuditEvent.objects.get(action="read", object_type="organisations.invitation")
    assert event.actor == lead
    assert event.detail == f"ids={pending_invitation.pk}"
    assert "pending@" not in event.detail


def remove(client, org, membership):
    return client.post(
        reverse("member_remove", kwargs={"slug": org.slug, "pk": membership.pk}), follow=True
    )


def test_lead_removes_a_member_who_then_loses_access(client, lead, participant, org):
    client.force_login(lead)
    membership = participant.memberships.get()
    page = remove(client, org, membership)
    assert "no longer belong" in page.text
    assert participant.full_name not in page.text.split("Members")[-1]
    membership.refresh_from_db()
    assert membership.is_active is False
    assert AuditEvent.objects.filter(
        object_type="organisations.rolechange",
        detail=f"user={participant.pk} role=participant>- via=removal",
    ).exists()
    client.force_login(participant)
    assert client.get(reverse("organisation_home", kwargs={"slug": org.slug})).status_code == 404


def test_nobody_removes_themselves(client, lead, org):
    client.force_login(lead)
    page = remove(client, org, lead.memberships.get())
    assert "cannot remove yourself" in page.text
    assert lead.memberships.get().is_active


def test_only_an_administrator_removes_an_administrator(client, lead, administrator, org):
    client.force_login(lead)
    assert "Only an administrator" in remove(client, org, administrator.memberships.get()).text
    assert administrator.memberships.get().is_active


def test_another_organisations_member_cannot_be_removed(client, lead, outsider, org):
    client.force_login(lead)
    response = client.post(
        reverse("member_remove", kwargs={"slug": org.slug, "pk": outsider.memberships.get().pk})
    )
    assert response.status_code == 404
    assert outsider.memberships.get().is_active


def test_a_removed_member_can_be_invited_back(
    client, administrator, participant, org, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    remove(client, org, participant.memberships.get())
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            organisation=org, email=participant.email, role="facilitator", invited_by=administrator
        )
    client.force_login(participant)
    path = reverse("invitation_accept", kwargs={"token": services.invitation_token(invitation)})
    client.post(path)
    membership = participant.memberships.get()
    assert (membership.is_active, membership.role) == (True, "facilitator")

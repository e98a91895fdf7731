"""Least privilege for roles: nobody gives a role with more access than their own, on any
path that gives one (invitation, role change, removal, accepting a link, safety setup, the
platform admin, cohort enrolment), and every change lands in the administrators' history.

The expected grants are written out here by hand, not computed from the rule under test."""

import pytest
from django.urls import reverse

from steadfast.core.models import AuditEvent
from steadfast.organisations import services
from steadfast.organisations.models import Invitation, Membership, RoleChange
from steadfast.organisations.tests.factories import MembershipFactory
from steadfast.safety.models import SafetySetup
from steadfast.safety.services import SafetyError, SetupInput, setup_save

pytestmark = pytest.mark.django_db

ROLES = ["participant", "champion", "facilitator", "lead", "administrator"]
# Which roles each role may give. Leads never give facilitator or administrator.
GRANTS = {
    "participant": set(),
    "champion": set(),
    "facilitator": set(),  # on the People page; cohort enrolment gives participant, below
    "lead": {"participant", "champion", "lead"},
    "administrator": set(ROLES),
}
# What the rule itself allows, whatever the path; pages also ask for their own capability
# (only leads and administrators manage people).
RULE = {
    "participant": {"participant"},
    "champion": {"participant", "champion"},
    "facilitator": {"participant"},
    "lead": {"participant", "champion", "lead"},
    "administrator": set(ROLES),
}
PAIRS = [(granter, granted) for granter in ROLES for granted in ROLES]


def member(org, role, name=None):
    return MembershipFactory(organisation=org, role=role, user__full_name=name or f"A {role}")


def people_url(org):
    return reverse("organisation_people", kwargs={"slug": org.slug})


@pytest.mark.parametrize(("granter", "granted"), PAIRS)
def test_invitation_from_the_people_page(client, org, granter, granted):
    actor = member(org, granter)
    client.force_login(actor.user)
    response = client.post(people_url(org), {"email": "new@example.org", "role": granted})
    made = Invitation.objects.filter(organisation=org).first()
    if granted in GRANTS[granter]:
        assert response.status_code == 302
        assert made is not None and made.role == granted
    else:
        assert response.status_code in (400, 403)
        assert made is None
    if granter in ("lead", "administrator") and granted not in GRANTS[granter]:
        # The form offers only what may be given; a forged post is refused in words.
        assert f'value="{granted}"' not in client.get(people_url(org)).text
        assert "Select a valid choice" in response.text


@pytest.mark.parametrize(("granter", "granted"), PAIRS)
def test_invitation_service_refuses_what_the_inviter_may_not_give(org, granter, granted):
    actor = member(org, granter)
    if granted in RULE[granter]:
        services.invitation_create(
            organisation=org, email="x@example.org", role=granted, invited_by=actor.user
        )
        assert Invitation.objects.get().role == granted
    else:
        with pytest.raises(services.InvitationError, match="Only an administrator"):
            services.invitation_create(
                organisation=org, email="x@example.org", role=granted, invited_by=actor.user
            )
        assert not Invitation.objects.exists()


@pytest.mark.parametrize(("granter", "granted"), PAIRS)
def test_role_change_from_the_people_page(client, org, granter, granted):
    """Promoting a participant to each role, as each role."""
    actor = member(org, granter)
    target = member(org, "participant", "Pat Target")
    client.force_login(actor.user)
    url = reverse("member_role_change", kwargs={"slug": org.slug, "pk": target.pk})
    response = client.post(url, {f"m{target.pk}-role": granted})
    target.refresh_from_db()
    may_manage_people = granter in ("lead", "administrator")
    if may_manage_people and granted in GRANTS[granter]:
        assert response.status_code == 302
        assert target.role == granted
    else:
        assert response.status_code == (400 if may_manage_people else 403)
        assert target.role == "participant"
    changed = RoleChange.objects.filter(person=target.user, via="role_change")
    assert changed.exists() == (target.role != "participant")


@pytest.mark.parametrize(("granter", "current"), PAIRS)
def test_nobody_demotes_or_removes_someone_whose_role_they_could_not_give(
    client, org, granter, current
):
    actor = member(org, granter)
    target = member(org, current, "Pat Target")
    client.force_login(actor.user)
    role_url = reverse("member_role_change", kwargs={"slug": org.slug, "pk": target.pk})
    client.post(role_url, {f"m{target.pk}-role": "participant"})
    target.refresh_from_db()
    allowed = granter in ("lead", "administrator") and current in GRANTS[granter]
    assert (target.role == "participant") == (allowed or current == "participant")
    remove_url = reverse("member_remove", kwargs={"slug": org.slug, "pk": target.pk})
    client.post(remove_url)
    target.refresh_from_db()
    assert target.is_active is not allowed


def test_the_audited_hole_is_closed_a_lead_cannot_make_an_administrator(client, org, lead):
    """The audit's path: a lead posts role=administrator on the People page."""
    client.force_login(lead)
    response = client.post(people_url(org), {"email": "me2@example.org", "role": "administrator"})
    assert response.status_code == 400
    assert not Invitation.objects.exists()
    response = client.post(people_url(org), {"email": "me2@example.org", "role": "facilitator"})
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_a_lead_cannot_raise_their_own_role(client, org, lead, administrator):
    own = lead.memberships.get()
    client.force_login(lead)
    url = reverse("member_role_change", kwargs={"slug": org.slug, "pk": own.pk})
    response = client.post(url, {f"m{own.pk}-role": "lead"})
    assert response.status_code == 400
    assert "cannot change the role of yourself" in response.text
    own.refresh_from_db()
    assert own.role == "lead"


def test_a_link_stops_working_when_its_inviter_loses_the_right_to_give_the_role(
    client, org, administrator
):
    inviter = member(org, "administrator", "Ann Inviter")
    invitation = services.invitation_create(
        organisation=org, email="fac@example.org", role="facilitator", invited_by=inviter.user
    )
    services.membership_role_change(
        membership=inviter, role="lead", actor_membership=administrator.memberships.get()
    )
    path = reverse("invitation_accept", kwargs={"token": services.invitation_token(invitation)})
    pw = "a sturdy pass phrase 2026"
    response = client.post(path, {"full_name": "Fay", "password1": pw, "password2": pw})
    assert response.status_code == 404
    assert "Ask the organisation for a new one" in response.text
    assert not Membership.objects.filter(user__email="fac@example.org").exists()


def test_accepting_an_invitation_is_in_the_history(client, org, administrator):
    invitation = services.invitation_create(
        organisation=org, email="fac@example.org", role="facilitator", invited_by=administrator
    )
    path = reverse("invitation_accept", kwargs={"token": services.invitation_token(invitation)})
    pw = "a sturdy pass phrase 2026"
    client.post(path, {"full_name": "Fay New", "password1": pw, "password2": pw})
    change = RoleChange.objects.get(via="invitation")
    assert (change.role_before, change.role_after) == ("", "facilitator")
    assert change.changed_by == administrator


# Safety responders -----------------------------------------------------------------------------


@pytest.mark.parametrize("granter", ROLES)
def test_only_administrators_name_a_safety_responder(client, org, granter, facilitator):
    actor = member(org, granter)
    client.force_login(actor.user)
    url = reverse("safety_org:setup", kwargs={"slug": org.slug})
    response = client.post(url, {"form": "setup", "responder": facilitator.pk})
    named = SafetySetup.objects.filter(organisation=org, responder=facilitator).exists()
    assert named == (granter == "administrator")
    assert response.status_code == (302 if granter == "administrator" else 403)


@pytest.mark.parametrize("role", ROLES)
def test_only_facilitators_and_administrators_can_be_named_responder(org, administrator, role):
    person = member(org, role)
    data = SetupInput(responder_id=person.user_id, backup_id=None, hours="", policy={})
    if role in ("facilitator", "administrator"):
        setup_save(organisation=org, data=data, by=administrator)
        assert SafetySetup.objects.get(organisation=org).responder_id == person.user_id
    else:
        with pytest.raises(SafetyError):
            setup_save(organisation=org, data=data, by=administrator)


def test_replacing_the_responder_is_shown_to_every_administrator(
    client, org, administrator, facilitator
):
    other = member(org, "facilitator", "Rene Replacement")
    second_admin = member(org, "administrator", "Second Admin")
    setup_save(
        organisation=org,
        data=SetupInput(responder_id=facilitator.pk, backup_id=None, hours="", policy={}),
        by=administrator,
    )
    setup_save(
        organisation=org,
        data=SetupInput(responder_id=other.user_id, backup_id=None, hours="", policy={}),
        by=administrator,
    )
    client.force_login(second_admin.user)
    page = client.get(people_url(org)).text
    history = page.split('id="changes-h"')[1]
    assert "Rene Replacement" in history and facilitator.full_name in history
    # Facilitator named, then no longer; Rene named.
    assert history.count("Safety responder") == 3
    assert (
        AuditEvent.objects.filter(
            object_type="organisations.rolechange", detail__contains="via=safety_setup"
        ).count()
        == 3
    )


def test_leads_do_not_see_the_history(client, org, lead):
    client.force_login(lead)
    assert "Recent changes to roles" not in client.get(people_url(org)).text


def test_the_named_responder_keeps_a_role_that_can_answer_alerts(org, administrator, facilitator):
    setup_save(
        organisation=org,
        data=SetupInput(responder_id=facilitator.pk, backup_id=None, hours="", policy={}),
        by=administrator,
    )
    admin_membership = administrator.memberships.get()
    target = facilitator.memberships.get()
    with pytest.raises(services.MembershipError, match="safety responder"):
        services.membership_role_change(
            membership=target, role="participant", actor_membership=admin_membership
        )
    with pytest.raises(services.MembershipError, match="Name someone else"):
        services.membership_deactivate(membership=target, actor_membership=admin_membership)
    target.refresh_from_db()
    assert (target.role, target.is_active) == ("facilitator", True)
    services.membership_role_change(
        membership=target, role="administrator", actor_membership=admin_membership
    )
    target.refresh_from_db()
    assert target.role == "administrator"


# The platform admin -----------------------------------------------------------------------------


def test_an_organisation_administrator_cannot_use_the_platform_admin(client, administrator):
    client.force_login(administrator)
    response = client.get("/admin/organisations/membership/")
    assert response.status_code == 302
    assert "/admin/login/" in response.headers["Location"]


def test_platform_staff_role_changes_land_in_the_history(admin_client, org, participant):
    target = participant.memberships.get()
    url = reverse("admin:organisations_membership_change", args=[target.pk])
    response = admin_client.post(
        url,
        {
            "user": participant.pk,
            "organisation": org.pk,
            "role": "facilitator",
            "team": "",
            "is_active": "on",
            "joined_at_0": "2026-12-01",
            "joined_at_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    target.refresh_from_db()
    assert target.role == "facilitator"
    change = RoleChange.objects.get(person=participant)
    assert (change.role_before, change.role_after, change.via) == (
        "participant",
        "facilitator",
        "platform_staff",
    )

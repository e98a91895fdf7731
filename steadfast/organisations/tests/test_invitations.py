import datetime as dt
from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from steadfast.accounts.models import User
from steadfast.core.models import AuditEvent
from steadfast.organisations import services
from steadfast.organisations.models import Invitation, Membership
from steadfast.organisations.services import InvitationError
from steadfast.organisations.tests.factories import TeamFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a sturdy pass phrase 2026"


@pytest.fixture
def invite(org, lead, django_capture_on_commit_callbacks):
    def make(email="new.nurse@example.org", role="participant", **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.invitation_create(
                organisation=org, email=email, role=role, invited_by=lead, **kwargs
            )

    return make


def link_path(invitation):
    return reverse("invitation_accept", kwargs={"token": services.invitation_token(invitation)})


@time_machine.travel(dt.datetime(2026, 12, 4, 20, 0, tzinfo=dt.UTC), tick=False)
def test_the_invitation_email_gives_the_last_day_in_the_organisations_zone(
    org, invite, mailoutbox, run_worker, settings
):
    """The worker has no person's zone to follow: the date is the organisation's, where
    20:00 UTC on 18 December is already the 19th (Auckland is 13 hours ahead)."""
    settings.STEADFAST_INVITATION_DAYS = 14
    org.time_zone = "Pacific/Auckland"
    org.save()
    invite()
    run_worker()
    (message,) = mailoutbox
    assert "until 19 December 2026" in message.body


def test_invitation_email_goes_through_the_real_task_worker_once(invite, mailoutbox, run_worker):
    invitation = invite()
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert mailoutbox == []  # nothing is sent in the request itself
    run_worker()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["new.nurse@example.org"]
    assert link_path(invitation) in message.body
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    # Re-running the same task (a restarted worker) sends nothing new.
    services.invitation_email_send(invitation_id=invitation.pk, nonce=invitation.nonce)
    assert len(mailoutbox) == 1


def test_nothing_is_enqueued_when_the_request_rolls_back(org, lead, mailoutbox):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        services.invitation_create(
            organisation=org, email="x@example.org", role="participant", invited_by=lead
        )
        raise RuntimeError("boom")
    assert not DBTaskResult.objects.exists()


def test_a_failing_send_is_retried_and_the_failure_is_visible(
    invite, monkeypatch, mailoutbox, admin_client, run_worker
):
    invite()
    calls = []
    real_send_mail = services.send_mail

    def flaky_send(**kwargs):
        calls.append(1)
        raise ConnectionError("smtp down")

    monkeypatch.setattr(services, "send_mail", flaky_send)
    run_worker()
    failed = DBTaskResult.objects.get(status="FAILED")
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert retry.run_after > timezone.now()
    assert "smtp down" in failed.traceback
    listing = admin_client.get(
        reverse("admin:django_tasks_database_dbtaskresult_changelist"), {"status__exact": "FAILED"}
    )
    assert str(failed.id) in listing.text

    monkeypatch.setattr(services, "send_mail", real_send_mail)  # the server is back
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    assert len(mailoutbox) == 1
    assert DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"


def test_retries_stop_after_the_maximum(invite, monkeypatch, settings, run_worker):
    settings.STEADFAST_TASK_MAX_ATTEMPTS = 2
    invite()
    monkeypatch.setattr(services, "send_mail", lambda **k: (_ for _ in ()).throw(OSError("down")))
    run_worker()
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker()
    assert DBTaskResult.objects.filter(status="FAILED").count() == 2
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_email_is_stored_encrypted_and_found_by_blind_index(invite):
    invitation = invite("Kim.Lee@Example.org")
    assert invitation.email == "kim.lee@example.org"
    assert invitation.email_index == services.invitation_email_index("kim.lee@example.org")


def test_second_open_invitation_for_the_same_address_is_refused(invite):
    invite("twice@example.org")
    with pytest.raises(InvitationError, match="already waiting"):
        invite("TWICE@example.org")
    assert Invitation.objects.count() == 1


def test_an_expired_invitation_can_be_replaced(invite):
    first = invite("late@example.org")
    Invitation.objects.filter(pk=first.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    second = invite("late@example.org")
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.is_open


def test_members_cannot_be_invited_again(invite, participant):
    with pytest.raises(InvitationError, match="already a member"):
        invite(participant.email.upper())


def test_team_from_another_organisation_is_refused(invite, other_org):
    with pytest.raises(InvitationError, match="another organisation"):
        invite(team=TeamFactory(organisation=other_org))


def test_accepting_creates_the_account_and_membership_and_signs_in(client, invite, org):
    team = TeamFactory(organisation=org, name="ICU")
    invitation = invite("new.nurse@example.org", team=team)
    url = link_path(invitation)
    assert "new.nurse@example.org" in client.get(url).text
    response = client.post(
        url, {"full_name": "Noor Haddad", "password1": PASSWORD, "password2": PASSWORD}
    )
    # A new participant is asked to agree to take part first: nothing starts before that.
    assert response.headers["Location"] == reverse("consent", kwargs={"slug": org.slug})
    consent_page = client.get(response.headers["Location"]).content.decode()
    assert "Nothing is scheduled for you until you agree" in consent_page
    user = User.objects.get(email="new.nurse@example.org")
    assert user.full_name == "Noor Haddad"
    assert user.password.startswith("argon2$argon2id$")
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role, membership.team) == (org, "participant", team)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert AuditEvent.objects.filter(actor=user, object_type="organisations.membership").exists()


def test_a_used_link_is_refused_with_a_clear_page(client, invite):
    invitation = invite()
    url = link_path(invitation)
    client.post(url, {"full_name": "A", "password1": PASSWORD, "password2": PASSWORD})
    client.logout()
    again = client.get(url)
    assert again.status_code == 410
    assert "already been used" in again.text


def test_double_submission_creates_one_account(client, invite):
    invitation = invite()
    url = link_path(invitation)
    data = {"full_name": "A", "password1": PASSWORD, "password2": PASSWORD}
    client.post(url, data)
    client.logout()
    second = client.post(url, data)
    assert second.status_code == 410
    assert User.objects.filter(email=invitation.email).count() == 1


def test_an_expired_link_is_refused(client, invite):
    invitation = invite()
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(link_path(invitation))
    assert response.status_code == 410
    assert "expired" in response.text
    post = client.post(
        link_path(invitation), {"full_name": "A", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert post.status_code == 410
    assert not User.objects.filter(email=invitation.email).exists()


@pytest.mark.parametrize(
    "token",
    ["garbage", signing.dumps({"i": 999999, "n": "x"}, salt="wrong-salt"), "a" * 500, "ñ🙂"],
)
def test_forged_or_malformed_links_are_refused(client, token):
    response = client.get(reverse("invitation_accept", kwargs={"token": token}))
    assert response.status_code == 404
    assert "not valid" in response.text


def test_resending_kills_the_old_link(client, invite, lead, mailoutbox):
    invitation = invite()
    old_url = link_path(invitation)
    services.invitation_resend(invitation=invitation, actor=lead)
    invitation.refresh_from_db()
    assert client.get(old_url).status_code == 404
    assert client.get(link_path(invitation)).status_code == 200


def test_a_revoked_link_is_refused(client, invite, lead):
    invitation = invite()
    services.invitation_revoke(invitation=invitation, actor=lead)
    assert client.get(link_path(invitation)).status_code == 404


def test_link_for_another_address_is_refused_to_a_signed_in_person(client, invite, participant):
    invitation = invite("someone.else@example.org")
    client.force_login(participant)
    response = client.post(link_path(invitation))
    assert response.status_code == 403
    assert "different address" in response.text
    assert not Membership.objects.filter(user__email="someone.else@example.org").exists()
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_existing_account_joins_a_second_organisation(client, invite, other_org, outsider, org):
    invitation = invite(outsider.email, role="champion")
    client.force_login(outsider)
    response = client.post(link_path(invitation))
    assert response.status_code == 302
    assert set(outsider.memberships.values_list("organisation__slug", "role")) == {
        (other_org.slug, "lead"),
        (org.slug, "champion"),
    }


def test_existing_account_signed_out_is_asked_to_sign_in_not_to_register(client, invite, outsider):
    invitation = invite(outsider.email)
    page = client.get(link_path(invitation))
    assert "already have a Steadfast account" in page.text
    response = client.post(
        link_path(invitation), {"full_name": "X", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 400
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_weak_or_mismatched_passwords_are_refused_and_nothing_is_lost(client, invite):
    invitation = invite()
    url = link_path(invitation)
    weak = client.post(url, {"full_name": "Sam", "password1": "password", "password2": "password"})
    assert weak.status_code == 400
    assert "too short" in weak.text or "too common" in weak.text
    mismatch = client.post(
        url, {"full_name": "Sam", "password1": PASSWORD, "password2": PASSWORD + "x"}
    )
    assert "differ" in mismatch.text
    assert mismatch.context["form"]["full_name"].value() == "Sam"
    assert Invitation.objects.get(pk=invitation.pk).is_open


@pytest.mark.parametrize("name", ["Ана Петрова", "محمد الأحمد", "Zoë 👩🏽‍⚕️", "José"])
def test_names_in_any_alphabet_round_trip(client, invite, name):
    invitation = invite()
    client.post(
        link_path(invitation), {"full_name": name, "password1": PASSWORD, "password2": PASSWORD}
    )
    assert User.objects.get(email=invitation.email).full_name == name


def test_nul_in_a_name_is_refused_cleanly(client, invite):
    invitation = invite()
    response = client.post(
        link_path(invitation),
        {"full_name": "Bad\x00Name", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 400
    assert not User.objects.filter(email=invitation.email).exists()

"""Writes about organisations: members and their roles, inviting people, accepting invitations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from steadfast.core import crypto
from steadfast.core.emails import normalise_email
from steadfast.core.models import AuditEvent
from steadfast.core.sendonce import MarkerClaim, send_once
from steadfast.core.services import audit_record
from steadfast.core.taskutils import enqueue_on_commit
from steadfast.organisations.models import (
    Invitation,
    Membership,
    Organisation,
    Role,
    RoleChange,
    Team,
    default_invitation_expiry,
    new_nonce,
    role_label,
)
from steadfast.organisations.permissions import may_grant, may_manage
from steadfast.organisations.signals import invitation_accepted, membership_changing

if TYPE_CHECKING:
    from steadfast.accounts.models import User

INVITATION_SALT = "steadfast.invitation"
EMAIL_INDEX = "invitation-email"


class InvitationError(Exception):
    """An invitation cannot be used. `reason` picks the page shown to the person."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


class MembershipError(Exception):
    pass


def role_change_record(
    *,
    organisation: Organisation,
    person: User,
    role_before: str,
    role_after: str,
    changed_by: User | None,
    via: str,
) -> RoleChange:
    """Write down one change to what a person may do, for the administrators' history and
    the audit trail, in the caller's transaction. The one place every path records it."""
    change = RoleChange.objects.create(
        organisation=organisation,
        person=person,
        role_before=role_before,
        role_after=role_after,
        changed_by=changed_by if getattr(changed_by, "is_authenticated", False) else None,
        via=via,
    )
    audit_record(
        actor=changed_by,
        action=AuditEvent.Action.UPDATE,
        target=change,
        organisation=organisation,
        detail=f"user={person.pk} role={role_before or '-'}>{role_after or '-'} via={via}",
    )
    return change


def granter_role(*, organisation: Organisation, user: Any) -> str | None:
    """The role `user` grants with in `organisation`: their active membership's role, or
    administrator for platform staff (Django superusers) who do not belong to it. None when
    they may grant nothing here."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    role = (
        Membership.objects.active()
        .filter(organisation=organisation, user=user)
        .values_list("role", flat=True)
        .first()
    )
    if role is None and user.is_superuser:
        return Role.ADMINISTRATOR
    return role


def _refusals(membership: Membership, new_role: str | None) -> list[str]:
    return [
        reason
        for _, reason in membership_changing.send(
            sender=Membership, membership=membership, new_role=new_role
        )
        if reason
    ]


def _check_manage(membership: Membership, actor_membership: Membership, verb: str) -> None:
    if membership.pk == actor_membership.pk:
        raise MembershipError(f"You cannot {verb} yourself. Ask another administrator.")
    if not may_manage(actor_membership, membership):
        raise MembershipError(
            f"Only an administrator can {verb} {role_label(membership.role, article=True)}."
        )


@transaction.atomic
def membership_deactivate(*, membership: Membership, actor_membership: Membership) -> Membership:
    """Remove someone from the organisation (they keep their account and their own data; a
    new invitation brings them back). Nobody removes themselves here, and nobody removes a
    person whose role they could not give (only administrators remove administrators and
    facilitators)."""
    _check_manage(membership, actor_membership, "remove")
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_active:
        return membership
    refusals = _refusals(membership, None)
    if refusals:
        raise MembershipError(" ".join(refusals))
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    role_change_record(
        organisation=membership.organisation,
        person=membership.user,
        role_before=membership.role,
        role_after="",
        changed_by=actor_membership.user,
        via=RoleChange.Via.REMOVAL,
    )
    return membership


@transaction.atomic
def membership_role_change(
    *,
    membership: Membership,
    role: str,
    actor_membership: Membership,
) -> Membership:
    """Give a member another role. The actor must be able to give both the role the member
    has and the new one, so a lead never makes anyone (themselves included) an administrator
    or a facilitator, and never demotes one."""
    if role not in Role.values:
        raise MembershipError("Choose one of the roles on the list.")
    _check_manage(membership, actor_membership, "change the role of")
    if not may_grant(actor_membership.role, role):
        raise MembershipError(
            f"Only an administrator can make someone {role_label(role, article=True)}."
        )
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_active:
        raise MembershipError("This person no longer belongs to the organisation.")
    if membership.role == role:
        return membership
    refusals = _refusals(membership, role)
    if refusals:
        raise MembershipError(" ".join(refusals))
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    role_change_record(
        organisation=membership.organisation,
        person=membership.user,
        role_before=before,
        role_after=role,
        changed_by=actor_membership.user,
        via=RoleChange.Via.ROLE_CHANGE,
    )
    return membership


def invitation_token(invitation: Invitation) -> str:
    # No timestamp in the token: expiry lives in the row, so the link is stable per nonce.
    return signing.Signer(salt=INVITATION_SALT).sign_object(
        {"i": invitation.pk, "n": invitation.nonce}
    )


def invitation_url(invitation: Invitation) -> str:
    path = reverse("invitation_accept", kwargs={"token": invitation_token(invitation)})
    return f"{settings.SITE_URL}{path}"


def invitation_email_index(email: str) -> str:
    return crypto.blind_index(normalise_email(email), purpose=EMAIL_INDEX)


@transaction.atomic
def invitation_create(
    *,
    organisation: Organisation,
    email: str,
    role: str,
    invited_by: User,
    team: Team | None = None,
) -> Invitation:
    """Invite one address to join with a role; the email goes out through the task worker
    once this commits. Refuses current members and addresses with an open invitation."""
    email = normalise_email(email)
    if role not in Role.values:
        raise InvitationError("role", "Choose one of the roles on the list.")
    granting = granter_role(organisation=organisation, user=invited_by)
    if granting is None or not may_grant(granting, role):
        raise InvitationError(
            "role", f"Only an administrator can invite {role_label(role, article=True)}."
        )
    if (
        Membership.objects.active()
        .filter(organisation=organisation, user__email__iexact=email)
        .exists()
    ):
        raise InvitationError("member", "This person is already a member of the organisation.")
    if team is not None and team.organisation_id != organisation.pk:
        raise InvitationError("team", "That team belongs to another organisation.")
    index = invitation_email_index(email)
    # Expired invitations no longer count as open: retire them so a fresh one can be made.
    Invitation.objects.filter(
        organisation=organisation,
        email_index=index,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__lte=timezone.now(),
    ).update(revoked_at=timezone.now())
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                organisation=organisation,
                email=email,
                email_index=index,
                role=role,
                team=team,
                invited_by=invited_by,
            )
    except IntegrityError:
        raise InvitationError(
            "duplicate", "An invitation for this address is already waiting. Resend it instead."
        ) from None
    audit_record(
        actor=invited_by,
        action=AuditEvent.Action.CREATE,
        target=invitation,
        organisation=organisation,
        detail=f"role={role}",
    )
    _enqueue_send(invitation)
    return invitation


def _enqueue_send(invitation: Invitation) -> None:
    # Deferred: the tasks module imports these services.
    from steadfast.organisations.tasks import invitation_send

    enqueue_on_commit(invitation_send, invitation.pk, invitation.nonce)


@transaction.atomic
def invitation_resend(*, invitation: Invitation, actor: User) -> Invitation:
    """Send a fresh link: the nonce changes (the old link stops working), the clock restarts."""
    if invitation.accepted_at or invitation.revoked_at:
        raise InvitationError("closed", "This invitation was already used or withdrawn.")
    invitation.nonce = new_nonce()
    invitation.expires_at = default_invitation_expiry()
    invitation.save(update_fields=["nonce", "expires_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=invitation,
        organisation=invitation.organisation,
        detail="resent",
    )
    _enqueue_send(invitation)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: User) -> None:
    updated = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    if updated:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            target=invitation,
            organisation=invitation.organisation,
            detail="revoked",
        )


def invitation_email_send(*, invitation_id: int, nonce: str) -> bool:
    """Send the invitation email for this nonce, once. Returns whether an email went out.

    Idempotent: a superseded nonce (the invitation was resent), a closed invitation or a
    nonce already sent does nothing, so a re-run worker never mails twice. The send is claimed
    (sent_nonce set) before the email goes out, so two workers at once send one email; a
    failed send gives the claim back for the retry.
    """
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.nonce != nonce or invitation.sent_nonce == nonce:
        return False
    if not invitation.is_open:
        return False
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "url": invitation_url(invitation),
        "role": invitation.get_role_display(),
    }
    claim = MarkerClaim(
        model=Invitation,
        pk=invitation.pk,
        unsent=Q(nonce=nonce) & ~Q(sent_nonce=nonce),
        claim={"sent_nonce": nonce, "sent_at": timezone.now()},
        release={"sent_nonce": invitation.sent_nonce, "sent_at": invitation.sent_at},
    )
    return send_once(
        claim,
        lambda: send_mail(
            subject=f"You're invited to {invitation.organisation.name} on Steadfast",
            message=render_to_string("organisations/email/invitation.txt", context),
            from_email=None,
            recipient_list=[invitation.email],
        ),
    )


def invitation_from_token(token: str) -> Invitation:
    """Resolve a link to its invitation, or raise InvitationError saying why it can't be used."""
    try:
        data = signing.Signer(salt=INVITATION_SALT).unsign_object(token)
        invitation = Invitation.objects.select_related("organisation", "team").get(pk=data["i"])
    except (signing.BadSignature, KeyError, TypeError, Invitation.DoesNotExist):
        raise InvitationError("invalid", "This invitation link is not valid.") from None
    if invitation.nonce != data.get("n") or invitation.revoked_at is not None:
        raise InvitationError(
            "invalid", "This invitation link is no longer valid. A newer link may have been sent."
        )
    if invitation.accepted_at is not None:
        raise InvitationError("used", "This invitation has already been used.")
    if invitation.is_expired:
        raise InvitationError("expired", "This invitation has expired.")
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> User:
    """Use the invitation: `user` (an existing account, or one just made for it by
    accounts.services.invitation_accept_with_account in the same transaction) joins.

    Single use even under double submission: the row is re-read and claimed inside this
    transaction, so a second request finds it accepted.
    """
    # The person who invited may have lost the right to give this role since: the link
    # then grants nothing (least privilege holds at the moment access is given).
    granting = granter_role(organisation=invitation.organisation, user=invitation.invited_by)
    if granting is None or not may_grant(granting, invitation.role):
        raise InvitationError(
            "invalid",
            "This invitation can no longer be used. Ask the organisation for a new one.",
        )
    claimed = Invitation.objects.filter(
        pk=invitation.pk, nonce=invitation.nonce, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(accepted_at=timezone.now())
    if not claimed:
        raise InvitationError("used", "This invitation has already been used.")
    if normalise_email(user.email) != normalise_email(invitation.email):
        raise InvitationError("other_email", "This invitation was sent to a different address.")
    membership, created = Membership.objects.get_or_create(
        user=user,
        organisation=invitation.organisation,
        defaults={"role": invitation.role, "team": invitation.team},
    )
    before = "" if created or not membership.is_active else membership.role
    if not created and not membership.is_active:
        membership.is_active = True
        membership.role = invitation.role
        membership.save(update_fields=["is_active", "role"])
    Invitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
    audit_record(
        actor=user,
        action=AuditEvent.Action.CREATE,
        target=membership,
        organisation=invitation.organisation,
        detail=f"role={membership.role} via invitation {invitation.pk}",
    )
    if before != membership.role:
        role_change_record(
            organisation=invitation.organisation,
            person=user,
            role_before=before,
            role_after=membership.role,
            changed_by=invitation.invited_by,
            via=RoleChange.Via.INVITATION,
        )
    # Apps above react (cohorts enrols a person invited to a cohort at once).
    invitation_accepted.send(sender=Invitation, invitation=invitation, user=user)
    return user

"""Organisation pages: the home for each role, people and invitations, accepting one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from steadfast.accounts.selectors import consent_statuses_for
from steadfast.organisations import selectors, services
from steadfast.organisations.forms import AcceptNewAccountForm, InvitationForm
from steadfast.organisations.models import Membership, Role
from steadfast.organisations.permissions import organisation_view

HOME_TEMPLATES = {
    Role.PARTICIPANT: "organisations/home_participant.html",
    Role.FACILITATOR: "organisations/home_facilitator.html",
    Role.LEAD: "organisations/home_lead.html",
    Role.ADMINISTRATOR: "organisations/home_administrator.html",
}
INVITATION_ERROR_STATUS = {"invalid": 404, "used": 410, "expired": 410, "other_email": 403}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where signing in lands: the organisation's home, or a choice when there are several."""
    memberships = list(selectors.memberships_for(user=request.user))
    if len(memberships) == 1:
        return redirect("organisation_home", slug=memberships[0].organisation.slug)
    return render(request, "organisations/choose.html", {"memberships": memberships})


@organisation_view("view_home")
def organisation_home(request: HttpRequest, membership: Membership) -> HttpResponse:
    organisation = membership.organisation
    context: dict[str, object] = {"membership": membership, "organisation": organisation}
    if membership.role == Role.PARTICIPANT:
        context["consents"] = consent_statuses_for(user=membership.user, organisation=organisation)
    else:
        context["role_counts"] = selectors.role_counts(organisation=organisation)
    return render(request, HOME_TEMPLATES[Role(membership.role)], context)


@organisation_view("manage_people")
def people(request: HttpRequest, membership: Membership) -> HttpResponse:
    organisation = membership.organisation
    form = InvitationForm(request.POST or None, organisation=organisation)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.invitation_create(
                    organisation=organisation,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    team=form.cleaned_data["team"],
                    invited_by=request.user,
                    request=request,
                )
            except services.InvitationError as error:
                form.add_error("email", error.message)
            else:
                messages.success(request, "Invitation sent.")
                return redirect("organisation_people", slug=organisation.slug)
        status = 400
    context = {
        "membership": membership,
        "organisation": organisation,
        "members": selectors.members_of(organisation=organisation),
        "invitations": selectors.invitations_pending_for(
            organisation=organisation, actor=request.user, request=request
        ),
        "form": form,
    }
    return render(request, "organisations/people.html", context, status=status)


@require_POST
@organisation_view("manage_people")
def member_remove(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    member = get_object_or_404(
        Membership.objects.active().select_related("user"),
        organisation=membership.organisation,
        pk=pk,
    )
    try:
        services.membership_deactivate(
            membership=member, actor_membership=membership, request=request
        )
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{member.user.full_name} no longer belongs to the organisation.")
    return redirect("organisation_people", slug=membership.organisation.slug)


@require_POST
@organisation_view("manage_people")
def invitation_resend(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    invitation = get_object_or_404(membership.organisation.invitations, pk=pk)
    try:
        services.invitation_resend(invitation=invitation, actor=request.user, request=request)
    except services.InvitationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "A new link was sent; the old one no longer works.")
    return redirect("organisation_people", slug=membership.organisation.slug)


@require_POST
@organisation_view("manage_people")
def invitation_revoke(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    invitation = get_object_or_404(membership.organisation.invitations, pk=pk)
    services.invitation_revoke(invitation=invitation, actor=request.user, request=request)
    messages.success(request, "Invitation withdrawn.")
    return redirect("organisation_people", slug=membership.organisation.slug)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Join through an invitation link: create an account, or add the membership to the
    signed-in account of the same address."""
    try:
        invitation = services.invitation_from_token(token)
    except services.InvitationError as error:
        return _invitation_problem(request, error)
    from steadfast.accounts.models import User

    has_account = User.objects.filter(email__iexact=invitation.email).exists()
    user = request.user if request.user.is_authenticated else None
    if user is not None and user.email.lower() != invitation.email.lower():
        return _invitation_problem(
            request,
            services.InvitationError(
                "other_email",
                "This invitation was sent to a different address than the one you are signed "
                "in with. Sign out, then open the link again.",
            ),
        )
    form = AcceptNewAccountForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and (user is not None or (not has_account and form.is_valid())):
        try:
            joined = services.invitation_accept(
                invitation=invitation,
                user=user,
                full_name=form.cleaned_data.get("full_name", "") if user is None else "",
                password=form.cleaned_data.get("password1", "") if user is None else "",
                request=request,
            )
        except services.InvitationError as error:
            return _invitation_problem(request, error)
        if user is None:
            login(request, joined, backend="allauth.account.auth_backends.AuthenticationBackend")
        messages.success(request, f"Welcome to {invitation.organisation.name}.")
        return redirect("organisation_home", slug=invitation.organisation.slug)
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "form": form,
        "has_account": has_account,
        "signed_in": user is not None,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "organisations/invitation_accept.html", context, status=status)


def _invitation_problem(request: HttpRequest, error: services.InvitationError) -> HttpResponse:
    return render(
        request,
        "organisations/invitation_problem.html",
        {"error": error},
        status=INVITATION_ERROR_STATUS.get(error.reason, 400),
    )

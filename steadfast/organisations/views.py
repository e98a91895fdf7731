"""Organisation pages: choosing an organisation, its people and their invitations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from steadfast.organisations import selectors, services
from steadfast.organisations.forms import InvitationForm, RoleChangeForm
from steadfast.organisations.models import Membership, Role, role_label
from steadfast.organisations.permissions import grantable_roles, may_manage, organisation_view


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where signing in lands: the organisation's home, or a choice when there are several."""
    memberships = list(selectors.memberships_for(user=request.user))
    if len(memberships) == 1:
        return redirect("organisation_home", slug=memberships[0].organisation.slug)
    return render(request, "organisations/choose.html", {"memberships": memberships})


@organisation_view("manage_people")
def people(request: HttpRequest, membership: Membership) -> HttpResponse:
    organisation = membership.organisation
    form = InvitationForm(
        request.POST or None, organisation=organisation, granter_role=membership.role
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.invitation_create(
                    organisation=organisation,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    team=form.cleaned_data["team"],
                    invited_by=membership.user,
                )
            except services.InvitationError as error:
                form.add_error("email", error.message)
            else:
                messages.success(request, "Invitation sent.")
                return redirect("organisation_people", slug=organisation.slug)
        status = 400
    return _people_page(request, membership, form=form, status=status)


def _people_page(
    request: HttpRequest,
    membership: Membership,
    *,
    form: InvitationForm | None = None,
    role_form: tuple[int, RoleChangeForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    organisation = membership.organisation
    members = list(selectors.members_of(organisation=organisation))
    grantable = grantable_roles(membership.role)
    rows = []
    for m in members:
        manageable = may_manage(membership, m)
        if role_form is not None and role_form[0] == m.pk:
            change_form = role_form[1]
        elif manageable:
            change_form = RoleChangeForm(
                granter_role=membership.role, initial={"role": m.role}, prefix=f"m{m.pk}"
            )
        else:
            change_form = None
        rows.append({"member": m, "manageable": manageable, "role_form": change_form})
    context = {
        "membership": membership,
        "organisation": organisation,
        "rows": rows,
        "invitations": selectors.invitations_pending_for(
            organisation=organisation, actor=membership.user
        ),
        "form": form or InvitationForm(organisation=organisation, granter_role=membership.role),
        "grantable": grantable,
        "role_changes": selectors.role_changes_for(organisation=organisation)
        if membership.role == Role.ADMINISTRATOR
        else None,
    }
    return render(request, "organisations/people.html", context, status=status)


@require_POST
@organisation_view("manage_people")
def member_role_change(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    member = selectors.active_member_of(organisation=membership.organisation, pk=pk)
    form = RoleChangeForm(request.POST, granter_role=membership.role, prefix=f"m{member.pk}")
    if form.is_valid():
        try:
            services.membership_role_change(
                membership=member,
                role=form.cleaned_data["role"],
                actor_membership=membership,
            )
        except services.MembershipError as error:
            form.add_error("role", str(error))
        else:
            messages.success(request, "Role changed.")
            return redirect("organisation_people", slug=membership.organisation.slug)
    elif not may_manage(membership, member):
        form = RoleChangeForm(granter_role=membership.role, prefix=f"m{member.pk}")
        form.add_error(
            None,
            "Only an administrator can change the role of "
            f"{role_label(member.role, article=True)}.",
        )
    return _people_page(request, membership, role_form=(member.pk, form), status=400)


@require_POST
@organisation_view("manage_people")
def member_remove(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    member = selectors.active_member_of(organisation=membership.organisation, pk=pk)
    try:
        services.membership_deactivate(membership=member, actor_membership=membership)
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "They no longer belong to the organisation.")
    return redirect("organisation_people", slug=membership.organisation.slug)


@require_POST
@organisation_view("manage_people")
def invitation_resend(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    invitation = selectors.invitation_of(organisation=membership.organisation, pk=pk)
    try:
        services.invitation_resend(invitation=invitation, actor=membership.user)
    except services.InvitationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "A new link was sent; the old one no longer works.")
    return redirect("organisation_people", slug=membership.organisation.slug)


@require_POST
@organisation_view("manage_people")
def invitation_revoke(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    invitation = selectors.invitation_of(organisation=membership.organisation, pk=pk)
    services.invitation_revoke(invitation=invitation, actor=membership.user)
    messages.success(request, "Invitation withdrawn.")
    return redirect("organisation_people", slug=membership.organisation.slug)

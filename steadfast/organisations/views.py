"""Organisation pages: choosing an organisation, people and invitations, accepting one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from steadfast.core.http import client_ip
from steadfast.organisations import selectors, services
from steadfast.organisations.forms import (
    InvitationForm,
    RoleChangeForm,
    SeatForm,
    TrainingRequestForm,
    TrainingTriageForm,
)
from steadfast.organisations.models import Membership, Role, role_label
from steadfast.organisations.permissions import grantable_roles, may_manage, organisation_view

if TYPE_CHECKING:
    from steadfast.accounts.models import User


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


# -- training requests and regional trainings -------------------------------------------------
# Routed from steadfast/cohorts/urls.py and org_urls.py (config/urls.py mounts no
# organisations URL module of its own).

PUBLIC_REQUESTS_PER_HOUR = 5


def _rate_limited(request: HttpRequest, scope: str, limit: int) -> bool:
    """Count requests per client address per hour in the shared cache."""
    from django.core.cache import cache

    key = f"ratelimit:{scope}:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    return count > limit


def training_request_public(request: HttpRequest) -> HttpResponse:
    """Anyone may ask for training, without an account (CSRF-protected, rate-limited). A sent
    request redirects to the thank-you page, so sending the form twice stores it once."""
    if request.method == "GET" and request.GET.get("sent"):
        return render(request, "organisations/training_request_sent.html")
    form = TrainingRequestForm(request.POST or None)
    if request.method == "POST":
        if _rate_limited(request, "training-request", PUBLIC_REQUESTS_PER_HOUR):
            return render(
                request,
                "organisations/training_request.html",
                {"form": form, "limited": True},
                status=429,
            )
        if form.is_valid():
            if not form.cleaned_data.get("website"):
                services.training_request_submit(
                    **{k: v for k, v in form.cleaned_data.items() if k != "website"},
                )
            return redirect(reverse("cohorts:training_public") + "?sent=1")
    return render(
        request,
        "organisations/training_request.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@organisation_view("request_training")
def training_request_lead(request: HttpRequest, membership: Membership) -> HttpResponse:
    organisation = membership.organisation
    form = TrainingRequestForm(
        request.POST or None,
        organisation=organisation,
        initial={"contact_name": membership.user.full_name, "contact_email": membership.user.email},
    )
    if request.method == "POST" and form.is_valid():
        services.training_request_submit(
            organisation_name=organisation.name,
            organisation=organisation,
            submitted_by=membership.user,
            **form.cleaned_data,
        )
        messages.success(request, "Request sent. We will email you about each step.")
        return redirect("cohorts_org:training_request", slug=organisation.slug)
    context = {
        "membership": membership,
        "organisation": organisation,
        "form": form,
        "requests": selectors.training_requests_for(organisation=organisation),
    }
    return render(
        request,
        "organisations/training_request.html",
        context,
        status=400 if form.is_bound else 200,
    )


def _staff_only(request: HttpRequest) -> User:
    """The signed-in member of the service's staff asking; 404 for anyone else."""
    from django.http import Http404

    user = request.user
    if isinstance(user, AnonymousUser) or not user.is_staff:
        raise Http404
    return user


@login_required
def training_triage(request: HttpRequest) -> HttpResponse:
    """Administrators of the service sort requests: accept, schedule or decline."""
    _staff_only(request)
    return render(
        request,
        "organisations/training_triage.html",
        {
            "requests": selectors.training_requests_for(organisation=None),
            "form": TrainingTriageForm(),
        },
    )


@login_required
@require_POST
def training_triage_decide(request: HttpRequest, pk: int) -> HttpResponse:
    staff = _staff_only(request)

    training_request = selectors.training_request(pk=pk)
    form = TrainingTriageForm(request.POST)
    if form.is_valid():
        try:
            services.training_request_transition(
                training_request=training_request,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                actor=staff,
            )
        except services.TrainingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Saved. The requester will get an email.")
    return redirect("cohorts:training_triage")


@organisation_view("manage_seats")
def training_seats(request: HttpRequest, membership: Membership) -> HttpResponse:
    organisation = membership.organisation
    allocations = selectors.seat_allocations_for(organisation=organisation)
    form = SeatForm(request.POST or None)
    status = 200
    if request.method == "POST":
        allocation = next(
            (a for a in allocations if str(a.pk) == request.POST.get("allocation")), None
        )
        if allocation is None:
            from django.http import Http404

            raise Http404
        if form.is_valid():
            try:
                seat = services.seat_add(
                    allocation=allocation, actor=membership.user, **form.cleaned_data
                )
            except services.TrainingError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    "Seat given." if seat.status == "confirmed" else "Added to the waiting list.",
                )
            return redirect("cohorts_org:training_seats", slug=organisation.slug)
        status = 400
    context = {
        "membership": membership,
        "organisation": organisation,
        "allocations": allocations,
        "form": form,
    }
    return render(request, "organisations/training_seats.html", context, status=status)


@organisation_view("manage_seats")
@require_POST
def training_seat_cancel(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    seat = selectors.seat_of(organisation=membership.organisation, pk=pk)
    promoted = services.seat_cancel(seat=seat, actor=membership.user)
    messages.success(
        request,
        "Seat cancelled; the next person waiting has it and will get an email."
        if promoted
        else "Cancelled.",
    )
    return redirect("cohorts_org:training_seats", slug=membership.organisation.slug)

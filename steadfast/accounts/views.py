"""Pages about a person's own account: joining through an invitation (which may make the
account) and My data (download it, erase it)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from steadfast.accounts import selectors, services
from steadfast.accounts.models import ConsentPurpose
from steadfast.core.emails import normalise_email
from steadfast.organisations import services as organisation_services
from steadfast.organisations.forms import AcceptNewAccountForm
from steadfast.organisations.models import Role

ERASE_WORD = "delete"


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything a person wrote and answered: download it, or delete all of it for good."""
    user: Any = request.user
    if request.method == "POST":
        if request.POST.get("confirm", "").strip().lower() != ERASE_WORD:
            messages.error(request, f'To delete everything, type "{ERASE_WORD}" in the box.')
            return render(request, "accounts/my_data.html", {"erase_word": ERASE_WORD}, status=400)
        counts = services.personal_data_erase(user=user)
        messages.success(
            request,
            "Deleted for good: " + ", ".join(f"{n} {what}" for what, n in counts.items()) + ".",
        )
        return redirect("my_data")
    return render(request, "accounts/my_data.html", {"erase_word": ERASE_WORD})


@login_required
def my_data_export(request: HttpRequest) -> HttpResponse:
    """Everything a person wrote and answered, from every app, as one JSON file to keep."""
    user: Any = request.user
    response = JsonResponse(
        services.personal_data_export(user=user),
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )
    response["Content-Disposition"] = 'attachment; filename="steadfast-my-data.json"'
    return response


# -- joining through an invitation ----------------------------------------------------------

INVITATION_ERROR_STATUS = {"invalid": 404, "used": 410, "expired": 410, "other_email": 403}


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Join through an invitation link: create an account, or add the membership to the
    signed-in account of the same address. (Here, above organisations, because joining may
    make the account.)"""
    try:
        invitation = organisation_services.invitation_from_token(token)
    except organisation_services.InvitationError as error:
        return _invitation_problem(request, error)
    has_account = selectors.account_exists(email=invitation.email)
    user = request.user if request.user.is_authenticated else None
    if user is not None and normalise_email(user.email) != normalise_email(invitation.email):
        return _invitation_problem(
            request,
            organisation_services.InvitationError(
                "other_email",
                "This invitation was sent to a different address than the one you are signed "
                "in with. Sign out, then open the link again.",
            ),
        )
    form = AcceptNewAccountForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and (user is not None or (not has_account and form.is_valid())):
        try:
            if user is None:
                joined = services.invitation_accept_with_account(
                    invitation=invitation,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                )
            else:
                joined = organisation_services.invitation_accept(invitation=invitation, user=user)
        except organisation_services.InvitationError as error:
            return _invitation_problem(request, error)
        if user is None:
            login(request, joined, backend="steadfast.accounts.backends.PersonBackend")
        organisation = invitation.organisation
        if invitation.role == Role.PARTICIPANT and not selectors.has_consented(
            user=joined, organisation=organisation, purpose=ConsentPurpose.TAKING_PART
        ):
            # One step before anything starts: nothing is scheduled until they agree.
            messages.success(
                request,
                f"Welcome to {organisation.name}. One step before you start: please read how "
                "taking part works and decide. Nothing is scheduled for you until you agree.",
            )
            return redirect("consent", slug=organisation.slug)
        messages.success(request, f"Welcome to {organisation.name}.")
        return redirect("organisation_home", slug=organisation.slug)
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "form": form,
        "has_account": has_account,
        "signed_in": user is not None,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "organisations/invitation_accept.html", context, status=status)


def _invitation_problem(
    request: HttpRequest, error: organisation_services.InvitationError
) -> HttpResponse:
    return render(
        request,
        "organisations/invitation_problem.html",
        {"error": error},
        status=INVITATION_ERROR_STATUS.get(error.reason, 400),
    )

"""Pages about a person's own account: consent."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from steadfast.accounts import services
from steadfast.accounts.forms import ConsentDecisionForm
from steadfast.accounts.selectors import consent_statuses_for
from steadfast.organisations.models import Membership
from steadfast.organisations.permissions import organisation_view
from steadfast.safety.selectors import responders_for


@organisation_view("give_consent")
def consent(request: HttpRequest, membership: Membership) -> HttpResponse:
    organisation = membership.organisation
    form = ConsentDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            given = form.cleaned_data["decision"] == "give"
            try:
                services.consent_decide(
                    user=membership.user,
                    organisation=organisation,
                    purpose=form.cleaned_data["purpose"],
                    given=given,
                    text_version=form.cleaned_data["version"],
                    request=request,
                )
            except services.ConsentError as error:
                messages.error(request, str(error))
                status = 409
            else:
                messages.success(
                    request,
                    "Thank you. Your choice is saved."
                    if given
                    else "Withdrawn. Your choice is saved.",
                )
                return redirect("consent", slug=organisation.slug)
        else:
            messages.error(request, "That choice could not be read. Please try again.")
            status = 400
    statuses = consent_statuses_for(user=membership.user, organisation=organisation)
    return render(
        request,
        "accounts/consent.html",
        {
            "membership": membership,
            "organisation": organisation,
            "statuses": statuses,
            "responders": responders_for(organisation),
        },
        status=status,
    )


ERASE_WORD = "delete"


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything a person wrote and answered: download it, or delete all of it for good."""
    user: Any = request.user
    if request.method == "POST":
        if request.POST.get("confirm", "").strip().lower() != ERASE_WORD:
            messages.error(request, f'To delete everything, type "{ERASE_WORD}" in the box.')
            return render(request, "accounts/my_data.html", {"erase_word": ERASE_WORD}, status=400)
        counts = services.personal_data_erase(user=user, request=request)
        messages.success(
            request,
            "Deleted for good: " + ", ".join(f"{n} {what}" for what, n in counts.items()) + ".",
        )
        return redirect("my_data")
    return render(request, "accounts/my_data.html", {"erase_word": ERASE_WORD})

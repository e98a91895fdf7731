"""Pages that gather several apps, so they sit above them all: each organisation's home page,
one per role (consents, practice, safety advice, the next session), and the consent page
(consents, with the responders who are told about risk)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from steadfast.accounts import services as account_services
from steadfast.accounts.forms import ConsentDecisionForm
from steadfast.accounts.selectors import consent_statuses_for
from steadfast.cohorts.selectors import next_session_for
from steadfast.organisations import selectors
from steadfast.organisations.models import Membership, Role
from steadfast.organisations.permissions import organisation_view
from steadfast.practice.selectors import home_for
from steadfast.safety.forms import ContactForm
from steadfast.safety.selectors import advice_for, contact_of, responders_for
from steadfast.safety.services import contact_save

HOME_TEMPLATES = {
    Role.PARTICIPANT: "organisations/home_participant.html",
    Role.FACILITATOR: "organisations/home_facilitator.html",
    Role.LEAD: "organisations/home_lead.html",
    Role.ADMINISTRATOR: "organisations/home_administrator.html",
    # A champion sees the same aggregates as a lead.
    Role.CHAMPION: "organisations/home_lead.html",
}


@organisation_view("view_home")
def organisation_home(request: HttpRequest, membership: Membership) -> HttpResponse:
    organisation = membership.organisation
    context: dict[str, object] = {"membership": membership, "organisation": organisation}
    if membership.role == Role.PARTICIPANT:
        context["consents"] = consent_statuses_for(user=membership.user, organisation=organisation)
        context["home"] = home_for(user=membership.user)
        context["advice"] = advice_for(membership.user)
        context["next_session"] = next_session_for(user=membership.user)
    else:
        context["role_counts"] = selectors.role_counts(organisation=organisation)
    return render(request, HOME_TEMPLATES[Role(membership.role)], context)


@organisation_view("give_consent")
def consent(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The person's consents in this organisation, with who is told about risk (the named
    responders), so it gathers accounts and safety."""
    organisation = membership.organisation
    contact = contact_of(person=membership.user, organisation=organisation)
    contact_form = ContactForm(
        request.POST if request.POST.get("form") == "contact" else None,
        initial={"phone": contact.phone, "note": contact.note} if contact else None,
    )
    form = ConsentDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST" and request.POST.get("form") == "contact":
        if contact_form.is_valid():
            contact_save(
                person=membership.user,
                organisation=organisation,
                phone=contact_form.cleaned_data["phone"],
                note=contact_form.cleaned_data["note"],
            )
            messages.success(request, "Saved. Only a named responder sees these, on an alert.")
            return redirect("consent", slug=organisation.slug)
        status = 400
    elif request.method == "POST":
        if form.is_valid():
            given = form.cleaned_data["decision"] == "give"
            try:
                account_services.consent_decide(
                    user=membership.user,
                    organisation=organisation,
                    purpose=form.cleaned_data["purpose"],
                    given=given,
                    text_version=form.cleaned_data["version"],
                )
            except account_services.ConsentError as error:
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
            "contact_form": contact_form,
        },
        status=status,
    )

"""Each organisation's home page, one per role: it gathers what several apps hold for the
person (consents, practice, safety advice, the next session), so it sits above them all."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from steadfast.accounts.selectors import consent_statuses_for
from steadfast.cohorts.selectors import next_session_for
from steadfast.organisations import selectors
from steadfast.organisations.models import Membership, Role
from steadfast.organisations.permissions import organisation_view
from steadfast.practice.selectors import home_for
from steadfast.safety.selectors import advice_for

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

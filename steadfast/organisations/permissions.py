"""Who may do what inside an organisation. The tenant is resolved once per request."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record
from steadfast.organisations.models import Membership, Role

logger = logging.getLogger("steadfast.security")

# What each role may do in its organisation. Views ask for a capability, not a role.
CAPABILITIES: dict[str, frozenset[str]] = {
    "view_home": frozenset(Role),
    "give_consent": frozenset(Role),
    "manage_people": frozenset({Role.LEAD, Role.ADMINISTRATOR}),
    # Individual measures, only of people who agreed to share them. Never leads.
    "view_shared_measures": frozenset({Role.FACILITATOR}),
    # Journal entries a participant chose to share with their facilitators.
    "read_shared_journal": frozenset({Role.FACILITATOR}),
    # Cohorts: run groups and sessions; leads request training and see aggregates only.
    "run_cohorts": frozenset({Role.FACILITATOR, Role.ADMINISTRATOR}),
    "request_training": frozenset({Role.LEAD, Role.ADMINISTRATOR}),
    "view_insights": frozenset({Role.LEAD, Role.CHAMPION, Role.ADMINISTRATOR}),
    # Name people for seats at regional trainings the organisation takes part in.
    "manage_seats": frozenset({Role.LEAD, Role.ADMINISTRATOR}),
    # A team debrief after a critical incident: attendance only, never notes about people.
    "schedule_debriefs": frozenset({Role.LEAD, Role.CHAMPION, Role.ADMINISTRATOR}),
    # Safety alerts about a person: the responders the organisation named, never leads.
    "respond_to_alerts": frozenset({Role.FACILITATOR, Role.ADMINISTRATOR}),
    "manage_safety": frozenset({Role.ADMINISTRATOR}),
}


def can(membership: Membership, capability: str) -> bool:
    return membership.role in CAPABILITIES[capability]


def may_grant(granter_role: str, role: str) -> bool:
    """Least privilege: administrators, who answer for who may do what, give any role;
    anyone else gives only roles whose every capability their own role carries. So leads
    give participant, champion and lead, never facilitator or administrator (facilitators
    read people's shared entries and measures, which leads never do); facilitators give
    participant (cohort enrolment). Facilitator and administrator come from an administrator
    only. Participants and champions have no page that gives a role."""
    if granter_role == Role.ADMINISTRATOR:
        return True
    if role in ADMINISTRATOR_GRANTS_ONLY:
        return False
    return all(granter_role in holders for holders in CAPABILITIES.values() if role in holders)


# Roles that read what individual people wrote or answered, or that give roles themselves.
ADMINISTRATOR_GRANTS_ONLY = frozenset({Role.FACILITATOR, Role.ADMINISTRATOR})


def grantable_roles(granter_role: str) -> list[Role]:
    """The roles someone in `granter_role` may give, in the order of `Role`."""
    return [role for role in Role if may_grant(granter_role, role)]


def may_manage(actor: Membership, member: Membership) -> bool:
    """Whether `actor` may change or remove `member`: never themselves, and only people
    whose role the actor could give (a lead cannot demote or remove an administrator or a
    facilitator)."""
    return (
        actor.pk != member.pk and can(actor, "manage_people") and may_grant(actor.role, member.role)
    )


def membership_for(*, user: Any, slug: str) -> Membership:
    """The actor's active membership in the organisation `slug`, or 404 — an outsider
    cannot tell an organisation they do not belong to from one that does not exist."""
    if not user.is_authenticated:
        raise Http404
    try:
        membership = Membership.objects.select_related("organisation", "team").get(
            user=user, organisation__slug=slug, is_active=True
        )
    except Membership.DoesNotExist:
        raise Http404 from None
    # The actor as loaded for the request (with their time zone, accounts.backends), not a
    # second copy of the same person.
    membership.user = user
    return membership


type OrgView = Callable[Concatenate[HttpRequest, Membership, ...], HttpResponse]


def organisation_view(capability: str) -> Callable[[OrgView], Callable[..., HttpResponse]]:
    """Resolve `slug` to the actor's membership (404 for outsiders), check the capability
    (403, logged and audited, for members without it) and call the view with it."""

    def decorator(view: OrgView) -> Callable[..., HttpResponse]:
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = membership_for(user=request.user, slug=slug)
            if not can(membership, capability):
                logger.warning(
                    "denied user=%s capability=%s organisation=%s",
                    request.user.pk,
                    capability,
                    membership.organisation_id,
                )
                audit_record(
                    actor=request.user,
                    action=AuditEvent.Action.DENIED,
                    object_type="capability",
                    object_id=capability,
                    organisation=membership.organisation,
                )
                raise PermissionDenied
            return view(request, membership, *args, **kwargs)

        return wrapper

    return decorator

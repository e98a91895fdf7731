"""Who may see what in programs.

The library and previews are for the people who run programs: facilitators and administrators
of any organisation, and staff. Organisation leads see only the guide for leaders. A person's
enrolment is theirs alone: anyone else gets a 404, never a 403 that confirms it exists.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, Literal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record
from steadfast.organisations.models import Membership, Role
from steadfast.programs.models import Enrolment

logger = logging.getLogger("steadfast.security")

LIBRARY_ROLES = (Role.FACILITATOR, Role.ADMINISTRATOR)
# What a person sees in the library: everything, only the guide for leaders, or nothing.
type LibraryAccess = Literal["full", "leaders", "none"]


def library_access(user: Any) -> LibraryAccess:
    if not user.is_authenticated:
        return "none"
    if user.is_staff:
        return "full"
    roles = set(Membership.objects.active().filter(user=user).values_list("role", flat=True))
    if roles & set(LIBRARY_ROLES):
        return "full"
    if Role.LEAD in roles:
        return "leaders"
    return "none"


type LibraryView = Callable[Concatenate[HttpRequest, LibraryAccess, ...], HttpResponse]


def library_view(view: LibraryView) -> Callable[..., HttpResponse]:
    """Signed-in people who may browse the library; others get a 403, logged and audited."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        access = library_access(request.user)
        if access == "none":
            logger.warning("denied user=%s capability=browse_library", request.user.pk)
            audit_record(
                actor=request.user,
                action=AuditEvent.Action.DENIED,
                object_type="capability",
                object_id="browse_library",
            )
            raise PermissionDenied
        return view(request, access, *args, **kwargs)

    return wrapper


def enrolment_for(*, user: Any, pk: int) -> Enrolment:
    """The actor's own enrolment, or 404."""
    if not user.is_authenticated:
        raise Http404
    try:
        return Enrolment.objects.select_related(
            "version__program", "variant", "organisation", "user"
        ).get(pk=pk, user=user)
    except Enrolment.DoesNotExist:
        raise Http404 from None


def sees_leader_modules(*, enrolment: Enrolment) -> bool:
    """People who lead, facilitate or administer in the enrolment's organisation also get
    the guide for leaders on their path."""
    if enrolment.organisation_id is None:
        return False
    return (
        Membership.objects.active()
        .filter(
            user_id=enrolment.user_id,
            organisation_id=enrolment.organisation_id,
            role__in=Membership.STAFF_ROLES,
        )
        .exists()
    )

"""Reads for training, each scoped so another organisation's record is a 404."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from steadfast.organisations.models import Membership, Organisation
from steadfast.training.models import Debrief, Seat, SeatAllocation, TrainingRequest

# -- training requests ------------------------------------------------------------------------


def training_request(*, pk: int) -> TrainingRequest:
    """A training request, for platform staff's triage (the view checks they are staff)."""
    return get_object_or_404(TrainingRequest, pk=pk)


def training_requests_for(*, organisation: Organisation | None) -> list[TrainingRequest]:
    """An organisation's own requests; None means every request (for service staff)."""
    requests = TrainingRequest.objects.select_related("organisation").order_by("-created_at")
    if organisation is not None:
        requests = requests.filter(organisation=organisation)
    return list(requests[:200])


def open_training_requests_for(*, organisation: Organisation) -> list[TrainingRequest]:
    """The organisation's training requests a cohort may still be started from, newest first."""
    return list(
        TrainingRequest.objects.filter(
            organisation=organisation, status__in=["new", "accepted"]
        ).order_by("-created_at")
    )


# -- regional trainings -----------------------------------------------------------------------


def seat_of(*, organisation: Organisation, pk: int) -> Seat:
    """A regional-training seat this organisation holds; 404 for another's."""
    return get_object_or_404(Seat, pk=pk, allocation__organisation=organisation)


def seat_allocations_for(*, organisation: Organisation) -> list[SeatAllocation]:
    """The organisation's seats at regional trainings, with the people named, in two queries."""
    return list(
        SeatAllocation.objects.filter(organisation=organisation)
        .select_related("training")
        .prefetch_related(
            Prefetch("seats_taken", queryset=Seat.objects.exclude(status="cancelled"))
        )
        .order_by("training__starts_on", "pk")
    )


# -- debriefs ---------------------------------------------------------------------------------


def debriefs_for(*, organisation: Organisation) -> list[Debrief]:
    """The organisation's latest debriefs (at most 50)."""
    return list(
        Debrief.objects.filter(organisation=organisation).select_related("team", "runner")[:50]
    )


def debrief_of(*, organisation: Organisation, pk: int) -> Debrief:
    return get_object_or_404(
        Debrief.objects.select_related("team", "runner"), organisation=organisation, pk=pk
    )


def debrief_invitees(*, debrief: Debrief) -> list[Membership]:
    """Who may attend, by name: the organisation's active members, or the debrief's team's."""
    people = Membership.objects.active().filter(organisation=debrief.organisation)
    if debrief.team_id is not None:
        people = people.filter(team_id=debrief.team_id)
    return list(people.select_related("user").order_by("user__full_name"))


def debrief_attendee_ids(*, debrief: Debrief) -> set[int]:
    """The ids of the people marked as having come."""
    return set(debrief.attended.values_list("pk", flat=True))

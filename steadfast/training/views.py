"""Training pages: the public request form and the service staff's triage (under
/training/), and each organisation's requests, seats and debriefs (under
/o/<slug>/training/ and /o/<slug>/debriefs/). Views resolve, check, then call one service
or selector."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from steadfast.accounts.models import User
from steadfast.accounts.selectors import person_zone
from steadfast.core.http import client_ip
from steadfast.core.params import id_params
from steadfast.organisations.models import Membership
from steadfast.organisations.permissions import organisation_view
from steadfast.training import selectors, services
from steadfast.training.forms import (
    DebriefForm,
    SeatForm,
    TrainingRequestForm,
    TrainingTriageForm,
)

PUBLIC_REQUESTS_PER_HOUR = 5


def _ctx(membership: Membership, **extra: object) -> dict[str, object]:
    return {"membership": membership, "organisation": membership.organisation, **extra}


def _rate_limited(request: HttpRequest, scope: str, limit: int) -> bool:
    """Count requests per client address per hour in the shared cache."""
    key = f"ratelimit:{scope}:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    return count > limit


def _staff_only(request: HttpRequest) -> User:
    """The signed-in member of the service's staff asking; 404 for anyone else."""
    user = request.user
    if isinstance(user, AnonymousUser) or not user.is_staff:
        raise Http404
    return user


# -- requests ---------------------------------------------------------------------------------


def training_request_public(request: HttpRequest) -> HttpResponse:
    """Anyone may ask for training, without an account (CSRF-protected, rate-limited). A sent
    request redirects to the thank-you page, so sending the form twice stores it once."""
    if request.method == "GET" and request.GET.get("sent"):
        return render(request, "training/request_sent.html")
    form = TrainingRequestForm(request.POST or None)
    if request.method == "POST":
        if _rate_limited(request, "training-request", PUBLIC_REQUESTS_PER_HOUR):
            return render(
                request,
                "training/request.html",
                {"form": form, "limited": True},
                status=429,
            )
        if form.is_valid():
            if not form.cleaned_data.get("website"):
                services.training_request_submit(
                    **{k: v for k, v in form.cleaned_data.items() if k != "website"},
                )
            return redirect(reverse("training:request") + "?sent=1")
    return render(
        request,
        "training/request.html",
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
        return redirect("training_org:request", slug=organisation.slug)
    return render(
        request,
        "training/request.html",
        _ctx(
            membership,
            form=form,
            requests=selectors.training_requests_for(organisation=organisation),
        ),
        status=400 if form.is_bound else 200,
    )


@login_required
def training_triage(request: HttpRequest) -> HttpResponse:
    """Administrators of the service sort requests: accept, schedule or decline."""
    _staff_only(request)
    return render(
        request,
        "training/triage.html",
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
    return redirect("training:triage")


# -- seats at regional trainings --------------------------------------------------------------


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
            return redirect("training_org:seats", slug=organisation.slug)
        status = 400
    return render(
        request,
        "training/seats.html",
        _ctx(membership, allocations=allocations, form=form),
        status=status,
    )


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
    return redirect("training_org:seats", slug=membership.organisation.slug)


# -- debriefs (leads and champions) -----------------------------------------------------------


@organisation_view("schedule_debriefs")
def debriefs(request: HttpRequest, membership: Membership) -> HttpResponse:
    organisation = membership.organisation
    form = DebriefForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            debrief = services.debrief_schedule(
                organisation=organisation, actor=membership.user, **form.cleaned_data
            )
        except services.DebriefError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Debrief scheduled.")
            return redirect("training_org:debrief", slug=organisation.slug, pk=debrief.pk)
    found = selectors.debriefs_for(organisation=organisation)
    return render(
        request,
        "training/debriefs.html",
        _ctx(membership, form=form, debriefs=found),
        status=400 if form.is_bound else 200,
    )


@organisation_view("schedule_debriefs")
def debrief_detail(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    organisation = membership.organisation
    debrief = selectors.debrief_of(organisation=organisation, pk=pk)
    if request.method == "POST":
        ids = id_params(request.POST, "attended")
        count = services.debrief_attendance_record(
            debrief=debrief, user_ids=ids, actor=membership.user
        )
        messages.success(request, f"Attendance saved ({count}).")
        return redirect("training_org:debrief", slug=organisation.slug, pk=pk)
    return render(
        request,
        "training/debrief.html",
        _ctx(
            membership,
            debrief=debrief,
            people=selectors.debrief_invitees(debrief=debrief),
            attended=selectors.debrief_attendee_ids(debrief=debrief),
            local=debrief.starts_at.astimezone(person_zone(request.user)),
        ),
    )

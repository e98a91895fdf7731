"""Pages for safety: the crisis page (open to everyone), alerts for named responders, and the
safety setup for administrators."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from steadfast.core.params import id_param
from steadfast.core.versioning import Conflict, StaleEdit, edit_conflict, rebased
from steadfast.organisations.models import Membership
from steadfast.organisations.permissions import organisation_view as _organisation_view
from steadfast.safety import selectors, services
from steadfast.safety.forms import OrganisationLineForm, ResolveForm, SetupForm
from steadfast.safety.models import AlertState, SafetySetup


def crisis(request: HttpRequest) -> HttpResponse:
    """Crisis help for the person's country: works signed out and without JavaScript."""
    organisation = selectors.organisation_of(request.user)  # type: ignore[arg-type]
    code = request.GET.get("country", "")
    help_ = selectors.crisis_help(code=code[:2], organisation=organisation)
    return render(request, "core/crisis.html", {"help": help_, "organisation": organisation})


@_organisation_view("respond_to_alerts")
def alerts(request: HttpRequest, membership: Membership) -> HttpResponse:
    context = {"membership": membership, "organisation": membership.organisation}
    responders = selectors.responders_for(membership.organisation)
    if membership.user_id not in {
        u.pk for u in (responders.responder, responders.backup) if u is not None
    }:
        # Someone who could respond but is not named: say who is, list nothing.
        return render(
            request, "safety/alerts_not_named.html", {**context, "responders": responders}
        )
    rows = selectors.alerts_for(membership=membership)
    return render(request, "safety/alerts.html", {**context, "alerts": rows})


@require_http_methods(["GET", "POST"])
@_organisation_view("respond_to_alerts")
def alert(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    found = selectors.alert_for(membership=membership, pk=pk)
    error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "acknowledge":
                services.alert_acknowledge(alert=found, by=membership.user)
                messages.success(request, "Acknowledged. Thank you for picking this up.")
            elif action == "resolve":
                form = ResolveForm(request.POST)
                if not form.is_valid():
                    raise services.SafetyError([str(m) for m in form.errors.get("note", [])])
                services.alert_resolve(
                    alert=found, by=membership.user, note=form.cleaned_data["note"]
                )
                messages.success(request, "Resolved, with your note.")
            return redirect("safety_org:alert", slug=membership.organisation.slug, pk=found.pk)
        except services.SafetyError as exc:
            error = " ".join(exc.messages)
    return render(
        request,
        "safety/alert.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "alert": found,
            "contact": selectors.contact_of(
                person=found.person, organisation=membership.organisation
            ),
            "states": AlertState,
            "error": error,
        },
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
@_organisation_view("manage_safety")
def setup(request: HttpRequest, membership: Membership) -> HttpResponse:
    organisation = membership.organisation
    candidates = selectors.responder_candidates(organisation=organisation)
    current = selectors.setup_of(organisation)
    line_form = OrganisationLineForm(auto_id="line_%s")
    conflict: Conflict | None = None
    if request.method == "POST" and request.POST.get("form") == "line":
        line_form = OrganisationLineForm(request.POST, auto_id="line_%s")
        if line_form.is_valid():
            services.organisation_line_add(
                organisation=organisation,
                by=membership.user,
                **line_form.cleaned_data,
            )
            messages.success(
                request, "Line added. It now shows on the crisis page for your people."
            )
            return redirect("safety_org:setup", slug=organisation.slug)
        form = SetupForm(candidates=candidates, initial=_initial(current))
    elif request.method == "POST" and request.POST.get("form") == "line_remove":
        pk = id_param(request.POST, "pk")
        if pk is None or not services.organisation_line_remove(
            organisation=organisation, pk=pk, by=membership.user
        ):
            raise Http404
        messages.success(request, "Line removed.")
        return redirect("safety_org:setup", slug=organisation.slug)
    elif request.method == "POST":
        form = SetupForm(request.POST, candidates=candidates)
        if form.is_valid():
            try:
                services.setup_save(
                    organisation=organisation,
                    data=services.SetupInput(
                        responder_id=form.cleaned_data["responder"],
                        backup_id=form.cleaned_data["backup"],
                        hours=form.cleaned_data["hours"],
                        policy=form.policy(),
                        no_responder_reason=form.cleaned_data["no_responder_reason"],
                    ),
                    by=membership.user,
                    row_version=form.cleaned_data["row_version"],
                )
                messages.success(request, "Safety setup saved.")
                return redirect("safety_org:setup", slug=organisation.slug)
            except services.SafetyError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            except StaleEdit:
                # Saved by someone else since this page was loaded: nothing was written.
                current = selectors.setup_of(organisation)
                version = current.row_version if current else 0
                form = SetupForm(rebased(request.POST, version=version), candidates=candidates)
                form.is_valid()
                saved = _initial(current)
                shown = [name for name in form.fields if name != "row_version"]
                conflict = edit_conflict(
                    thing="safety setup",
                    form=form,
                    saved={name: saved.get(name, "") for name in shown},
                    shared=True,
                )
    else:
        form = SetupForm(candidates=candidates, initial=_initial(current))
    return render(
        request,
        "safety/setup.html",
        {
            "membership": membership,
            "organisation": organisation,
            "form": form,
            "line_form": line_form,
            "lines": selectors.organisation_lines(organisation),
            "conflict": conflict,
            "ready": selectors.ready_for_participants(organisation),
        },
        status=409 if conflict else 400 if form.errors or line_form.errors else 200,
    )


def _initial(current: SafetySetup | None) -> dict[str, object]:
    if current is None:
        return {"row_version": 0}
    initial = SetupForm.initial_from(dict(current.policy))
    initial.update(
        responder=current.responder_id or "",
        backup=current.backup_id or "",
        hours=current.hours,
        no_responder_reason=current.no_responder_reason,
        row_version=current.row_version,
    )
    return initial

"""Cohort pages: facilitators run cohorts under /o/<slug>/cohorts/; participants see their
sessions under /cohorts/. Views resolve, check, then call one service or selector."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from steadfast.accounts.selectors import person_zone
from steadfast.cohorts import selectors, services
from steadfast.cohorts.calendar import feed_ics
from steadfast.cohorts.forms import (
    AttendanceForm,
    CancelForm,
    CohortDetailsForm,
    CohortForm,
    EnrolForm,
    FeedbackForm,
    ImportForm,
    IntakeForm,
    MaintenancePlanForm,
    MoveForm,
    NoteEditForm,
    NoteForm,
    ScheduleForm,
)
from steadfast.cohorts.models import (
    LABELS,
    Cohort,
    CohortMember,
    FacilitatorNote,
)
from steadfast.core.params import id_param, id_params
from steadfast.core.versioning import (
    Conflict,
    ConflictRow,
    StaleEdit,
    edit_conflict,
    rebased,
    shown,
)
from steadfast.organisations.models import Membership
from steadfast.organisations.permissions import organisation_view
from steadfast.programs.selectors import item_view
from steadfast.training import selectors as training_selectors


def _ctx(membership: Membership, **extra: object) -> dict[str, object]:
    return {"membership": membership, "organisation": membership.organisation, **extra}


# -- facilitators and administrators ----------------------------------------------------------


@organisation_view("run_cohorts")
def cohort_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    cohorts = list(selectors.cohorts_for(membership=membership))
    return render(request, "cohorts/list.html", _ctx(membership, cohorts=cohorts))


@organisation_view("run_cohorts")
def cohort_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    organisation = membership.organisation
    requests = training_selectors.open_training_requests_for(organisation=organisation)
    # From the request list's link (?request=) or the form's hidden field, in that order.
    wanted = [id_param(request.GET, "request"), id_param(request.POST, "training_request")]
    chosen = next((r for pk in wanted for r in requests if r.pk == pk), None)
    initial: dict[str, Any] = {"facilitators": [request.user.pk]}
    if (version := id_param(request.GET, "version")) is not None:
        initial["version"] = version  # from the program library
    if chosen is not None:
        initial["title"] = f"{chosen.staff_roles} ({chosen.organisation_name})"
        initial["seats"] = chosen.headcount
        if chosen.preferred_format in ("in_person", "online"):
            initial["format"] = chosen.preferred_format
    form = CohortForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cohort = services.cohort_create(
                organisation=organisation,
                version=data["version"],
                title=data["title"],
                facilitators=list(data["facilitators"]),
                starts_on=data["starts_on"],
                time_zone=data["time_zone"],
                format=data["format"],
                place=data["place"],
                video_link=data["video_link"],
                seats=data["seats"],
                training_request=chosen,
                actor=membership.user,
            )
        except services.CohortError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Cohort created. Now add people.")
            return redirect("cohorts_org:detail", slug=organisation.slug, pk=cohort.pk)
    return render(
        request,
        "cohorts/create.html",
        _ctx(membership, form=form, requests=requests, chosen=chosen),
        status=400 if form.is_bound and form.errors else 200,
    )


@organisation_view("run_cohorts")
def cohort_detail(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    cohort = selectors.cohort_for(membership=membership, pk=pk)
    services.members_claim(cohort=cohort)
    form = EnrolForm(request.POST or None, organisation=membership.organisation)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.member_enrol(
                    cohort=cohort,
                    email=form.cleaned_data["email"],
                    name=form.cleaned_data["name"],
                    staff_role=form.cleaned_data["role"],
                    team=form.cleaned_data["team"],
                    actor=membership.user,
                )
            except services.CohortError as error:
                form.add_error("email", str(error))
            else:
                messages.success(request, "Added.")
                return redirect("cohorts_org:detail", slug=cohort.organisation.slug, pk=cohort.pk)
        status = 400
    is_facilitator = cohort.facilitators.filter(pk=request.user.pk).exists()
    context = _ctx(
        membership,
        cohort=cohort,
        members=selectors.members_of(cohort=cohort),
        sessions=selectors.sessions_of(cohort=cohort),
        form=form,
        move_form=MoveForm(),
        is_facilitator=is_facilitator,
        labels=LABELS,
    )
    return render(request, "cohorts/detail.html", context, status=status)


def _details(cohort: Cohort) -> dict[str, Any]:
    return {
        "title": cohort.title,
        "format": cohort.format,
        "place": cohort.place,
        "video_link": cohort.video_link,
        "seats": cohort.seats,
    }


@organisation_view("run_cohorts")
def cohort_edit(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """Change a cohort's name, where it meets and its seats. A save from a page opened before
    someone else's save is refused with both versions shown (409)."""
    cohort = selectors.cohort_for(membership=membership, pk=pk)
    conflict: Conflict | None = None
    if request.method == "POST":
        form = CohortDetailsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.cohort_update(
                    cohort=cohort,
                    title=data["title"],
                    format=data["format"],
                    place=data["place"],
                    video_link=data["video_link"],
                    seats=data["seats"],
                    row_version=data["row_version"],
                    actor=membership.user,
                )
            except StaleEdit:
                cohort = selectors.cohort_for(membership=membership, pk=pk)
                form = CohortDetailsForm(rebased(request.POST, version=cohort.row_version))
                form.is_valid()
                conflict = edit_conflict(
                    thing="cohort", form=form, saved=_details(cohort), shared=True
                )
            except services.CohortError as error:
                cohort = selectors.cohort_for(membership=membership, pk=pk)
                form.add_error(None, str(error))
            else:
                messages.success(request, "Cohort details saved.")
                return redirect("cohorts_org:detail", slug=cohort.organisation.slug, pk=cohort.pk)
    else:
        form = CohortDetailsForm(initial={**_details(cohort), "row_version": cohort.row_version})
    return render(
        request,
        "cohorts/edit.html",
        _ctx(membership, cohort=cohort, form=form, conflict=conflict),
        status=409 if conflict else 400 if form.errors else 200,
    )


@organisation_view("run_cohorts")
def cohort_import(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """Upload → every row checked and shown → confirm. The confirmed file is checked again
    and imported whole or not at all."""
    cohort = selectors.cohort_for(membership=membership, pk=pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    check = None
    payload = ""
    status = 200
    if request.method == "POST" and request.POST.get("confirm"):
        try:
            data = base64.b64decode(request.POST.get("payload", ""), validate=True)
        except (binascii.Error, ValueError):
            raise Http404 from None
        try:
            result = services.import_apply(cohort=cohort, data=data, actor=membership.user)
        except services.CohortError as error:
            messages.error(request, str(error))
            status = 400
            check = services.import_check(cohort=cohort, data=data)
        else:
            messages.success(request, f"{len(result.new_rows)} people added.")
            return redirect("cohorts_org:detail", slug=cohort.organisation.slug, pk=cohort.pk)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read(services.CSV_MAX_BYTES + 1)
        check = services.import_check(cohort=cohort, data=data)
        payload = base64.b64encode(data).decode() if check.ok else ""
        status = 200 if check.ok else 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "cohorts/import.html",
        _ctx(membership, cohort=cohort, form=form, check=check, payload=payload),
        status=status,
    )


@organisation_view("run_cohorts")
def cohort_groups(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    cohort = selectors.cohort_for(membership=membership, pk=pk)
    proposal = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "propose":
            proposal = services.groups_propose(cohort=cohort)
            services.groups_save(cohort=cohort, proposal=proposal, actor=membership.user)
            for problem in proposal.problems:
                messages.warning(request, problem)
            messages.success(request, "Groups proposed. Move people if you need to.")
        elif action == "move":
            member = selectors.cohort_member(cohort=cohort, pk=id_param(request.POST, "member"))
            group = selectors.cohort_group(cohort=cohort, pk=id_param(request.POST, "group"))
            try:
                services.member_move(member=member, group=group, actor=membership.user)
            except services.CohortError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, f"Moved to group {group.number}.")
        elif action == "partners":
            services.partners_pair(cohort=cohort, actor=membership.user)
            messages.success(request, "Peer partners paired within each group.")
        return redirect("cohorts_org:groups", slug=cohort.organisation.slug, pk=cohort.pk)
    members = selectors.members_of(cohort=cohort)
    groups = list(cohort.groups.all())
    by_group: dict[int | None, list[CohortMember]] = {}
    for member in members:
        if member.status == "active":
            by_group.setdefault(member.group_id, []).append(member)
    context = _ctx(
        membership,
        cohort=cohort,
        groups=[(g, by_group.get(g.pk, [])) for g in groups],
        ungrouped=by_group.get(None, []),
        labels=LABELS,
    )
    return render(request, "cohorts/groups.html", context)


@organisation_view("run_cohorts")
def cohort_schedule(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    cohort = selectors.cohort_for(membership=membership, pk=pk)
    form = ScheduleForm(request.POST or None, groups=cohort.groups.all())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sessions = services.sessions_schedule(
                cohort=cohort,
                first_date=data["first_date"],
                local_time=data["local_time"],
                every_days=data["every_days"],
                count=data["count"],
                group=data["group"],
                actor=membership.user,
            )
        except services.CohortError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{len(sessions)} sessions scheduled.")
            return redirect("cohorts_org:detail", slug=cohort.organisation.slug, pk=cohort.pk)
    return render(
        request,
        "cohorts/schedule.html",
        _ctx(membership, cohort=cohort, form=form),
        status=400 if form.is_bound else 200,
    )


@organisation_view("run_cohorts")
@require_POST
def session_change(request: HttpRequest, membership: Membership, pk: int, sid: int) -> HttpResponse:
    cohort = selectors.cohort_for(membership=membership, pk=pk)
    session = selectors.session_for(cohort=cohort, pk=sid)
    cancel = request.POST.get("action") == "cancel"
    form = CancelForm(request.POST) if cancel else MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a date and a time to move the session.")
        return redirect("cohorts_org:detail", slug=cohort.organisation.slug, pk=cohort.pk)
    data = form.cleaned_data
    try:
        if cancel:
            services.session_cancel(
                session=session,
                actor=membership.user,
                row_version=data["row_version"],
            )
            messages.success(request, f"{session.title} is cancelled.")
        else:
            services.session_move(
                session=session,
                local_date=data["local_date"],
                local_time=data["local_time"],
                actor=membership.user,
                row_version=data["row_version"],
            )
            messages.success(request, f"{session.title} is moved.")
    except StaleEdit:
        return _session_conflict(request, membership, cohort, sid, cancel=cancel)
    return redirect("cohorts_org:detail", slug=cohort.organisation.slug, pk=cohort.pk)


def _session_conflict(
    request: HttpRequest, membership: Membership, cohort: Cohort, sid: int, *, cancel: bool
) -> HttpResponse:
    """The session was moved or cancelled since the page was loaded: nothing was changed.
    Show it as saved now next to what was asked, with the forms ready to send again."""
    session = selectors.session_for(cohort=cohort, pk=sid)
    status = ConflictRow(
        label="Status",
        saved=session.get_status_display(),
        typed="cancelled" if cancel else "scheduled",
    )
    form = MoveForm(rebased(request.POST, version=session.row_version))
    if cancel:
        when = f"{shown(form.fields['local_date'], session.local_date)}, " + shown(
            form.fields["local_time"], session.local_time
        )
        conflict = Conflict(
            thing="session",
            rows=[ConflictRow(label="Date and time", saved=when, typed=when), status],
            shared=True,
        )
        form = MoveForm(
            initial={
                "local_date": session.local_date,
                "local_time": session.local_time,
                "row_version": session.row_version,
            }
        )
    else:
        form.is_valid()
        saved = {"local_date": session.local_date, "local_time": session.local_time}
        moved = edit_conflict(thing="session", form=form, saved=saved, shared=True)
        conflict = Conflict(thing="session", rows=[*moved.rows, status], shared=True)
    return render(
        request,
        "cohorts/session_change.html",
        _ctx(membership, cohort=cohort, session=session, form=form, conflict=conflict),
        status=409,
    )


@organisation_view("run_cohorts")
def session_run(request: HttpRequest, membership: Membership, pk: int, sid: int) -> HttpResponse:
    """The runner: plan with timed steps, agreement, attendance, catch-up, notes, feedback.
    Only this cohort's facilitators."""
    cohort = selectors.facilitator_cohort_for(membership=membership, pk=pk)
    session = selectors.session_for(cohort=cohort, pk=sid)
    members = services.session_members(session)
    current = selectors.attendance_for(session=session)
    attendance_form = AttendanceForm(
        request.POST if request.POST.get("action") == "attendance" else None,
        members=members,
        current=current,
    )
    note_form = NoteForm(request.POST if request.POST.get("action") == "note" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "attendance" and attendance_form.is_valid():
            services.attendance_record(
                session=session,
                statuses=attendance_form.statuses(),
                actor=membership.user,
            )
            messages.success(request, "Attendance saved.")
        elif action == "agreement":
            ids = id_params(request.POST, "members")
            count = services.agreement_accept(
                session=session, member_ids=ids, actor=membership.user
            )
            messages.success(request, f"Agreement recorded for {count}.")
        elif action == "note" and note_form.is_valid():
            services.note_add(
                cohort=cohort,
                author=membership.user,
                body=note_form.cleaned_data["body"],
                session=session,
            )
            messages.success(request, "Note saved.")
        return redirect(
            "cohorts_org:session_run", slug=cohort.organisation.slug, pk=cohort.pk, sid=session.pk
        )
    plan = item_view(session.item, None) if session.item is not None else None
    absent = [m for m in members if current.get(m.pk) in ("absent", "excused")]
    context = _ctx(
        membership,
        cohort=cohort,
        session=session,
        plan=plan,
        members=members,
        attendance_form=attendance_form,
        note_form=note_form,
        notes=selectors.notes_for(cohort=cohort, actor=membership.user, session=session),
        catch_up=selectors.catch_up_items(session=session),
        absent=absent,
        feedback=selectors.feedback_for(session=session),
        feedback_minimum=selectors.FEEDBACK_MINIMUM,
        needs_agreement=[m for m in members if m.agreement_accepted_at is None],
    )
    return render(request, "cohorts/run.html", context)


@organisation_view("run_cohorts")
def member_notes(request: HttpRequest, membership: Membership, pk: int, mid: int) -> HttpResponse:
    cohort = selectors.facilitator_cohort_for(membership=membership, pk=pk)
    member = selectors.cohort_member(cohort=cohort, pk=mid)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.note_add(
            cohort=cohort,
            author=membership.user,
            body=form.cleaned_data["body"],
            member=member,
        )
        messages.success(request, "Note saved.")
        return redirect("cohorts_org:member_notes", slug=cohort.organisation.slug, pk=pk, mid=mid)
    notes = selectors.notes_for(cohort=cohort, actor=membership.user, member=member)
    intake = getattr(member, "intake", None)
    return render(
        request,
        "cohorts/member_notes.html",
        _ctx(
            membership,
            cohort=cohort,
            member=member,
            notes=notes,
            form=form,
            intake=intake,
            challenges=[LABELS.get(c, c) for c in (intake.challenges if intake else [])],
            times=[LABELS.get(a, a) for a in (intake.availability if intake else [])],
        ),
    )


def _note_page(cohort: Cohort, note: FacilitatorNote) -> str:
    if note.member_id is not None:
        return reverse(
            "cohorts_org:member_notes",
            kwargs={"slug": cohort.organisation.slug, "pk": cohort.pk, "mid": note.member_id},
        )
    return reverse(
        "cohorts_org:session_run",
        kwargs={"slug": cohort.organisation.slug, "pk": cohort.pk, "sid": note.session_id},
    )


@organisation_view("run_cohorts")
def note_edit(request: HttpRequest, membership: Membership, pk: int, nid: int) -> HttpResponse:
    """Its author changes a note. The read is audited; a save from a page opened before the
    last save is refused with both versions shown (409)."""
    cohort = selectors.facilitator_cohort_for(membership=membership, pk=pk)
    note = selectors.note_for(cohort=cohort, author=membership.user, pk=nid)
    conflict: Conflict | None = None
    if request.method == "POST":
        form = NoteEditForm(request.POST)
        if form.is_valid():
            try:
                services.note_update(
                    note=note,
                    author=membership.user,
                    body=form.cleaned_data["body"],
                    row_version=form.cleaned_data["row_version"],
                )
            except StaleEdit:
                note = selectors.note_for(cohort=cohort, author=membership.user, pk=nid)
                form = NoteEditForm(rebased(request.POST, version=note.row_version))
                form.is_valid()
                conflict = edit_conflict(thing="note", form=form, saved={"body": note.body})
            except services.CohortError as error:
                form.add_error("body", str(error))
            else:
                messages.success(request, "Note saved.")
                return redirect(_note_page(cohort, note))
    else:
        form = NoteEditForm(initial={"body": note.body, "row_version": note.row_version})
    return render(
        request,
        "cohorts/note_edit.html",
        _ctx(
            membership,
            cohort=cohort,
            note=note,
            form=form,
            conflict=conflict,
            back=_note_page(cohort, note),
        ),
        status=409 if conflict else 400 if form.errors else 200,
    )


@organisation_view("run_cohorts")
def cohort_close(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    cohort = selectors.cohort_for(membership=membership, pk=pk)
    if request.method == "POST":
        try:
            services.cohort_close(cohort=cohort, actor=membership.user)
        except services.CohortError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                "Cohort closed. Follow-up questionnaires and a check-in session are scheduled.",
            )
        return redirect("cohorts_org:close", slug=cohort.organisation.slug, pk=cohort.pk)
    rows = selectors.closure_overview(cohort=cohort)
    return render(request, "cohorts/close.html", _ctx(membership, cohort=cohort, rows=rows))


# -- participants -----------------------------------------------------------------------------


@login_required
def my_sessions(request: HttpRequest) -> HttpResponse:
    """My sessions, in my own time zone, with catch-up lessons and feedback to give."""
    services.members_claim(user=request.user)  # type: ignore[arg-type]
    user = request.user
    places = selectors.places_for(user=user)  # type: ignore[arg-type]
    zone = person_zone(user)
    now = timezone.now()
    sessions = [
        (s, s.starts_at.astimezone(zone), s.starts_at.astimezone(s.cohort.zone))
        for s in selectors.sessions_for(user=user, places=places)  # type: ignore[arg-type]
    ]
    context = {
        "places": places,
        "upcoming": [row for row in sessions if row[0].starts_at >= now],
        "past": [row for row in sessions if row[0].starts_at < now][-10:],
        "zone": str(zone),
        "catch_up": selectors.catch_up_for(user=user, places=places),  # type: ignore[arg-type]
        "feedback_due": selectors.feedback_open_for(user=user, places=places),  # type: ignore[arg-type]
        "feed": services.calendar_feed_for(user=user) if places else None,  # type: ignore[arg-type]
    }
    return render(request, "cohorts/my_sessions.html", context)


@login_required
def intake(request: HttpRequest, cohort_id: int) -> HttpResponse:
    place = selectors.place_for(user=request.user, cohort_id=cohort_id)  # type: ignore[arg-type]
    others = [
        m for m in place.cohort.members.exclude(pk=place.pk).filter(status="active").order_by("pk")
    ]
    existing = getattr(place, "intake", None)
    initial = (
        {
            "challenges": existing.challenges,
            "availability": existing.availability,
            "not_with": [str(i) for i in existing.not_with],
            "challenges_other": existing.challenges_other,
            "goals": existing.goals,
            "not_with_note": existing.not_with_note,
        }
        if existing
        else None
    )
    form = IntakeForm(request.POST or None, others=others, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.intake_save(
            member=place,
            challenges=data["challenges"],
            availability=data["availability"],
            not_with=[int(i) for i in data["not_with"]],
            challenges_other=data["challenges_other"],
            goals=data["goals"],
            not_with_note=data["not_with_note"],
        )
        messages.success(request, "Thank you. Only your facilitators can read this.")
        return redirect("cohorts:mine")
    return render(
        request,
        "cohorts/intake.html",
        {"place": place, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def agreement_accept(request: HttpRequest, cohort_id: int) -> HttpResponse:
    place = selectors.place_for(user=request.user, cohort_id=cohort_id)  # type: ignore[arg-type]
    services.agreement_accept_own(place=place)
    messages.success(request, "Thank you for agreeing.")
    return redirect("cohorts:mine")


@login_required
def feedback(request: HttpRequest, sid: int) -> HttpResponse:
    session = selectors.session_with_cohort(pk=sid)
    place = selectors.place_for(user=request.user, cohort_id=session.cohort_id)  # type: ignore[arg-type]
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(session=session, member=place, **form.cleaned_data)
        except services.CohortError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Thank you. Your answer is anonymous.")
        return redirect("cohorts:mine")
    return render(
        request,
        "cohorts/feedback.html",
        {"session": session, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def summary(request: HttpRequest, cohort_id: int) -> HttpResponse:
    place = selectors.place_for(user=request.user, cohort_id=cohort_id)  # type: ignore[arg-type]
    plan = getattr(place, "maintenance_plan", None)
    form = MaintenancePlanForm(
        request.POST or None,
        initial={"body": plan.body, "goals_met": plan.goals_met} if plan else None,
    )
    if request.method == "POST" and form.is_valid():
        services.maintenance_plan_save(member=place, **form.cleaned_data)
        messages.success(request, "Your plan is saved. Only you can read it.")
        return redirect("cohorts:summary", cohort_id=cohort_id)
    context = {"place": place, "summary": selectors.summary_for(place=place), "form": form}
    return render(request, "cohorts/summary.html", context, status=400 if form.is_bound else 200)


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The secret calendar address: no sign-in (calendar apps cannot), 404 once revoked."""
    feed = selectors.feed_from_token(token=token)
    body = feed_ics(selectors.calendar_sessions_for(user=feed.user), now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Disposition"] = 'inline; filename="steadfast.ics"'
    return response


@login_required
@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_revoke(user=request.user)  # type: ignore[arg-type]
    messages.success(request, "Your old calendar address no longer works. Here is a new one.")
    return redirect("cohorts:mine")


@organisation_view("view_shared_measures")
def shared_measures(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The measures of the people in this facilitator's groups who agreed to share them."""
    people = selectors.shared_measures_for(facilitator=membership)
    return render(
        request,
        "cohorts/shared_measures.html",
        {"membership": membership, "organisation": membership.organisation, "people": people},
    )

"""Program pages: the library and previews for facilitators, the path and items for
participants, and joining an open program."""

from __future__ import annotations

from allauth.core.ratelimit import consume_or_429
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from steadfast.accounts.models import ConsentPurpose
from steadfast.accounts.selectors import consent_text_current
from steadfast.organisations import selectors as organisation_selectors
from steadfast.programs import selectors, services
from steadfast.programs.forms import ConsentOnlyForm, JoinForm, KnowledgeCheckForm
from steadfast.programs.models import ItemKind, ProgressStatus, VariantRole
from steadfast.programs.permissions import LibraryAccess, enrolment_for, library_view

STATUS_MESSAGES = {
    ProgressStatus.DONE: "Marked as done.",
    ProgressStatus.SKIPPED: "Skipped for now. It stays on your path for whenever you want it.",
    ProgressStatus.STARTED: "Back on your list. Take it at your own pace.",
}


@library_view
def library(request: HttpRequest, access: LibraryAccess) -> HttpResponse:
    programs = selectors.programs_for(user=request.user)
    return render(request, "programs/library.html", {"programs": programs, "access": access})


@library_view
def preview(request: HttpRequest, access: LibraryAccess, slug: str) -> HttpResponse:
    program, version = selectors.program_for_library(user=request.user, slug=slug)
    role = request.GET.get("role", "")
    variants = list(version.variants.all())
    if role and role not in {v.role for v in variants}:
        raise Http404
    variant, modules = selectors.preview_for(version=version, access=access, role=role)
    context = {
        "program": program,
        "version": version,
        "variants": variants,
        "variant": variant,
        "modules": modules,
        "access": access,
        "role_labels": dict(VariantRole.choices),
        # Where this person may start a cohort from this version (the cohorts app runs it).
        "cohort_organisations": organisation_selectors.organisations_where(
            user=request.user, capability="run_cohorts"
        ),
    }
    return render(request, "programs/preview.html", context)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    enrolments = selectors.enrolments_for(user=request.user)
    return render(request, "programs/mine.html", {"enrolments": enrolments})


@login_required
def program_path(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_for(user=request.user, pk=pk)
    path = selectors.path_for(enrolment=enrolment)
    return render(request, "programs/path.html", {"enrolment": enrolment, "path": path})


@login_required
def item(request: HttpRequest, pk: int, item: str) -> HttpResponse:
    enrolment = enrolment_for(user=request.user, pk=pk)
    view, status = selectors.path_item_for(enrolment=enrolment, slug=item)
    context = {"enrolment": enrolment, "view": view, "item": view.item, "status": status}
    # Material that may stir hard memories: the note comes first, with a way out.
    if view.item.content_note and request.GET.get("note") != "read":
        return render(request, "programs/content_note.html", context)
    if view.item.checks:
        answers = selectors.check_answers_latest(enrolment=enrolment, item=view.item)
        context["check_form"] = KnowledgeCheckForm(questions=view.item.checks)
        context["results"] = [
            {"question": q, "index": i, "answer": answers.get(i)}
            for i, q in enumerate(view.item.checks)
        ]
        context["answered"] = bool(answers)
    return render(request, "programs/item.html", context)


@require_POST
@login_required
def item_progress(request: HttpRequest, pk: int, item: str) -> HttpResponse:
    enrolment = enrolment_for(user=request.user, pk=pk)
    view, _ = selectors.path_item_for(enrolment=enrolment, slug=item)
    status = request.POST.get("status", "")
    if status not in ProgressStatus.values or view.item.kind == ItemKind.SESSION:
        return HttpResponse("Unknown status.", status=400)
    services.item_progress_set(enrolment=enrolment, item=view.item, status=status)
    messages.success(request, STATUS_MESSAGES[ProgressStatus(status)])
    if status == ProgressStatus.STARTED:
        return redirect(_item_url(enrolment.pk, item))
    return redirect("programs:path", pk=enrolment.pk)


@require_POST
@login_required
def item_check(request: HttpRequest, pk: int, item: str) -> HttpResponse:
    enrolment = enrolment_for(user=request.user, pk=pk)
    view, status = selectors.path_item_for(enrolment=enrolment, slug=item)
    if not view.item.checks:
        raise Http404
    form = KnowledgeCheckForm(request.POST, questions=view.item.checks)
    if not form.is_valid():
        context = {
            "enrolment": enrolment,
            "view": view,
            "item": view.item,
            "status": status,
            "check_form": form,
            "results": [],
            "answered": False,
        }
        return render(request, "programs/item.html", context, status=400)
    services.knowledge_check_answers_record(
        enrolment=enrolment, item=view.item, choices=form.choices()
    )
    return redirect(_item_url(enrolment.pk, item) + "#check")


def _item_url(pk: int, slug: str) -> str:
    return reverse("programs:item", kwargs={"pk": pk, "item": slug}) + "?note=read"


def join(request: HttpRequest, slug: str) -> HttpResponse:
    """Join an open self-paced program from outside any organisation."""
    program = selectors.open_program(slug=slug)
    consent_text = consent_text_current(purpose=ConsentPurpose.TAKING_PART)
    if consent_text is None:
        raise Http404  # nobody can agree to a text that is not published
    user = request.user if request.user.is_authenticated else None
    form: JoinForm | ConsentOnlyForm = (
        ConsentOnlyForm(request.POST or None) if user else JoinForm(request.POST or None)
    )
    if request.method == "POST":
        # Account creation here is throttled like allauth's own sign-up (per IP address).
        limited: HttpResponse | None = consume_or_429(request, action="signup")
        if limited is not None:
            return limited
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.open_enrolment_join(
                program=program,
                consent_text=consent_text,
                user=user,
                email=form.cleaned_data.get("email", ""),
                full_name=form.cleaned_data.get("full_name", ""),
                password=form.cleaned_data.get("password1", ""),
            )
        except services.ProgramError as error:
            form.add_error(None, str(error))
        else:
            if user is None:
                login(
                    request,
                    enrolment.user,
                    backend="steadfast.accounts.backends.PersonBackend",
                )
            messages.success(request, f"Welcome to {program.title}.")
            return redirect("programs:path", pk=enrolment.pk)
    context = {"program": program, "form": form, "consent_text": consent_text, "signed_in": user}
    status = 400 if request.method == "POST" else 200
    return render(request, "programs/join.html", context, status=status)

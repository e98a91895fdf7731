"""Journal pages: write (with autosave), read, edit, delete, search, export, share one entry.

Journal text only ever travels in request and response bodies, never in an address: the
search is a POST whose results page is rendered directly, so the words searched for never
reach an access log, the browser history or a Referer header. Views that receive text mark
every POST field and local variable sensitive, so an error report shows stars instead.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from steadfast.core.models import AuditEvent
from steadfast.core.params import id_param
from steadfast.core.services import audit_record
from steadfast.core.versioning import Conflict, StaleEdit, edit_conflict, rebased
from steadfast.journal import personal_data, selectors, services
from steadfast.journal.forms import DraftForm, EntryForm, SearchForm, ShareForm
from steadfast.journal.models import Draft, Entry
from steadfast.organisations.models import Membership
from steadfast.organisations.permissions import organisation_view
from steadfast.safety.services import ScreeningUnavailable

PAGE_SIZE = 20
# Session keys: show crisis help on the next view of this entry; clear this page's copy
# kept in the browser once the server has the entry.
HELP_KEY = "journal_help_entry"
SAVED_KEY = "journal_saved_token"


def _entry(request: HttpRequest, pk: int) -> Entry:
    try:
        return selectors.entry_for(user=request.user, pk=pk)  # type: ignore[arg-type]
    except Entry.DoesNotExist:
        raise Http404 from None


def _user(request: HttpRequest) -> Any:
    return request.user


def _after_save(request: HttpRequest, saved: services.Saved, token: uuid.UUID) -> HttpResponse:
    if saved.needs_help:
        request.session[HELP_KEY] = saved.entry.pk
    request.session[SAVED_KEY] = str(token)
    shared = saved.entry.is_shared
    messages.success(request, "Saved." if shared else "Saved. Only you can read it.")
    return redirect("journal:entry", pk=saved.entry.pk)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = Paginator(selectors.entries_for(user=user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "journal/index.html",
        {
            "page": page,
            "drafts": list(selectors.drafts_for(user=user)),
            "search_form": SearchForm(),
            "saved_token": request.session.pop(SAVED_KEY, ""),
        },
    )


@login_required
def new(request: HttpRequest) -> HttpResponse:
    """A fresh page: its token is its address, so a draft survives signing out and back in."""
    return redirect("journal:write", token=uuid.uuid4())


def _write_page(
    request: HttpRequest,
    form: EntryForm,
    *,
    token: uuid.UUID,
    entry: Entry | None = None,
    draft: Draft | None = None,
    status: int = 200,
    conflict: Conflict | None = None,
) -> HttpResponse:
    return render(
        request,
        "journal/write.html",
        {
            "form": form,
            "token": token,
            "entry": entry,
            "draft": draft,
            "conflict": conflict,
            "autosave_url": reverse("journal:autosave", kwargs={"token": token}),
            "login_url": f"{reverse('account_login')}?{urlencode({'next': request.path})}",
        },
        status=status,
    )


@login_required
@sensitive_post_parameters()
@sensitive_variables()
def write(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    user = _user(request)
    existing = selectors.entry_for_token(token=token)
    if existing is not None:
        if existing.user_id != user.pk:
            raise Http404
        return redirect("journal:entry", pk=existing.pk)
    try:
        draft = selectors.draft_for(user=user, token=token)
    except LookupError:
        raise Http404 from None
    if draft is not None and draft.entry_id is not None:
        return redirect("journal:edit", pk=draft.entry_id)
    if request.method == "POST":
        if request.POST.get("action") == "draft":
            return _keep_draft(request, token=token)
        form = EntryForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.entry_create(
                    user=user,
                    token=token,
                    title=data["title"],
                    body=data["body"],
                    mood=data["mood"],
                )
            except services.JournalError:
                raise Http404 from None
            except ScreeningUnavailable:
                return _not_screened(request, form, token=token)
            return _after_save(request, saved, token)
        return _write_page(request, form, token=token, draft=draft, status=400)
    initial = {"title": draft.title, "body": draft.body, "mood": draft.mood} if draft else {}
    return _write_page(request, EntryForm(initial=initial), token=token, draft=draft)


@sensitive_variables()
def _draft_keep(
    request: HttpRequest, data: dict[str, str], *, token: uuid.UUID, entry: Entry | None
) -> None:
    """Keep the typed words as the page's draft (nothing to keep once it was saved)."""
    with contextlib.suppress(services.DraftClosed):
        services.draft_save(
            user=_user(request),
            token=token,
            title=data["title"],
            body=data["body"],
            mood=data["mood"],
            entry=entry,
        )


@sensitive_variables()
def _not_screened(
    request: HttpRequest, form: EntryForm, *, token: uuid.UUID, entry: Entry | None = None
) -> HttpResponse:
    """Screening could not run, so nothing was saved: the words are kept as a draft and
    shown again with a plain message, to send once more in a minute."""
    _draft_keep(request, form.cleaned_data, token=token, entry=entry)
    form.add_error(None, ScreeningUnavailable.for_person)
    return _write_page(request, form, token=token, entry=entry, status=503)


@sensitive_variables()
def _keep_draft(
    request: HttpRequest, *, token: uuid.UUID, entry: Entry | None = None
) -> HttpResponse:
    """The no-JavaScript "Keep as draft" button: the same save the autosave makes."""
    form = DraftForm(request.POST)
    if form.is_valid():
        _draft_keep(request, form.cleaned_data, token=token, entry=entry)
        messages.success(request, "Your draft is kept. Come back to it any time.")
        if entry is not None:
            return redirect("journal:edit", pk=entry.pk)
        return redirect("journal:write", token=token)
    return _write_page(request, EntryForm(request.POST), token=token, entry=entry, status=400)


@require_POST
@sensitive_post_parameters()
@sensitive_variables()
def autosave(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    """Called by the page every few seconds. Answers 401 (not a redirect to sign in) when the
    session has ended, so the page can keep the words in the browser and say so."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    form = DraftForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": "not saved: too long"}, status=400)
    entry_id = id_param(request.POST, "entry")
    entry = _entry(request, entry_id) if entry_id is not None else None
    data = form.cleaned_data
    try:
        draft = services.draft_save(
            user=_user(request),
            token=token,
            title=data["title"],
            body=data["body"],
            mood=data["mood"],
            entry=entry,
            entry_version=data["row_version"] if "row_version" in request.POST else None,
        )
    except services.DraftClosed:
        return JsonResponse({"closed": True}, status=409)
    except LookupError:
        raise Http404 from None
    when = timezone.localtime(draft.updated_at if draft else timezone.now())
    return JsonResponse({"saved_at": when.strftime("%H:%M")})


@login_required
@require_POST
def discard(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    services.draft_discard(user=_user(request), token=token)
    request.session[SAVED_KEY] = str(token)
    messages.success(request, "Draft thrown away.")
    return redirect("journal:index")


@login_required
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    item = _entry(request, pk)
    needs_help = request.session.get(HELP_KEY) == item.pk
    if needs_help:
        del request.session[HELP_KEY]
    return render(
        request,
        "journal/entry.html",
        {
            "entry": item,
            "needs_help": needs_help,
            "draft": selectors.draft_for_entry(entry=item),
            "saved_token": request.session.pop(SAVED_KEY, ""),
            "readers": selectors.readers_of(entry=item),
            "newcomers": selectors.newcomers_to(entry=item),
        },
    )


@login_required
@sensitive_post_parameters()
@sensitive_variables()
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _entry(request, pk)
    draft = selectors.draft_for_entry(entry=item)
    if request.method == "POST":
        try:
            token = uuid.UUID(request.POST.get("token", ""))
        except ValueError:
            token = draft.token if draft else uuid.uuid4()
        if request.POST.get("action") == "draft":
            return _keep_draft(request, token=token, entry=item)
        form = EntryForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.entry_update(
                    entry=item,
                    title=data["title"],
                    body=data["body"],
                    mood=data["mood"],
                    row_version=data["row_version"],
                )
            except StaleEdit:
                return _edit_conflict(request, pk=pk, token=token)
            except ScreeningUnavailable:
                return _not_screened(request, form, token=token, entry=item)
            return _after_save(request, saved, token)
        return _write_page(request, form, token=token, entry=item, draft=draft, status=400)
    source: Entry | Draft = draft or item
    version = draft.entry_version if draft and draft.entry_version is not None else None
    form = EntryForm(
        initial={
            "title": source.title,
            "body": source.body,
            "mood": source.mood,
            "row_version": item.row_version if version is None else version,
        }
    )
    return _write_page(
        request, form, token=draft.token if draft else uuid.uuid4(), entry=item, draft=draft
    )


@sensitive_variables()
def _edit_conflict(request: HttpRequest, *, pk: int, token: uuid.UUID) -> HttpResponse:
    """The entry was saved elsewhere since this page was loaded: nothing was written. Show
    what is saved now next to what was typed, with the typed words back in the form."""
    item = _entry(request, pk)
    form = EntryForm(rebased(request.POST, version=item.row_version))
    form.is_valid()
    conflict = edit_conflict(
        thing="entry",
        form=form,
        saved={"title": item.title, "body": item.body, "mood": item.mood},
    )
    return _write_page(
        request,
        form,
        token=token,
        entry=item,
        status=409,
        conflict=conflict,
    )


@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = _entry(request, pk)
    if request.method == "POST":
        services.entry_delete(entry=item)
        messages.success(request, "The entry is deleted for good.")
        return redirect("journal:index")
    return render(request, "journal/delete.html", {"entry": item})


@login_required
def share(request: HttpRequest, pk: int) -> HttpResponse:
    item = _entry(request, pk)
    user = _user(request)
    organisations = selectors.share_organisations_for(user=user)
    people = [
        (organisation, list(selectors.facilitators_for(user=user, organisation=organisation)))
        for organisation in organisations
    ]
    choices = [organisation for organisation, facilitators in people if facilitators]
    form = ShareForm(request.POST or None, organisations=choices)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            chosen = next(o for o in choices if o.pk == form.cleaned_data["organisation"])
            try:
                services.entry_share(entry=item, organisation=chosen)
            except services.JournalError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Shared. You can take it back at any time.")
                return redirect("journal:entry", pk=item.pk)
        status = 400
    return render(
        request,
        "journal/share.html",
        {
            "entry": item,
            "form": form,
            "people": people,
            "can_share": bool(choices),
            "readers": selectors.readers_of(entry=item),
            "newcomers": selectors.newcomers_to(entry=item),
        },
        status=status,
    )


@login_required
@require_POST
def unshare(request: HttpRequest, pk: int) -> HttpResponse:
    item = _entry(request, pk)
    services.entry_unshare(entry=item)
    messages.success(request, "Taken back. Only you can read this entry now.")
    return redirect("journal:entry", pk=item.pk)


@login_required
@sensitive_post_parameters()
@sensitive_variables()
def search(request: HttpRequest) -> HttpResponse:
    """POST only carries a search: GET shows an empty form, so no search is ever in a URL."""
    form = SearchForm(request.POST if request.method == "POST" else None)
    page = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            found = selectors.entries_search(user=_user(request), query=form.cleaned_data["q"])
            page = Paginator(found, PAGE_SIZE).get_page(form.cleaned_data["page"] or 1)
        else:
            status = 400
    return render(request, "journal/search.html", {"form": form, "page": page}, status=status)


def _export_rows(request: HttpRequest) -> list[Entry]:
    user = _user(request)
    rows = list(selectors.entries_for(user=user))
    audit_record(
        actor=user,
        action=AuditEvent.Action.EXPORT,
        object_type="journal.entry",
        object_id="all",
        detail="journal exported by its owner",
    )
    return rows


def _download(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def export_json(request: HttpRequest) -> HttpResponse:
    rows = [personal_data.entry_row(e) for e in _export_rows(request)]
    body = json.dumps({"journal": rows}, ensure_ascii=False, indent=2)
    return _download(
        HttpResponse(body, content_type="application/json; charset=utf-8"),
        "steadfast-journal.json",
    )


@login_required
def export_html(request: HttpRequest) -> HttpResponse:
    html = render_to_string(
        "journal/export.html",
        {"entries": _export_rows(request), "person": request.user, "now": timezone.now()},
    )
    return _download(HttpResponse(html), "steadfast-journal.html")


@organisation_view("read_shared_journal")
def shared(request: HttpRequest, membership: Membership) -> HttpResponse:
    entries = Paginator(selectors.shared_entries_for(facilitator=membership), PAGE_SIZE)
    return render(
        request,
        "journal/shared.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "page": entries.get_page(request.GET.get("page")),
        },
    )


@organisation_view("read_shared_journal")
def shared_entry(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    try:
        item = selectors.shared_entry_read(facilitator=membership, pk=pk)
    except Entry.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "journal/shared_entry.html",
        {"membership": membership, "organisation": membership.organisation, "entry": item},
    )

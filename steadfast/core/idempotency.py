"""One write per intent: a form sent twice (a double click, a retry on a slow connection, eight
requests at once) is acted on once.

Every page form carries a random key beside its CSRF token (`{% idempotency_key %}`, a
built-in tag; fetch requests may send the same key in an `Idempotency-Key` header). For a POST
with a key, `IdempotencyMiddleware` runs the view inside one transaction that first inserts a
`SentForm` row for (who sent it, the key, a keyed hash of the address and the fields):

- the first request inserts the row, runs the view, and stores its redirect in the row, all
  committed together;
- a repeat cannot insert the row (unique constraint): on SQLite it waits for the first to
  commit (writers take the lock at BEGIN IMMEDIATE), on PostgreSQL its insert waits on the
  unique index until the first commits, then fails; either way it answers with the first
  request's redirect, without running the view or touching the session;
- a first request that did not end in a redirect leaves no row: a form error or refusal (4xx)
  deletes it, keeping whatever the view recorded (the audit of a refusal), and a server error
  (5xx or an exception) rolls back everything, so the same form can be sent again;
- a page answer (2xx) is not stored either (its body may hold personal data), so a repeat of a
  search or an upload check runs again. Forms that write answer with a redirect.

The same key with other content is another intent (a page restored from the browser's
history and changed before sending), so the content is part of the row's identity. Rows
older than `SENT_FORM_KEEP` are deleted after each first request commits.

POSTs without a key (API clients, autosave endpoints keyed by their draft) are untouched.
See docs/decisions/0016-one-write-per-intent.md.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from django.core.exceptions import BadRequest
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.utils import timezone
from django.utils.crypto import salted_hmac

from steadfast.core.models import SentForm

FIELD = "idempotency_key"
HEADER = "Idempotency-Key"
SENT_FORM_KEEP = timedelta(days=1)
UNREADABLE = "This form could not be read. Go back, reload the page and send it again."
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
NOT_HASHED = {FIELD, "csrfmiddlewaretoken"}


def new_key() -> str:
    return str(uuid.uuid4())


def key_of(request: HttpRequest) -> uuid.UUID | None:
    """The key a POST carries, if any; a key that is not a UUID is a bad request (400). A body
    that cannot be read (the sender went away) has none: the CSRF check refuses it (403)."""
    try:
        raw = request.headers.get(HEADER) or request.POST.get(FIELD, "")
    except UnreadablePostError:
        return None
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise BadRequest(UNREADABLE) from None


def owner_of(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return "anonymous"


def fingerprint_of(request: HttpRequest) -> str:
    """A keyed hash (never the content itself) of the address and what was sent."""
    if request.content_type in FORM_TYPES:
        fields = [
            [name, value]
            for name in sorted(request.POST)
            if name not in NOT_HASHED
            for value in request.POST.getlist(name)
        ]
        files = [
            [name, upload.name or "", upload.size or 0]
            for name in sorted(request.FILES)
            for upload in request.FILES.getlist(name)
        ]
        content = json.dumps([request.get_full_path(), fields, files])
    else:
        content = json.dumps([request.get_full_path(), request.body.decode("utf-8", "replace")])
    return salted_hmac("steadfast.core.idempotency", content, algorithm="sha256").hexdigest()


def _claim(*, owner: str, key: uuid.UUID, fingerprint: str) -> tuple[SentForm, bool]:
    """This form's row and whether this request is the first to send it. Waits for a first
    request still running (see the module's docstring)."""
    lookup = {"owner": owner, "key": key, "fingerprint": fingerprint}
    try:
        with transaction.atomic():
            return SentForm.objects.create(**lookup, created_at=timezone.now()), True
    except IntegrityError:
        found = SentForm.objects.filter(**lookup).first()
        if found is not None:
            return found, False
    # Purged between the two statements (a day old): this request is the first again.
    with transaction.atomic():
        return SentForm.objects.create(**lookup, created_at=timezone.now()), True


def _is_redirect(response: HttpResponse) -> bool:
    return 300 <= response.status_code < 400 and response.has_header("Location")


def _repeat(request: HttpRequest, sent: SentForm) -> HttpResponse:
    """The first answer's redirect. The session is left alone: this request read it before the
    first one saved its own (its message, the crisis-help flag), and saving it here would put
    the old copy back. The page redirected to shows the first request's message."""
    response = HttpResponse(status=sent.status or 303)
    response["Location"] = sent.location or request.get_full_path()
    return response


def sent_forms_purge(*, now: datetime | None = None) -> int:
    """Delete rows older than SENT_FORM_KEEP; how many went."""
    cutoff = (now or timezone.now()) - SENT_FORM_KEEP
    deleted, _ = SentForm.objects.filter(created_at__lt=cutoff).delete()
    return deleted


class IdempotencyMiddleware:
    """Act once on each sent form (the module's docstring says how). Last in MIDDLEWARE, so
    the CSRF check, sign-in and the sign-in policy have run before a key is recorded."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return self.get_response(request)
        key = key_of(request)
        if key is None:
            return self.get_response(request)
        owner = owner_of(request)  # reads the session before the transaction begins
        fingerprint = fingerprint_of(request)
        with transaction.atomic():
            sent, first = _claim(owner=owner, key=key, fingerprint=fingerprint)
            if not first:
                return _repeat(request, sent)
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
            elif _is_redirect(response):
                sent.status = response.status_code
                sent.location = response["Location"]
                sent.save(update_fields=["status", "location"])
            else:
                sent.delete()
            transaction.on_commit(sent_forms_purge, robust=True)
        return response

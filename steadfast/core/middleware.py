"""Middleware of our own: headers every page gets, and addresses checked before any view."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from steadfast.core import auditcontext
from steadfast.core.http import client_ip
from steadfast.core.text import has_control_characters


class NoStoreMiddleware:
    """Pages for a signed-in person may show personal or health data: never cache them
    anywhere (ASVS 14.3.2)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated and "Cache-Control" not in response:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


class AddressTextMiddleware:
    """A control character anywhere in the address, path or query string, is a bad request
    (400) before any view runs, so none reaches a page or the database (decision 0014)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_control_characters(request.path_info) or any(
            has_control_characters(key) or any(has_control_characters(v) for v in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("control character in the address")
        return self.get_response(request)


class AuditContextMiddleware:
    """Puts the actor and client address of this request where `audit_record` finds them
    (`core.auditcontext`, decision 0015), and takes them away when the request ends, also
    when the view raises, so nothing leaks into the next request on this thread."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = auditcontext.current.set(
            auditcontext.AuditContext(
                ip_address=client_ip(request), actor=lambda: getattr(request, "user", None)
            )
        )
        try:
            return self.get_response(request)
        finally:
            auditcontext.current.reset(token)

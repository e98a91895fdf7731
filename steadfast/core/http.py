"""What the HTTP layer reads from a request for the layers below it."""

from __future__ import annotations

from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str | None:
    # REMOTE_ADDR is the peer; behind a proxy, configure the proxy to set it (see operations).
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None

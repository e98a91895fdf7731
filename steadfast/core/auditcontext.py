"""Who is acting and from where, for the request being answered (decision 0015).

`AuditContextMiddleware` sets it for each request and resets it afterwards, also when the
view raises; `audit_record` reads it, so services need no `request` to audit. Outside a
request (tasks, commands) it is empty: the address is None.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AuditContext:
    ip_address: str | None
    # The signed-in user, read lazily so that setting the context touches no session.
    actor: Callable[[], Any]


current: ContextVar[AuditContext | None] = ContextVar("steadfast_audit_context", default=None)


def current_ip() -> str | None:
    context = current.get()
    return context.ip_address if context is not None else None


def current_actor() -> Any:
    context = current.get()
    if context is None:
        return None
    actor = context.actor()
    return actor if getattr(actor, "is_authenticated", False) else None

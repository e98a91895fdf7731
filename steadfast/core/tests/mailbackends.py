"""Email backends for tests: Django's locmem backend (mail.outbox), with a mail server that
is down for the next N messages, or a second worker that runs while a message is sent."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from django.core.mail import EmailMessage
from django.core.mail.backends import locmem


class FlakyBackend(locmem.EmailBackend):
    """Refuses the next `failures` messages, then delivers to mail.outbox."""

    failures: ClassVar[int] = 0
    during_send: ClassVar[Callable[[], Any] | None] = None

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise ConnectionError("mail server down")
        hook, FlakyBackend.during_send = FlakyBackend.during_send, None
        if hook is not None:
            hook()  # another worker runs the same task while this message is on its way
        return super().send_messages(messages)


def use_flaky_backend(settings: Any) -> type[FlakyBackend]:
    """Make FlakyBackend the default mailer, with nothing scheduled to fail."""
    settings.MAILERS = {"default": {"BACKEND": "steadfast.core.tests.mailbackends.FlakyBackend"}}
    FlakyBackend.failures = 0
    FlakyBackend.during_send = None
    return FlakyBackend

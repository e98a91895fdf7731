"""No secret from an address reaches a log.

Some addresses are keys in themselves: an invitation link, a calendar feed, a password-reset
or email-confirmation link. Anyone who reads one in a log could join the organisation, read a
person's session times or take over their account. Every logged line has the secret part of
those addresses replaced with `[hidden]` (`/invitations/[hidden]/`), the rest kept so the line
still says which page was asked for.

`HideSecretURLs` is the one filter that does it. `config/settings.py` (LOGGING) puts it on the
loggers that write request paths (`django.server`: the development server's access log;
`django.request` and `django.security.csrf`: 4xx/5xx and CSRF failures) and on the console
handler; `config/wsgi.py` puts it on gunicorn's access and error logs, which gunicorn sets up
itself. A filter on a logger changes the record before any handler (or test) sees it.

Addresses that only lead somewhere after signing in as their owner (journal and
questionnaire drafts) are not secrets and are left as they are.
"""

from __future__ import annotations

import logging
import re

HIDDEN = "[hidden]"

_SLASH = r"(?:/|%2[fF])"
# Each: the path up to the secret, and a segment in its place that is another page, not a
# secret.
SECRET_ROUTES = (
    # /invitations/<token>/; an organisation's /invitations/<id>/resend/ carries a number.
    (r"invitations", r"\d+"),
    # /cohorts/calendar/<token>.ics; /cohorts/calendar/revoke/ is a page.
    (rf"cohorts{_SLASH}calendar", r"revoke"),
    # allauth: /accounts/password/reset/key/<uidb36>-<key>/ (then ...-set-password/).
    (rf"accounts{_SLASH}password{_SLASH}reset{_SLASH}key", r"done"),
    # allauth: /accounts/confirm-email/<key>/
    (rf"accounts{_SLASH}confirm-email", None),
)
_END = rf"(?=\.ics\b|{_SLASH}|[\s?#&\"'<>;,]|$)"
_PATTERNS = [
    re.compile(
        rf"(?P<before>{_SLASH}{route}{_SLASH})"
        + (rf"(?!(?:{not_secret})(?:{_SLASH}|[\s?#\"']|$))" if not_secret else "")
        + rf"[^/\s?#&\"'<>;,]+?{_END}"
    )
    for route, not_secret in SECRET_ROUTES
]


def hide_secrets(text: str) -> str:
    """`text` with the secret part of every secret-bearing address replaced by `[hidden]`."""
    for pattern in _PATTERNS:
        text = pattern.sub(rf"\g<before>{HIDDEN}", text)
    return text


class HideSecretURLs(logging.Filter):
    """Rewrite a record's message with its secrets hidden; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: the handler reports it, as without us
            return True
        hidden = hide_secrets(message)
        if hidden != message:
            record.msg = hidden
            record.args = None
        return True


SERVER_LOGGERS = ("gunicorn.access", "gunicorn.error")


def hide_secrets_in_server_logs() -> None:
    """Put the filter on the loggers of the WSGI server (gunicorn), which Django's LOGGING
    must not reconfigure: that would remove the handlers gunicorn gave them."""
    for name in SERVER_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, HideSecretURLs) for f in logger.filters):
            logger.addFilter(HideSecretURLs())

"""`{% idempotency_key %}`: a built-in tag (TEMPLATES OPTIONS "builtins"), placed beside every
`{% csrf_token %}`, that gives the form a fresh key so sending it twice acts once
(core.idempotency)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from steadfast.core.idempotency import FIELD, new_key

register = template.Library()


@register.simple_tag
def idempotency_key() -> SafeString:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_key())

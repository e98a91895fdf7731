"""The reader's own emergency numbers in a sentence, on any page that asks someone to call."""

from __future__ import annotations

from typing import Any

from django import template

from steadfast.safety import selectors

register = template.Library()


@register.inclusion_tag("safety/_emergency_numbers.html#in_brackets", takes_context=True)
def emergency_numbers(context: template.Context) -> dict[str, Any]:
    """The reader's emergency numbers in brackets, after "call your local emergency number
    now": their country's name and each number as a link; nothing where we know none."""
    request = context.get("request")
    return {"country": selectors.reader_help(getattr(request, "user", None))}

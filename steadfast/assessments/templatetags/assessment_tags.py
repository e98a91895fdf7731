from __future__ import annotations

from typing import Any

from django import template

from steadfast.assessments.scoring.keys import shipped_codes, shipped_key

register = template.Library()


@register.filter
def item(mapping: dict[str, Any], key: str) -> Any:
    """mapping[key] in a template, None when absent."""
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def instrument_title(code: str) -> str:
    """The questionnaire's name for people ("WHO-5 Well-Being Index"), never its code; an
    instrument we do not ship keeps its code, in capitals."""
    if code in shipped_codes():
        return shipped_key(code).title
    return str(code).upper()

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def item(mapping: dict[str, Any], key: str) -> Any:
    """mapping[key] in a template, None when absent."""
    return mapping.get(key) if isinstance(mapping, dict) else None

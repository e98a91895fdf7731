"""Small filters for the insights templates."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def share(value: float | None) -> str:
    return "not shown" if value is None else f"{round(value * 100)}%"


@register.filter
def cells(row: dict[str, Any], columns: list[str]) -> list[Any]:
    return [row[c] for c in columns]


@register.filter
def weekly(warning: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    return list(zip(warning["weeks"], warning["stress"], warning["energy"], strict=True))

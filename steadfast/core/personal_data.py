"""Which records hold a person's data, and how each app exports and erases them.

Each app registers in its `AppConfig.ready()`: `export(user)` returns plain JSON-able data the
person wrote or answered, `erase(user)` deletes it and returns how many rows went, `label`
says in plain words what those rows are ("journal entries"), `models` lists the model classes
the app exports and erases, and `kept` names models that hold something about the person but
stay on erase, each with the reason. An app whose records all stay registers `kept` alone (no
`export`, no `erase`). *My data* calls `export_all` and `erase_all` alone; a test fails when a
model with a user key or an encrypted column is in no registration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models as dj_models
from django.db import transaction


@dataclass(frozen=True)
class Registration:
    app_label: str
    export: Callable[[Any], dict[str, Any]] | None
    erase: Callable[[Any], int] | None
    models: tuple[type[dj_models.Model], ...]
    kept: Mapping[type[dj_models.Model], str] = field(default_factory=dict)
    label: str = ""


_registry: dict[str, Registration] = {}


def register(
    app_label: str,
    *,
    export: Callable[[Any], dict[str, Any]] | None = None,
    erase: Callable[[Any], int] | None = None,
    models: Iterable[type[dj_models.Model]] = (),
    kept: Mapping[type[dj_models.Model], str] | None = None,
    label: str = "",
) -> None:
    """Record (or replace, so a second `ready()` is harmless) one app's functions."""
    models = tuple(models)
    if models and (export is None or erase is None):
        raise ValueError(f"{app_label}: models it answers for need both export and erase")
    _registry[app_label] = Registration(
        app_label=app_label,
        export=export,
        erase=erase,
        models=models,
        kept=kept or {},
        label=label or f"{app_label} records",
    )


def register_module(app_label: str, module: Any) -> None:
    """Register an app's `personal_data` module: its `export`, `erase`, `MODELS`, `KEPT` and
    `LABEL`, each optional (an app that only keeps records has `KEPT` alone)."""
    register(
        app_label,
        export=getattr(module, "export", None),
        erase=getattr(module, "erase", None),
        models=getattr(module, "MODELS", ()),
        kept=getattr(module, "KEPT", None),
        label=getattr(module, "LABEL", ""),
    )


def registrations() -> list[Registration]:
    return [_registry[label] for label in sorted(_registry)]


def covered_models() -> dict[type[dj_models.Model], str]:
    """Every model some app answers for: the app label, or the reason it is kept."""
    covered: dict[type[dj_models.Model], str] = {}
    for reg in registrations():
        for model in reg.models:
            covered[model] = reg.app_label
        for model, reason in reg.kept.items():
            covered[model] = reason
    return covered


def erased_models() -> tuple[type[dj_models.Model], ...]:
    """The models erase_all empties of the person's rows (registered, not kept)."""
    return tuple(m for reg in registrations() for m in reg.models)


def kept_models() -> dict[type[dj_models.Model], str]:
    """The models that stay on erase, each with the reason."""
    return {m: reason for reg in registrations() for m, reason in reg.kept.items()}


def export_all(*, user: Any) -> dict[str, dict[str, Any]]:
    """What the person wrote and answered, app by app."""
    return {reg.app_label: reg.export(user) for reg in registrations() if reg.export}


def erase_all(*, user: Any) -> dict[str, int]:
    """Erase in every app at once: one transaction, so all of it goes or none."""
    with transaction.atomic():
        return {reg.app_label: reg.erase(user) for reg in registrations() if reg.erase}


def erased_labels(counts: Mapping[str, int]) -> dict[str, int]:
    """erase_all's counts under each app's plain words ("journal entries": 3)."""
    return {_registry[app].label: n for app, n in counts.items()}

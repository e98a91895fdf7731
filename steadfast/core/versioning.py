"""Edits that never silently overwrite each other.

A record people can edit in more than one place (two tabs, two devices, two facilitators)
carries `row_version`, raised by one on every save through its service. Its edit form carries
the version it was loaded with (`RowVersionField`, a hidden field). The service writes with
`update_if_version`: one UPDATE whose WHERE clause names both the primary key and that
version, so the check and the write are one atomic step on every database. A save made from a
stale page matches no row, writes nothing and raises `StaleEdit`.

The view then answers 409 with the edit page: `edit_conflict` lists, field by field, what is
saved now and what the person typed, and the form is filled again with their words and the
current version (`rebased`), so saving again is a choice made after seeing both. The saved
record is read again through the app's own selector, so any read that must be audited is.
See docs/decisions/0017-no-silent-overwrite.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import models
from django.db.models import F
from django.http import QueryDict
from django.utils import formats

ROW_VERSION = "row_version"


class RowVersioned(models.Model):
    """Adds `row_version` to a model. Existing rows start at 1; so does every new row."""

    row_version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised by one on every save; a save from a page loaded at an older "
        "number is refused.",
    )

    class Meta:
        abstract = True


class StaleEdit(Exception):
    """The row changed (or went) after the page was loaded; nothing was written."""

    def __init__(self, *, model: type[models.Model], pk: Any, expected: int) -> None:
        super().__init__(f"{model._meta.label_lower} {pk} is no longer at version {expected}")
        self.model = model
        self.pk = pk
        self.expected = expected


def _values(instance: RowVersioned, fields: Iterable[str]) -> dict[str, Any]:
    """Column values to write, with auto_now columns refreshed as save() would."""
    names = set(fields)
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        auto_now = getattr(field, "auto_now", False)
        if field.name == ROW_VERSION or field.primary_key:
            continue
        if auto_now:
            field.pre_save(instance, add=False)
        if auto_now or field.name in names or field.attname in names:
            values[field.attname] = getattr(instance, field.attname)
            names.discard(field.name)
            names.discard(field.attname)
    if names:
        raise ValueError(f"not columns of {instance._meta.label}: {sorted(names)}")
    return values


def update_if_version(instance: RowVersioned, *, expected: int, fields: Iterable[str]) -> None:
    """Write `fields` of `instance` only while its row still has version `expected`, and raise
    the version by one. StaleEdit (nothing written) when another save came first.

    Encrypted columns may be written here (they are SET, never compared): the WHERE clause
    holds only the primary key and the version.
    """
    model = type(instance)
    updated = model._default_manager.filter(pk=instance.pk, row_version=expected).update(
        **_values(instance, fields), row_version=F(ROW_VERSION) + 1
    )
    if updated != 1:
        raise StaleEdit(model=model, pk=instance.pk, expected=expected)
    instance.row_version = expected + 1


def update_bumping(instance: RowVersioned, *, fields: Iterable[str]) -> None:
    """Write `fields` whatever the version, and raise it: for saves that are not edits of a
    loaded page (a progress tick, sharing an entry), so pages open elsewhere see the change."""
    model = type(instance)
    model._default_manager.filter(pk=instance.pk).update(
        **_values(instance, fields), row_version=F(ROW_VERSION) + 1
    )
    instance.refresh_from_db(fields=[ROW_VERSION])


class RowVersionField(forms.IntegerField):
    """The version an edit page was loaded with. Missing counts as 0, which no saved row has,
    so a page from before versions existed is treated as stale rather than trusted."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> int:
        cleaned = super().clean(value)
        return int(cleaned) if cleaned is not None else 0


def rebased(data: QueryDict | Mapping[str, Any], *, version: int, prefix: str = "") -> QueryDict:
    """A copy of what was posted carrying the current version: the same words, ready to be
    saved again once the person has seen what is saved now."""
    copy = QueryDict(mutable=True)
    if isinstance(data, QueryDict):
        for key, values in data.lists():
            copy.setlist(key, values)
    else:
        for key, value in data.items():
            copy[key] = str(value)
    copy[f"{prefix}-{ROW_VERSION}" if prefix else ROW_VERSION] = str(version)
    return copy


@dataclass(frozen=True)
class ConflictRow:
    label: str
    saved: str
    typed: str

    @property
    def differs(self) -> bool:
        return self.saved.strip() != self.typed.strip()


@dataclass(frozen=True)
class Conflict:
    """What the conflict partial (templates/core/_edit_conflict.html) shows."""

    thing: str
    rows: list[ConflictRow]
    shared: bool = False

    @property
    def changed(self) -> list[ConflictRow]:
        return [row for row in self.rows if row.differs]

    @property
    def unchanged(self) -> list[ConflictRow]:
        return [row for row in self.rows if not row.differs]


def _choice_label(field: forms.Field, value: Any) -> str | None:
    choices = getattr(field, "choices", None)
    if choices is None:
        return None
    for key, label in choices:
        if isinstance(label, list | tuple):  # an optgroup
            for inner_key, inner_label in label:
                if str(inner_key) == str(value):
                    return str(inner_label)
        elif str(key) == str(value):
            return str(label)
    return None


def shown(field: forms.Field, value: Any) -> str:
    """A value as a person reads it: a choice's label, a date in words, Yes or No."""
    if value is None or value == "":
        return ""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dt.datetime):
        return formats.date_format(value, "j F Y, H:i")
    if isinstance(value, dt.date):
        return formats.date_format(value, "j F Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    label = _choice_label(field, value)
    if label is not None:
        return label
    if isinstance(value, list | tuple):
        return "\n".join(str(v) for v in value)
    return str(value)


def edit_conflict(
    *, thing: str, form: forms.BaseForm, saved: Mapping[str, Any], shared: bool = False
) -> Conflict:
    """Field by field, what is saved now (`saved`, by form field name) and what the person
    typed (the bound, valid `form`). `thing` names the record ("goal", "journal entry");
    `shared` says whether other people edit it too, which changes the words shown."""
    rows = []
    for name, value in saved.items():
        field = form.fields[name]
        typed = form.cleaned_data.get(name) if form.is_valid() else form.data.get(name)
        label = str(field.label) if field.label else name.replace("_", " ").capitalize()
        rows.append(ConflictRow(label=label, saved=shown(field, value), typed=shown(field, typed)))
    return Conflict(thing=thing, rows=rows, shared=shared)

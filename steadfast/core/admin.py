from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from steadfast.core.models import AuditEvent
from steadfast.core.versioning import (
    ROW_VERSION,
    Conflict,
    RowVersionField,
    StaleEdit,
    edit_conflict,
    rebased,
    update_if_version,
)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Browse and filter the audit trail. Nothing here can add, change or delete an event."""

    list_display = [
        "at",
        "action",
        "object_type",
        "object_id",
        "actor",
        "organisation",
        "ip_address",
    ]
    list_filter = ["action", "object_type", "organisation", ("at", admin.DateFieldListFilter)]
    search_fields = ["object_id", "actor__email", "object_type"]
    date_hierarchy = "at"
    list_select_related = ["actor", "organisation"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# -- edits that never silently overwrite each other (core.versioning) -------------------------


class RowVersionedAdminForm(forms.ModelForm[Any]):
    """An admin change form (or inline row) that carries the version it was loaded with.

    A save from a page opened before someone else's save is refused in `clean`, with
    `conflict` set (both versions) and the typed values kept; the write itself is the
    conditional UPDATE of `update_if_version`, so a save that slips in between the check and
    the write is refused too (RowVersionedAdmin shows the form again).
    """

    row_version = RowVersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conflict: Conflict | None = None
        if self.instance.pk is not None and ROW_VERSION in self.fields:
            self.fields[ROW_VERSION].initial = self.instance.row_version

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk is None or ROW_VERSION not in self.fields:
            return data  # a new row, or a read-only one
        model = type(self.instance)
        current = model._default_manager.filter(pk=self.instance.pk).first()
        if current is None or data.get(ROW_VERSION) == current.row_version:
            return data
        names = {f.name for f in model._meta.concrete_fields}
        saved = {n: getattr(current, n) for n in self.fields if n in names and n != ROW_VERSION}
        thing = str(model._meta.verbose_name)
        self.conflict = edit_conflict(thing=thing, form=self, saved=saved, shared=True)
        self.data = rebased(self.data, version=current.row_version, prefix=self.prefix or "")
        now = "; ".join(
            f"{row.label}: “{row.saved[:80] or '(left empty)'}”" for row in self.conflict.changed
        )
        raise forms.ValidationError(
            f"Someone else saved this {thing} after you opened it, so nothing was saved."
            + (f" Saved now: {now}." if now else "")
            + " Your changes are still in the form: check them and save again."
        )

    def save(self, commit: bool = True) -> Any:
        if not commit or self.instance.pk is None or ROW_VERSION not in self.cleaned_data:
            return super().save(commit=commit)
        _save_checked(self.instance, self.cleaned_data[ROW_VERSION])  # an inline row
        self._save_m2m()  # type: ignore[attr-defined]
        return self.instance


def _save_checked(obj: Any, expected: int) -> None:
    names = [f.name for f in obj._meta.concrete_fields if not f.primary_key]
    update_if_version(obj, expected=expected, fields=[n for n in names if n != ROW_VERSION])


def _conflicted(response: HttpResponse) -> bool:
    context = getattr(response, "context_data", None) or {}
    forms_shown = [getattr(context.get("adminform"), "form", None)]
    for inline in context.get("inline_admin_formsets", []):
        forms_shown.extend(inline.formset.forms)
    return any(getattr(form, "conflict", None) for form in forms_shown)


class RowVersionedInline:
    """For an inline whose form is a RowVersionedAdminForm."""

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The model column is not editable; the form declares its own hidden field.
        return [*(super().get_exclude(request, obj) or []), ROW_VERSION]  # type: ignore[misc]


class RowVersionedAdmin(RowVersionedInline):
    """A ModelAdmin whose change form refuses a stale save with both versions (HTTP 409)."""

    change_form_template: ClassVar[Any] = "admin/row_versioned_change_form.html"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change and ROW_VERSION in form.cleaned_data:
            _save_checked(obj, form.cleaned_data[ROW_VERSION])
        else:
            super().save_model(request, obj, form, change)  # type: ignore[misc]

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        view = super().changeform_view  # type: ignore[misc]
        try:
            response: HttpResponse = view(request, object_id, form_url, extra_context)
        except StaleEdit:
            # Saved by someone else between the form's check and the write: the write (and
            # everything else in the admin's transaction) was undone. Shown again, the form
            # now finds the conflict itself.
            response = view(request, object_id, form_url, extra_context)
        if _conflicted(response):
            response.status_code = 409
        return response

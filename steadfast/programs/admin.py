"""The content library in the admin. A version anyone is enrolled on is read-only; to change it,
copy it to a new version (the action below) and edit the copy."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest

from steadfast.accounts.models import User
from steadfast.core.admin import RowVersionedAdmin, RowVersionedAdminForm, RowVersionedInline
from steadfast.programs import services
from steadfast.programs.models import Format, Item, Module, Program, ProgramVersion, Variant

LOCKED_HELP = (
    "People are enrolled on this version, so it can no longer change. Use “Copy to a new "
    "version” on the versions list and edit the copy."
)


def _version_of(obj: Any) -> ProgramVersion | None:
    if obj is None:
        return None
    if isinstance(obj, ProgramVersion):
        return obj
    return getattr(obj, "version", None)


class UnlockedVersionForm(RowVersionedAdminForm):
    """Refuses to add anything to a version people are enrolled on, and a change saved from a
    page opened before someone else's save (core.versioning)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        version = data.get("version")
        if version is None and data.get("module") is not None:
            version = data["module"].version
        if version is not None and version.is_locked:
            raise forms.ValidationError(LOCKED_HELP)
        return data


class LockedVersionMixin:
    """Everything read-only (and nothing deletable) once the object's version is locked."""

    def _locked(self, obj: Any) -> bool:
        version = _version_of(obj)
        return version is not None and version.pk is not None and version.is_locked

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if self._locked(obj):
            return [f.name for f in self.model._meta.concrete_fields]  # type: ignore[attr-defined]
        return super().get_readonly_fields(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self._locked(obj):
            return False
        return bool(super().has_delete_permission(request, obj))  # type: ignore[misc]


class ProgramForm(forms.ModelForm[Program]):
    """The format is read-only here, so the database rule that only a self-paced program may
    be open to everyone is checked against the program's own format."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("open_enrolment") and self.instance.format != Format.SELF_PACED:
            self.add_error(
                "open_enrolment",
                "Only a self-paced program can be open to everyone.",
            )
        return data


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin[Program]):
    """Program settings (not content): title, summary and whether anyone may join. Programs
    come from the content loader (`load_content`), never from here."""

    form = ProgramForm
    list_display = ["title", "slug", "format", "open_enrolment"]
    list_filter = ["format", "open_enrolment"]
    search_fields = ["title", "slug"]
    readonly_fields = ["slug", "format", "themes", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class ModuleInline(
    LockedVersionMixin, RowVersionedInline, admin.TabularInline[Module, ProgramVersion]
):
    model = Module
    form = UnlockedVersionForm
    extra = 0
    fields = ["order", "slug", "title", "theme", "week", "phase", "audience", "row_version"]
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._locked(obj) and super().has_add_permission(request, obj)


@admin.register(ProgramVersion)
class ProgramVersionAdmin(LockedVersionMixin, RowVersionedAdmin, admin.ModelAdmin[ProgramVersion]):
    form = UnlockedVersionForm
    list_display = ["__str__", "number", "source", "loaded_at", "locked"]
    list_filter = ["program", "source"]
    list_select_related = ["program"]
    readonly_fields = ["content_hash", "source", "copied_from", "loaded_at"]
    inlines = [ModuleInline]
    actions = ["copy_to_new_version"]

    @admin.display(boolean=True, description="people enrolled")
    def locked(self, obj: ProgramVersion) -> bool:
        return obj.is_locked

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # versions come from load_content or from copying one

    @admin.action(description="Copy to a new version that can be edited")
    def copy_to_new_version(self, request: HttpRequest, queryset: QuerySet[ProgramVersion]) -> None:
        actor = request.user
        if not isinstance(actor, User):  # the admin site lets in signed-in staff only
            raise PermissionDenied
        for version in queryset.select_related("program"):
            copy = services.program_version_copy(version=version, actor=actor)
            self.message_user(
                request, f"{version} copied to {copy}; edit the copy.", messages.SUCCESS
            )


ITEM_FIELDS = [
    f.name for f in Item._meta.concrete_fields if f.name not in ("id", "version", "row_version")
]


class ItemForm(UnlockedVersionForm):
    class Meta:
        model = Item
        fields = ITEM_FIELDS


@admin.register(Module)
class ModuleAdmin(LockedVersionMixin, RowVersionedAdmin, admin.ModelAdmin[Module]):
    form = UnlockedVersionForm
    list_display = ["title", "slug", "version", "order", "theme", "audience"]
    list_filter = ["version__program", "theme", "audience"]
    list_select_related = ["version__program"]


@admin.register(Item)
class ItemAdmin(LockedVersionMixin, RowVersionedAdmin, admin.ModelAdmin[Item]):
    form = ItemForm
    list_display = ["title", "slug", "kind", "module", "minutes"]
    list_filter = ["kind", "version__program"]
    list_select_related = ["module"]
    search_fields = ["title", "slug"]

    def save_model(self, request: HttpRequest, obj: Item, form: Any, change: bool) -> None:
        obj.version_id = obj.module.version_id  # kept equal to the module's version
        super().save_model(request, obj, form, change)


@admin.register(Variant)
class VariantAdmin(LockedVersionMixin, RowVersionedAdmin, admin.ModelAdmin[Variant]):
    form = UnlockedVersionForm
    list_display = ["title", "role", "version"]
    list_filter = ["role", "version__program"]
    list_select_related = ["version__program"]

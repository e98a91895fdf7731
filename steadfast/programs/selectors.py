"""Reads about programs, scoped to the person asking."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Max, QuerySet
from django.http import Http404
from django.utils import timezone

from steadfast.accounts.selectors import person_zone
from steadfast.assessments.models import Response
from steadfast.programs.models import (
    WEEKLY_FORMATS,
    Audience,
    Enrolment,
    Item,
    ItemKind,
    ItemProgress,
    KnowledgeCheckAnswer,
    Module,
    Program,
    ProgramVersion,
    ProgressStatus,
    Variant,
)
from steadfast.programs.permissions import LibraryAccess, library_access, sees_leader_modules
from steadfast.programs.tailoring import Measure, ModuleInfo, Recommendation, recommend


def programs_for(*, user: Any) -> QuerySet[Program]:
    """Programs in the library this person may browse (none for participants), each with
    `latest_number`, the number of its newest version."""
    if library_access(user) == "none":
        return Program.objects.none()
    return (
        Program.objects.annotate(latest_number=Max("versions__number"))
        .filter(latest_number__isnull=False)
        .order_by("title")
    )


def program_for_library(*, user: Any, slug: str) -> tuple[Program, ProgramVersion]:
    program = programs_for(user=user).filter(slug=slug).first()
    if program is None:
        raise Http404
    version = program.versions.order_by("-number").first()
    assert version is not None  # noqa: S101 (programs_for keeps only programs with versions)
    return program, version


def open_program(*, slug: str) -> Program:
    """A program anyone may join, or 404 (closed programs look like missing ones)."""
    program = (
        Program.objects.filter(slug=slug, open_enrolment=True, versions__isnull=False)
        .distinct()
        .first()
    )
    if program is None:
        raise Http404
    return program


def enrolments_for(*, user: Any) -> QuerySet[Enrolment]:
    return Enrolment.objects.for_user(user).select_related(
        "version__program", "variant", "organisation"
    )


# -- items as a person sees them (role variant applied) -------------------------------------------


@dataclass(frozen=True)
class ItemView:
    item: Item
    body: str
    intro: str
    prompts: dict[str, str]
    steps: list[dict[str, Any]]
    scenario: str
    examples: list[str]
    # Fields the role variant changed, for the preview to point them out.
    changed: frozenset[str] = frozenset()

    @property
    def kind(self) -> str:
        return self.item.kind


def item_view(item: Item, variant: Variant | None) -> ItemView:
    override = variant.override_for(item.slug) if variant is not None else {}
    steps = []
    step_changes = override.get("steps", {})
    for step in item.steps:
        change = step_changes.get(step["title"], {})
        steps.append({**step, **change, "changed": bool(change)})
    return ItemView(
        item=item,
        body=override.get("body", item.body),
        intro=override.get("intro", item.intro),
        prompts={**item.prompts, **override.get("prompts", {})},
        steps=steps,
        scenario=override.get("scenario", ""),
        examples=list(override.get("examples", [])),
        changed=frozenset(override),
    )


@dataclass(frozen=True)
class ModuleView:
    module: Module
    items: list[ItemView]
    emphasised: bool


def preview_for(
    *, version: ProgramVersion, access: LibraryAccess, role: str = ""
) -> tuple[Variant | None, list[ModuleView]]:
    """A version as a participant in `role` sees it. Leads see only the guide for leaders."""
    variant = version.variants.filter(role=role).first() if role else None
    modules = version.modules.prefetch_related("items").order_by("order")
    if access == "leaders":
        modules = modules.filter(audience=Audience.LEADERS)
    emphasis = set(variant.emphasis) if variant is not None else set()
    return variant, [
        ModuleView(
            module=module,
            items=[item_view(item, variant) for item in module.items.all()],
            emphasised=module.slug in emphasis,
        )
        for module in modules
    ]


# -- a participant's path ---------------------------------------------------------------------


@dataclass(frozen=True)
class PathItem:
    item: Item
    status: str  # "" when not opened yet

    @property
    def is_done(self) -> bool:
        return self.status == ProgressStatus.DONE

    @property
    def tracked(self) -> bool:
        """Lessons and exercises are marked by the person; live sessions are not."""
        return self.item.kind != ItemKind.SESSION


@dataclass(frozen=True)
class PathModule:
    module: Module
    items: list[PathItem]
    emphasised: bool
    reason: str


@dataclass(frozen=True)
class ProgramPath:
    enrolment: Enrolment
    modules: list[PathModule]
    next: PathItem | None
    due_this_week: list[PathItem]
    week: int | None  # the person's current week, for weekly and blended programs
    recommendations: list[Recommendation]
    done_count: int
    total_count: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        return self.total_count > 0 and self.next is None


def week_of(enrolment: Enrolment, now: datetime | None = None) -> int | None:
    """Which week of a weekly program the person is in, counted in their own time zone from
    the day they started (week 1 is the first seven days)."""
    version = enrolment.version
    if version.program.format not in WEEKLY_FORMATS or not version.weeks:
        return None
    zone = person_zone(enrolment.user)
    start = enrolment.started_at.astimezone(zone).date()
    today = (now or timezone.now()).astimezone(zone).date()
    return max(1, (today - start).days // 7 + 1)


def tailoring_inputs_for(*, enrolment: Enrolment) -> tuple[dict[str, float], dict[str, Measure]]:
    """The person's latest Resilience Wheel ratings and their first valid measures (two queries).

    With no self-check yet both are empty and the path says so.
    """
    wheel: dict[str, float] = {}
    latest_wheel = (
        Response.objects.filter(user_id=enrolment.user_id, instrument="wheel", valid=True)
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if latest_wheel is not None:
        wheel = {k: float(v) for k, v in latest_wheel.subscales.items() if v is not None}
    baseline: dict[str, Measure] = {}
    for response in Response.objects.filter(
        user_id=enrolment.user_id, instrument__in=("pss10", "who5", "cbi"), valid=True
    ).order_by("submitted_at", "pk"):
        if response.instrument in baseline:
            continue
        band = response.band or None
        if response.instrument == "cbi":
            high = any((v or 0) >= 50 for v in response.subscales.values())
            band = "high" if high else None
        baseline[response.instrument] = Measure(band=band, total=response.total)
    return wheel, baseline


def path_for(
    *,
    enrolment: Enrolment,
    now: datetime | None = None,
    wheel: Mapping[str, float] | None = None,
    baseline: Mapping[str, Measure] | None = None,
) -> ProgramPath:
    """What is done, what is next and what is due this week, with module recommendations
    from the person's own results (three queries)."""
    if wheel is None and baseline is None:
        wheel, baseline = tailoring_inputs_for(enrolment=enrolment)
    modules = list(enrolment.version.modules.prefetch_related("items").order_by("order"))
    if not sees_leader_modules(enrolment=enrolment):
        modules = [m for m in modules if m.audience != Audience.LEADERS]
    statuses = dict(
        ItemProgress.objects.filter(enrolment=enrolment).values_list("item_id", "status")
    )
    recommendations = recommend(
        [
            ModuleInfo(m.slug, m.title, m.theme, tuple(m.wheel_areas), m.order)
            for m in modules
            if m.audience == Audience.PARTICIPANTS
        ],
        wheel,
        baseline,
    )
    reasons = {r.slug: r.reason for r in recommendations}
    emphasis = set(enrolment.variant.emphasis) if enrolment.variant is not None else set()
    week = week_of(enrolment, now)
    path_modules: list[PathModule] = []
    tracked: list[tuple[Module, PathItem]] = []
    for module in modules:
        items = [PathItem(item, statuses.get(item.pk, "")) for item in module.items.all()]
        path_modules.append(
            PathModule(module, items, module.slug in emphasis, reasons.get(module.slug, ""))
        )
        tracked.extend((module, i) for i in items if i.tracked)
    open_items = [
        i for _, i in tracked if i.status not in (ProgressStatus.DONE, ProgressStatus.SKIPPED)
    ]
    due = [i for module, i in tracked if week is not None and module.week == week and not i.is_done]
    counts = {status: 0 for status in ProgressStatus.values}
    for _, i in tracked:
        if i.status:
            counts[i.status] += 1
    return ProgramPath(
        enrolment=enrolment,
        modules=path_modules,
        next=open_items[0] if open_items else None,
        due_this_week=due,
        week=week,
        recommendations=recommendations,
        done_count=counts[ProgressStatus.DONE],
        total_count=len(tracked),
        counts=counts,
    )


def path_item_for(*, enrolment: Enrolment, slug: str) -> tuple[ItemView, str]:
    """One item of the enrolment's version as this person sees it, with their status."""
    item = (
        Item.objects.select_related("module")
        .filter(version_id=enrolment.version_id, slug=slug)
        .first()
    )
    if item is None:
        raise Http404
    if item.module.audience == Audience.LEADERS and not sees_leader_modules(enrolment=enrolment):
        raise Http404
    status = (
        ItemProgress.objects.filter(enrolment=enrolment, item=item)
        .values_list("status", flat=True)
        .first()
    )
    return item_view(item, enrolment.variant), status or ""


def check_answers_latest(
    *, enrolment: Enrolment, item: Item, occasion: str = KnowledgeCheckAnswer.Occasion.LESSON
) -> dict[int, KnowledgeCheckAnswer]:
    """The person's most recent answer to each question of an item's knowledge check."""
    latest: dict[int, KnowledgeCheckAnswer] = {}
    for answer in KnowledgeCheckAnswer.objects.filter(
        enrolment=enrolment, item=item, occasion=occasion
    ).order_by("answered_at", "id"):
        latest[answer.question] = answer
    return latest

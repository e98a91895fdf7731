"""Writes about programs: loading content, copying versions, enrolling, progress and answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from steadfast.accounts.models import ConsentText, User
from steadfast.accounts.selectors import person_zone
from steadfast.accounts.services import AccountExists, user_create
from steadfast.assessments.services import schedule_plan
from steadfast.core.models import AuditEvent
from steadfast.core.services import audit_record
from steadfast.organisations.models import Organisation
from steadfast.programs.content import ContentReport, read_content
from steadfast.programs.models import (
    Enrolment,
    Format,
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


class ProgramError(Exception):
    pass


@dataclass
class LoadResult:
    report: ContentReport
    # slug -> what happened: "created v1", "new version v3", "unchanged (v2)"
    outcomes: dict[str, str] = field(default_factory=dict)


def content_load(*, root: Path, seeds_dir: Path | None, check_only: bool = False) -> LoadResult:
    """Check every program under `root`; unless `check_only` or there are errors, load them
    in one transaction. Unchanged content changes nothing; changed content becomes a new
    version and older versions stay as they are."""
    report = read_content(root, seeds_dir=seeds_dir)
    result = LoadResult(report=report)
    if not report.ok or check_only:
        return result
    with transaction.atomic():
        for parsed in report.programs:
            result.outcomes[parsed["slug"]] = _program_load(parsed)
    return result


def _program_load(parsed: Mapping[str, Any]) -> str:
    program = Program.objects.select_for_update().filter(slug=parsed["slug"]).first()
    created = program is None
    if program is None:
        # The file decides open enrolment only at first load; afterwards administrators do.
        program = Program(slug=parsed["slug"], open_enrolment=parsed["open_enrolment"])
    # Compare with the newest version that came from files: an administrator's edited copy
    # stays the latest until the files themselves change.
    loaded = (
        None
        if created
        else program.versions.filter(source=ProgramVersion.Source.LOADED)
        .order_by("-number")
        .first()
    )
    if loaded is not None and loaded.content_hash == parsed["content_hash"]:
        return f"unchanged (v{loaded.number})"
    program.title = parsed["title"]
    program.summary = parsed["summary"]
    program.format = parsed["format"]
    program.themes = parsed["themes"]
    if program.format != Format.SELF_PACED:
        program.open_enrolment = False
    program.save()
    number = (program.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ProgramVersion.objects.create(
        program=program,
        number=number,
        content_hash=parsed["content_hash"],
        assessment_plan=parsed["assessment_plan"],
        weeks=parsed["weeks"],
        session_minutes=parsed["session_minutes"],
    )
    _version_fill(version, parsed)
    audit_record(
        actor=None,
        action=AuditEvent.Action.CREATE,
        target=version,
        detail=f"program={program.slug} v{number} loaded",
    )
    return f"created v{number}" if created else f"new version v{number}"


def _version_fill(version: ProgramVersion, parsed: Mapping[str, Any]) -> None:
    for module_order, module_data in enumerate(parsed["modules"], start=1):
        module = Module.objects.create(
            version=version,
            slug=module_data["slug"],
            title=module_data["title"],
            summary=module_data["summary"],
            theme=module_data["theme"],
            week=module_data["week"],
            phase=module_data["phase"],
            audience=module_data["audience"],
            wheel_areas=module_data["wheel_areas"],
            order=module_order,
        )
        Item.objects.bulk_create(
            [
                Item(
                    module=module,
                    version=version,
                    kind=data["kind"],
                    slug=data["slug"],
                    title=data["title"],
                    minutes=data["minutes"],
                    body=data.get("body", ""),
                    content_note=data.get("content_note", ""),
                    checks=data.get("checks", []),
                    exercise_code=data.get("exercise", ""),
                    intro=data.get("intro", ""),
                    prompts=data.get("prompts", {}),
                    settings=data.get("settings", {}),
                    steps=data.get("steps", []),
                    order=item_order,
                )
                for item_order, data in enumerate(module_data["items"], start=1)
            ]
        )
    Variant.objects.bulk_create(
        [
            Variant(
                version=version,
                role=data["role"],
                title=data["title"],
                summary=data["summary"],
                emphasis=data["emphasis"],
                overrides=data["overrides"],
            )
            for data in parsed["variants"]
        ]
    )


@transaction.atomic
def program_version_copy(*, version: ProgramVersion, actor: User) -> ProgramVersion:
    """A new, editable version with the same content: how an administrator changes a
    version people are already enrolled on. Its content hash is blank (it was not loaded
    from files); load_content leaves it the latest until the files themselves change."""
    program = Program.objects.select_for_update().get(pk=version.program_id)
    number = (program.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    copy = ProgramVersion.objects.create(
        program=program,
        number=number,
        content_hash="",
        source=ProgramVersion.Source.COPIED,
        copied_from=version,
        assessment_plan=version.assessment_plan,
        weeks=version.weeks,
        session_minutes=version.session_minutes,
    )
    for module in version.modules.prefetch_related("items"):
        items = list(module.items.all())
        module.pk = None
        module.version = copy
        module.save()
        for item in items:
            item.pk = None
            item.module = module
            item.version = copy
        Item.objects.bulk_create(items)
    Variant.objects.bulk_create(
        [
            Variant(
                version=copy,
                role=v.role,
                title=v.title,
                summary=v.summary,
                emphasis=v.emphasis,
                overrides=v.overrides,
            )
            for v in version.variants.all()
        ]
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=copy,
        detail=f"copied from version {version.pk}",
    )
    return copy


def version_latest(*, program: Program) -> ProgramVersion | None:
    return program.versions.order_by("-number").first()


@transaction.atomic
def enrolment_create(
    *,
    user: User,
    version: ProgramVersion,
    source: str,
    organisation: Organisation | None = None,
    variant: Variant | None = None,
    consent_text: ConsentText | None = None,
    actor: User | None = None,
) -> Enrolment:
    """Put a person on one program version (cohorts call this with source="cohort").

    Open enrolment has no organisation and needs the person's consent to taking part; every
    other enrolment belongs to an organisation. The version is locked from now on."""
    if variant is not None and variant.version_id != version.pk:
        raise ProgramError("That role variant belongs to another version.")
    if source == Enrolment.Source.OPEN:
        if organisation is not None:
            raise ProgramError("Open enrolment belongs to no organisation.")
        if consent_text is None:
            raise ProgramError("Open enrolment needs consent to taking part.")
    elif organisation is None:
        raise ProgramError("This enrolment needs an organisation.")
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                user=user,
                version=version,
                variant=variant,
                organisation=organisation,
                source=source,
                consent_text=consent_text,
                consented_at=timezone.now() if consent_text is not None else None,
            )
    except IntegrityError:
        raise ProgramError("This person is already enrolled on this version.") from None
    if source != Enrolment.Source.COHORT:
        # A cohort schedules its own plan from its session dates; anyone else starts today.
        _measurement_schedule(enrolment)
    audit_record(
        actor=actor or user,
        action=AuditEvent.Action.CREATE,
        target=enrolment,
        organisation=organisation,
        detail=f"version={version.pk} source={source}",
    )
    return enrolment


def _measurement_schedule(enrolment: Enrolment) -> None:
    """Due questionnaires for the version's assessment plan, from today in the person's zone:
    the program ends after its weeks (four weeks for a one-day workshop or no stated length)."""
    from datetime import timedelta

    plan = enrolment.version.assessment_plan or {}
    if not plan:
        return
    starts_on = timezone.now().astimezone(person_zone(enrolment.user)).date()
    ends_on = starts_on + timedelta(weeks=enrolment.version.weeks or 4)
    schedule_plan(
        user=enrolment.user,
        plan=plan,
        starts_on=starts_on,
        ends_on=ends_on,
        source=f"enrolment:{enrolment.pk}",
        organisation=enrolment.organisation,
    )


@transaction.atomic
def open_enrolment_join(
    *,
    program: Program,
    consent_text: ConsentText,
    user: User | None = None,
    email: str = "",
    full_name: str = "",
    password: str = "",
) -> Enrolment:
    """Join an open, self-paced program from outside any organisation: create the account
    (unless signed in) and start the latest version. Sign-up stays closed everywhere else."""
    if not program.open_enrolment:
        raise ProgramError("This program is not open for direct sign-up.")
    version = version_latest(program=program)
    if version is None:
        raise ProgramError("This program has no content yet.")
    if user is None:
        try:
            # Not verified: nothing has proven the address yet (no invitation was sent to it).
            user = user_create(email=email, password=password, full_name=full_name, verified=False)
        except AccountExists:
            raise ProgramError("An account already uses this address. Sign in first.") from None
        audit_record(
            actor=user,
            action=AuditEvent.Action.CREATE,
            target=user,
            detail=f"account from open enrolment program={program.slug}",
        )
    existing = Enrolment.objects.filter(user=user, version__program=program).first()
    if existing is not None:
        return existing
    return enrolment_create(
        user=user,
        version=version,
        source=Enrolment.Source.OPEN,
        consent_text=consent_text,
    )


@transaction.atomic
def item_progress_set(*, enrolment: Enrolment, item: Item, status: str) -> ItemProgress:
    """Record where a person is with one lesson or exercise: started, done or skipped for
    now. Any of them can be changed again later (revisiting is always allowed)."""
    if item.version_id != enrolment.version_id:
        raise ProgramError("That item is not part of this enrolment's version.")
    if item.kind == ItemKind.SESSION:
        raise ProgramError("Live sessions are not marked by participants.")
    if status not in ProgressStatus.values:
        raise ProgramError(f"Unknown status {status!r}.")
    progress, _ = ItemProgress.objects.update_or_create(
        enrolment=enrolment, item=item, defaults={"status": status}
    )
    return progress


@transaction.atomic
def knowledge_check_answers_record(
    *,
    enrolment: Enrolment,
    item: Item,
    choices: Mapping[int, int],
    occasion: str = KnowledgeCheckAnswer.Occasion.LESSON,
) -> list[KnowledgeCheckAnswer]:
    """Keep one answer per question (question index -> chosen index). Earlier answers stay,
    so a follow-up can measure what was remembered."""
    if item.version_id != enrolment.version_id:
        raise ProgramError("That item is not part of this enrolment's version.")
    questions = item.checks
    if not questions:
        raise ProgramError("This item has no knowledge check.")
    answers = []
    for index, choice in sorted(choices.items()):
        if not 0 <= index < len(questions):
            raise ProgramError(f"There is no question {index}.")
        if not 0 <= choice < len(questions[index]["choices"]):
            raise ProgramError(f"Question {index} has no choice {choice}.")
        answers.append(
            KnowledgeCheckAnswer(
                enrolment=enrolment,
                item=item,
                question=index,
                choice=choice,
                correct=choice == questions[index]["answer"],
                occasion=occasion,
            )
        )
    return KnowledgeCheckAnswer.objects.bulk_create(answers)

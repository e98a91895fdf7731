"""Reading and checking the program files under content/ (see content/README.md).

Reads files only (nothing here touches the database): `read_content(root)` parses every
program, checks everything it can and returns the programs as plain data together with every
error found, each with its file and YAML path. The loader (services.content_load) writes to
the database only when there are no errors.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import textstat
import yaml

from steadfast.assessments.scoring import INSTRUMENT_CODES, WHEEL_AREAS
from steadfast.programs.exercise_types import BY_CODE
from steadfast.programs.models import (
    WEEKLY_FORMATS,
    Audience,
    Format,
    ItemKind,
    Phase,
    Theme,
    VariantRole,
)

# The vocabularies are the models' own choices: one definition, read here and in the admin.
FORMATS = tuple(Format.values)
MODULE_THEMES = tuple(Theme.values)
PROGRAM_THEMES = tuple(t for t in MODULE_THEMES if t != Theme.ACROSS)
PHASES = tuple(Phase.values)
AUDIENCES = tuple(Audience.values)
ITEM_KINDS = tuple(ItemKind.values)
ROLES = tuple(VariantRole.values)
ARC_STAGES = (
    "assessment_orientation",
    "group_formation",
    "psychoeducation",
    "sharing",
    "skill_building",
    "cognitive_restructuring",
    "social_support",
    "goal_setting",
    "mindfulness_relaxation",
    "reflection_integration",
    "closure_follow_up",
)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Program slugs that would collide with pages under /programs/.
RESERVED_SLUGS = frozenset({"mine", "join", "path"})
LESSON_MINUTES = (2, 5)
LIVE_SESSION_MINUTES = (60, 90)
CHECK_QUESTIONS = (2, 3)
# Flesch-Kincaid grade a lesson may reach. We aim for grade 8; the limit leaves one grade of
# room because words the topic cannot avoid ("resilience", "emotional") are long. See
# docs/decisions/0008-content-versions.md.
MAX_READING_GRADE = 9.0
# Above this a lesson is no longer a 2-5 minute read (about 200 words a minute, with slack).
MAX_LESSON_WORDS = 1200
SHARED_RUN_WORDS = 8


@dataclass(frozen=True, order=True)
class ContentError:
    file: str
    where: str
    message: str

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.where}: {self.message}"
            if self.where
            else (f"{self.file}: {self.message}")
        )


@dataclass
class ContentReport:
    programs: list[dict[str, Any]] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# -- text helpers -------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9']+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


class SeedIndex:
    """Every run of SHARED_RUN_WORDS consecutive words in the seed pages."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.runs: set[tuple[str, ...]] = set()
        for text in texts:
            self.runs.update(_runs(words(text)))

    @classmethod
    def from_dir(cls, directory: Path) -> SeedIndex:
        files = sorted(path for path in directory.iterdir() if path.is_file())
        return cls(path.read_text(errors="ignore") for path in files)

    def shared(self, text: str) -> list[str]:
        found: list[str] = []
        for run in _runs(words(text)):
            if run in self.runs and " ".join(run) not in found:
                found.append(" ".join(run))
        return found


def _runs(tokens: list[str]) -> Iterator[tuple[str, ...]]:
    for start in range(len(tokens) - SHARED_RUN_WORDS + 1):
        yield tuple(tokens[start : start + SHARED_RUN_WORDS])


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"[*_`>#|]+")
_LIST_MARK = re.compile(r"^\s*(?:[-+*]|\d+[.)])\s+")


def plain_text(markdown_text: str) -> str:
    """Markdown as plain sentences for the readability formula: headings and list items
    count as sentences of their own (they are read that way), markup is dropped."""
    sentences = []
    in_fence = False
    for raw in markdown_text.splitlines():
        if raw.strip().startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        line = _LIST_MARK.sub("", raw)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_MARKS.sub("", line).strip()
        if not line:
            continue
        if line[-1] not in ".!?:;\"'\u201d)":
            line += "."
        sentences.append(line)
    return " ".join(sentences)


def reading_grade(markdown_text: str) -> float:
    return float(textstat.flesch_kincaid_grade(plain_text(markdown_text)))


def content_hash(program: Mapping[str, Any]) -> str:
    """A stable fingerprint of a program's content (not of settings such as open_enrolment)."""
    relevant = {key: value for key, value in program.items() if key != "open_enrolment"}
    encoded = json.dumps(relevant, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


# -- validation ---------------------------------------------------------------------------------


class _File:
    """Errors about one file, each at a YAML path inside it."""

    def __init__(self, report: ContentReport, name: str) -> None:
        self.report = report
        self.name = name

    def error(self, where: str, message: str) -> None:
        self.report.errors.append(ContentError(self.name, where, message))

    def keys(self, data: Mapping[str, Any], allowed: Iterable[str], where: str) -> None:
        allowed = set(allowed)
        for key in data:
            if key not in allowed:
                self.error(_join(where, str(key)), f"unknown key {key!r}")

    def text(self, data: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.error(_join(where, key), "is missing")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.error(_join(where, key), "must be non-empty text")
            return ""
        return value.strip()

    def integer(
        self,
        data: Mapping[str, Any],
        key: str,
        where: str,
        *,
        required: bool = True,
        low: int = 1,
        high: int | None = None,
    ) -> int | None:
        value = data.get(key)
        if value is None:
            if required:
                self.error(_join(where, key), "is missing")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(_join(where, key), f"must be a whole number, not {value!r}")
            return None
        if value < low or (high is not None and value > high):
            span = f"between {low} and {high}" if high is not None else f"at least {low}"
            self.error(_join(where, key), f"is {value}; it must be {span}")
            return None
        return value

    def choice(
        self, data: Mapping[str, Any], key: str, where: str, options: tuple[str, ...], **kw: Any
    ) -> str:
        value = self.text(data, key, where, **kw)
        if value and value not in options:
            listed = ", ".join(options)
            self.error(_join(where, key), f"unknown value {value!r}; use one of {listed}")
            return ""
        return value

    def codes(
        self, value: Any, where: str, options: Iterable[str], what: str, *, required: bool = False
    ) -> list[str]:
        if value is None:
            if required:
                self.error(where, "is missing")
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(where, f"must be a list of {what}s")
            return []
        known = set(options)
        for index, code in enumerate(value):
            if code not in known:
                self.error(f"{where}[{index}]", f"unknown {what} {code!r}")
        return [code for code in value if code in known]


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _strings(data: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every string value in a parsed YAML document, with its path."""
    if isinstance(data, str):
        yield where, data
    elif isinstance(data, Mapping):
        for key, value in data.items():
            yield from _strings(value, _join(where, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, f"{where}[{index}]")


def _duplicate_keys(text: str) -> list[tuple[int, str]]:
    """Keys repeated within one mapping (safe_load keeps the last one silently)."""
    found: list[tuple[int, str]] = []
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return found
    pending = [root] if root is not None else []
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    if key_node.value in seen:
                        found.append((key_node.start_mark.line + 1, key_node.value))
                    seen.add(key_node.value)
                pending.append(value_node)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
    return sorted(found)


class _Reader:
    def __init__(self, root: Path, seeds: SeedIndex | None, report: ContentReport) -> None:
        self.root = root
        self.seeds = seeds
        self.report = report

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def yaml_file(self, path: Path) -> tuple[_File, Any]:
        file = _File(self.report, self.rel(path))
        if not path.is_file():
            file.error("", "file is missing")
            return file, None
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            file.error("", f"cannot be read as UTF-8 text ({error})")
            return file, None
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark is not None else ""
            problem = getattr(error, "problem", None) or str(error)
            file.error(where, f"is not valid YAML: {problem}")
            return file, None
        for line, key in _duplicate_keys(text):
            file.error(f"line {line}", f"key {key!r} appears twice in the same mapping")
        if not isinstance(data, dict):
            file.error("", "must be a YAML mapping (key: value lines)")
            return file, None
        if self.seeds is not None:
            for where, value in _strings(data, ""):
                self.shared_runs(file, where, value)
        return file, data

    def shared_runs(self, file: _File, where: str, text: str) -> None:
        assert self.seeds is not None  # noqa: S101 (callers check)
        shared = self.seeds.shared(text)
        if shared:
            sample = "; ".join(f'"{run}"' for run in shared[:3])
            more = f" and {len(shared) - 3} more" if len(shared) > 3 else ""
            file.error(
                where,
                f"shares {SHARED_RUN_WORDS}-word runs with the seed pages: {sample}{more}; "
                "write it in our own words",
            )

    def markdown_file(
        self, program_dir: Path, file: _File, where: str, value: Any, *, lesson: bool
    ) -> str:
        """Read the Markdown file a YAML field points at; check reading level and originality."""
        if not isinstance(value, str) or not value.strip():
            file.error(where, "must name a Markdown file, e.g. lessons/<slug>.md")
            return ""
        path = (program_dir / value).resolve()
        if not path.is_relative_to(program_dir.resolve()) or path.suffix != ".md":
            file.error(where, f"{value!r} must be a .md file inside the program's folder")
            return ""
        if not path.is_file():
            file.error(where, f"points at {value!r}, which does not exist")
            return ""
        try:
            text = path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            file.error(where, f"{value!r} cannot be read as UTF-8 text ({error})")
            return ""
        text_file = _File(self.report, self.rel(path))
        if not text:
            text_file.error("", "is empty")
            return ""
        if lesson:
            grade = reading_grade(text)
            if grade > MAX_READING_GRADE:
                text_file.error(
                    "",
                    f"reading level is grade {grade:.1f} (Flesch-Kincaid); keep lessons at grade "
                    f"{MAX_READING_GRADE:g} or below with shorter sentences and everyday words",
                )
            count = len(words(plain_text(text)))
            if count > MAX_LESSON_WORDS:
                text_file.error(
                    "",
                    f"has {count} words, more than a 5-minute read ({MAX_LESSON_WORDS} at most); "
                    "split it into two lessons",
                )
        if self.seeds is not None:
            self.shared_runs(text_file, "", text)
        return text


def read_content(root: Path, *, seeds_dir: Path | None = None) -> ContentReport:
    """Parse and check every program under root/programs/. Never raises on bad content."""
    report = ContentReport()
    seeds: SeedIndex | None = None
    if seeds_dir is None:
        report.notes.append("Seed-page overlap check skipped: no seed directory was given.")
    elif not seeds_dir.is_dir():
        report.notes.append(
            f"Seed-page overlap check skipped: {seeds_dir} does not exist on this machine."
        )
    else:
        seeds = SeedIndex.from_dir(seeds_dir)
        report.notes.append(f"Seed-page overlap checked against {seeds_dir}.")
    reader = _Reader(root, seeds, report)
    programs_dir = root / "programs"
    if not programs_dir.is_dir():
        _File(report, reader.rel(programs_dir)).error("", "folder is missing")
        return report
    seen: dict[str, str] = {}
    for program_dir in sorted(p for p in programs_dir.iterdir() if p.is_dir()):
        if program_dir.name.startswith((".", "_")):
            continue
        program = _read_program(reader, program_dir)
        if program is None:
            continue
        if program["slug"] in seen:
            _File(report, reader.rel(program_dir / "program.yaml")).error(
                "slug", f"{program['slug']!r} is already used by {seen[program['slug']]}"
            )
            continue
        seen[program["slug"]] = reader.rel(program_dir)
        report.programs.append(program)
    report.errors.sort()
    if report.errors:
        report.programs = []
    return report


PROGRAM_KEYS = (
    "slug",
    "title",
    "summary",
    "format",
    "weeks",
    "session_minutes",
    "themes",
    "open_enrolment",
    "assessment_plan",
    "modules",
)


def _read_program(reader: _Reader, program_dir: Path) -> dict[str, Any] | None:
    file, data = reader.yaml_file(program_dir / "program.yaml")
    if data is None:
        return None
    errors_before = len(reader.report.errors)
    file.keys(data, PROGRAM_KEYS, "")
    slug = file.text(data, "slug", "")
    if slug and not SLUG.match(slug):
        file.error("slug", f"{slug!r} must be lowercase letters, digits and hyphens")
    elif slug in RESERVED_SLUGS:
        file.error("slug", f"{slug!r} is reserved for a page; choose another")
    elif slug and slug != program_dir.name:
        file.error("slug", f"{slug!r} must match its folder name {program_dir.name!r}")
    fmt = file.choice(data, "format", "", FORMATS)
    weeks = file.integer(data, "weeks", "", required=fmt in WEEKLY_FORMATS, high=104)
    live = fmt in WEEKLY_FORMATS
    session_minutes = file.integer(
        data,
        "session_minutes",
        "",
        required=fmt in (Format.WEEKLY, Format.WORKSHOP),
        low=LIVE_SESSION_MINUTES[0] if live else 1,
        high=LIVE_SESSION_MINUTES[1] if live else 16 * 60,
    )
    open_enrolment = data.get("open_enrolment", False)
    if not isinstance(open_enrolment, bool):
        file.error("open_enrolment", "must be true or false")
        open_enrolment = False
    elif open_enrolment and fmt and fmt != Format.SELF_PACED:
        file.error("open_enrolment", "only self-paced programs can be open to anyone")
    program: dict[str, Any] = {
        "slug": slug,
        "title": file.text(data, "title", ""),
        "summary": file.text(data, "summary", ""),
        "format": fmt,
        "weeks": weeks,
        "session_minutes": session_minutes,
        "themes": file.codes(data.get("themes"), "themes", PROGRAM_THEMES, "theme", required=True),
        "open_enrolment": open_enrolment,
        "assessment_plan": _read_plan(file, data.get("assessment_plan")),
    }
    slugs: dict[str, str] = {}
    modules = data.get("modules")
    if not isinstance(modules, list) or not modules:
        file.error("modules", "must be a non-empty list of modules")
        modules = []
    program["modules"] = [
        _read_module(reader, file, program_dir, program, module, f"modules[{index}]", slugs)
        for index, module in enumerate(modules)
    ]
    program["variants"] = _read_variants(reader, program_dir, program, slugs)
    if len(reader.report.errors) > errors_before:
        return None
    program["content_hash"] = content_hash(program)
    return program


def _read_plan(file: _File, plan: Any) -> dict[str, Any]:
    if plan is None:
        file.error("assessment_plan", "is missing")
        return {}
    if not isinstance(plan, dict):
        file.error("assessment_plan", "must be a mapping")
        return {}
    file.keys(plan, ("baseline", "post", "follow_ups", "recurring"), "assessment_plan")
    result: dict[str, Any] = {}
    for key in ("baseline", "post"):
        result[key] = file.codes(
            plan.get(key), f"assessment_plan.{key}", INSTRUMENT_CODES, "instrument code"
        )
    result["follow_ups"] = []
    follow_ups = plan.get("follow_ups") or []
    if not isinstance(follow_ups, list):
        file.error("assessment_plan.follow_ups", "must be a list")
        follow_ups = []
    for index, entry in enumerate(follow_ups):
        where = f"assessment_plan.follow_ups[{index}]"
        if not isinstance(entry, dict):
            file.error(where, "must be a mapping with after_months and instruments")
            continue
        file.keys(entry, ("after_months", "instruments"), where)
        result["follow_ups"].append(
            {
                "after_months": file.integer(entry, "after_months", where, high=60),
                "instruments": file.codes(
                    entry.get("instruments"),
                    f"{where}.instruments",
                    INSTRUMENT_CODES,
                    "instrument code",
                    required=True,
                ),
            }
        )
    result["recurring"] = []
    recurring = plan.get("recurring") or []
    if not isinstance(recurring, list):
        file.error("assessment_plan.recurring", "must be a list")
        recurring = []
    for index, entry in enumerate(recurring):
        where = f"assessment_plan.recurring[{index}]"
        if not isinstance(entry, dict):
            file.error(where, "must be a mapping with instrument and every_days")
            continue
        file.keys(entry, ("instrument", "every_days"), where)
        result["recurring"].append(
            {
                "instrument": file.choice(entry, "instrument", where, INSTRUMENT_CODES),
                "every_days": file.integer(entry, "every_days", where, high=365),
            }
        )
    return result


MODULE_KEYS = (
    "slug",
    "title",
    "summary",
    "theme",
    "week",
    "phase",
    "audience",
    "wheel_areas",
    "items",
)


def _claim_slug(file: _File, where: str, slug: str, slugs: dict[str, str]) -> None:
    if not slug:
        return
    if not SLUG.match(slug):
        file.error(f"{where}.slug", f"{slug!r} must be lowercase letters, digits and hyphens")
    elif slug in slugs:
        file.error(f"{where}.slug", f"{slug!r} is already used at {slugs[slug]}")
    else:
        slugs[slug] = where


def _read_module(
    reader: _Reader,
    file: _File,
    program_dir: Path,
    program: dict[str, Any],
    data: Any,
    where: str,
    slugs: dict[str, str],
) -> dict[str, Any]:
    if not isinstance(data, dict):
        file.error(where, "must be a mapping")
        return {}
    file.keys(data, MODULE_KEYS, where)
    slug = file.text(data, "slug", where)
    _claim_slug(file, where, slug, slugs)
    module: dict[str, Any] = {
        "slug": slug,
        "title": file.text(data, "title", where),
        "summary": file.text(data, "summary", where, required=False),
        "theme": file.choice(data, "theme", where, MODULE_THEMES),
        "week": file.integer(data, "week", where, required=False, high=program["weeks"] or 104),
        "phase": file.choice(data, "phase", where, PHASES, required=False),
        "audience": file.choice(data, "audience", where, AUDIENCES, required=False)
        or "participants",
        "wheel_areas": file.codes(
            data.get("wheel_areas"), f"{where}.wheel_areas", WHEEL_AREAS, "wheel area"
        ),
    }
    items = data.get("items")
    if not isinstance(items, list) or not items:
        file.error(f"{where}.items", "must be a non-empty list of items")
        items = []
    module["items"] = [
        _read_item(reader, file, program_dir, program, item, f"{where}.items[{index}]", slugs)
        for index, item in enumerate(items)
    ]
    return module


ITEM_KEYS = {
    "lesson": ("kind", "slug", "title", "minutes", "file", "content_note", "checks"),
    "exercise": (
        "kind",
        "slug",
        "title",
        "minutes",
        "exercise",
        "intro",
        "prompts",
        "settings",
        "content_note",
    ),
    "session": ("kind", "slug", "title", "minutes", "steps"),
}


def _read_item(
    reader: _Reader,
    file: _File,
    program_dir: Path,
    program: dict[str, Any],
    data: Any,
    where: str,
    slugs: dict[str, str],
) -> dict[str, Any]:
    if not isinstance(data, dict):
        file.error(where, "must be a mapping")
        return {}
    kind = file.choice(data, "kind", where, ITEM_KINDS)
    if not kind:
        return {}
    file.keys(data, ITEM_KEYS[kind], where)
    slug = file.text(data, "slug", where)
    _claim_slug(file, where, slug, slugs)
    item: dict[str, Any] = {"kind": kind, "slug": slug, "title": file.text(data, "title", where)}
    if kind == "lesson":
        item["minutes"] = file.integer(
            data, "minutes", where, low=LESSON_MINUTES[0], high=LESSON_MINUTES[1]
        )
        item["body"] = reader.markdown_file(
            program_dir, file, f"{where}.file", data.get("file"), lesson=True
        )
        item["content_note"] = file.text(data, "content_note", where, required=False)
        item["checks"] = _read_checks(file, data.get("checks"), f"{where}.checks")
    elif kind == "exercise":
        item["minutes"] = file.integer(data, "minutes", where, high=240)
        code = file.text(data, "exercise", where)
        if code and code not in BY_CODE:
            file.error(
                f"{where}.exercise",
                f"unknown exercise type {code!r}; see steadfast/programs/exercise_types.py",
            )
        item["exercise"] = code
        item["intro"] = file.text(data, "intro", where, required=False)
        item["prompts"] = _text_mapping(file, data.get("prompts"), f"{where}.prompts")
        settings = data.get("settings") or {}
        if not isinstance(settings, dict):
            file.error(f"{where}.settings", "must be a mapping")
            settings = {}
        item["settings"] = settings
        item["content_note"] = file.text(data, "content_note", where, required=False)
    else:
        item["minutes"] = file.integer(data, "minutes", where, high=16 * 60)
        item["steps"] = _read_steps(file, data.get("steps"), f"{where}.steps")
        total = sum(step.get("minutes") or 0 for step in item["steps"])
        if item["minutes"] is not None and item["steps"] and total != item["minutes"]:
            file.error(
                f"{where}.minutes",
                f"is {item['minutes']} but the steps add up to {total} minutes",
            )
        if (
            program["format"] == "weekly"
            and program["session_minutes"]
            and item["minutes"] is not None
            and item["minutes"] != program["session_minutes"]
        ):
            file.error(
                f"{where}.minutes",
                f"is {item['minutes']} but this weekly program's sessions last "
                f"{program['session_minutes']} minutes",
            )
    return item


def _text_mapping(file: _File, value: Any, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()
    ):
        file.error(where, "must map each field name to a non-empty question")
        return {}
    return {key: text.strip() for key, text in value.items()}


def _read_checks(file: _File, value: Any, where: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    low, high = CHECK_QUESTIONS
    if not isinstance(value, list) or not low <= len(value) <= high:
        file.error(where, f"must be a list of {low} or {high} questions")
        return []
    checks = []
    for index, data in enumerate(value):
        at = f"{where}[{index}]"
        if not isinstance(data, dict):
            file.error(at, "must be a mapping with question, choices, answer and why")
            continue
        file.keys(data, ("question", "choices", "answer", "why"), at)
        choices = data.get("choices")
        if (
            not isinstance(choices, list)
            or len(choices) < 2
            or not all(isinstance(c, str) and c.strip() for c in choices)
        ):
            file.error(f"{at}.choices", "must be a list of at least two non-empty choices")
            choices = []
        answer = file.integer(data, "answer", at, low=0)
        if answer is not None and choices and answer >= len(choices):
            file.error(
                f"{at}.answer",
                f"is {answer} but there are only {len(choices)} choices (counting from 0)",
            )
        checks.append(
            {
                "question": file.text(data, "question", at),
                "choices": [c.strip() for c in choices],
                "answer": answer,
                "why": file.text(data, "why", at),
            }
        )
    return checks


def _read_steps(file: _File, value: Any, where: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value:
        file.error(where, "must be a non-empty list of steps")
        return []
    steps = []
    titles: set[str] = set()
    for index, data in enumerate(value):
        at = f"{where}[{index}]"
        if not isinstance(data, dict):
            file.error(at, "must be a mapping with title, minutes, arc and guide")
            continue
        file.keys(data, ("title", "minutes", "arc", "guide"), at)
        title = file.text(data, "title", at)
        if title in titles:
            file.error(f"{at}.title", f"{title!r} is used by another step of this session")
        titles.add(title)
        steps.append(
            {
                "title": title,
                "minutes": file.integer(data, "minutes", at, high=600),
                "arc": file.choice(data, "arc", at, ARC_STAGES),
                "guide": file.text(data, "guide", at),
            }
        )
    return steps


VARIANT_ITEM_KEYS = {
    "lesson": ("file", "scenario", "examples"),
    "exercise": ("intro", "prompts", "scenario", "examples"),
    "session": ("steps", "scenario", "examples"),
}


def _read_variants(
    reader: _Reader, program_dir: Path, program: dict[str, Any], slugs: dict[str, str]
) -> list[dict[str, Any]]:
    variants_dir = program_dir / "variants"
    if not variants_dir.is_dir():
        return []
    modules = {m.get("slug"): m for m in program["modules"] if m}
    items = {i.get("slug"): i for m in program["modules"] if m for i in m["items"] if i}
    variants = []
    for path in sorted(variants_dir.glob("*.yaml")):
        file, data = reader.yaml_file(path)
        if data is None:
            continue
        file.keys(data, ("role", "title", "summary", "emphasis", "items"), "")
        role = file.choice(data, "role", "", ROLES)
        if role and role != path.stem:
            file.error("role", f"{role!r} must match the file name {path.name!r}")
        emphasis = data.get("emphasis") or []
        if not isinstance(emphasis, list):
            file.error("emphasis", "must be a list of module slugs")
            emphasis = []
        for index, slug in enumerate(emphasis):
            if slug not in modules:
                file.error(f"emphasis[{index}]", f"no module with slug {slug!r}")
        overrides: dict[str, Any] = {}
        raw_items = data.get("items") or {}
        if not isinstance(raw_items, dict):
            file.error("items", "must map item slugs to their changes")
            raw_items = {}
        for slug, change in raw_items.items():
            at = f"items.{slug}"
            item = items.get(slug)
            if item is None:
                file.error(at, f"no item with slug {slug!r} in this program")
                continue
            if not isinstance(change, dict):
                file.error(at, "must be a mapping of changes")
                continue
            file.keys(change, VARIANT_ITEM_KEYS[item["kind"]], at)
            overrides[slug] = _read_override(reader, file, program_dir, item, change, at)
        variants.append(
            {
                "role": role,
                "title": file.text(data, "title", ""),
                "summary": file.text(data, "summary", "", required=False),
                "emphasis": [s for s in emphasis if s in modules],
                "overrides": overrides,
            }
        )
    return variants


def _read_override(
    reader: _Reader,
    file: _File,
    program_dir: Path,
    item: dict[str, Any],
    change: dict[str, Any],
    at: str,
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if "file" in change:
        result["body"] = reader.markdown_file(
            program_dir, file, f"{at}.file", change["file"], lesson=True
        )
    if "intro" in change:
        result["intro"] = file.text(change, "intro", at)
    if "prompts" in change:
        result["prompts"] = _text_mapping(file, change["prompts"], f"{at}.prompts")
    if "scenario" in change:
        result["scenario"] = file.text(change, "scenario", at)
    if "examples" in change:
        examples = change["examples"]
        if not isinstance(examples, list) or not all(
            isinstance(e, str) and e.strip() for e in examples
        ):
            file.error(f"{at}.examples", "must be a list of short examples")
        else:
            result["examples"] = [e.strip() for e in examples]
    if "steps" in change:
        steps = change["steps"]
        titles = {step["title"] for step in item.get("steps", [])}
        result["steps"] = {}
        if not isinstance(steps, dict):
            file.error(f"{at}.steps", "must map step titles to their changes")
            steps = {}
        for title, step_change in steps.items():
            step_at = f"{at}.steps.{title}"
            if title not in titles:
                file.error(step_at, f"no step titled {title!r} in this session")
                continue
            if not isinstance(step_change, dict):
                file.error(step_at, "must be a mapping with guide")
                continue
            file.keys(step_change, ("guide",), step_at)
            result["steps"][title] = {"guide": file.text(step_change, "guide", step_at)}
    return result

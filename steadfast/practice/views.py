"""Practice pages: exercises, the daily check-in, goals, drafts, export and deletion.

Every page is the signed-in person's own: rows are looked up through selectors scoped to them,
so another person's entry is a 404. Text is only ever sent in POST bodies, never in URLs.
"""

from __future__ import annotations

import datetime
import json
import re
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from steadfast.core.models import AuditEvent
from steadfast.core.params import id_param, parse_id
from steadfast.core.services import audit_record
from steadfast.core.text import has_control_characters, text_problem
from steadfast.core.versioning import Conflict, StaleEdit, edit_conflict, rebased
from steadfast.practice import selectors, services
from steadfast.practice.emotions import GROUPS, WORDS
from steadfast.practice.exercises import (
    ELSEWHERE,
    EXERCISES,
    OWN_PAGES,
    PATTERNS_BY_CODE,
    VALUES,
    Exercise,
    Step,
    patterns_for,
    prompts_for,
    with_defaults,
)
from steadfast.practice.forms import (
    GOAL_DRAFT_FIELDS,
    CheckinForm,
    GoalForm,
    GoalProgressForm,
    GoalReviewForm,
    Values,
    clean_entry,
    control_character_errors,
    entry_values,
    values_from_entry,
)
from steadfast.practice.models import Entry, Goal
from steadfast.programs.exercise_types import EXERCISE_TYPES
from steadfast.programs.models import Theme
from steadfast.reframing.taxonomy import TRAPS, TRAPS_BY_CODE
from steadfast.safety.services import ScreeningUnavailable, text_is_risky

HELP_KEY = "practice_help"  # session: the entry or goal whose text called for crisis help
SAVED_KEY = "practice_saved_draft"  # session: a draft key the next page clears on the device
DRAFT_KEY = re.compile(r"new:[a-z_]+:[0-9]*|entry:[0-9]+|goal:new:[0-9]*|goal:[0-9]+|checkin")
THEMES = tuple((theme.value, theme.label.capitalize()) for theme in Theme)


def _token(raw: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return None


def _user(request: HttpRequest) -> Any:
    return request.user


# -- index and history ------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    counts = selectors.entry_counts_for(user=_user(request))
    themes = [
        (
            title,
            [
                (t, counts.get(t.code, 0))
                for t in EXERCISE_TYPES
                if t.theme == theme and t.code in EXERCISES
            ],
        )
        for theme, title in THEMES
    ]
    return render(
        request,
        "practice/index.html",
        {"themes": themes, "elsewhere": {code: reverse(name) for code, name in ELSEWHERE.items()}},
    )


def _exercise_or_redirect(request: HttpRequest, code: str) -> Exercise | HttpResponse:
    if code in ELSEWHERE:
        return redirect(ELSEWHERE[code])
    if code in OWN_PAGES:
        return redirect(_with_item(reverse(OWN_PAGES[code]), request))
    ex = EXERCISES.get(code)
    if ex is None:
        raise Http404
    return ex


def _item_id(request: HttpRequest) -> int | None:
    """The program item that linked here, from the address or the form (400 if not an id)."""
    return id_param(request.GET, "item") or id_param(request.POST, "item")


def _with_item(url: str, request: HttpRequest) -> str:
    item = id_param(request.GET, "item")
    return f"{url}?item={item}" if item is not None else url


@login_required
def history(request: HttpRequest, code: str) -> HttpResponse:
    ex = _exercise_or_redirect(request, code)
    if isinstance(ex, HttpResponse):
        return ex
    entries = list(selectors.entries_for(user=_user(request), exercise=code)[:200])
    rows = [(entry, _summary(ex, entry)) for entry in entries]
    chart = selectors.chart_for(ex, entries[:30])
    return render(
        request,
        "practice/history.html",
        {"exercise": ex, "rows": rows, "chart": chart, "chart_rows": entries[:30]},
    )


def _summary(ex: Exercise, entry: Entry) -> str:
    data = entry.data
    for f in ex.fields:
        value = data.get(f.name)
        if isinstance(value, list):
            value = ", ".join(v for v in value if isinstance(v, str) and v)
        if isinstance(value, str) and value and f.kind in ("text", "line", "list3", "values"):
            return value if len(value) <= 80 else value[:77].rstrip() + "…"
    return ""


# -- the exercise form ------------------------------------------------------------------------


@dataclass(frozen=True)
class StepView:
    number: int
    step: Step
    fields: list[dict[str, Any]]


def _form_context(
    request: HttpRequest,
    ex: Exercise,
    values: Values,
    *,
    program_item: selectors.ProgramItem | None,
    draft_key: str,
    token: str,
    action: str,
    errors: dict[str, str] | None = None,
    suggestions: dict[str, Any] | None = None,
    entry: Entry | None = None,
    draft_saved_at: datetime.datetime | None = None,
) -> dict[str, Any]:
    errors = errors or {}
    prompts = prompts_for(ex, selectors.prompts_of(program_item))
    settings = program_item.item.settings if program_item else {}
    patterns, chosen = patterns_for(ex, settings)
    if chosen and not values.get("pattern"):
        values["pattern"] = chosen
    seconds = settings.get("seconds") if isinstance(settings.get("seconds"), int) else None
    rounds = settings.get("rounds") if isinstance(settings.get("rounds"), int) else None
    steps = [
        StepView(
            n,
            step,
            [
                {
                    "spec": f,
                    "prompt": prompts[f.name],
                    "value": values.get(f.name, ""),
                    "error": errors.get(f.name, ""),
                    "id": f"f-{f.name}",
                }
                for f in step.fields
            ],
        )
        for n, step in enumerate(ex.steps, start=1)
    ]
    chosen_values = list(values.get("values") or [])
    return {
        "exercise": ex,
        "steps": steps,
        "step_count": len(steps) + 1,
        "values": values,
        "errors": errors,
        "form_error": errors.get("__all__", ""),
        "program_item": program_item,
        "draft_key": draft_key,
        "token": token,
        "action": action,
        "entry": entry,
        "traps": TRAPS,
        "suggestions": suggestions,
        "decisions": {
            code: values.get(f"suggestion_{code}", "") for code in values.get("suggested", [])
        },
        "patterns": patterns,
        "seconds": seconds or (120 if ex.timed else None),
        "rounds": rounds,
        "value_slots": [chosen_values[i] if i < len(chosen_values) else "" for i in range(5)],
        "value_choices": VALUES,
        "ratings": [
            ("1", "Not helpful"),
            ("2", "A little"),
            ("3", "Somewhat"),
            ("4", "Helpful"),
            ("5", "Very helpful"),
        ],
        "draft_saved_at": draft_saved_at,
        "numbers": [str(n) for n in range(11)],
        "today": timezone.localdate().isoformat(),
    }


def _suggestions_for(thought: str, values: Values) -> dict[str, Any] | None:
    """The thinking-trap suggestions for this thought, shaped for the chips partial."""
    if text_is_risky(thought):
        # Words of danger get crisis help, not trap chips (screened only: nothing is kept).
        return {"crisis": True, "empty": False, "items": [], "none_clearly": False, "message": ""}
    # Deferred: the suggester loads numpy and scipy, needed only when someone asks.
    from steadfast.reframing.suggest import EmptyThoughtError, suggest

    try:
        result = suggest(thought)
    except EmptyThoughtError:
        return {"empty": True, "items": [], "none_clearly": False, "message": ""}
    return {
        "empty": False,
        "items": [
            {**s, "decision": values.get(f"suggestion_{s['trap']}", "")}
            for s in result["suggestions"]
        ],
        "none_clearly": result["none_clearly"],
        "message": result.get("message", ""),
    }


def _saved_suggestions(values: Values) -> dict[str, Any] | None:
    """Suggestions shown before (kept in the draft or entry), rebuilt from the taxonomy."""
    codes = [c for c in values.get("suggested", []) if c in TRAPS_BY_CODE]
    if not codes:
        return None
    items = []
    for code in codes:
        trap = TRAPS_BY_CODE[code]
        items.append(
            {
                "trap": code,
                "name": trap.name,
                "explanation": trap.explanation,
                "questions": list(trap.questions),
                "decision": values.get(f"suggestion_{code}", ""),
            }
        )
    return {"empty": False, "items": items, "none_clearly": False, "message": ""}


def _exercise_form(
    request: HttpRequest,
    ex: Exercise,
    *,
    program_item: selectors.ProgramItem | None,
    draft_key: str,
    action: str,
    entry: Entry | None = None,
) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        values = entry_values(ex, request.POST)
        token = str(_token(request.POST.get("token")) or "")
        # Text that breaks the control-character rule is shown back with its errors, and
        # never kept in a draft.
        readable = not control_character_errors(ex, values)
        if request.POST.get("do") == "suggest" and ex.suggests_traps and readable:
            # Without JavaScript: the suggestions come back on the same page, nothing lost.
            services.draft_save(user=user, key=draft_key, values={**values, "_token": token})
            suggestions = _suggestions_for(str(values.get("thought", "")), values)
            context = _form_context(
                request, ex, values, program_item=program_item, draft_key=draft_key,
                token=token, action=action, suggestions=suggestions, entry=entry,
            )  # fmt: skip
            return render(request, "practice/form.html", context)
        clean = clean_entry(ex, values)
        if clean.errors:
            if readable:
                services.draft_save(user=user, key=draft_key, values={**values, "_token": token})
            context = _form_context(
                request, ex, values, program_item=program_item, draft_key=draft_key,
                token=token, action=action, errors=clean.errors,
                suggestions=_saved_suggestions(values), entry=entry,
            )  # fmt: skip
            return render(request, "practice/form.html", context, status=400)
        try:
            saved = services.entry_save(
                user=user,
                exercise=ex.code,
                clean=clean,
                token=_token(token),
                entry=entry,
                program_item=program_item,
                draft_key=draft_key,
            )
        except ScreeningUnavailable:
            # Nothing was saved: the words stay in the draft and on the page.
            services.draft_save(user=user, key=draft_key, values={**values, "_token": token})
            context = _form_context(
                request, ex, values, program_item=program_item, draft_key=draft_key,
                token=token, action=action, errors={"__all__": ScreeningUnavailable.for_person},
                suggestions=_saved_suggestions(values), entry=entry,
            )  # fmt: skip
            return render(request, "practice/form.html", context, status=503)
        request.session[SAVED_KEY] = draft_key
        if saved.needs_help:
            request.session[HELP_KEY] = f"entry:{saved.record.pk}"
        messages.success(request, "Saved." if saved.wrote else "This was already saved.")
        return redirect("practice:entry", pk=saved.record.pk)

    draft = selectors.draft_for(user=user, key=draft_key)
    if draft is not None:
        values = draft.data
        token = str(values.pop("_token", "") or uuid.uuid4())
    elif entry is not None:
        values = values_from_entry(ex, entry.data, _numbers(entry))
        token = ""
    else:
        values, token = {}, str(uuid.uuid4())
    values = with_defaults(
        ex,
        values,
        settings=program_item.item.settings if program_item else {},
        today=timezone.localdate(),
    )
    context = _form_context(
        request, ex, values, program_item=program_item, draft_key=draft_key, token=token,
        action=action, suggestions=_saved_suggestions(values), entry=entry,
        draft_saved_at=draft.updated_at if draft else None,
    )  # fmt: skip
    return render(request, "practice/form.html", context)


def _numbers(entry: Entry) -> dict[str, Any]:
    return {
        "intensity": entry.intensity,
        "rerate": entry.rerate,
        "hours": entry.hours,
        "quality": entry.quality,
        "rating": entry.rating,
    }


@login_required
def entry_new(request: HttpRequest, code: str) -> HttpResponse:
    ex = _exercise_or_redirect(request, code)
    if isinstance(ex, HttpResponse):
        return ex
    program_item = selectors.program_item_for(
        user=_user(request),
        item_id=_item_id(request),
        exercise=code,
    )
    item_part = str(program_item.item.pk) if program_item else ""
    return _exercise_form(
        request,
        ex,
        program_item=program_item,
        draft_key=f"new:{code}:{item_part}",
        action=_with_item(reverse("practice:new", kwargs={"code": code}), request),
    )


@login_required
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_for(user=_user(request), pk=pk)
    ex = EXERCISES.get(entry.exercise)
    if ex is None:
        raise Http404
    program_item = selectors.program_item_for(
        user=_user(request), item_id=entry.item_id, exercise=entry.exercise
    )
    return _exercise_form(
        request,
        ex,
        program_item=program_item,
        draft_key=f"entry:{entry.pk}",
        action=reverse("practice:edit", kwargs={"pk": entry.pk}),
        entry=entry,
    )


def _pop_help(request: HttpRequest, key: str) -> bool:
    if request.session.get(HELP_KEY) == key:
        del request.session[HELP_KEY]
        return True
    return False


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_for(user=_user(request), pk=pk)
    ex = EXERCISES.get(entry.exercise)
    if ex is None:
        raise Http404
    program_item = selectors.program_item_for(
        user=_user(request), item_id=entry.item_id, exercise=entry.exercise
    )
    prompts = prompts_for(ex, selectors.prompts_of(program_item))
    values = values_from_entry(ex, entry.data, _numbers(entry))
    answers = []
    for step in ex.steps:
        shown = []
        for f in step.fields:
            value = values.get(f.name)
            if f.kind == "traps":
                value = [TRAPS_BY_CODE[c].name for c in value or [] if c in TRAPS_BY_CODE]
            if value:
                shown.append((prompts[f.name], f.kind, value))
        if shown:
            answers.append((step.title, shown))
    suggestions = [
        (TRAPS_BY_CODE[s["trap"]].name, s["decision"])
        for s in entry.data.get("suggestions", [])
        if isinstance(s, dict) and s.get("trap") in TRAPS_BY_CODE
    ]
    return render(
        request,
        "practice/entry.html",
        {
            "exercise": ex,
            "entry": entry,
            "answers": answers,
            "suggestions": suggestions,
            "program_item": program_item,
            "needs_help": _pop_help(request, f"entry:{entry.pk}"),
            "clear_draft": request.session.pop(SAVED_KEY, ""),
            "pattern": getattr(PATTERNS_BY_CODE.get(entry.data.get("pattern", "")), "name", None),
        },
    )


@login_required
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_for(user=_user(request), pk=pk)
    ex = EXERCISES.get(entry.exercise)
    if request.method == "POST":
        services.entry_delete(user=_user(request), entry=entry)
        messages.success(request, "Deleted for good.")
        return redirect("practice:history", code=entry.exercise)
    return render(
        request,
        "practice/confirm_delete.html",
        {
            "thing": f"this {ex.title.lower() if ex else 'entry'}",
            "cancel": reverse("practice:entry", kwargs={"pk": entry.pk}),
        },
    )


@login_required
@require_POST
def suggest_traps(request: HttpRequest) -> HttpResponse:
    """Chips for the thought record, fetched by the page's script (the thought is POSTed)."""
    values: Values = {"suggested": []}
    thought = request.POST.get("thought", "")[:5000]
    if problem := text_problem(thought, multiline=True):
        refused = {"empty": False, "items": [], "none_clearly": True, "message": problem}
        return render(request, "practice/_suggestions.html", {"suggestions": refused}, status=400)
    suggestions = _suggestions_for(thought, values)
    return render(request, "practice/_suggestions.html", {"suggestions": suggestions})


# -- drafts -----------------------------------------------------------------------------------


@require_POST
def draft_save(request: HttpRequest) -> JsonResponse:
    """Autosave from the page's script. JSON answers so the script can tell a saved draft from
    a sign-in page (an expired session): then it keeps its copy on the device."""
    if not request.user.is_authenticated:
        return JsonResponse({"saved": False, "reason": "signed_out"}, status=401)
    key = request.POST.get("draft_key", "")
    if not DRAFT_KEY.fullmatch(key):
        return JsonResponse({"saved": False, "reason": "unknown_form"}, status=400)
    values: Values
    ex: Exercise | None = None
    if key.startswith("goal"):
        values = {name: request.POST.get(name, "")[:5000] for name in GOAL_DRAFT_FIELDS}
    else:
        ex = EXERCISES.get(request.POST.get("exercise", ""))
        if ex is None:
            return JsonResponse({"saved": False, "reason": "unknown_form"}, status=400)
        values = entry_values(ex, request.POST)
    if control_character_errors(ex, values):
        return JsonResponse({"saved": False, "reason": "control_characters"}, status=400)
    values["_token"] = str(_token(request.POST.get("token")) or "")
    if key.startswith("goal:") and not key.startswith("goal:new:"):
        typed_on = parse_id(request.POST.get("row_version", ""))
        values["_row_version"] = "" if typed_on is None else str(typed_on)
    draft = services.draft_save(user=_user(request), key=key, values=values)
    return JsonResponse({"saved": True, "at": draft.updated_at.isoformat()})


@login_required
@require_POST
def draft_discard(request: HttpRequest) -> HttpResponse:
    key = request.POST.get("draft_key", "")
    if DRAFT_KEY.fullmatch(key):
        services.draft_discard(user=_user(request), key=key)
    request.session[SAVED_KEY] = key
    messages.success(request, "Your unsaved answers were cleared.")
    back = str(request.POST.get("back", ""))
    return redirect(
        back
        if back.startswith("/practice/") and "//" not in back and not has_control_characters(back)
        else "practice:index"
    )


# -- check-in ---------------------------------------------------------------------------------


@login_required
def checkin(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    program_item = selectors.program_item_for(
        user=user, item_id=_item_id(request), exercise="checkin"
    )
    form = CheckinForm(request.POST or None, initial={"token": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.checkin_record(
            user=user,
            mood=data["mood"],
            stress=data["stress"],
            energy=data["energy"],
            sleep=data["sleep"],
            words=request.POST.getlist("words"),
            token=data["token"],
            program_item=program_item,
        )
        messages.success(request, "Check-in saved. Thank you.")
        return redirect("practice:checkin_trend")
    prompts = selectors.prompts_of(program_item)
    scales = [
        ("mood", "Mood", "0 is very low, 10 is very good"),
        ("stress", "Stress", "0 is none, 10 is the most you can imagine"),
        ("energy", "Energy", "0 is empty, 10 is full"),
        ("sleep", "Sleep last night", "0 is very poor, 10 is very good"),
    ]
    chosen = set(request.POST.getlist("words")) if form.is_bound else set()
    return render(
        request,
        "practice/checkin.html",
        {
            "form": form,
            "scales": [
                (name, label, hint, str(form.data.get(name, "")) if form.is_bound else "")
                for name, label, hint in scales
            ],
            "numbers": [str(n) for n in range(11)],
            "groups": GROUPS,
            "chosen": chosen,
            "words_prompt": prompts.get("emotion_words")
            or "Which words fit how you feel? Pick as many as you like, or none.",
            "program_item": program_item,
            "token": form.data.get("token") if form.is_bound else form.initial["token"],
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def checkin_trend(request: HttpRequest) -> HttpResponse:
    checkins = selectors.checkins_for(user=_user(request), limit=selectors.CHART_POINTS)
    counts = Counter(word for c in checkins for word in c.words)
    return render(
        request,
        "practice/checkin_trend.html",
        {
            "checkins": checkins,
            "chart": selectors.checkin_chart(checkins) if checkins else None,
            "words": [(WORDS[w], n) for w, n in counts.most_common(8) if w in WORDS],
        },
    )


@login_required
def checkin_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST":
        if not services.checkin_delete(user=_user(request), pk=pk):
            raise Http404
        messages.success(request, "That check-in was deleted for good.")
        return redirect("practice:checkin_trend")
    if not selectors.checkin_exists(user=_user(request), pk=pk):
        raise Http404
    return render(
        request,
        "practice/confirm_delete.html",
        {"thing": "this check-in", "cancel": reverse("practice:checkin_trend")},
    )


# -- goals ------------------------------------------------------------------------------------


def _partners(user: Any) -> list[tuple[int, str]]:
    return [(p.pk, p.full_name) for p in selectors.partner_candidates_for(user)]


@login_required
def goals(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "practice/goals.html",
        {
            "goals": list(selectors.goals_for(user=user)),
            "invitations": selectors.partner_goals_for(user=user, invited=True),
            "partnering": selectors.partner_goals_for(user=user),
        },
    )


def _goal_form_page(
    request: HttpRequest, *, goal: Goal | None, program_item: selectors.ProgramItem | None
) -> HttpResponse:
    user = _user(request)
    partners = _partners(user)
    if goal is not None and goal.partner is not None and goal.partner_id not in dict(partners):
        partners.append((goal.partner.pk, goal.partner.full_name))
    draft_key = (
        f"goal:{goal.pk}" if goal else f"goal:new:{program_item.item.pk if program_item else ''}"
    )
    stale: Goal | None = None
    if request.method == "POST":
        form = GoalForm(request.POST, partners=partners)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.goal_save(
                    user=user,
                    what=data["what"],
                    why=data["why"],
                    steps=form.step_list(),
                    by_when=data["by_when"],
                    how_i_know=data["how_i_know"],
                    partner_id=data["partner"],
                    token=data["token"],
                    goal=goal,
                    program_item=program_item,
                    draft_key=draft_key,
                    row_version=data["row_version"] if goal is not None else None,
                )
            except services.PracticeError as error:
                form.add_error("partner", str(error))
            except ScreeningUnavailable:
                form.add_error(None, ScreeningUnavailable.for_person)
            except StaleEdit:
                # Saved elsewhere since this page was loaded: nothing was written. The typed
                # words come back with the current version, next to what is saved now.
                if goal is None:  # only a change of an existing goal can be stale
                    raise
                stale = goal = selectors.goal_for(user=user, pk=goal.pk)
                if goal.partner is not None and goal.partner_id not in dict(partners):
                    partners.append((goal.partner.pk, goal.partner.full_name))
                form = GoalForm(rebased(request.POST, version=goal.row_version), partners=partners)
                form.is_valid()
            else:
                request.session[SAVED_KEY] = draft_key
                if saved.needs_help:
                    request.session[HELP_KEY] = f"goal:{saved.record.pk}"
                messages.success(request, "Goal saved.")
                return redirect("practice:goal", pk=saved.record.pk)
        status = 400 if stale is None else 409
    else:
        draft = selectors.draft_for(user=user, key=draft_key)
        if draft is not None:
            initial = dict(draft.data)
            initial["token"] = initial.pop("_token", "") or uuid.uuid4()
            # A draft of a change is checked against the version it was typed on.
            typed_on = parse_id(str(initial.pop("_row_version", "")))
            if goal is not None:
                initial["row_version"] = goal.row_version if typed_on is None else typed_on
        elif goal is not None:
            data = goal.data
            initial = {
                "what": data.get("what", ""),
                "why": data.get("why", ""),
                "steps": "\n".join(goal.steps),
                "by_when": goal.by_when,
                "how_i_know": data.get("how_i_know", ""),
                "partner": goal.partner_id or "",
                "token": goal.token,
                "row_version": goal.row_version,
            }
        else:
            initial = {"token": uuid.uuid4()}
        form = GoalForm(initial=initial, partners=partners)
        status = 200
    prompts = selectors.prompts_of(program_item)
    labels = {
        "what": ("what", "goal"),
        "why": ("why",),
        "steps": ("steps",),
        "by_when": ("by_when", "date"),
        "how_i_know": ("how_i_know", "how_know"),
        "partner": ("partner",),
    }
    defaults = {
        "what": "What will you do? Make it small and specific.",
        "why": "Why does it matter to you?",
        "steps": "What are the steps? One on each line.",
        "by_when": "By when?",
        "how_i_know": "How will you know it is working, or done?",
        "partner": "Accountability partner (optional). They see only the title and your progress.",
    }
    for name, keys in labels.items():
        form.fields[name].label = next((prompts[k] for k in keys if prompts.get(k)), defaults[name])
    return render(
        request,
        "practice/goal_form.html",
        {
            "form": form,
            "goal": goal,
            "program_item": program_item,
            "draft_key": draft_key,
            "has_partners": bool(partners),
            "conflict": _goal_conflict(stale, form) if stale is not None else None,
        },
        status=status,
    )


def _goal_conflict(goal: Goal, form: GoalForm) -> Conflict:
    data = goal.data
    saved = {
        "what": data.get("what", ""),
        "why": data.get("why", ""),
        "steps": "\n".join(goal.steps),
        "by_when": goal.by_when,
        "how_i_know": data.get("how_i_know", ""),
        "partner": goal.partner_id,
    }
    return edit_conflict(thing="goal", form=form, saved=saved)


@login_required
def goal_new(request: HttpRequest) -> HttpResponse:
    program_item = selectors.program_item_for(
        user=_user(request),
        item_id=_item_id(request),
        exercise="goal",
    )
    return _goal_form_page(request, goal=None, program_item=program_item)


@login_required
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.goal_for(user=_user(request), pk=pk)
    return _goal_form_page(request, goal=goal, program_item=None)


@login_required
def goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.goal_for(user=_user(request), pk=pk)
    progress = GoalProgressForm(
        initial={"percent": goal.percent, "steps_done": goal.steps_done},
        step_count=goal.step_count,
    )
    return render(
        request,
        "practice/goal.html",
        {
            "goal": goal,
            "steps": [(i, s, i in goal.steps_done) for i, s in enumerate(goal.steps)],
            "progress_form": progress,
            "review_form": GoalReviewForm(initial={"status": goal.status}),
            "updates": list(selectors.goal_updates_for(goal=goal)[:50]),
            "needs_help": _pop_help(request, f"goal:{goal.pk}"),
            "clear_draft": request.session.pop(SAVED_KEY, ""),
        },
    )


@login_required
@require_POST
def goal_progress(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    goal = selectors.goal_for(user=user, pk=pk)
    form = GoalProgressForm(request.POST, step_count=goal.step_count)
    if not form.is_valid():
        messages.error(request, "Please give a percent from 0 to 100.")
        return redirect("practice:goal", pk=goal.pk)
    note = form.cleaned_data["note"]
    try:
        saved = services.goal_progress_add(
            user=user,
            goal=goal,
            # With steps, progress is the share of steps done; without, the percent given.
            percent=None if goal.step_count else form.cleaned_data["percent"],
            steps_done=form.cleaned_data["steps_done"],
            note=note,
        )
    except ScreeningUnavailable:
        messages.error(request, ScreeningUnavailable.for_person)
        return redirect("practice:goal", pk=goal.pk)
    if saved.needs_help:
        request.session[HELP_KEY] = f"goal:{goal.pk}"
    messages.success(request, "Progress saved.")
    return redirect("practice:goal", pk=goal.pk)


@login_required
@require_POST
def goal_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    goal = selectors.goal_for(user=user, pk=pk)
    form = GoalReviewForm(request.POST)
    if form.is_valid():
        try:
            saved = services.goal_review(
                user=user,
                goal=goal,
                status=form.cleaned_data["status"],
                learned=form.cleaned_data["learned"],
            )
        except ScreeningUnavailable:
            messages.error(request, ScreeningUnavailable.for_person)
            return redirect("practice:goal", pk=goal.pk)
        if saved.needs_help:
            request.session[HELP_KEY] = f"goal:{goal.pk}"
        messages.success(request, "Review saved.")
    return redirect("practice:goal", pk=goal.pk)


@login_required
def goal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.goal_for(user=_user(request), pk=pk)
    if request.method == "POST":
        services.goal_delete(user=_user(request), goal=goal)
        messages.success(request, "Goal deleted for good.")
        return redirect("practice:goals")
    return render(
        request,
        "practice/confirm_delete.html",
        {"thing": "this goal", "cancel": reverse("practice:goal", kwargs={"pk": goal.pk})},
    )


@login_required
def partner_goal(request: HttpRequest, pk: int) -> HttpResponse:
    shown = selectors.partner_goal_for(user=_user(request), pk=pk)
    return render(request, "practice/partner_goal.html", {"shown": shown})


@login_required
@require_POST
def partner_respond(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.goal_partner_respond(
            partner=_user(request), goal_id=pk, accept=request.POST.get("answer") == "accept"
        )
    except services.PracticeError:
        raise Http404 from None
    messages.success(request, "Thank you. Your answer was saved.")
    return redirect("practice:goals")


# -- export and deletion ----------------------------------------------------------------------


def _export(request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    audit_record(
        actor=user, action=AuditEvent.Action.EXPORT, object_type="practice.all", object_id=user.pk
    )
    return selectors.export_for(user=user)


@login_required
def export_json(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        json.dumps(_export(request), indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="steadfast-my-practice.json"'
    return response


@login_required
def export_html(request: HttpRequest) -> HttpResponse:
    data = _export(request)
    labels = {ex.code: prompts_for(ex, {}) for ex in EXERCISES.values()}
    for entry in data["entries"]:
        names = labels.get(entry["exercise"], {})
        entry["rows"] = [
            (names.get(k, k.replace("_", " ")), v)
            for k, v in entry["answers"].items()
            if k != "suggestions"
        ]
    return render(request, "practice/export.html", {"data": data, "words": WORDS})


@login_required
def delete_all(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("confirm") != "delete":
            messages.error(request, "Tick the box to confirm.")
            return redirect("practice:delete_all")
        services.practice_delete_all(user=_user(request))
        messages.success(request, "All your practice data was deleted for good.")
        return redirect("practice:index")
    return render(request, "practice/delete_all.html")

"""The content checker and loader: every kind of mistake is reported with its file and YAML
path, nothing loads when anything is wrong, and loading is idempotent."""

import shutil
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from steadfast.programs.content import (
    MAX_READING_GRADE,
    ROLES,
    SeedIndex,
    plain_text,
    read_content,
    reading_grade,
)
from steadfast.programs.models import Item, Program, ProgramVersion, VariantRole
from steadfast.programs.services import content_load
from steadfast.programs.tests.factories import VALID, latest, load_valid

TINY = "programs/tiny/program.yaml"
OFFICER = "programs/tiny/variants/officer.yaml"
HARD_TEXT = (
    "Physiological hyperarousal consequent to occupational traumatic exposure necessitates "
    "comprehensive psychoeducational intervention emphasising neurobiological mechanisms. "
) * 12


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(VALID, root)
    return root


def edit_yaml(root: Path, relative: str, change) -> None:
    path = root / relative
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def errors_of(root, seeds_dir=None):
    report = read_content(root, seeds_dir=seeds_dir)
    return [(e.file, e.where, e.message) for e in report.errors]


def assert_error(errors, file, where, fragment):
    matching = [e for e in errors if e[0] == file and e[1] == where and fragment in e[2]]
    assert matching, f"no {file}: {where}: …{fragment}… in\n" + "\n".join(map(str, errors))


def lesson(data, slug):
    for module in data["modules"]:
        for item in module["items"]:
            if item["slug"] == slug:
                return item
    raise KeyError(slug)


def test_the_valid_fixture_passes_every_check():
    report = read_content(VALID, seeds_dir=None)
    assert report.errors == []
    assert [p["slug"] for p in report.programs] == ["tiny", "tiny-open"]
    tiny = report.programs[0]
    assert [m["slug"] for m in tiny["modules"]] == ["week-1", "week-2", "for-leaders"]
    assert tiny["variants"][0]["overrides"]["noticing-stress"]["body"].startswith("# Noticing")


def test_roles_match_the_variant_model_choices():
    assert set(ROLES) == set(VariantRole.values)


# Each case breaks the valid fixture in one way and names the error it must produce.
BROKEN = {
    "missing lesson file": (
        lambda d: lesson(d, "who-helps").update(file="lessons/nowhere.md"),
        TINY,
        "modules[1].items[0].file",
        "'lessons/nowhere.md', which does not exist",
    ),
    "file outside the program": (
        lambda d: lesson(d, "who-helps").update(file="../tiny-open/lessons/welcome.md"),
        TINY,
        "modules[1].items[0].file",
        "inside the program's folder",
    ),
    "unknown exercise code": (
        lambda d: lesson(d, "first-breathing").update(exercise="juggling"),
        TINY,
        "modules[0].items[2].exercise",
        "unknown exercise type 'juggling'",
    ),
    "unknown instrument code": (
        lambda d: d["assessment_plan"]["baseline"].append("iq_test"),
        TINY,
        "assessment_plan.baseline[3]",
        "unknown instrument code 'iq_test'",
    ),
    "unknown follow-up instrument": (
        lambda d: d["assessment_plan"]["follow_ups"][0]["instruments"].append("mood9"),
        TINY,
        "assessment_plan.follow_ups[0].instruments[1]",
        "unknown instrument code 'mood9'",
    ),
    "unknown arc stage": (
        lambda d: lesson(d, "week-1-session")["steps"][0].update(arc="warm_up"),
        TINY,
        "modules[0].items[0].steps[0].arc",
        "unknown value 'warm_up'",
    ),
    "unknown theme": (
        lambda d: d["themes"].append("spirit"),
        TINY,
        "themes[2]",
        "unknown theme 'spirit'",
    ),
    "unknown module theme": (
        lambda d: d["modules"][0].update(theme="body"),
        TINY,
        "modules[0].theme",
        "unknown value 'body'",
    ),
    "unknown wheel area": (
        lambda d: d["modules"][0]["wheel_areas"].append("luck"),
        TINY,
        "modules[0].wheel_areas[1]",
        "unknown wheel area 'luck'",
    ),
    "duplicated slug": (
        lambda d: lesson(d, "who-helps").update(slug="noticing-stress"),
        TINY,
        "modules[1].items[0].slug",
        "'noticing-stress' is already used at modules[0].items[1]",
    ),
    "module slug clashing with an item": (
        lambda d: d["modules"][1].update(slug="first-breathing"),
        TINY,
        "modules[1].slug",
        "'first-breathing' is already used at modules[0].items[2]",
    ),
    "session minutes differ from the steps": (
        lambda d: lesson(d, "week-1-session")["steps"][0].update(minutes=20),
        TINY,
        "modules[0].items[0].minutes",
        "is 60 but the steps add up to 65 minutes",
    ),
    "weekly session not the program's length": (
        lambda d: d.update(session_minutes=75),
        TINY,
        "modules[0].items[0].minutes",
        "sessions last 75 minutes",
    ),
    "live session out of 60-90": (
        lambda d: d.update(session_minutes=45),
        TINY,
        "session_minutes",
        "between 60 and 90",
    ),
    "knowledge-check answer out of range": (
        lambda d: lesson(d, "noticing-stress")["checks"][1].update(answer=2),
        TINY,
        "modules[0].items[1].checks[1].answer",
        "only 2 choices",
    ),
    "one knowledge-check question only": (
        lambda d: lesson(d, "noticing-stress")["checks"].pop(),
        TINY,
        "modules[0].items[1].checks",
        "2 or 3 questions",
    ),
    "lesson too long to read in 5 minutes": (
        lambda d: lesson(d, "who-helps").update(minutes=8),
        TINY,
        "modules[1].items[0].minutes",
        "is 8; it must be between 2 and 5",
    ),
    "lesson too short": (
        lambda d: lesson(d, "who-helps").update(minutes=1),
        TINY,
        "modules[1].items[0].minutes",
        "between 2 and 5",
    ),
    "missing title": (
        lambda d: lesson(d, "who-helps").pop("title"),
        TINY,
        "modules[1].items[0].title",
        "is missing",
    ),
    "unknown key (a typo)": (
        lambda d: lesson(d, "who-helps").update(minuts=3),
        TINY,
        "modules[1].items[0].minuts",
        "unknown key 'minuts'",
    ),
    "unknown item kind": (
        lambda d: lesson(d, "who-helps").update(kind="video"),
        TINY,
        "modules[1].items[0].kind",
        "unknown value 'video'",
    ),
    "open enrolment on a weekly program": (
        lambda d: d.update(open_enrolment=True),
        TINY,
        "open_enrolment",
        "only self-paced programs",
    ),
    "slug not matching its folder": (
        lambda d: d.update(slug="tiny-two"),
        TINY,
        "slug",
        "must match its folder name 'tiny'",
    ),
    "reserved slug": (
        lambda d: d.update(slug="mine"),
        TINY,
        "slug",
        "reserved",
    ),
    "week beyond the program": (
        lambda d: d["modules"][1].update(week=3),
        TINY,
        "modules[1].week",
        "between 1 and 2",
    ),
    "no assessment plan": (
        lambda d: d.pop("assessment_plan"),
        TINY,
        "assessment_plan",
        "is missing",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_each_kind_of_mistake_is_reported_where_it_is(tree, case):
    change, file, where, fragment = BROKEN[case]
    edit_yaml(tree, "programs/tiny/program.yaml", change)
    errors = errors_of(tree)
    assert_error(errors, file, where, fragment)
    # The other program is fine, but nothing is returned for loading while anything is wrong.
    assert read_content(tree).programs == []


VARIANT_BROKEN = {
    "override of an unknown item": (
        lambda d: d["items"].update({"no-such-lesson": {"scenario": "x"}}),
        "items.no-such-lesson",
        "no item with slug 'no-such-lesson'",
    ),
    "override of an unknown step": (
        lambda d: d["items"]["week-1-session"]["steps"].update({"Goodbye": {"guide": "x"}}),
        "items.week-1-session.steps.Goodbye",
        "no step titled 'Goodbye'",
    ),
    "override key that does not fit the kind": (
        lambda d: d["items"]["noticing-stress"].update(prompts={"a": "b"}),
        "items.noticing-stress.prompts",
        "unknown key 'prompts'",
    ),
    "emphasis on an unknown module": (
        lambda d: d.update(emphasis=["week-9"]),
        "emphasis[0]",
        "no module with slug 'week-9'",
    ),
    "unknown role": (
        lambda d: d.update(role="pilot"),
        "role",
        "unknown value 'pilot'",
    ),
    "variant lesson file missing": (
        lambda d: d["items"]["noticing-stress"].update(file="variants/officer/gone.md"),
        "items.noticing-stress.file",
        "does not exist",
    ),
}


@pytest.mark.parametrize("case", list(VARIANT_BROKEN))
def test_variant_mistakes_are_reported(tree, case):
    change, where, fragment = VARIANT_BROKEN[case]
    edit_yaml(tree, OFFICER, change)
    assert_error(errors_of(tree), OFFICER, where, fragment)


def test_a_role_file_named_for_another_role_is_refused(tree):
    (tree / OFFICER).rename(tree / "programs/tiny/variants/dispatcher.yaml")
    assert_error(
        errors_of(tree),
        "programs/tiny/variants/dispatcher.yaml",
        "role",
        "must match the file name",
    )


def test_missing_program_yaml(tree):
    (tree / TINY).unlink()
    assert_error(errors_of(tree), TINY, "", "file is missing")


def test_invalid_yaml_names_the_line(tree):
    (tree / TINY).write_text("slug: tiny\ntitle: [unclosed\n")
    errors = errors_of(tree)
    assert any(
        e[0] == TINY and e[1].startswith("line ") and "not valid YAML" in e[2] for e in errors
    )


def test_duplicate_keys_are_reported_with_their_line(tree):
    text = (tree / TINY).read_text().replace("format: weekly\n", "format: weekly\nformat: weekly\n")
    (tree / TINY).write_text(text)
    errors = errors_of(tree)
    assert any(e[0] == TINY and "'format' appears twice" in e[2] for e in errors), errors


def test_a_lesson_that_reads_too_hard_is_refused(tree):
    (tree / "programs/tiny/lessons/who-helps.md").write_text(HARD_TEXT)
    assert_error(
        errors_of(tree), "programs/tiny/lessons/who-helps.md", "", "reading level is grade"
    )


def test_a_variant_lesson_is_held_to_the_same_reading_level(tree):
    (tree / "programs/tiny/variants/officer/noticing-stress.md").write_text(HARD_TEXT)
    assert_error(
        errors_of(tree),
        "programs/tiny/variants/officer/noticing-stress.md",
        "",
        "reading level is grade",
    )


def test_a_lesson_longer_than_five_minutes_is_refused(tree):
    (tree / "programs/tiny/lessons/who-helps.md").write_text("We can rest a bit. " * 400)
    assert_error(errors_of(tree), "programs/tiny/lessons/who-helps.md", "", "5-minute read")


def test_the_fixture_lessons_read_at_or_below_the_limit():
    for path in VALID.glob("programs/*/lessons/*.md"):
        assert reading_grade(path.read_text()) <= MAX_READING_GRADE, path


def test_plain_text_makes_headings_and_list_items_sentences():
    text = plain_text("# Title\n\n- **one** thing\n- [two](https://x.org)\n\nA sentence.")
    assert text == "Title. one thing. two. A sentence."


def test_text_shared_with_seed_pages_is_refused_in_yaml_and_markdown(tree, tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    seeds.joinpath("page.txt").write_text(
        "Long ago the river ran past the old mill and every child in town knew its song. "
        "Stress is your body getting ready for a hard moment, they said."
    )
    edit_yaml(
        tree,
        TINY,
        lambda d: d["modules"][0].update(
            summary="The river ran past the old mill and every child in town knew."
        ),
    )
    errors = errors_of(tree, seeds_dir=seeds)
    assert_error(errors, TINY, "modules[0].summary", "shares 8-word runs")
    assert_error(errors, "programs/tiny/lessons/noticing-stress.md", "", "shares 8-word runs")


def test_curly_apostrophes_count_as_the_same_word():
    index = SeedIndex(["It\u2019s how your body and mind get ready to act"])
    assert index.shared("it's how your body and mind get ready")


def test_a_missing_seed_directory_skips_that_check_and_says_why(tmp_path):
    report = read_content(VALID, seeds_dir=tmp_path / "absent")
    assert report.ok
    assert any("skipped" in note and "does not exist" in note for note in report.notes)


def test_all_errors_are_collected_not_just_the_first(tree):
    def several(d):
        lesson(d, "who-helps").update(minutes=9)
        lesson(d, "first-breathing").update(exercise="juggling")
        d["assessment_plan"]["baseline"].append("nope")

    edit_yaml(tree, TINY, several)
    assert len(errors_of(tree)) == 3


# -- loading ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_loading_creates_programs_versions_modules_items_and_variants():
    programs = load_valid()
    assert set(programs) == {"tiny", "tiny-open"}
    version = latest("tiny")
    assert version.number == 1
    assert version.weeks == 2 and version.session_minutes == 60
    assert version.assessment_plan["follow_ups"] == [{"after_months": 3, "instruments": ["brs"]}]
    assert [m.slug for m in version.modules.order_by("order")] == [
        "week-1",
        "week-2",
        "for-leaders",
    ]
    lesson_item = Item.objects.get(version=version, slug="noticing-stress")
    assert lesson_item.body.startswith("# Noticing stress early")
    assert lesson_item.checks[0]["answer"] == 0
    session = Item.objects.get(version=version, slug="week-1-session")
    assert sum(step["minutes"] for step in session.steps) == 60
    variant = version.variants.get()
    assert variant.role == "officer" and variant.emphasis == ["week-2"]
    assert programs["tiny-open"].open_enrolment is True


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    load_valid()
    counts = (ProgramVersion.objects.count(), Item.objects.count())
    result = content_load(root=VALID, seeds_dir=None)
    assert result.outcomes == {"tiny": "unchanged (v1)", "tiny-open": "unchanged (v1)"}
    assert (ProgramVersion.objects.count(), Item.objects.count()) == counts


@pytest.mark.django_db
def test_changed_content_becomes_a_new_version_and_the_old_one_is_untouched(tree):
    content_load(root=tree, seeds_dir=None)
    first = latest("tiny")
    old_body = Item.objects.get(version=first, slug="who-helps").body
    path = tree / "programs/tiny/lessons/who-helps.md"
    path.write_text(path.read_text() + "\nOne more short line for the new version.\n")

    result = content_load(root=tree, seeds_dir=None)

    assert result.outcomes["tiny"] == "new version v2"
    assert result.outcomes["tiny-open"] == "unchanged (v1)"
    second = latest("tiny")
    assert second.number == 2 and second.content_hash != first.content_hash
    assert "One more short line" in Item.objects.get(version=second, slug="who-helps").body
    assert Item.objects.get(version=first, slug="who-helps").body == old_body


@pytest.mark.django_db
def test_an_administrators_open_enrolment_choice_survives_reloading(tree):
    content_load(root=tree, seeds_dir=None)
    Program.objects.filter(slug="tiny-open").update(open_enrolment=False)
    edit_yaml(tree, "programs/tiny-open/program.yaml", lambda d: d.update(title="Tiny, renamed"))
    content_load(root=tree, seeds_dir=None)
    program = Program.objects.get(slug="tiny-open")
    assert program.title == "Tiny, renamed"
    assert program.open_enrolment is False


@pytest.mark.django_db
def test_broken_content_loads_nothing_at_all(tree):
    edit_yaml(tree, TINY, lambda d: lesson(d, "who-helps").update(minutes=9))
    result = content_load(root=tree, seeds_dir=None)
    assert not result.report.ok
    # tiny-open is valid on its own, but nothing loads while anything is wrong.
    assert Program.objects.count() == 0


@pytest.mark.django_db
def test_a_database_failure_mid_load_rolls_everything_back(tree, monkeypatch):
    from steadfast.programs import services

    real = services._version_fill
    calls = []

    def fail_on_second(version, parsed):
        calls.append(parsed["slug"])
        if len(calls) == 2:
            raise RuntimeError("disk full")
        real(version, parsed)

    monkeypatch.setattr(services, "_version_fill", fail_on_second)
    with pytest.raises(RuntimeError):
        content_load(root=tree, seeds_dir=None)
    assert Program.objects.count() == 0 and ProgramVersion.objects.count() == 0


@pytest.mark.django_db
def test_check_only_loads_nothing():
    result = content_load(root=VALID, seeds_dir=None, check_only=True)
    assert result.report.ok
    assert Program.objects.count() == 0


@pytest.mark.django_db
def test_the_command_prints_every_error_and_exits_non_zero(tree, capsys):
    edit_yaml(tree, TINY, lambda d: lesson(d, "who-helps").update(minutes=9))
    edit_yaml(tree, OFFICER, lambda d: d.update(emphasis=["week-9"]))
    with pytest.raises(CommandError) as raised:
        call_command("load_content", "--check", "--path", str(tree))
    assert raised.value.returncode == 1
    err = capsys.readouterr().err
    assert "2 problem(s)" in err and "nothing was loaded" in err
    assert f"  - {TINY}: modules[1].items[0].minutes: is 9; it must be between 2 and 5" in err
    assert f"  - {OFFICER}: emphasis[0]: no module with slug 'week-9'" in err
    assert Program.objects.count() == 0


@pytest.mark.django_db
def test_the_command_loads_and_reports_what_happened(capsys):
    call_command("load_content", "--path", str(VALID), "--seeds", "/nonexistent-seeds")
    out = capsys.readouterr().out
    assert "tiny: created v1" in out
    assert "skipped" in out
    call_command("load_content", "--path", str(VALID), "--seeds", "/nonexistent-seeds")
    assert "tiny: unchanged (v1)" in capsys.readouterr().out

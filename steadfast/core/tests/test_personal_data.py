"""Every model that holds a person's data is in the personal-data registry, and *My data*'s
export and erase, which read the registry alone, cover all of it."""

import uuid

import pytest
from django.apps import apps
from django.conf import settings
from django.db.models import Q

from steadfast.core import personal_data
from steadfast.core.fields import EncryptedTextField


def _user_model():
    return apps.get_model(settings.AUTH_USER_MODEL)


def _holds_personal_data(model):
    user_model = _user_model()
    for f in model._meta.get_fields():
        if isinstance(f, EncryptedTextField):
            return True
        if getattr(f, "concrete", False) and f.is_relation and f.related_model is user_model:
            return True
    return any(f.related_model is user_model for f in model._meta.many_to_many)


def test_every_model_with_a_user_key_or_encrypted_text_is_registered():
    covered = {m._meta.label for m in personal_data.covered_models()}
    holding = {m._meta.label for m in apps.get_models() if _holds_personal_data(m)}
    missing = holding - covered
    assert not missing, f"register these in core.personal_data: {sorted(missing)}"


def test_no_model_is_both_erased_and_kept_and_every_kept_one_says_why():
    erased = set(personal_data.erased_models())
    kept = personal_data.kept_models()
    assert not erased & set(kept)
    assert all(reason.strip() for reason in kept.values())


def test_an_app_that_erases_must_also_export():
    with pytest.raises(ValueError):
        personal_data.register("nothing", erase=lambda user: 0, models=[_user_model()])


# -- a person with something in every app ---------------------------------------------------


def _rows_of(model, user):
    """The model's rows linked to the person: by a user key, or one step away (an intake
    through its cohort place, a goal update through its goal)."""
    user_model = _user_model()
    linked = Q(pk__in=[])
    for f in model._meta.concrete_fields:
        if not f.is_relation:
            continue
        if f.related_model is user_model:
            linked |= Q(**{f.name: user})
            continue
        for g in f.related_model._meta.concrete_fields:
            if g.is_relation and g.related_model is user_model:
                linked |= Q(**{f"{f.name}__{g.name}": user})
    return model.objects.filter(linked)


@pytest.fixture
def everything(org, facilitator):
    """A participant who wrote or answered something in every app that exports."""
    from steadfast.assessments import services as assessments
    from steadfast.cohorts import services as cohorts
    from steadfast.cohorts.tests.factories import night_shift_cohort
    from steadfast.journal import services as journal
    from steadfast.organisations.models import Role
    from steadfast.organisations.tests.factories import MembershipFactory
    from steadfast.practice import services as practice
    from steadfast.practice.models import Entry as PracticeEntry
    from steadfast.programs.tests.factories import load_valid
    from steadfast.safety import services as safety

    load_valid()
    person = MembershipFactory(organisation=org, role=Role.PARTICIPANT).user

    journal.entry_create(user=person, token=uuid.uuid4(), title="Night", body="A long shift")
    journal.draft_save(user=person, token=uuid.uuid4(), title="", body="half a thought")

    entry = PracticeEntry(user=person, exercise="gratitude")
    entry.data = {"good_things": ["A quiet lunch"]}
    entry.save()
    practice.draft_save(user=person, key="goal:new", values={"what": ["Sleep"]})
    practice.checkin_record(
        user=person, mood=3, stress=2, energy=3, sleep=4, words=["content"], token=uuid.uuid4()
    )
    goal = practice.goal_save(user=person, what="Walk after shifts", steps=["Shoes", "Go"]).record
    practice.goal_progress_add(user=person, goal=goal, percent=None, steps_done=[0], note="Shoes")

    assessments.response_record(user=person, instrument="gad2", answers=[1, 1])
    assessments.draft_start(user=person, instrument="gad2")

    cohort = night_shift_cohort(organisation=org, facilitator=facilitator)
    place = cohorts.member_enrol(
        cohort=cohort, email=person.email, name=person.full_name, actor=facilitator
    )
    cohorts.intake_save(
        member=place, challenges=[], availability=[], not_with=[], goals="sleep better"
    )
    cohorts.maintenance_plan_save(member=place, body="walk daily", goals_met="")
    safety.contact_save(person=person, organisation=org, phone="+44 20 7946 0000", note="evenings")
    return person


@pytest.mark.django_db
def test_the_person_has_rows_in_every_erased_model(everything):
    # So the two tests below check something: every model erase_all empties is filled here.
    empty = [m._meta.label for m in personal_data.erased_models() if not _rows_of(m, everything)]
    assert not empty, f"the fixture writes nothing in {empty}"


@pytest.mark.django_db
def test_export_all_includes_what_the_person_wrote_in_every_app(everything):
    exported = personal_data.export_all(user=everything)
    exporting = {r.app_label for r in personal_data.registrations() if r.export}
    assert set(exported) == exporting
    assert {"journal", "practice", "assessments", "cohorts"} <= exporting
    assert exported["journal"]["journal"][0]["body"] == "A long shift"
    practice = exported["practice"]
    assert practice["entries"][0]["answers"] == {"good_things": ["A quiet lunch"]}
    assert practice["checkins"][0]["emotion_words"] == ["content"]
    assert practice["goals"][0]["updates"][0]["answers"] == {"note": "Shoes"}
    assert exported["assessments"]["responses"][0]["answers"]
    place = exported["cohorts"]["places"][0]
    assert place["intake"]["goals"] == "sleep better"
    assert place["maintenance_plan"]["body"] == "walk daily"


@pytest.mark.django_db
def test_erase_all_leaves_no_row_of_an_erased_model_linked_to_the_person(everything, participant):
    from steadfast.assessments import services as assessments

    assessments.response_record(user=participant, instrument="gad2", answers=[2, 2])
    counts = personal_data.erase_all(user=everything)
    assert all(counts.values()), counts
    left = {
        m._meta.label: _rows_of(m, everything).count()
        for m in personal_data.erased_models()
        if _rows_of(m, everything).exists()
    }
    assert not left, f"erase_all left rows: {left}"
    # Only this person's: someone else's answers stay.
    assert personal_data.export_all(user=participant)["assessments"]["responses"]

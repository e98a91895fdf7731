from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError

from steadfast.accounts.models import ConsentPurpose
from steadfast.accounts.selectors import consent_text_current
from steadfast.accounts.tests.factories import UserFactory
from steadfast.core.models import AuditEvent
from steadfast.organisations.models import Role
from steadfast.organisations.tests.factories import MembershipFactory
from steadfast.programs import selectors, services
from steadfast.programs.models import (
    Enrolment,
    Item,
    ItemProgress,
    KnowledgeCheckAnswer,
    Program,
    ProgramVersion,
)
from steadfast.programs.services import ProgramError
from steadfast.programs.tailoring import Measure
from steadfast.programs.tests.factories import VALID, latest

pytestmark = pytest.mark.django_db


def item(version, slug):
    return Item.objects.get(version=version, slug=slug)


# -- enrolment --------------------------------------------------------------------------------


def test_enrolment_is_audited_and_locks_the_version(enrolment, tiny):
    assert tiny.is_locked
    assert AuditEvent.objects.filter(
        object_type="programs.enrolment", object_id=str(enrolment.pk)
    ).exists()


def test_a_variant_from_another_version_is_refused(tiny, participant, org):
    copy = services.program_version_copy(version=tiny, actor=None)
    with pytest.raises(ProgramError, match="another version"):
        services.enrolment_create(
            user=participant,
            version=tiny,
            organisation=org,
            source="direct",
            variant=copy.variants.get(),
        )


def test_open_enrolment_needs_consent_and_no_organisation(programs, participant, org):
    version = latest("tiny-open")
    text = consent_text_current(purpose=ConsentPurpose.TAKING_PART)
    with pytest.raises(ProgramError, match="no organisation"):
        services.enrolment_create(
            user=participant, version=version, source="open", organisation=org, consent_text=text
        )
    with pytest.raises(ProgramError, match="consent"):
        services.enrolment_create(user=participant, version=version, source="open")
    with pytest.raises(ProgramError, match="needs an organisation"):
        services.enrolment_create(user=participant, version=version, source="direct")


def test_the_database_refuses_an_open_enrolment_with_an_organisation(programs, participant, org):
    with pytest.raises(IntegrityError):
        Enrolment.objects.create(
            user=participant, version=latest("tiny-open"), organisation=org, source="open"
        )


def test_the_database_refuses_open_enrolment_on_a_weekly_program(programs):
    with pytest.raises(IntegrityError):
        Program.objects.filter(slug="tiny").update(open_enrolment=True)


def test_enrolling_twice_on_one_version_is_refused(enrolment, tiny, participant, org):
    with pytest.raises(ProgramError, match="already enrolled"):
        services.enrolment_create(user=participant, version=tiny, organisation=org, source="direct")


def test_joining_an_open_program_creates_the_account_and_the_enrolment(programs):
    text = consent_text_current(purpose=ConsentPurpose.TAKING_PART)
    enrolment = services.open_enrolment_join(
        program=programs["tiny-open"],
        consent_text=text,
        email="New.Person@Example.org",
        full_name=" New Person ",
        password="a long enough passphrase",
    )
    assert enrolment.user.email == "new.person@example.org"
    assert enrolment.user.full_name == "New Person"
    assert enrolment.organisation is None and enrolment.source == "open"
    assert enrolment.consent_text == text and enrolment.consented_at is not None
    assert enrolment.user.memberships.count() == 0


def test_joining_a_closed_program_is_refused(programs):
    text = consent_text_current(purpose=ConsentPurpose.TAKING_PART)
    with pytest.raises(ProgramError, match="not open"):
        services.open_enrolment_join(
            program=programs["tiny"], consent_text=text, email="x@example.org", password="pw"
        )


def test_joining_with_an_address_that_has_an_account_is_refused(programs, participant):
    text = consent_text_current(purpose=ConsentPurpose.TAKING_PART)
    with pytest.raises(ProgramError, match="Sign in first"):
        services.open_enrolment_join(
            program=programs["tiny-open"],
            consent_text=text,
            email=participant.email.upper(),
            password="whatever long",
        )


# -- progress and answers ---------------------------------------------------------------------


def test_progress_can_be_set_and_changed_again(enrolment, tiny):
    lesson = item(tiny, "noticing-stress")
    services.item_progress_set(enrolment=enrolment, item=lesson, status="skipped")
    services.item_progress_set(enrolment=enrolment, item=lesson, status="done")
    progress = ItemProgress.objects.get(enrolment=enrolment)
    assert progress.item == lesson and progress.status == "done"


def test_sessions_are_not_marked_by_participants(enrolment, tiny):
    with pytest.raises(ProgramError, match="Live sessions"):
        services.item_progress_set(
            enrolment=enrolment, item=item(tiny, "week-1-session"), status="done"
        )


def test_an_item_of_another_version_is_refused(enrolment, tiny):
    copy = services.program_version_copy(version=tiny, actor=None)
    with pytest.raises(ProgramError, match="not part of"):
        services.item_progress_set(enrolment=enrolment, item=item(copy, "who-helps"), status="done")


def test_answers_are_scored_and_every_answer_is_kept(enrolment, tiny):
    lesson = item(tiny, "noticing-stress")
    first = services.knowledge_check_answers_record(
        enrolment=enrolment, item=lesson, choices={0: 0, 1: 0}
    )
    assert [(a.question, a.choice, a.correct) for a in first] == [(0, 0, True), (1, 0, False)]
    services.knowledge_check_answers_record(
        enrolment=enrolment, item=lesson, choices={1: 1}, occasion="follow_up"
    )
    assert KnowledgeCheckAnswer.objects.filter(enrolment=enrolment).count() == 3
    lesson_answers = selectors.check_answers_latest(enrolment=enrolment, item=lesson)
    assert lesson_answers[1].correct is False  # the follow-up answer is kept apart
    follow_up = selectors.check_answers_latest(
        enrolment=enrolment, item=lesson, occasion="follow_up"
    )
    assert follow_up[1].correct is True


@pytest.mark.parametrize("choices", [{2: 0}, {0: 3}, {-1: 0}])
def test_answers_to_questions_or_choices_that_do_not_exist_are_refused(enrolment, tiny, choices):
    with pytest.raises(ProgramError):
        services.knowledge_check_answers_record(
            enrolment=enrolment, item=item(tiny, "noticing-stress"), choices=choices
        )
    assert not KnowledgeCheckAnswer.objects.exists()


# -- versions ---------------------------------------------------------------------------------


def test_copying_a_version_makes_an_editable_copy_with_the_same_content(enrolment, tiny):
    copy = services.program_version_copy(version=tiny, actor=None)
    assert copy.number == 2 and copy.source == "copied" and copy.copied_from == tiny
    assert not copy.is_locked
    assert list(copy.items.values_list("slug", "body", "steps").order_by("slug")) == list(
        tiny.items.values_list("slug", "body", "steps").order_by("slug")
    )
    assert copy.modules.count() == tiny.modules.count()
    assert copy.variants.get().overrides == tiny.variants.get().overrides
    assert all(i.module.version_id == copy.pk for i in copy.items.select_related("module"))
    assert tiny.items.count() == copy.items.count()


def test_an_edited_copy_stays_latest_when_unchanged_files_are_loaded_again(tiny):
    copy = services.program_version_copy(version=tiny, actor=None)
    result = services.content_load(root=VALID, seeds_dir=None)
    assert result.outcomes["tiny"] == "unchanged (v1)"
    assert latest("tiny") == copy
    assert ProgramVersion.objects.filter(program__slug="tiny").count() == 2


# -- the path ---------------------------------------------------------------------------------


def test_the_path_shows_next_and_done(enrolment, tiny):
    path = selectors.path_for(enrolment=enrolment)
    assert path.next.item.slug == "noticing-stress"  # sessions are not on the to-do list
    assert (path.done_count, path.total_count) == (0, 4)
    services.item_progress_set(
        enrolment=enrolment, item=item(tiny, "noticing-stress"), status="done"
    )
    services.item_progress_set(
        enrolment=enrolment, item=item(tiny, "first-breathing"), status="skipped"
    )
    path = selectors.path_for(enrolment=enrolment)
    assert path.next.item.slug == "who-helps"
    assert path.done_count == 1 and path.counts["skipped"] == 1


def test_participants_do_not_get_the_guide_for_leaders_but_leads_do(enrolment, tiny, org):
    path = selectors.path_for(enrolment=enrolment)
    assert [m.module.slug for m in path.modules] == ["week-1", "week-2"]
    lead = UserFactory()
    MembershipFactory(user=lead, organisation=org, role=Role.LEAD)
    lead_enrolment = services.enrolment_create(
        user=lead, version=tiny, organisation=org, source="direct"
    )
    lead_path = selectors.path_for(enrolment=lead_enrolment)
    assert [m.module.slug for m in lead_path.modules][-1] == "for-leaders"


def test_due_this_week_is_counted_in_the_persons_time_zone(enrolment, tiny):
    enrolment.user.time_zone = "America/Chicago"
    # Monday 23:30 UTC is still Monday evening in Chicago.
    enrolment.started_at = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    # Seven days later, 03:00 UTC: a new week in UTC, but day 7 has not begun in Chicago.
    now = datetime(2026, 3, 9, 3, 0, tzinfo=UTC)
    path = selectors.path_for(enrolment=enrolment, now=now)
    assert path.week == 1
    assert [i.item.slug for i in path.due_this_week] == ["noticing-stress", "first-breathing"]
    later = selectors.path_for(enrolment=enrolment, now=now + timedelta(hours=6))
    assert later.week == 2
    assert [i.item.slug for i in later.due_this_week] == ["who-helps", "support-map"]


def test_the_organisations_time_zone_is_used_when_the_person_has_none(enrolment):
    enrolment.user.time_zone = ""
    enrolment.organisation.time_zone = "Asia/Tokyo"
    enrolment.organisation.save()  # the person's zone is read from their memberships
    enrolment.started_at = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)  # 3 March, 01:00 in Tokyo
    # 9 March, 10:00 UTC: day 7 in UTC (a new week there) but 9 March 19:00 in Tokyo, day 6.
    assert selectors.week_of(enrolment, datetime(2026, 3, 9, 10, 0, tzinfo=UTC)) == 1
    assert selectors.week_of(enrolment, datetime(2026, 3, 9, 15, 30, tzinfo=UTC)) == 2


def test_self_paced_programs_have_no_weeks(programs, participant):
    enrolment = services.open_enrolment_join(
        program=programs["tiny-open"],
        consent_text=consent_text_current(purpose=ConsentPurpose.TAKING_PART),
        user=participant,
    )
    path = selectors.path_for(enrolment=enrolment)
    assert path.week is None and path.due_this_week == []


def test_the_path_recommends_from_the_persons_results(enrolment):
    path = selectors.path_for(
        enrolment=enrolment,
        wheel={"life_skills": 8, "caring_support": 2},
        baseline={"pss10": Measure(band="low")},
    )
    assert [r.slug for r in path.recommendations] == ["week-2", "week-1"]
    assert path.recommendations[0].reason == "You rated support lowest (2 of 10)."
    reasons = {m.module.slug: m.reason for m in path.modules}
    assert reasons["week-2"] == "You rated support lowest (2 of 10)."


def test_without_results_the_path_says_there_is_no_self_check_yet(enrolment):
    path = selectors.path_for(enrolment=enrolment)
    assert [r.slug for r in path.recommendations] == ["week-1", "week-2"]
    assert "No self-check yet" in path.recommendations[0].reason


def test_the_path_takes_a_fixed_number_of_queries(enrolment, django_assert_num_queries):
    enrolment = Enrolment.objects.select_related(
        "version__program", "variant", "organisation", "user"
    ).get(pk=enrolment.pk)
    # the person's zone (they have none of their own: their organisation's), latest wheel,
    # first measures, modules, their items, leader check, progress
    with django_assert_num_queries(7):
        selectors.path_for(enrolment=enrolment)


def test_the_path_recommends_from_the_persons_own_results(enrolment):
    from steadfast.assessments import services as assessments

    answers = {"wheel": [8, 8, 8, 1, 8, 8], "who5": [1, 1, 1, 1, 1]}
    for code, values in answers.items():
        assessments.response_record(user=enrolment.user, instrument=code, answers=values)
    wheel, baseline = selectors.tailoring_inputs_for(enrolment=enrolment)
    assert wheel["caring_support"] == 1
    assert baseline["who5"].total == 20
    path = selectors.path_for(enrolment=enrolment)
    assert (
        path.recommendations[0].reason != "No self-check yet, so this follows the program's order."
    )


def test_a_role_variant_changes_what_the_person_reads(tiny, participant, org):
    officer = tiny.variants.get(role="officer")
    enrolment = services.enrolment_create(
        user=participant, version=tiny, organisation=org, source="direct", variant=officer
    )
    view, _ = selectors.path_item_for(enrolment=enrolment, slug="noticing-stress")
    assert view.body.startswith("# Noticing stress early on patrol")
    assert "traffic stop" in view.scenario
    session, _ = selectors.path_item_for(enrolment=enrolment, slug="week-1-session")
    welcome = session.steps[0]
    assert welcome["changed"] and "which shift" in welcome["guide"]
    assert welcome["minutes"] == 15
    path = selectors.path_for(enrolment=enrolment)
    assert [m.module.slug for m in path.modules if m.emphasised] == ["week-2"]


def test_a_direct_enrolment_schedules_the_versions_questionnaires(tiny, participant, org):
    from steadfast.assessments.models import DueAssessment

    tiny.assessment_plan = {"baseline": ["phq9", "wheel"], "post": ["phq9"]}
    tiny.save()
    enrolment = services.enrolment_create(
        user=participant, version=tiny, organisation=org, source="direct"
    )
    waves = sorted(DueAssessment.objects.filter(user=participant).values_list("wave", "instrument"))
    assert waves == [("baseline", "phq9"), ("baseline", "wheel"), ("post", "phq9")]
    assert set(DueAssessment.objects.values_list("source", flat=True)) == {
        f"enrolment:{enrolment.pk}"
    }

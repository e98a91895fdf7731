"""Enrolment, CSV import, intake and groups, attendance, notes, feedback, closure."""

import datetime as dt

import pytest
from django.db import connection
from django.http import Http404

from steadfast.accounts.models import ConsentPurpose
from steadfast.accounts.services import consent_decide, invitation_accept_with_account
from steadfast.accounts.tests.factories import UserFactory
from steadfast.assessments.models import DueAssessment
from steadfast.cohorts import selectors, services
from steadfast.cohorts.models import (
    CohortMember,
    CohortSession,
    FeedbackReceipt,
    Intake,
    SessionFeedback,
)
from steadfast.cohorts.tests.factories import night_shift_cohort
from steadfast.core.models import AuditEvent
from steadfast.organisations.models import Invitation, Role, Team
from steadfast.organisations.tests.factories import MembershipFactory
from steadfast.programs.models import Enrolment
from steadfast.safety.models import SafetySetup
from steadfast.safety.tests.factories import safety_ready

pytestmark = pytest.mark.django_db


def test_enrolling_a_member_creates_the_enrolment_and_the_baseline(cohort, add_people):
    (member,) = add_people(1)
    assert member.status == "active"
    enrolment = Enrolment.objects.get(user=member.user)
    assert (enrolment.source, enrolment.version_id) == ("cohort", cohort.version_id)
    due = DueAssessment.objects.filter(user=member.user, source=f"cohort:{cohort.pk}")
    assert {d.instrument for d in due.filter(wave="baseline")} == {"brs", "pss10", "wheel"}
    # End-of-program and follow-ups wait for closure, from the real last session.
    assert not due.filter(wave__in=["post", "follow_up"]).exists()


def test_someone_new_is_invited_and_enrolled_once_they_accept_and_agree_to_take_part(
    cohort, facilitator, org
):
    member = services.member_enrol(
        cohort=cohort, email="New.Person@Example.org", name="New Person", actor=facilitator
    )
    assert member.status == "invited" and member.invitation is not None
    assert services.members_claim(cohort=cohort) == 0
    user = invitation_accept_with_account(
        invitation=member.invitation, full_name="New Person", password="x" * 20
    )
    # Accepting is not agreeing: nothing is enrolled or scheduled yet.
    member.refresh_from_db()
    assert member.status == "invited"
    assert services.members_claim(cohort=cohort) == 0
    assert not DueAssessment.objects.filter(user=user).exists()
    # Agreeing to take part gives the place and schedules the start of the plan at once;
    # claiming again finds nothing new.
    consent_decide(user=user, organisation=org, purpose=ConsentPurpose.TAKING_PART, given=True)
    assert services.members_claim(user=user) == 0
    member.refresh_from_db()
    assert member.status == "active" and member.user == user and member.enrolment is not None
    assert Invitation.objects.get(pk=member.invitation_id).role == Role.PARTICIPANT


def test_nobody_gets_a_place_before_the_organisation_has_set_up_safety(
    org, facilitator, participant
):
    cohort = night_shift_cohort(organisation=org, facilitator=facilitator, title="Early group")
    SafetySetup.objects.filter(organisation=org).delete()  # the factory had recorded one
    with pytest.raises(services.CohortError, match="safety responder"):
        services.member_enrol(cohort=cohort, email=participant.email, name="P", actor=facilitator)
    assert not cohort.members.exists()
    safety_ready(org)
    services.member_enrol(cohort=cohort, email=participant.email, name="P", actor=facilitator)
    assert cohort.members.count() == 1


def test_a_role_that_matches_a_variant_gets_it(cohort, org, facilitator):
    user = UserFactory()
    MembershipFactory(user=user, organisation=org, role="participant")
    services.member_enrol(
        cohort=cohort, email=user.email, name="O", staff_role="Officer", actor=facilitator
    )
    assert Enrolment.objects.get(user=user).variant.role == "officer"


def test_seats_are_a_limit(cohort, add_people):
    cohort.seats = 2
    cohort.save()
    add_people(2)
    with pytest.raises(services.CohortError, match="seats"):
        add_people(1, start=10)


# -- CSV import -------------------------------------------------------------------------------


@pytest.fixture
def teams(org):
    return [Team.objects.create(organisation=org, name=n) for n in ("Dispatch", "Нічна зміна")]


GOOD = (
    "\ufeffname,email,role,team\n"
    "Олена Коваленко,olena@example.org,dispatcher,Нічна зміна\n"
    "佐藤 花子,hanako@example.org,officer,dispatch\n"
    "Sam Lee,sam@example.org,,\n"
)


def test_a_good_file_with_a_bom_and_other_alphabets_imports_everyone(cohort, facilitator, teams):
    check = services.import_apply(cohort=cohort, data=GOOD.encode("utf-8"), actor=facilitator)
    assert check.ok and len(check.new_rows) == 3
    names = sorted(m.name for m in cohort.members.all())
    assert names == ["Sam Lee", "Олена Коваленко", "佐藤 花子"]
    olena = next(m for m in cohort.members.all() if m.name.startswith("Олена"))
    assert olena.team.name == "Нічна зміна" and olena.staff_role == "dispatcher"
    assert Invitation.objects.filter(organisation=cohort.organisation).count() == 3


def test_reimporting_the_same_file_changes_nothing(cohort, facilitator, teams):
    services.import_apply(cohort=cohort, data=GOOD.encode("utf-8"), actor=facilitator)
    before = list(CohortMember.objects.order_by("pk").values())
    invitations = Invitation.objects.count()
    check = services.import_apply(cohort=cohort, data=GOOD.encode("utf-8"), actor=facilitator)
    assert check.new_rows == [] and all(r.already for r in check.rows)
    assert list(CohortMember.objects.order_by("pk").values()) == before
    assert Invitation.objects.count() == invitations


def test_every_bad_row_is_reported_and_nothing_is_imported(cohort, facilitator, teams):
    bad = (
        "name,email,role,team\n"
        "Ana,ana@example.org,nurse,\n"
        ",blank@example.org,,\n"
        "Ben,not-an-email,,\n"
        "Cy,cy@example.org,,Nowhere\n"
        "Ana Again,ANA@example.org,,\n"
    )
    check = services.import_check(cohort=cohort, data=bad.encode())
    errors = {r.line: r.errors for r in check.rows}
    assert errors[2] == []
    assert errors[3] == ["The name is empty."]
    assert "not-an-email is not an email address." in errors[4]
    assert "There is no team called 'Nowhere'" in errors[5][0]
    assert errors[6] == ["The same email is on line 2."]
    with pytest.raises(services.CohortError):
        services.import_apply(cohort=cohort, data=bad.encode(), actor=facilitator)
    assert not cohort.members.exists()
    assert not Invitation.objects.exists()


def test_a_failure_midway_rolls_back_every_row(cohort, facilitator, teams, monkeypatch):
    from steadfast.cohorts.services import csv_import as module

    real = module.member_enrol
    calls = {"n": 0}

    def failing(**kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("database went away")
        return real(**kwargs)

    monkeypatch.setattr(module, "member_enrol", failing)
    with pytest.raises(RuntimeError):
        services.import_apply(cohort=cohort, data=GOOD.encode(), actor=facilitator)
    assert not cohort.members.exists()


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "The file is empty."),
        (b"name,email\nA,a@example.org\n", "missing: role, team"),
        (b"name,email,role,team\n\xc3\x28,x@example.org,,\n", "not UTF-8"),
        (b"name,email,role,team\n", "no people"),
    ],
)
def test_whole_file_problems_are_explained(cohort, data, problem):
    check = services.import_check(cohort=cohort, data=data)
    assert not check.ok
    assert problem in " ".join(check.problems)


def test_semicolons_and_utf16_from_spreadsheets_are_read(cohort):
    text = "name;email;role;team\nZoë;zoe@example.org;nurse;\n"
    assert services.import_check(cohort=cohort, data=text.encode()).ok
    assert services.import_check(cohort=cohort, data=text.encode("utf-16")).rows[0].name == "Zoë"


def test_a_file_larger_than_the_seats_is_refused(cohort, facilitator):
    cohort.seats = 1
    cohort.save()
    data = b"name,email,role,team\nA,a@example.org,,\nB,b@example.org,,\n"
    check = services.import_check(cohort=cohort, data=data)
    assert "1 seats" in check.problems[0]


# -- intake and groups ------------------------------------------------------------------------


def test_intake_free_text_is_encrypted_at_rest(cohort, add_people):
    (member,) = add_people(1)
    services.intake_save(
        member=member, challenges=["sleep"], availability=[], not_with=[], goals="Sleep more"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT goals FROM cohorts_intake")
        (stored,) = cursor.fetchone()
    assert "Sleep" not in stored
    assert Intake.objects.get().goals == "Sleep more"


def test_groups_respect_not_with_and_a_manual_move_cannot_break_it(cohort, add_people, facilitator):
    cohort.group_min, cohort.group_max = 2, 3
    cohort.save()
    members = add_people(6)
    boss, worker = members[0], members[1]
    for m in members:
        services.intake_save(
            member=m,
            challenges=["sleep"],
            availability=["weekday_evening"],
            not_with=[boss.pk] if m == worker else [],
        )
    proposal = services.groups_propose(cohort=cohort)
    services.groups_save(cohort=cohort, proposal=proposal, actor=facilitator)
    boss.refresh_from_db()
    worker.refresh_from_db()
    assert boss.group_id != worker.group_id
    assert any("Kept apart" in r for r in boss.group_reasons)
    with pytest.raises(services.CohortError, match="kept apart"):
        services.member_move(member=worker, group=boss.group, actor=facilitator)
    other = members[2]
    other.refresh_from_db()
    target = next(g for g in cohort.groups.all() if g.pk != other.group_id)
    services.member_move(member=other, group=target, actor=facilitator)
    assert CohortMember.objects.get(pk=other.pk).group == target


def test_peer_partners_are_paired_within_groups(cohort, add_people, facilitator):
    cohort.group_min, cohort.group_max = 2, 4
    cohort.save()
    add_people(4)
    services.groups_save(
        cohort=cohort, proposal=services.groups_propose(cohort=cohort), actor=facilitator
    )
    assert services.partners_pair(cohort=cohort, actor=facilitator) == 2
    for m in CohortMember.objects.all():
        assert m.partner.partner_id == m.pk and m.partner.group_id == m.group_id


# -- runner, notes, feedback ------------------------------------------------------------------


@pytest.fixture
def held(cohort, facilitator, add_people):
    members = add_people(6)
    (session,) = services.sessions_schedule(
        cohort=cohort, first_date=dt.date(2026, 3, 2), local_time=dt.time(18), actor=facilitator
    )
    return session, members


def test_attendance_and_catch_up_lessons_for_those_absent(held, facilitator):
    session, members = held
    services.attendance_record(
        session=session,
        statuses={members[0].pk: "present", members[1].pk: "late", members[2].pk: "absent"},
        actor=facilitator,
    )
    assert selectors.attendance_for(session=session)[members[2].pk] == "absent"
    (catch_up,) = selectors.catch_up_for(user=members[2].user)
    assert [lesson.slug for lesson in catch_up.lessons] == ["noticing-stress"]
    assert selectors.catch_up_for(user=members[0].user) == []


def test_agreement_is_recorded_once(held, facilitator):
    session, members = held
    assert (
        services.agreement_accept(session=session, member_ids=[members[0].pk], actor=facilitator)
        == 1
    )
    assert (
        services.agreement_accept(session=session, member_ids=[members[0].pk], actor=facilitator)
        == 0
    )


def test_notes_are_encrypted_for_this_cohorts_facilitators_and_every_read_is_audited(
    held, facilitator, other_facilitator
):
    session, members = held
    services.note_add(
        cohort=session.cohort, author=facilitator, body="Quiet today", member=members[0]
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM cohorts_facilitatornote")
        assert "Quiet" not in cursor.fetchone()[0]
    notes = selectors.notes_for(cohort=session.cohort, actor=facilitator, member=members[0])
    assert [n.body for n in notes] == ["Quiet today"]
    event = AuditEvent.objects.filter(object_type="cohorts.facilitatornote", action="read").get()
    assert event.actor == facilitator and str(notes[0].pk) in event.detail
    with pytest.raises(Http404):
        selectors.notes_for(cohort=session.cohort, actor=other_facilitator, member=members[0])
    with pytest.raises(services.CohortError):
        services.note_add(
            cohort=session.cohort, author=other_facilitator, body="x", session=session
        )


def _attend(session, members, facilitator):
    services.attendance_record(
        session=session, statuses={m.pk: "present" for m in members}, actor=facilitator
    )


def test_feedback_shows_only_from_five_answers_and_never_who_said_what(held, facilitator):
    session, members = held
    _attend(session, members, facilitator)
    for i, m in enumerate(members[:4]):
        services.feedback_submit(session=session, member=m, useful=i + 2, keep=f"keep {i}")
    summary = selectors.feedback_for(session=session)
    assert summary.answers == 4 and not summary.shown and summary.keep == []
    services.feedback_submit(session=session, member=members[4], useful=5, change="more breaks")
    summary = selectors.feedback_for(session=session)
    assert summary.shown and summary.average == 3.8
    assert sorted(summary.keep) == ["keep 0", "keep 1", "keep 2", "keep 3"]
    assert summary.change == ["more breaks"]
    # The answer row has no link to a person or a time; the receipt has no answer.
    answer_fields = {f.name for f in SessionFeedback._meta.get_fields()}
    assert not answer_fields & {"member", "user", "created_at", "submitted_at"}
    receipt_fields = {f.name for f in FeedbackReceipt._meta.get_fields()}
    assert not receipt_fields & {"useful", "keep", "change"}


def test_feedback_once_and_only_after_attending(held, facilitator):
    session, members = held
    with pytest.raises(services.CohortError, match="attended"):
        services.feedback_submit(session=session, member=members[0], useful=4)
    _attend(session, members[:1], facilitator)
    services.feedback_submit(session=session, member=members[0], useful=4)
    with pytest.raises(services.CohortError, match="already"):
        services.feedback_submit(session=session, member=members[0], useful=4)
    assert SessionFeedback.objects.count() == 1


# -- closure ----------------------------------------------------------------------------------


def test_closing_schedules_post_and_follow_ups_from_the_last_session(held, facilitator):
    session, members = held
    _attend(session, members, facilitator)
    services.cohort_close(cohort=session.cohort, actor=facilitator)
    user = members[0].user
    due = DueAssessment.objects.filter(user=user, source=f"cohort:{session.cohort_id}")
    post = due.filter(wave="post")
    assert {d.instrument for d in post} == {"brs", "pss10", "wheel"}
    follow_ups = sorted(
        {
            (d.opens_at.astimezone(session.cohort.zone).date(), d.label)
            for d in due.filter(wave="follow_up")
        }
    )
    days = sorted({d for d, _ in follow_ups})
    assert days[0] == dt.date(2026, 6, 2) and days[-1] == dt.date(2026, 9, 2)
    check_in = CohortSession.objects.get(cohort=session.cohort, kind="follow_up")
    assert (check_in.local_date, check_in.local_time) == (dt.date(2026, 6, 2), dt.time(18))
    assert session.cohort.__class__.objects.get(pk=session.cohort_id).is_closed
    # Closing again changes nothing.
    count = DueAssessment.objects.count()
    services.cohort_close(cohort=session.cohort, actor=facilitator)
    assert DueAssessment.objects.count() == count


def test_a_cohort_without_sessions_cannot_close(cohort, facilitator):
    with pytest.raises(services.CohortError):
        services.cohort_close(cohort=cohort, actor=facilitator)


def test_the_participant_summary(held, facilitator):
    session, members = held
    _attend(session, members[:1], facilitator)
    services.maintenance_plan_save(member=members[0], body="Walk daily", goals_met="partly")
    from steadfast.practice.models import Entry, Goal, GoalStatus

    person = members[0].user
    Entry.objects.create(user=person, exercise="gratitude", data={"good_things": ["tea"]})
    Goal.objects.create(user=person, data={"what": "walk"}, status=GoalStatus.DONE)
    Goal.objects.create(user=person, data={"what": "read"})
    summary = selectors.summary_for(place=CohortMember.objects.get(pk=members[0].pk))
    assert (summary.sessions_attended, summary.goals_met) == (1, "partly")
    assert (summary.exercises_done, summary.goals_done, summary.goals_set) == (1, 1, 2)
    assert summary.measures == []


def test_the_sweep_command_is_safe_to_run_again(db):
    from io import StringIO

    from django.core.management import call_command

    first, second = StringIO(), StringIO()
    call_command("cohort_reminders_sweep", stdout=first)
    call_command("cohort_reminders_sweep", stdout=second)
    assert second.getvalue() == "0 reminder(s) sent.\n"


def test_enrolling_someone_new_invites_them_as_a_participant_only(cohort, facilitator):
    """Least privilege: a facilitator's enrolment gives the participant role, nothing more."""
    member = services.member_enrol(
        cohort=cohort, email="new.person@example.org", name="New Person", actor=facilitator
    )
    assert member.invitation is not None
    assert member.invitation.role == "participant"

"""One write per intent: the same form sent eight times at once writes once.

Each case opens the page a person would, reads the form off it (hidden fields included, as a
browser without JavaScript sends it), then sends that one filled-in form eight times at the
same moment from eight threads, each with its own database connection. Exactly one record
results, and every one of the eight answers is a success or a redirect to a page that shows no
error: a double click never tells someone their form failed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django_tasks_db.models import DBTaskResult

from steadfast.accounts.models import ConsentRecord
from steadfast.accounts.tests.factories import UserFactory
from steadfast.assessments import services as assessment_services
from steadfast.assessments.models import Draft as AssessmentDraft
from steadfast.assessments.models import Response as AssessmentResponse
from steadfast.assessments.services import draft_answers
from steadfast.cohorts import services as cohort_services
from steadfast.cohorts.models import (
    CalendarFeed,
    Cohort,
    CohortGroup,
    CohortMember,
    CohortSession,
    FacilitatorNote,
    Intake,
    MaintenancePlan,
    SessionFeedback,
)
from steadfast.cohorts.tests.factories import night_shift_cohort
from steadfast.core.models import AuditEvent
from steadfast.journal import services as journal_services
from steadfast.journal.models import Draft as JournalDraft
from steadfast.journal.models import Entry as JournalEntry
from steadfast.organisations import services as organisation_services
from steadfast.organisations.models import (
    Invitation,
    Membership,
    Organisation,
    Role,
    RoleChange,
)
from steadfast.organisations.tests.factories import MembershipFactory, OrganisationFactory
from steadfast.practice import services as practice_services
from steadfast.practice.forms import CleanEntry
from steadfast.practice.models import Draft as PracticeDraft
from steadfast.practice.models import Entry as PracticeEntry
from steadfast.practice.models import Goal, GoalUpdate
from steadfast.programs.models import (
    Enrolment,
    ItemProgress,
    KnowledgeCheckAnswer,
    ProgramVersion,
)
from steadfast.programs.services import enrolment_create
from steadfast.programs.tests.factories import latest, load_valid
from steadfast.safety.models import Alert, AlertRule, OrganisationLine
from steadfast.safety.tests.factories import named_responders
from steadfast.training import services as training_services
from steadfast.training.models import (
    Debrief,
    RegionalTraining,
    Seat,
    SeatAllocation,
    TrainingRequest,
)
from tests.concurrency import DatabaseCopy
from tests.forms import Value, form_on

TIMES = 8


@dataclass
class World:
    org: Organisation
    people: dict[str, Any]
    version: ProgramVersion
    cohort: Cohort
    members: list[CohortMember]
    session: CohortSession
    goal: Goal
    enrolment: Enrolment
    draft: AssessmentDraft
    training_request: TrainingRequest
    allocation: SeatAllocation
    invitation: Invitation
    joining: Invitation
    journal_entry: JournalEntry
    seat: Seat
    debrief: Debrief
    grouped: Cohort  # a second cohort, already in two groups (moving people, pairing)
    groups: list[CohortGroup]
    note: FacilitatorNote
    line: OrganisationLine
    alert: Alert
    question_draft: AssessmentDraft
    practice_entry: PracticeEntry
    checkin: AssessmentResponse
    partner_goal: Goal  # Person 1's goal; the participant is asked to be the partner
    shared_entry: JournalEntry
    journal_draft: JournalDraft

    @property
    def slug(self) -> str:
        return self.org.slug

    @property
    def cohort_url(self) -> str:
        return f"/o/{self.slug}/cohorts/{self.cohort.pk}/"

    def membership(self, who: str) -> Membership:
        return Membership.objects.get(organisation=self.org, user=self.people[who])


def _person(org: Organisation, role: str, name: str, **extra: Any) -> Any:
    user = UserFactory(full_name=name, **extra)
    MembershipFactory(user=user, organisation=org, role=role)
    return user


@pytest.fixture
def world(database_copy: DatabaseCopy) -> World:
    org = OrganisationFactory(name="Northside Hospital", slug="northside")
    people = {
        "facilitator": _person(org, Role.FACILITATOR, "Fay Facilitator"),
        "lead": _person(org, Role.LEAD, "Alice Lead"),
        "administrator": _person(org, Role.ADMINISTRATOR, "Ada Administrator"),
        "staff": UserFactory(full_name="Sam Service", is_staff=True),
        "superuser": UserFactory(full_name="Sol Super", is_staff=True, is_superuser=True),
    }
    facilitator = people["facilitator"]
    load_valid()
    version = latest("tiny")
    cohort = night_shift_cohort(organisation=org, facilitator=facilitator)
    members = []
    for i in range(3):
        user = _person(org, Role.PARTICIPANT, f"Person {i}")
        members.append(
            cohort_services.member_enrol(
                cohort=cohort, email=user.email, name=user.full_name, actor=facilitator
            )
        )
    cohort_services.members_claim(cohort=cohort)
    members = list(CohortMember.objects.filter(cohort=cohort).order_by("pk"))
    participant = members[0].user
    people["participant"] = participant
    (session,) = cohort_services.sessions_schedule(
        cohort=cohort, first_date=dt.date(2026, 3, 2), local_time=dt.time(18), actor=facilitator
    )
    cohort_services.attendance_record(
        session=session, statuses={members[0].pk: "present"}, actor=facilitator
    )
    goal = practice_services.goal_save(
        user=participant, what="Walk after each shift", steps=["Monday", "Tuesday"]
    ).record
    enrolment = Enrolment.objects.filter(user=participant).first() or enrolment_create(
        user=participant, version=version, organisation=org, source=Enrolment.Source.DIRECT
    )
    draft = assessment_services.draft_start(user=participant, instrument="who5")
    for position in range(1, 6):
        assessment_services.draft_answer(draft=draft, position=position, value=3)
    training_request = training_services.training_request_submit(
        organisation_name="Harbor Clinic",
        staff_roles="nurses",
        headcount=12,
        preferred_format="online",
        preferred_dates="June",
        contact_name="Pat",
        contact_email="pat@example.org",
    )
    training = RegionalTraining.objects.create(
        title="Regional day", starts_on=dt.date(2026, 5, 1), place="Hall"
    )
    allocation = SeatAllocation.objects.create(training=training, organisation=org, seats=3)
    invitation = organisation_services.invitation_create(
        organisation=org, email="waiting@example.org", role="participant", invited_by=people["lead"]
    )
    joining = organisation_services.invitation_create(
        organisation=org, email="joining@example.org", role="participant", invited_by=people["lead"]
    )
    journal_entry = journal_services.entry_create(
        user=participant, token=uuid.uuid4(), title="Monday", body="A hard night."
    ).entry
    seat = training_services.seat_add(
        allocation=allocation, name="Bo Bell", email="bo@example.org", actor=people["lead"]
    )
    debrief = training_services.debrief_schedule(
        organisation=org,
        title="After the storm",
        local_date=dt.date(2026, 5, 4),
        local_time=dt.time(14),
        runner=facilitator,
        actor=people["lead"],
    )
    grouped = night_shift_cohort(
        organisation=org,
        facilitator=facilitator,
        title="Weekend group",
        starts_on=dt.date(2026, 3, 7),
    )
    for i in range(4):
        user = _person(org, Role.PARTICIPANT, f"Weekend {i}")
        cohort_services.member_enrol(
            cohort=grouped, email=user.email, name=user.full_name, actor=facilitator
        )
    cohort_services.members_claim(cohort=grouped)
    groups = [CohortGroup.objects.create(cohort=grouped, number=n) for n in (1, 2)]
    for i, member in enumerate(CohortMember.objects.filter(cohort=grouped).order_by("pk")):
        CohortMember.objects.filter(pk=member.pk).update(group=groups[i // 2])
    note = cohort_services.note_add(
        cohort=cohort, author=facilitator, body="Asked for a later slot.", member=members[1]
    )
    named_responders(org, facilitator, people["administrator"], hours="Weekdays")
    line = OrganisationLine.objects.create(
        organisation=org, name="Night support line", call="0800 765 432"
    )
    alert = Alert.objects.create(
        organisation=org,
        person=participant,
        rule=AlertRule.SEVERE,
        rules_version="2026.1",
        instrument="phq9",
        raised_at=dt.datetime(2026, 3, 2, 20, tzinfo=dt.UTC),
        deadline_at=dt.datetime(2026, 3, 3, 20, tzinfo=dt.UTC),
        assigned_to=facilitator,
    )
    question_draft = assessment_services.draft_start(user=participant, instrument="pss10")
    practice_entry = practice_services.entry_save(
        user=participant,
        exercise="abc",
        clean=CleanEntry(
            data={
                "adversity": "A long wait for the ambulance",
                "beliefs": "I should have called sooner",
                "consequences": "Short with everyone",
            }
        ),
    ).record
    checkin = practice_services.checkin_record(
        user=participant, mood=5, stress=6, energy=4, sleep=5, words=[], token=uuid.uuid4()
    )
    practice_services.draft_save(
        user=participant,
        key="new:gratitude:",
        values={"good_things": "Coffee with Sam", "_token": str(uuid.uuid4())},
    )
    partner_goal = practice_services.goal_save(
        user=members[1].user, what="Sleep before noon", partner_id=participant.pk
    ).record
    shared_entry = journal_services.entry_create(
        user=participant, token=uuid.uuid4(), title="Sunday", body="Talked it through."
    ).entry
    journal_services.entry_share(entry=shared_entry, organisation=org)
    journal_draft = journal_services.draft_save(
        user=participant, token=uuid.uuid4(), title="Half", body="Half a thought"
    )
    assert journal_draft is not None
    return World(
        org=org,
        people=people,
        version=version,
        cohort=cohort,
        members=members,
        session=session,
        goal=goal,
        enrolment=enrolment,
        draft=draft,
        training_request=training_request,
        allocation=allocation,
        invitation=invitation,
        joining=joining,
        journal_entry=journal_entry,
        seat=seat,
        debrief=debrief,
        grouped=grouped,
        groups=groups,
        note=note,
        line=line,
        alert=alert,
        question_draft=question_draft,
        practice_entry=practice_entry,
        checkin=checkin,
        partner_goal=partner_goal,
        shared_entry=shared_entry,
        journal_draft=journal_draft,
    )


def audits(**lookup: Any) -> Callable[[World], int]:
    """How many audit events match: one per action the view takes."""
    return lambda w: AuditEvent.objects.filter(**lookup).count()


def version_of(model: Any, pick: Callable[[World], Any]) -> Callable[[World], int]:
    """A row's version: each save raises it by one (core.versioning)."""
    return lambda w: model.objects.get(pk=pick(w).pk).row_version


@dataclass(frozen=True)
class Case:
    """A form: who sends it, the page it is on, what they fill in, and how to count what it
    writes (`expect` more after the eight sends). A form shown only once a file was checked
    (an import) is reached by sending `upload` (field name to file content) through the
    page's own upload form first."""

    id: str
    user: str
    page: Callable[[World], str]
    count: Callable[[World], int]
    changes: Callable[[World], dict[str, Value]] = lambda w: {}
    action: Callable[[World], str] | None = None
    button: str = ""
    where: Callable[[World], dict[str, str]] = lambda w: {}
    expect: int = 1
    upload: dict[str, bytes] = field(default_factory=dict)


CASES = [
    # -- cohorts: facilitators --------------------------------------------------------------
    Case(
        "create cohort",
        "facilitator",
        page=lambda w: f"/o/{w.slug}/cohorts/new/",
        changes=lambda w: {
            "title": "Day shift group",
            "version": str(w.version.pk),
            "starts_on": "2026-04-06",
            "format": "online",
            "video_link": "https://video.example.org/day",
        },
        count=lambda w: Cohort.objects.filter(title="Day shift group").count(),
    ),
    Case(
        "add a person to a cohort",
        "facilitator",
        page=lambda w: w.cohort_url,
        button="Add",
        changes=lambda w: {"name": "Nia New", "email": "nia@example.org"},
        count=lambda w: CohortMember.objects.filter(cohort=w.cohort).count(),
    ),
    Case(
        "schedule sessions",
        "facilitator",
        page=lambda w: f"{w.cohort_url}schedule/",
        changes=lambda w: {"first_date": "2026-04-06", "local_time": "18:00", "count": "2"},
        count=lambda w: CohortSession.objects.filter(cohort=w.cohort).count(),
        expect=2,
    ),
    Case(
        "propose groups",
        "facilitator",
        page=lambda w: f"{w.cohort_url}groups/",
        button="Propose groups",
        count=audits(detail__startswith="groups formed"),
    ),
    Case(
        "facilitator note on a member",
        "facilitator",
        page=lambda w: f"{w.cohort_url}members/{w.members[0].pk}/notes/",
        changes=lambda w: {"body": "Quiet today; check in next week."},
        count=lambda w: FacilitatorNote.objects.filter(member=w.members[0]).count(),
    ),
    Case(
        "facilitator note on a session",
        "facilitator",
        page=lambda w: f"{w.cohort_url}sessions/{w.session.pk}/run/",
        button="Save note",
        changes=lambda w: {"body": "Good energy in the room."},
        count=lambda w: FacilitatorNote.objects.filter(session=w.session).count(),
    ),
    Case(
        "attendance",
        "facilitator",
        page=lambda w: f"{w.cohort_url}sessions/{w.session.pk}/run/",
        button="Save attendance",
        changes=lambda w: {f"m{m.pk}": "present" for m in w.members},
        count=audits(object_type="cohorts.cohortsession", detail="attendance for 3"),
    ),
    Case(
        "move a person to another group",
        "facilitator",
        page=lambda w: f"/o/{w.slug}/cohorts/{w.grouped.pk}/groups/",
        where=lambda w: {"action": "move", "member": str(w.groups[0].members.order_by("pk")[0].pk)},
        changes=lambda w: {"group": str(w.groups[1].pk)},
        count=audits(object_type="cohorts.cohortmember", detail="moved to group 2"),
    ),
    Case(
        "pair peer partners",
        "facilitator",
        page=lambda w: f"/o/{w.slug}/cohorts/{w.grouped.pk}/groups/",
        button="Pair peer partners in each group",
        count=audits(detail__startswith="partners paired"),
    ),
    Case(
        "import people from a file",
        "facilitator",
        page=lambda w: f"{w.cohort_url}import/",
        upload={
            "file": b"name,email,role,team\n"
            b"Ida Import,ida@example.org,nurse,\n"
            b"Ivo Import,ivo@example.org,paramedic,\n"
        },
        button="Add 2 people",
        count=lambda w: CohortMember.objects.filter(cohort=w.cohort).count(),
        expect=2,
    ),
    Case(
        "move a session",
        "facilitator",
        page=lambda w: w.cohort_url,
        action=lambda w: f"{w.cohort_url}sessions/{w.session.pk}/change/",
        button="Move",
        changes=lambda w: {"local_date": "2026-03-03", "local_time": "19:00"},
        count=version_of(CohortSession, lambda w: w.session),
    ),
    Case(
        "cancel a session",
        "facilitator",
        page=lambda w: w.cohort_url,
        action=lambda w: f"{w.cohort_url}sessions/{w.session.pk}/change/",
        button="Cancel this session",
        count=version_of(CohortSession, lambda w: w.session),
    ),
    Case(
        "change a cohort's details",
        "facilitator",
        page=lambda w: f"{w.cohort_url}edit/",
        changes=lambda w: {"title": "Night shift group (spring)", "seats": "24"},
        count=version_of(Cohort, lambda w: w.cohort),
    ),
    Case(
        "change a facilitator note",
        "facilitator",
        page=lambda w: f"{w.cohort_url}notes/{w.note.pk}/edit/",
        changes=lambda w: {"body": "Asked for a later slot; moved to Thursdays."},
        count=version_of(FacilitatorNote, lambda w: w.note),
    ),
    Case(
        "group agreement in the room",
        "facilitator",
        page=lambda w: f"{w.cohort_url}sessions/{w.session.pk}/run/",
        button="Record agreement",
        changes=lambda w: {"members": [str(m.pk) for m in w.members]},
        count=lambda w: CohortMember.objects.filter(
            cohort=w.cohort, agreement_accepted_at__isnull=False
        ).count(),
        expect=3,
    ),
    Case(
        "close a cohort",
        "facilitator",
        page=lambda w: f"{w.cohort_url}close/",
        count=lambda w: CohortSession.objects.filter(cohort=w.cohort).count(),
    ),
    # -- training: leads ----------------------------------------------------------------------
    Case(
        "schedule a debrief",
        "lead",
        page=lambda w: f"/o/{w.slug}/debriefs/",
        changes=lambda w: {
            "title": "After the night of 3 May",
            "local_date": "2026-05-04",
            "local_time": "14:00",
            "runner": str(w.people["facilitator"].pk),
        },
        count=lambda w: Debrief.objects.filter(organisation=w.org).count(),
    ),
    Case(
        "request training",
        "lead",
        page=lambda w: f"/o/{w.slug}/training/",
        changes=lambda w: {
            "staff_roles": "dispatchers",
            "headcount": "20",
            "preferred_format": "in_person",
            "preferred_dates": "September",
        },
        count=lambda w: TrainingRequest.objects.filter(staff_roles="dispatchers").count(),
    ),
    Case(
        "give a regional training seat",
        "lead",
        page=lambda w: f"/o/{w.slug}/training/seats/",
        changes=lambda w: {
            "allocation": str(w.allocation.pk),
            "name": "Ann Able",
            "email": "ann@example.org",
        },
        count=lambda w: w.allocation.seats_taken.count(),
    ),
    Case(
        "debrief attendance",
        "lead",
        page=lambda w: f"/o/{w.slug}/debriefs/{w.debrief.pk}/",
        changes=lambda w: {"attended": [str(w.people["facilitator"].pk)]},
        count=audits(object_type="training.debrief", detail__startswith="attendance"),
    ),
    Case(
        "cancel a regional training seat",
        "lead",
        page=lambda w: f"/o/{w.slug}/training/seats/",
        action=lambda w: f"/o/{w.slug}/training/seats/{w.seat.pk}/cancel/",
        count=audits(object_type="training.seat", action="update"),
    ),
    # -- cohorts: participants ----------------------------------------------------------------
    Case(
        "session feedback",
        "participant",
        page=lambda w: f"/cohorts/sessions/{w.session.pk}/feedback/",
        changes=lambda w: {"useful": "4", "keep": "The breathing"},
        count=lambda w: SessionFeedback.objects.filter(session=w.session).count(),
    ),
    Case(
        "intake",
        "participant",
        page=lambda w: f"/cohorts/{w.cohort.pk}/intake/",
        changes=lambda w: {"goals": "Sleep better"},
        count=lambda w: Intake.objects.filter(member__cohort=w.cohort).count(),
    ),
    Case(
        "plan to keep going",
        "participant",
        page=lambda w: f"/cohorts/{w.cohort.pk}/summary/",
        changes=lambda w: {"body": "Walk, breathe, call Sam.", "goals_met": "partly"},
        count=lambda w: MaintenancePlan.objects.filter(member=w.members[0]).count(),
    ),
    Case(
        "accept the group agreement",
        "participant",
        page=lambda w: "/cohorts/",
        action=lambda w: f"/cohorts/{w.cohort.pk}/agreement/",
        count=lambda w: CohortMember.objects.filter(
            cohort=w.cohort, agreement_accepted_at__isnull=False
        ).count(),
    ),
    Case(
        "new calendar address",
        "participant",
        page=lambda w: "/cohorts/",
        action=lambda w: "/cohorts/calendar/revoke/",
        count=lambda w: CalendarFeed.objects.filter(user=w.people["participant"]).count(),
        expect=1,
    ),
    # -- practice and journal -----------------------------------------------------------------
    Case(
        "check-in",
        "participant",
        page=lambda w: "/practice/checkin/",
        changes=lambda w: {"mood": "6", "stress": "4", "energy": "5", "sleep": "7"},
        count=lambda w: AssessmentResponse.objects.filter(instrument="checkin").count(),
    ),
    Case(
        "practice entry",
        "participant",
        page=lambda w: "/practice/abc/new/",
        changes=lambda w: {
            "adversity": "A hard call",
            "beliefs": "I should have known",
            "consequences": "Tense all evening",
        },
        count=lambda w: PracticeEntry.objects.filter(exercise="abc").count(),
    ),
    Case(
        "new goal",
        "participant",
        page=lambda w: "/practice/goals/new/",
        changes=lambda w: {"what": "Drink water on shift"},
        count=lambda w: Goal.objects.filter(user=w.people["participant"]).count(),
    ),
    Case(
        "goal progress update",
        "participant",
        page=lambda w: f"/practice/goals/{w.goal.pk}/",
        action=lambda w: f"/practice/goals/{w.goal.pk}/progress/",
        changes=lambda w: {"steps_done": ["0"], "note": "Monday done"},
        count=lambda w: GoalUpdate.objects.filter(goal=w.goal).count(),
    ),
    Case(
        "journal entry",
        "participant",
        page=lambda w: "/journal/new/",
        button="Save entry",
        changes=lambda w: {"title": "Tuesday", "body": "A long shift, and a good talk after."},
        count=lambda w: JournalEntry.objects.filter(user=w.people["participant"]).count(),
    ),
    Case(
        "goal review",
        "participant",
        page=lambda w: f"/practice/goals/{w.goal.pk}/",
        action=lambda w: f"/practice/goals/{w.goal.pk}/review/",
        changes=lambda w: {"status": "active", "learned": "Small steps work"},
        count=lambda w: len(Goal.objects.get(pk=w.goal.pk).data.get("reviews", [])),
    ),
    Case(
        "change a goal",
        "participant",
        page=lambda w: f"/practice/goals/{w.goal.pk}/edit/",
        changes=lambda w: {"what": "Walk after every shift"},
        count=version_of(Goal, lambda w: w.goal),
    ),
    Case(
        "delete a goal",
        "participant",
        page=lambda w: f"/practice/goals/{w.goal.pk}/delete/",
        count=lambda w: Goal.objects.filter(user=w.people["participant"]).count(),
        expect=-1,
    ),
    Case(
        "change a journal entry",
        "participant",
        page=lambda w: f"/journal/{w.journal_entry.pk}/edit/",
        button="Save entry",
        changes=lambda w: {"body": "A hard night, and a better morning."},
        count=version_of(JournalEntry, lambda w: w.journal_entry),
    ),
    Case(
        "delete a journal entry",
        "participant",
        page=lambda w: f"/journal/{w.journal_entry.pk}/delete/",
        count=lambda w: JournalEntry.objects.filter(user=w.people["participant"]).count(),
        expect=-1,
    ),
    Case(
        "change a practice entry",
        "participant",
        page=lambda w: f"/practice/entries/{w.practice_entry.pk}/edit/",
        changes=lambda w: {"consequences": "Short with everyone, then a walk helped"},
        count=lambda w: sum(
            entry.data.get("consequences") == "Short with everyone, then a walk helped"
            for entry in PracticeEntry.objects.filter(user=w.people["participant"])
        ),
    ),
    Case(
        "delete a practice entry",
        "participant",
        page=lambda w: f"/practice/entries/{w.practice_entry.pk}/delete/",
        count=lambda w: PracticeEntry.objects.filter(user=w.people["participant"]).count(),
        expect=-1,
    ),
    Case(
        "delete a check-in",
        "participant",
        page=lambda w: f"/practice/checkin/{w.checkin.pk}/delete/",
        count=lambda w: AssessmentResponse.objects.filter(
            user=w.people["participant"], instrument="checkin"
        ).count(),
        expect=-1,
    ),
    Case(
        "clear a practice draft",
        "participant",
        page=lambda w: "/practice/gratitude/new/",
        action=lambda w: "/practice/drafts/discard/",
        count=lambda w: PracticeDraft.objects.filter(user=w.people["participant"]).count(),
        expect=-1,
    ),
    Case(
        "answer a partner invitation",
        "participant",
        page=lambda w: "/practice/goals/",
        action=lambda w: f"/practice/goals/partner/{w.partner_goal.pk}/answer/",
        button="Yes, I'll be their partner",
        count=version_of(Goal, lambda w: w.partner_goal),
    ),
    Case(
        "delete all my practice",
        "participant",
        page=lambda w: "/practice/delete-all/",
        changes=lambda w: {"confirm": "delete"},
        count=audits(object_type="practice.all", action="delete"),
    ),
    Case(
        "throw a journal draft away",
        "participant",
        page=lambda w: f"/journal/write/{w.journal_draft.token}/",
        action=lambda w: f"/journal/drafts/{w.journal_draft.token}/discard/",
        count=lambda w: JournalDraft.objects.filter(user=w.people["participant"]).count(),
        expect=-1,
    ),
    Case(
        "share a journal entry",
        "participant",
        page=lambda w: f"/journal/{w.journal_entry.pk}/share/",
        button="Share this entry",
        changes=lambda w: {"confirm": "on"},
        count=audits(detail="journal entry shared with facilitators"),
    ),
    Case(
        "take a shared journal entry back",
        "participant",
        page=lambda w: f"/journal/{w.shared_entry.pk}/",
        action=lambda w: f"/journal/{w.shared_entry.pk}/unshare/",
        count=audits(detail="journal entry sharing taken back"),
    ),
    # -- questionnaires, programs, consent ----------------------------------------------------
    Case(
        "answer a question",
        "participant",
        page=lambda w: f"/assessments/d/{w.question_draft.token}/1/",
        changes=lambda w: {"answer": "2"},
        count=lambda w: len(draft_answers(AssessmentDraft.objects.get(pk=w.question_draft.pk))),
    ),
    Case(
        "mark a lesson done",
        "participant",
        page=lambda w: f"/programs/path/{w.enrolment.pk}/items/noticing-stress/?note=read",
        action=lambda w: f"/programs/path/{w.enrolment.pk}/items/noticing-stress/progress/",
        button="Mark as done",
        count=lambda w: ItemProgress.objects.filter(enrolment=w.enrolment, status="done").count(),
    ),
    Case(
        "start a questionnaire",
        "participant",
        page=lambda w: "/assessments/",
        action=lambda w: "/assessments/start/gad7/",
        count=lambda w: AssessmentDraft.objects.filter(instrument="gad7").count(),
    ),
    Case(
        "questionnaire submit",
        "participant",
        page=lambda w: f"/assessments/d/{w.draft.token}/review/",
        count=lambda w: AssessmentResponse.objects.filter(instrument="who5").count(),
    ),
    Case(
        "knowledge check",
        "participant",
        page=lambda w: f"/programs/path/{w.enrolment.pk}/items/noticing-stress/?note=read",
        action=lambda w: f"/programs/path/{w.enrolment.pk}/items/noticing-stress/check/",
        changes=lambda w: {"q0": "0", "q1": "1"},
        count=lambda w: KnowledgeCheckAnswer.objects.filter(enrolment=w.enrolment).count(),
        expect=2,
    ),
    Case(
        "consent",
        "participant",
        page=lambda w: f"/o/{w.slug}/consent/",
        where=lambda w: {"purpose": "research"},
        button="I agree",
        count=lambda w: ConsentRecord.objects.filter(purpose="research").count(),
    ),
    Case(
        "join an open program",
        "",
        page=lambda w: "/programs/join/tiny-open/",
        changes=lambda w: {
            "email": "river@example.org",
            "full_name": "River Stone",
            "password1": "quiet harbour morning light",
            "password2": "quiet harbour morning light",
            "consent": "on",
        },
        count=lambda w: Enrolment.objects.filter(user__email="river@example.org").count(),
    ),
    Case(
        "erase everything",
        "participant",
        page=lambda w: "/my-data/",
        changes=lambda w: {"confirm": "delete"},
        count=audits(object_type="accounts.personal_data", action="delete"),
    ),
    Case(
        "sign out",
        "participant",
        page=lambda w: "/my-data/",
        action=lambda w: "/accounts/logout/",
        count=audits(action="sign_out"),
    ),
    # -- organisations ------------------------------------------------------------------------
    Case(
        "invitation",
        "lead",
        page=lambda w: f"/o/{w.slug}/people/",
        button="Send invitation",
        changes=lambda w: {"email": "new.nurse@example.org", "role": "participant"},
        count=lambda w: Invitation.objects.filter(organisation=w.org).count(),
    ),
    Case(
        "resend an invitation",
        "lead",
        page=lambda w: f"/o/{w.slug}/people/",
        action=lambda w: f"/o/{w.slug}/invitations/{w.invitation.pk}/resend/",
        count=lambda w: DBTaskResult.objects.count(),
    ),
    Case(
        "withdraw an invitation",
        "lead",
        page=lambda w: f"/o/{w.slug}/people/",
        action=lambda w: f"/o/{w.slug}/invitations/{w.invitation.pk}/revoke/",
        count=audits(object_type="organisations.invitation", detail="revoked"),
    ),
    Case(
        "change a role",
        "administrator",
        page=lambda w: f"/o/{w.slug}/people/",
        action=lambda w: f"/o/{w.slug}/members/{w.membership('participant').pk}/role/",
        changes=lambda w: {f"m{w.membership('participant').pk}-role": "champion"},
        count=lambda w: RoleChange.objects.count(),
    ),
    Case(
        "remove someone from the organisation",
        "lead",
        page=lambda w: f"/o/{w.slug}/people/",
        action=lambda w: f"/o/{w.slug}/members/{w.membership('participant').pk}/remove/",
        count=lambda w: Membership.objects.filter(organisation=w.org, is_active=True).count(),
        expect=-1,
    ),
    Case(
        "accept an invitation",
        "",
        page=lambda w: reverse(
            "invitation_accept",
            kwargs={"token": organisation_services.invitation_token(w.joining)},
        ),
        changes=lambda w: {
            "full_name": "Jo Joining",
            "password1": "quiet harbour morning light",
            "password2": "quiet harbour morning light",
        },
        count=lambda w: Membership.objects.filter(user__email="joining@example.org").count(),
    ),
    Case(
        "public training request",
        "",
        page=lambda w: "/training/request/",
        changes=lambda w: {
            "organisation_name": "Eastport Police",
            "staff_roles": "dispatchers",
            "headcount": "30",
            "preferred_format": "online",
            "preferred_dates": "October",
            "contact_name": "Dana",
            "contact_email": "dana@example.org",
        },
        count=lambda w: TrainingRequest.objects.filter(organisation_name="Eastport Police").count(),
    ),
    Case(
        "training request triage",
        "staff",
        page=lambda w: "/training/requests/",
        action=lambda w: f"/training/requests/{w.training_request.pk}/",
        changes=lambda w: {"status": "accepted"},
        count=audits(object_type="training.trainingrequest", action="update"),
    ),
    # -- safety -------------------------------------------------------------------------------
    Case(
        "safety setup",
        "administrator",
        page=lambda w: f"/o/{w.slug}/safety/setup/",
        button="Save",
        changes=lambda w: {"responder": str(w.people["facilitator"].pk), "hours": "Weekdays"},
        count=audits(object_type="safety.safetysetup"),
    ),
    Case(
        "acknowledge a safety alert",
        "facilitator",
        page=lambda w: f"/o/{w.slug}/safety/alerts/{w.alert.pk}/",
        button="Acknowledge",
        count=audits(object_type="safety.alert", detail="acknowledged"),
    ),
    Case(
        "resolve a safety alert",
        "facilitator",
        page=lambda w: f"/o/{w.slug}/safety/alerts/{w.alert.pk}/",
        button="Resolve",
        changes=lambda w: {"note": "Phoned them; they are seeing their doctor."},
        count=audits(object_type="safety.alert", detail="resolved"),
    ),
    Case(
        "remove a safety line",
        "administrator",
        page=lambda w: f"/o/{w.slug}/safety/setup/",
        where=lambda w: {"form": "line_remove", "pk": str(w.line.pk)},
        count=lambda w: OrganisationLine.objects.filter(organisation=w.org).count(),
        expect=-1,
    ),
    Case(
        "administration: add a regional training",
        "superuser",
        page=lambda w: "/admin/training/regionaltraining/add/",
        button="Save",
        changes=lambda w: {"title": "Coastal day", "starts_on": "2026-06-01", "place": "Pier"},
        count=lambda w: RegionalTraining.objects.filter(title="Coastal day").count(),
    ),
    Case(
        "safety line",
        "administrator",
        page=lambda w: f"/o/{w.slug}/safety/setup/",
        button="Add line",
        changes=lambda w: {"name": "Staff support line", "call": "0800 123 456"},
        count=lambda w: OrganisationLine.objects.filter(organisation=w.org).count(),
    ),
]


def _client_like(source: Client) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.cookies = SimpleCookie({key: morsel.value for key, morsel in source.cookies.items()})
    return client


def _shows_no_error(client: Client, response: Any) -> None:
    """A success, or a redirect to a page that shows no error message. (A repeat of a form
    that made an account and signed its sender in ends on the sign-in page: the cookie of
    the session went to the first request.)"""
    assert response.status_code in (200, 302, 303), response.status_code
    if response.status_code in (302, 303):
        page = client.get(response["Location"], follow=True)
        assert page.status_code == 200, (response["Location"], page.status_code)
        body = page.content.decode()
    else:
        body = response.content.decode()
    assert "message-error" not in body and 'class="errorlist' not in body, body


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_same_form_sent_eight_times_at_once_writes_once(
    case: Case, world: World, database_copy: DatabaseCopy
) -> None:
    browser = Client(enforce_csrf_checks=True)
    if case.user:
        browser.force_login(world.people[case.user])
    page_url = case.page(world)
    page = browser.get(page_url, follow=True)
    assert page.status_code == 200, page.status_code
    if page.redirect_chain:  # a page that sends you on to its form (a new journal page)
        page_url = page.redirect_chain[-1][0]
    if case.upload:  # the file is checked first; the page that answers holds the form
        upload = form_on(page.content.decode(), page_url, action=page_url.split("?")[0])
        files = {
            name: SimpleUploadedFile(f"{name}.csv", content, content_type="text/csv")
            for name, content in case.upload.items()
        }
        page = browser.post(upload.action, {**upload.data(), **files})
        assert page.status_code == 200, page.status_code
    form = form_on(
        page.content.decode(),
        page_url,
        action=case.action(world) if case.action else page_url.split("?")[0],
        button=case.button,
        where=case.where(world),
    )
    data = form.data(case.changes(world), button=case.button)
    before = case.count(world)
    clients = [_client_like(browser) for _ in range(TIMES)]

    def send(client: Client) -> Callable[[], Any]:
        return lambda: client.post(form.action, data)

    responses = database_copy.at_once([send(client) for client in clients])

    assert case.count(world) - before == case.expect
    for client, response in zip(clients, responses, strict=True):
        _shows_no_error(client, response)


# -- every address is accounted for -----------------------------------------------------------

READ = "pages and downloads: nothing is sent to it"
# Each address: the cases above that send its forms, or why none does. A new address fails
# test_every_address_is_accounted_for until it is added here.
ADDRESSES: dict[str, tuple[str, ...] | str] = {
    "landing": READ,
    "healthz": READ,
    "crisis": READ,
    "bench_hello": READ,
    "home": READ,
    "my_data": ("erase everything",),
    "my_data_export": READ,
    "organisation_home": READ,
    "organisation_people": ("invitation",),
    "member_remove": ("remove someone from the organisation",),
    "member_role_change": ("change a role",),
    "invitation_resend": ("resend an invitation",),
    "invitation_revoke": ("withdraw an invitation",),
    "consent": ("consent",),
    "shared_measures": READ,
    "cohorts_org:list": READ,
    "cohorts_org:create": ("create cohort",),
    "cohorts_org:detail": ("add a person to a cohort",),
    "cohorts_org:import": ("import people from a file",),
    "cohorts_org:groups": (
        "propose groups",
        "move a person to another group",
        "pair peer partners",
    ),
    "cohorts_org:schedule": ("schedule sessions",),
    "cohorts_org:session_change": ("move a session", "cancel a session"),
    "cohorts_org:session_run": (
        "facilitator note on a session",
        "attendance",
        "group agreement in the room",
    ),
    "cohorts_org:member_notes": ("facilitator note on a member",),
    "cohorts_org:close": ("close a cohort",),
    "cohorts_org:edit": ("change a cohort's details",),
    "cohorts_org:note_edit": ("change a facilitator note",),
    "training_org:debriefs": ("schedule a debrief",),
    "training_org:debrief": ("debrief attendance",),
    "training_org:request": ("request training",),
    "training_org:seats": ("give a regional training seat",),
    "training_org:seat_cancel": ("cancel a regional training seat",),
    "insights_org:dashboard": READ,
    "insights_org:report": READ,
    "insights_org:report_download": READ,
    "safety_org:alerts": READ,
    "safety_org:alert": ("acknowledge a safety alert", "resolve a safety alert"),
    "safety_org:setup": ("safety setup", "safety line", "remove a safety line"),
    "journal_org:shared": READ,
    "journal_org:shared_entry": READ,
    "invitation_accept": ("accept an invitation",),
    "assessments:index": READ,
    "assessments:start": ("start a questionnaire",),
    "assessments:question": ("answer a question",),
    "assessments:review": ("questionnaire submit",),
    "assessments:result": READ,
    "assessments:progress": READ,
    "assessments:export": READ,
    "programs:library": READ,
    "programs:mine": READ,
    "programs:join": ("join an open program",),
    "programs:path": READ,
    "programs:item": READ,
    "programs:item_progress": ("mark a lesson done",),
    "programs:item_check": ("knowledge check",),
    "programs:preview": READ,
    "practice:index": READ,
    "practice:checkin": ("check-in",),
    "practice:checkin_trend": READ,
    "practice:checkin_delete": ("delete a check-in",),
    "practice:goals": READ,
    "practice:goal_new": ("new goal",),
    "practice:goal": READ,
    "practice:goal_edit": ("change a goal",),
    "practice:goal_progress": ("goal progress update",),
    "practice:goal_review": ("goal review",),
    "practice:goal_delete": ("delete a goal",),
    "practice:partner_goal": READ,
    "practice:partner_respond": ("answer a partner invitation",),
    "practice:draft_save": "autosave from the page's script: one draft per person and form "
    "(unique constraint draft_per_form), saved over in place",
    "practice:draft_discard": ("clear a practice draft",),
    "practice:suggest_traps": "suggestions for a thought, asked by the page's script; writes "
    "nothing",
    "practice:export_json": READ,
    "practice:export_html": READ,
    "practice:delete_all": ("delete all my practice",),
    "practice:entry": READ,
    "practice:edit": ("change a practice entry",),
    "practice:delete": ("delete a practice entry",),
    "practice:history": READ,
    "practice:new": ("practice entry",),
    "journal:index": READ,
    "journal:new": READ,
    "journal:write": ("journal entry",),
    "journal:autosave": "autosave from the page's script: one draft per page token (unique "
    "constraint), saved over in place",
    "journal:discard": ("throw a journal draft away",),
    "journal:search": "a search sent as a form so the words stay out of addresses; writes "
    "nothing, and its answer (a page) is never stored",
    "journal:export_json": READ,
    "journal:export_html": READ,
    "journal:entry": READ,
    "journal:edit": ("change a journal entry",),
    "journal:delete": ("delete a journal entry",),
    "journal:share": ("share a journal entry",),
    "journal:unshare": ("take a shared journal entry back",),
    "cohorts:mine": READ,
    "cohorts:intake": ("intake",),
    "cohorts:agreement": ("accept the group agreement",),
    "cohorts:summary": ("plan to keep going",),
    "cohorts:feedback": ("session feedback",),
    "cohorts:calendar": READ,
    "cohorts:calendar_revoke": ("new calendar address",),
    "training:request": ("public training request",),
    "training:triage": READ,
    "training:triage_decide": ("training request triage",),
    "api_me": READ,
    "api_schema": READ,
}


def _names(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(p for p in (namespace, pattern.namespace or "") if p)
            if pattern.app_name in ("admin", "allauth") or str(pattern.pattern) == "accounts/":
                continue  # Django's and allauth's (the admin's change form and sign-out are cases)
            yield from _names(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_address_is_accounted_for() -> None:
    assert sorted(set(_names(get_resolver().url_patterns))) == sorted(ADDRESSES)
    known = {case.id for case in CASES}
    for name, how in ADDRESSES.items():
        if isinstance(how, tuple):
            assert set(how) <= known, name

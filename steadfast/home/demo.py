"""The demo organisation that `make run` loads: one person for every role, and a platform
staff account apart from it.

The organisation's administrator is an organisation role, nothing more: not Django staff, not
a superuser. Platform staff (the Django administration, training-request triage) is a separate
account that belongs to no organisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from steadfast.accounts.models import ConsentPurpose, User
from steadfast.accounts.selectors import has_consented
from steadfast.accounts.services import consent_decide, user_create
from steadfast.assessments.models import DueAssessment
from steadfast.assessments.services import schedule_plan
from steadfast.cohorts.models import Cohort, CohortMember, MemberStatus
from steadfast.cohorts.services import member_email_index
from steadfast.organisations.models import Membership, Organisation, Role, Team
from steadfast.programs.models import Enrolment, ProgramVersion
from steadfast.programs.services import enrolment_create
from steadfast.safety.models import SafetySetup
from steadfast.safety.services import SetupInput, setup_save

DEMO_PASSWORD = "steadfast-demo-2026"  # noqa: S105 (published demo sign-in, never for real use)
DEMO_SLUG = "harbor-city"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    role: str
    team: str | None


DEMO_PEOPLE = [
    DemoPerson("participant@demo.steadfast.local", "Sam Rivera", Role.PARTICIPANT, "Dispatch"),
    DemoPerson("facilitator@demo.steadfast.local", "Dana Okafor", Role.FACILITATOR, None),
    DemoPerson("lead@demo.steadfast.local", "Lee Tanaka", Role.LEAD, None),
    DemoPerson("admin@demo.steadfast.local", "Alex Morgan", Role.ADMINISTRATOR, None),
]


@dataclass(frozen=True)
class DemoStaff:
    """Platform staff: Django staff and superuser, member of no organisation."""

    email: str
    full_name: str


DEMO_STAFF = DemoStaff("staff@demo.steadfast.local", "Jordan Hale")


def _demo_account(email: str, full_name: str, *, platform_staff: bool) -> User:
    """The demo account for `email`, created if missing. Its platform rights are set to what
    the demo says even when it exists: a database from before this rule had the
    organisation's administrator as a superuser."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = user_create(email=email, password=DEMO_PASSWORD, full_name=full_name, verified=True)
    else:
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
    if (user.is_staff, user.is_superuser) != (platform_staff, platform_staff):
        user.is_staff = user.is_superuser = platform_staff
        user.save(update_fields=["is_staff", "is_superuser"])
    return user


@transaction.atomic
def demo_load() -> Organisation:
    """Create or complete the demo; re-running changes nothing that exists, except that demo
    accounts get back the platform rights the demo gives them (none, but for platform staff)."""
    organisation, _ = Organisation.objects.get_or_create(
        slug=DEMO_SLUG,
        defaults={
            "name": "Harbor City Emergency Services",
            "country": "US",
            "time_zone": "America/Chicago",
        },
    )
    teams = {}
    for name in ["Dispatch", "Patrol", "Fire and Rescue"]:
        teams[name], _ = Team.objects.get_or_create(organisation=organisation, name=name)
    _demo_account(DEMO_STAFF.email, DEMO_STAFF.full_name, platform_staff=True)
    for person in DEMO_PEOPLE:
        user = _demo_account(person.email, person.full_name, platform_staff=False)
        Membership.objects.get_or_create(
            user=user,
            organisation=organisation,
            defaults={"role": person.role, "team": teams.get(person.team or "")},
        )
        if person.role == Role.PARTICIPANT and not has_consented(
            user=user, organisation=organisation, purpose=ConsentPurpose.TAKING_PART
        ):
            consent_decide(
                user=user, organisation=organisation, purpose=ConsentPurpose.TAKING_PART, given=True
            )
        if person.role == Role.PARTICIPANT:
            _demo_schedule(user, organisation)
            _demo_enrol(user, organisation)
    _demo_safety(organisation)
    _demo_group(organisation)
    return organisation


def _demo_safety(organisation: Organisation) -> None:
    """Safety works out of the box: Dana Okafor (facilitator) responds to alerts, Alex Morgan
    (administrator) is the backup, and Sam Rivera has agreed that a responder is told when
    answers suggest risk, so answering PHQ-9 item 9 reaches a named person."""
    by_role = {person.role: User.objects.get(email=person.email) for person in DEMO_PEOPLE}
    if not SafetySetup.objects.filter(organisation=organisation).exists():
        setup_save(
            organisation=organisation,
            data=SetupInput(
                responder_id=by_role[Role.FACILITATOR].pk,
                backup_id=by_role[Role.ADMINISTRATOR].pk,
                hours="weekdays 8am to 6pm",
                policy={},
            ),
            by=by_role[Role.ADMINISTRATOR],
        )
    participant = by_role[Role.PARTICIPANT]
    if not has_consented(
        user=participant, organisation=organisation, purpose=ConsentPurpose.SAFETY_ALERTS
    ):
        consent_decide(
            user=participant,
            organisation=organisation,
            purpose=ConsentPurpose.SAFETY_ALERTS,
            given=True,
        )


def _demo_group(organisation: Organisation) -> None:
    """A running group: Dana Okafor facilitates the workshop cohort Sam Rivera takes part in,
    so what Sam shares has a facilitator to go to. Sam's place uses the enrolment made above
    and adds no second questionnaire schedule. Needs the content loaded."""

    participant = User.objects.get(email=DEMO_PEOPLE[0].email)
    facilitator = User.objects.get(email=DEMO_PEOPLE[1].email)
    enrolment = (
        Enrolment.objects.filter(
            user=participant, version__program__slug="first-responder-workshop"
        )
        .select_related("version")
        .first()
    )
    if enrolment is None or Cohort.objects.filter(organisation=organisation).exists():
        return
    cohort = Cohort.objects.create(
        organisation=organisation,
        version=enrolment.version,
        title="Dispatch resilience workshop",
        starts_on=timezone.localdate(),
        time_zone=organisation.time_zone,
        format="in_person",
        place="Training room, Harbor City dispatch centre",
        seats=12,
    )
    cohort.facilitators.add(facilitator)
    CohortMember.objects.create(
        cohort=cohort,
        user=participant,
        name=participant.full_name,
        email=participant.email,
        email_index=member_email_index(participant.email),
        staff_role="dispatcher",
        team=Membership.objects.get(user=participant, organisation=organisation).team,
        enrolment=enrolment,
        status=MemberStatus.ACTIVE,
    )


def _demo_enrol(user: User, organisation: Organisation) -> None:
    """Put the demo participant on the first-responder workshop (dispatcher variant), when the
    content has been loaded."""

    version = (
        ProgramVersion.objects.filter(program__slug="first-responder-workshop")
        .order_by("-number")
        .first()
    )
    if (
        version is None
        or Enrolment.objects.filter(user=user, version__program=version.program).exists()
    ):
        return
    enrolment_create(
        user=user,
        version=version,
        organisation=organisation,
        source=Enrolment.Source.DIRECT,
        variant=version.variants.filter(role="dispatcher").first(),
    )


def _demo_schedule(user: User, organisation: Organisation) -> None:
    """Baseline questionnaires due now and weekly check-ins, as a program would schedule them."""

    if DueAssessment.objects.filter(user=user, source="demo").exists():
        return
    today = timezone.localdate()
    schedule_plan(
        user=user,
        organisation=organisation,
        plan={
            "baseline": ["phq9", "gad7", "who5", "wheel"],
            "post": ["phq9", "gad7", "who5", "wheel"],
            "follow_ups": [{"after_months": 3, "instruments": ["who5", "wheel"]}],
            "recurring": [{"instrument": "checkin", "every_days": 7}],
        },
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(weeks=8),
        source="demo",
    )

"""The demo organisation that `make run` loads: one person for every role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from steadfast.accounts.models import ConsentPurpose, User
from steadfast.accounts.selectors import has_consented
from steadfast.accounts.services import consent_decide
from steadfast.assessments.models import DueAssessment
from steadfast.organisations.models import Membership, Organisation, Role, Team

DEMO_PASSWORD = "steadfast-demo-2026"  # noqa: S105 (published demo sign-in, never for real use)
DEMO_SLUG = "harbor-city"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    role: str
    team: str | None
    is_staff: bool = False


DEMO_PEOPLE = [
    DemoPerson("participant@demo.steadfast.local", "Sam Rivera", Role.PARTICIPANT, "Dispatch"),
    DemoPerson("facilitator@demo.steadfast.local", "Dana Okafor", Role.FACILITATOR, None),
    DemoPerson("lead@demo.steadfast.local", "Lee Tanaka", Role.LEAD, None),
    DemoPerson("admin@demo.steadfast.local", "Alex Morgan", Role.ADMINISTRATOR, None, True),
]


@transaction.atomic
def demo_load() -> Organisation:
    """Create or complete the demo; re-running changes nothing that exists."""
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
    for person in DEMO_PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = User.objects.create_user(
                email=person.email,
                password=DEMO_PASSWORD,
                full_name=person.full_name,
                is_staff=person.is_staff,
                is_superuser=person.is_staff,
            )
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
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
    return organisation


def _demo_enrol(user: User, organisation: Organisation) -> None:
    """Put the demo participant on the first-responder workshop (dispatcher variant), when the
    content has been loaded."""
    from steadfast.programs.models import Enrolment, ProgramVersion
    from steadfast.programs.services import enrolment_create

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
    from steadfast.assessments.services import schedule_plan

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

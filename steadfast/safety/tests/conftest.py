import json
import uuid

import pytest
from django.utils import timezone

from steadfast.accounts.models import ConsentPurpose
from steadfast.accounts.services import consent_decide
from steadfast.accounts.tests.factories import UserFactory
from steadfast.assessments.models import Response
from steadfast.assessments.scoring.engine import score
from steadfast.assessments.scoring.keys import shipped_key
from steadfast.organisations.models import Role
from steadfast.organisations.tests.factories import MembershipFactory
from steadfast.safety.models import SafetySetup


@pytest.fixture
def second_facilitator(org):
    """Fiona: a facilitator the organisation did not name as a responder."""
    user = UserFactory(full_name="Fiona Unnamed")
    MembershipFactory(user=user, organisation=org, role=Role.FACILITATOR)
    return user


@pytest.fixture
def named(org, facilitator, administrator):
    """The facilitator responds; the administrator is the backup."""
    setup, _ = SafetySetup.objects.update_or_create(
        organisation=org,
        defaults={
            "responder": facilitator,
            "backup": administrator,
            "hours": "weekdays 8 to 6",
            "no_responder_reason": "",
        },
    )
    return setup


def agree(user, org, *purposes):
    for purpose in purposes or (ConsentPurpose.SAFETY_ALERTS,):
        consent_decide(user=user, organisation=org, purpose=purpose, given=True)


@pytest.fixture
def consented(participant, org):
    agree(participant, org, ConsentPurpose.SAFETY_ALERTS, ConsentPurpose.SAFETY_WORDS)
    return participant


def stored(user, instrument, answers, at=None, organisation=None):
    """A scored response at a given moment, stored without screening (for building history)."""
    result = score(shipped_key(instrument), answers)
    return Response.objects.create(
        token=uuid.uuid4(),
        user=user,
        organisation=organisation,
        instrument=instrument,
        answers=json.dumps(answers),
        total=result.total,
        subscales=result.subscales,
        band=result.band or "",
        flags=result.flags,
        valid=result.valid,
        provisional=False,
        submitted_at=at or timezone.now(),
    )


def phq9(total=0, item9=0):
    """PHQ-9 answers with item 9 as given and the rest making up `total`."""
    answers = [0] * 9
    answers[8] = item9
    rest = total - item9
    for i in range(8):
        step = min(3, rest)
        answers[i] = step
        rest -= step
    assert rest == 0
    return answers


def spread(total, n, top):
    answers = [0] * n
    rest = total
    for i in range(n):
        step = min(top, rest)
        answers[i] = step
        rest -= step
    assert rest == 0
    return answers

"""A facilitator sees the shared measures of consenting people in their own cohorts only."""

import datetime as dt

import pytest
from django.urls import reverse

from steadfast.accounts.models import ConsentPurpose
from steadfast.accounts.services import consent_decide
from steadfast.cohorts import services
from steadfast.cohorts.selectors import shared_measures_for
from steadfast.core.models import AuditEvent
from steadfast.organisations.models import Membership

pytestmark = pytest.mark.django_db


def share(member, org):
    consent_decide(
        user=member.user, organisation=org, purpose=ConsentPurpose.SHARE_MEASURES, given=True
    )


def test_only_consenting_members_of_my_cohorts(
    org, cohort, tiny, facilitator, other_facilitator, add_people
):
    mine_sharing, _not_sharing = add_people(2)
    elsewhere = services.cohort_create(
        organisation=org,
        version=tiny,
        title="Other group",
        facilitators=[other_facilitator],
        starts_on=dt.date(2026, 3, 2),
        time_zone="UTC",
        format="in_person",
        place="Room 2",
        actor=other_facilitator,
    )
    from steadfast.accounts.tests.factories import UserFactory
    from steadfast.organisations.tests.factories import MembershipFactory

    stranger = UserFactory()
    MembershipFactory(user=stranger, organisation=org, role="participant")
    other_member = services.member_enrol(
        cohort=elsewhere, email=stranger.email, name="S", actor=other_facilitator
    )
    for m in (mine_sharing, other_member):
        share(m, org)
    membership = Membership.objects.get(user=facilitator, organisation=org)
    people = [person for person, _ in shared_measures_for(facilitator=membership)]
    assert people == [mine_sharing.user]
    assert list(
        AuditEvent.objects.filter(object_type="assessments.measures").values_list(
            "object_id", flat=True
        )
    ) == [str(mine_sharing.user.pk)]


def test_shared_measures_page_runs_a_fixed_number_of_queries(
    client, org, facilitator, add_people, django_assert_max_num_queries
):
    for m in add_people(2):
        share(m, org)
    client.force_login(facilitator)
    target = reverse("shared_measures", kwargs={"slug": org.slug})
    client.get(target)
    with django_assert_max_num_queries(30) as small:
        client.get(target)
    for m in add_people(10, start=50):
        share(m, org)
    # One audit insert per extra person shown; nothing else grows.
    with django_assert_max_num_queries(len(small.captured_queries) + 10):
        assert client.get(target).status_code == 200

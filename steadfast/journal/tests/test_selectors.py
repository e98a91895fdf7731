"""Who may read what: facilitators, shared entries and the owner's search."""

import pytest

from steadfast.accounts.tests.factories import UserFactory
from steadfast.core.models import AuditEvent
from steadfast.journal import selectors, services
from steadfast.journal.models import Entry
from steadfast.organisations.models import Role
from steadfast.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_my_facilitators_are_the_active_facilitators_where_i_take_part(
    participant, facilitator, lead, administrator, other_org, org
):
    elsewhere = UserFactory()
    MembershipFactory(user=elsewhere, organisation=other_org, role=Role.FACILITATOR)
    gone = UserFactory()
    MembershipFactory(user=gone, organisation=org, role=Role.FACILITATOR, is_active=False)
    assert list(selectors.facilitators_for(user=participant, organisation=org)) == [facilitator]
    assert not selectors.facilitators_for(user=participant, organisation=other_org).exists()


def test_someone_who_does_not_take_part_has_no_facilitators(facilitator, lead, org):
    assert not selectors.facilitators_for(user=lead, organisation=org).exists()


def test_a_facilitator_sees_only_entries_shared_with_them(
    participant, other_participant, facilitator, org, write
):
    shared = write(participant, "shared words")
    write(participant, "private words")
    services.entry_share(entry=shared, organisation=org)
    membership = facilitator.memberships.get()
    assert list(selectors.shared_entries_for(facilitator=membership)) == [shared]


def test_a_shared_entry_stops_being_visible_when_the_writer_leaves(
    participant, facilitator, org, write
):
    entry = write(participant, "words")
    services.entry_share(entry=entry, organisation=org)
    participant.memberships.update(is_active=False)
    assert not selectors.shared_entries_for(facilitator=facilitator.memberships.get()).exists()


def test_reading_a_shared_entry_is_audited(participant, facilitator, org, write):
    entry = write(participant, "words")
    services.entry_share(entry=entry, organisation=org)
    read = selectors.shared_entry_read(facilitator=facilitator.memberships.get(), pk=entry.pk)
    assert read == entry
    event = AuditEvent.objects.get(action="read")
    assert (event.actor, event.object_type, event.object_id) == (
        facilitator,
        "journal.entry",
        str(entry.pk),
    )
    assert event.organisation == org


def test_a_revoked_entry_cannot_be_read(participant, facilitator, org, write):
    entry = write(participant, "words")
    services.entry_share(entry=entry, organisation=org)
    services.entry_unshare(entry=entry)
    with pytest.raises(Entry.DoesNotExist):
        selectors.shared_entry_read(facilitator=facilitator.memberships.get(), pk=entry.pk)
    assert not AuditEvent.objects.filter(action="read").exists()


def test_search_finds_only_the_owners_entries_newest_first(participant, other_participant, write):
    older = write(participant, "A walk by the río", title="Sunday")
    newer = write(participant, "Rio again", title="Monday")
    write(participant, "nothing here")
    write(other_participant, "my own rio")
    found = selectors.entries_search(user=participant, query="RIO")
    assert [f.entry for f in found] == [newer, older]
    assert found[1].snippet.match == "río"


def test_search_takes_one_query_whatever_the_journal_size(
    participant, write, django_assert_num_queries
):
    for n in range(30):
        write(participant, f"entry {n} about the harbour")
    with django_assert_num_queries(1):
        assert len(selectors.entries_search(user=participant, query="harbour")) == 30

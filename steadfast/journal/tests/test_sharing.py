"""A shared entry goes to the facilitators of the person's current groups, by name: not to
every facilitator of the organisation, not to one who joins later unless the person shares
again, and no longer to one who stops running their groups. The person sees who can read it."""

import pytest
from django.urls import reverse

from steadfast.accounts.tests.factories import UserFactory
from steadfast.journal import selectors, services
from steadfast.journal.models import Reader
from steadfast.journal.tests.conftest import group_of
from steadfast.organisations.models import Role
from steadfast.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
SECRET = "the words about the night on the bridge"


def a_facilitator(org, name):
    user = UserFactory(full_name=name)
    MembershipFactory(user=user, organisation=org, role=Role.FACILITATOR)
    return user


def can_read(facilitator, entry):
    membership = facilitator.memberships.get()
    return selectors.shared_entries_for(facilitator=membership).filter(pk=entry.pk).exists()


def test_a_facilitator_who_runs_none_of_the_persons_groups_cannot_read(
    client, participant, facilitator, org, write
):
    stranger = a_facilitator(org, "Sol Stranger")
    group_of(org, stranger)  # runs a group, but not the person's
    entry = write(participant, SECRET)
    services.entry_share(entry=entry, organisation=org)
    assert can_read(facilitator, entry)
    assert not can_read(stranger, entry)
    client.force_login(stranger)
    url = reverse("journal_org:shared_entry", kwargs={"slug": org.slug, "pk": entry.pk})
    response = client.get(url)
    assert response.status_code == 404
    assert SECRET not in response.text


def test_a_facilitator_who_joins_later_reads_only_after_the_person_shares_again(
    client, participant, facilitator, org, write
):
    entry = write(participant, SECRET)
    services.entry_share(entry=entry, organisation=org)
    cohort = participant.cohort_places.get().cohort
    later = a_facilitator(org, "Lou Later")
    cohort.facilitators.add(later)
    assert not can_read(later, entry)
    client.force_login(participant)
    page = client.get(reverse("journal:entry", args=[entry.pk])).text
    assert "Lou Later started running one of your groups after you shared" in page
    who = page.split("Who can open it now:")[1].split("</ul>")[0]
    assert "Fay Facilitator" in who and "Lou Later" not in who
    # Sharing again brings the list up to date.
    response = client.post(
        reverse("journal:share", args=[entry.pk]), {"organisation": org.pk, "confirm": "on"}
    )
    assert response.status_code == 302
    assert can_read(later, entry) and can_read(facilitator, entry)
    assert set(Reader.objects.filter(entry=entry).values_list("reader", flat=True)) == {
        facilitator.pk,
        later.pk,
    }


def test_a_facilitator_who_stops_running_the_group_loses_access(
    participant, facilitator, org, write
):
    entry = write(participant, SECRET)
    services.entry_share(entry=entry, organisation=org)
    cohort = participant.cohort_places.get().cohort
    cohort.facilitators.remove(facilitator)
    assert not can_read(facilitator, entry)
    assert selectors.readers_of(entry=entry) == []
    # Put back on the group, the named reader can read again; nobody else was added.
    cohort.facilitators.add(facilitator)
    assert can_read(facilitator, entry)


def test_a_closed_group_is_not_a_current_group(participant, facilitator, org, write):
    entry = write(participant, SECRET)
    services.entry_share(entry=entry, organisation=org)
    participant.cohort_places.get().cohort.__class__.objects.update(status="closed")
    assert not can_read(facilitator, entry)
    other = write(participant, "another entry")
    with pytest.raises(services.JournalError, match="None of your groups"):
        services.entry_share(entry=other, organisation=org)


def test_a_person_who_leaves_the_group_takes_their_entries_with_them(
    participant, facilitator, org, write
):
    entry = write(participant, SECRET)
    services.entry_share(entry=entry, organisation=org)
    participant.cohort_places.update(status="withdrawn")
    assert not can_read(facilitator, entry)


def test_the_share_page_names_exactly_the_facilitators_of_the_persons_groups(
    client, participant, facilitator, org, write
):
    a_facilitator(org, "Sol Stranger")  # a facilitator of the organisation, not of Bob's group
    entry = write(participant, SECRET)
    client.force_login(participant)
    page = client.get(reverse("journal:share", args=[entry.pk])).text
    assert "Fay Facilitator" in page
    assert "Sol Stranger" not in page


def test_taking_back_removes_every_reader(participant, facilitator, org, write):
    entry = write(participant, SECRET)
    services.entry_share(entry=entry, organisation=org)
    services.entry_unshare(entry=entry)
    assert not Reader.objects.exists()
    assert not can_read(facilitator, entry)

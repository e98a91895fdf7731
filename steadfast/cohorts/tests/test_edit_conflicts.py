"""Two facilitators (or two tabs) changing the same cohort, session or note: the later save
is refused with both versions shown, nothing is written, and saving again from the
conflict page works (core.versioning)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from steadfast.accounts.tests.factories import UserFactory
from steadfast.cohorts import services
from steadfast.cohorts.models import Cohort, CohortSession, FacilitatorNote
from steadfast.core.models import AuditEvent
from steadfast.organisations.models import Role
from steadfast.organisations.tests.factories import MembershipFactory
from tests.conflicts import assert_conflict, loaded_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def co_facilitator(org, cohort):
    user = UserFactory(full_name="Cleo Cofacilitator")
    MembershipFactory(user=user, organisation=org, role=Role.FACILITATOR)
    cohort.facilitators.add(user)
    return user


def org_url(name, cohort, **kwargs):
    return reverse(
        f"cohorts_org:{name}", kwargs={"slug": cohort.organisation.slug, "pk": cohort.pk, **kwargs}
    )


# -- cohort details ---------------------------------------------------------------------------


def details(version, title):
    return {
        "title": title,
        "format": "online",
        "video_link": "https://video.example.org/room",
        "seats": "30",
        "row_version": version,
    }


def test_two_facilitators_changing_the_details_keep_both_versions(
    client, cohort, facilitator, co_facilitator
):
    url = org_url("edit", cohort)
    client.force_login(facilitator)
    mine = loaded_version(client.get(url))
    client.force_login(co_facilitator)
    theirs = loaded_version(client.get(url))
    assert client.post(url, details(theirs, "Night shift, Tuesdays")).status_code == 302

    client.force_login(facilitator)
    response = client.post(url, details(mine, "Night shift group B"))
    page = assert_conflict(response, saved=["Night shift, Tuesdays"], typed=["Night shift group B"])
    assert "Someone else saved this cohort after you opened it" in page
    assert 'value="Night shift group B"' in page
    cohort.refresh_from_db()
    assert cohort.title == "Night shift, Tuesdays" and cohort.row_version == 2

    again = client.post(url, details(loaded_version(response), "Night shift, Tuesdays (B)"))
    assert again.status_code == 302
    cohort.refresh_from_db()
    assert cohort.title == "Night shift, Tuesdays (B)" and cohort.row_version == 3


def test_closing_a_cohort_makes_an_open_details_page_stale(client, cohort, facilitator):
    services.sessions_schedule(
        cohort=cohort, first_date=dt.date(2026, 3, 2), local_time=dt.time(18), actor=facilitator
    )
    client.force_login(facilitator)
    url = org_url("edit", cohort)
    loaded = loaded_version(client.get(url))
    services.cohort_close(cohort=cohort, actor=facilitator)
    assert_conflict(
        client.post(url, details(loaded, "Renamed")), saved=[cohort.title], typed=["Renamed"]
    )
    assert Cohort.objects.get().title == "Night shift group"


# -- sessions ---------------------------------------------------------------------------------


@pytest.fixture
def session(cohort, facilitator):
    (session,) = services.sessions_schedule(
        cohort=cohort, first_date=dt.date(2026, 3, 2), local_time=dt.time(18), actor=facilitator
    )
    return session


def session_version(response, cohort, session):
    action = re.escape(org_url("session_change", cohort, sid=session.pk))
    form = re.search(
        rf'action="{action}".*?name="row_version" value="(\d+)"', response.content.decode(), re.S
    )
    assert form, "no version on the session's form"
    return int(form.group(1))


def test_moving_a_session_from_an_older_page_is_refused_with_both_times(
    client, cohort, session, facilitator, co_facilitator
):
    detail, change = org_url("detail", cohort), org_url("session_change", cohort, sid=session.pk)
    client.force_login(facilitator)
    mine = session_version(client.get(detail), cohort, session)
    client.force_login(co_facilitator)
    theirs = session_version(client.get(detail), cohort, session)
    moved = {"action": "move", "local_date": "2026-03-09", "local_time": "18:00"}
    assert client.post(change, {**moved, "row_version": theirs}).status_code == 302

    client.force_login(facilitator)
    mine_moved = {"action": "move", "local_date": "2026-03-10", "local_time": "19:30"}
    response = client.post(change, {**mine_moved, "row_version": mine})
    assert_conflict(response, saved=["9 March 2026"], typed=["10 March 2026", "19:30"])
    session.refresh_from_db()
    assert (session.local_date, session.local_time) == (dt.date(2026, 3, 9), dt.time(18))
    assert session.row_version == 2 and session.sequence == 1

    again = client.post(change, {**mine_moved, "row_version": loaded_version(response)})
    assert again.status_code == 302
    session.refresh_from_db()
    assert (session.local_date, session.local_time) == (dt.date(2026, 3, 10), dt.time(19, 30))
    assert session.row_version == 3 and session.sequence == 2


def test_cancelling_from_an_older_page_is_refused_and_the_session_stays(
    client, cohort, session, facilitator
):
    client.force_login(facilitator)
    loaded = session_version(client.get(org_url("detail", cohort)), cohort, session)
    services.session_move(
        session=session,
        local_date=dt.date(2026, 3, 4),
        local_time=dt.time(18),
        actor=facilitator,
        row_version=loaded,
    )
    change = org_url("session_change", cohort, sid=session.pk)
    response = client.post(change, {"action": "cancel", "row_version": loaded})
    assert_conflict(response, saved=["scheduled", "4 March 2026"], typed=["cancelled"])
    assert CohortSession.objects.get().status == "scheduled"
    version = re.search(
        r'name="row_version" value="(\d+)">\s*<button type="submit" name="action" value="cancel"',
        response.content.decode(),
    )
    assert version and int(version.group(1)) == 2
    assert client.post(change, {"action": "cancel", "row_version": "2"}).status_code == 302
    assert CohortSession.objects.get().status == "cancelled"


# -- facilitator notes ------------------------------------------------------------------------


@pytest.fixture
def note(cohort, facilitator, add_people):
    (member,) = add_people(1)
    return services.note_add(
        cohort=cohort, author=facilitator, body="Prefers to sit near the door.", member=member
    )


def test_a_note_changed_in_two_tabs_keeps_both_versions(client, cohort, note, facilitator):
    client.force_login(facilitator)
    url = org_url("note_edit", cohort, nid=note.pk)
    first_tab, second_tab = loaded_version(client.get(url)), loaded_version(client.get(url))
    saved = client.post(
        url, {"body": "Sits near the door; asked to leave early.", "row_version": first_tab}
    )
    assert saved.status_code == 302
    assert saved["Location"] == org_url("member_notes", cohort, mid=note.member_id)
    reads = AuditEvent.objects.filter(object_type="cohorts.facilitatornote", action="read")
    before = reads.count()

    response = client.post(url, {"body": "Prefers the door seat.", "row_version": second_tab})
    page = assert_conflict(
        response,
        saved=["Sits near the door; asked to leave early."],
        typed=["Prefers the door seat."],
    )
    assert "was saved in another tab, window or device" in page
    assert reads.count() == before + 2  # the page's read and the conflict page's read
    assert FacilitatorNote.objects.get().body == "Sits near the door; asked to leave early."

    merged = "Sits near the door (prefers it); asked to leave early."
    assert (
        client.post(url, {"body": merged, "row_version": loaded_version(response)}).status_code
        == 302
    )
    note.refresh_from_db()
    assert note.body == merged and note.row_version == 3
    assert (
        AuditEvent.objects.filter(
            object_type="cohorts.facilitatornote", object_id=str(note.pk), action="update"
        ).count()
        == 2
    )


def test_only_the_author_changes_a_note(client, cohort, note, co_facilitator):
    client.force_login(co_facilitator)
    url = org_url("note_edit", cohort, nid=note.pk)
    assert client.get(url).status_code == 404
    assert client.post(url, {"body": "Not mine", "row_version": "1"}).status_code == 404
    assert FacilitatorNote.objects.get().body == "Prefers to sit near the door."
    with pytest.raises(services.CohortError):
        services.note_update(note=note, author=co_facilitator, body="Not mine", row_version=1)


@pytest.mark.parametrize("name", ["edit", "note_edit"])
def test_the_edit_pages_run_a_fixed_number_of_queries(
    client, cohort, note, facilitator, add_people, django_assert_max_num_queries, name
):
    url = org_url(name, cohort, **({"nid": note.pk} if name == "note_edit" else {}))
    client.force_login(facilitator)
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    for member in add_people(10, start=50):
        services.note_add(cohort=cohort, author=facilitator, body="More", member=member)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200

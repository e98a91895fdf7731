"""Sessions keep their local time across daylight-saving changes; reminders go out once."""

import datetime as dt
from datetime import UTC

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from steadfast.cohorts import selectors, services
from steadfast.cohorts.calendar import feed_ics
from steadfast.cohorts.models import ReminderSent
from steadfast.core.dates import utc_start
from steadfast.core.tests.mailbackends import use_flaky_backend

pytestmark = pytest.mark.django_db

SIX_PM = dt.time(18, 0)


@pytest.mark.parametrize(
    ("zone", "before", "after", "utc_before", "utc_after"),
    [
        # US: clocks go forward on 8 March 2026 and back on 1 November 2026.
        ("America/New_York", dt.date(2026, 3, 1), dt.date(2026, 3, 8), 23, 22),
        ("America/New_York", dt.date(2026, 10, 25), dt.date(2026, 11, 1), 22, 23),
        # EU: forward on 29 March 2026, back on 25 October 2026.
        ("Europe/Berlin", dt.date(2026, 3, 22), dt.date(2026, 3, 29), 17, 16),
        ("Europe/Berlin", dt.date(2026, 10, 18), dt.date(2026, 10, 25), 16, 17),
    ],
)
def test_weekly_sessions_keep_their_local_time_across_the_switch(
    cohort, facilitator, zone, before, after, utc_before, utc_after
):
    cohort.time_zone = zone
    cohort.save()
    first, second = services.sessions_schedule(
        cohort=cohort, first_date=before, local_time=SIX_PM, count=2, actor=facilitator
    )
    assert second.local_date == after
    for session, hour in ((first, utc_before), (second, utc_after)):
        assert session.starts_at.astimezone(UTC).hour == hour
        assert session.starts_at.astimezone(cohort.zone).time() == SIX_PM


def test_a_time_skipped_by_spring_forward_lands_after_the_gap():
    start = utc_start(dt.date(2026, 3, 8), dt.time(2, 30), "America/New_York")
    local = start.astimezone(dt.timezone(dt.timedelta(hours=-4)))
    assert (local.hour, local.minute) == (3, 30)


def test_a_repeated_time_on_fall_back_takes_the_first_occurrence():
    start = utc_start(dt.date(2026, 10, 25), dt.time(2, 30), "Europe/Berlin")
    assert start == dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_sessions_follow_the_program_session_plans(cohort, facilitator):
    sessions = services.sessions_schedule(
        cohort=cohort, first_date=dt.date(2026, 3, 2), local_time=SIX_PM, actor=facilitator
    )
    # The tiny program has one session plan; its title and minutes are used.
    assert [(s.title, s.minutes, s.item.slug) for s in sessions] == [
        ("Meeting the group", 60, "week-1-session")
    ]


def test_each_person_sees_times_in_their_own_zone(cohort, facilitator, add_people):
    (member,) = add_people(1, time_zone="Europe/London")
    services.sessions_schedule(
        cohort=cohort,
        first_date=dt.date(2026, 3, 1),
        local_time=SIX_PM,
        count=3,
        actor=facilitator,
    )
    upcoming = selectors.next_session_for(user=member.user, now=dt.datetime(2026, 3, 1, tzinfo=UTC))
    # 18:00 in New York on 1 March (EST) is 23:00 in London.
    assert upcoming.starts_local.hour == 23
    assert upcoming.zone_name == "Europe/London"
    # On 8 March New York has moved to summer time and London has not: 22:00 there.
    later = selectors.next_session_for(user=member.user, now=dt.datetime(2026, 3, 5, tzinfo=UTC))
    assert later.starts_local.hour == 22


def test_move_and_cancel_one_session(cohort, facilitator, add_people):
    add_people(1)
    first, second = services.sessions_schedule(
        cohort=cohort, first_date=dt.date(2026, 3, 2), local_time=SIX_PM, count=2, actor=facilitator
    )
    services.session_move(
        session=second, local_date=dt.date(2026, 3, 10), local_time=dt.time(9, 0), actor=facilitator
    )
    services.session_cancel(session=first, actor=facilitator)
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.starts_at == dt.datetime(2026, 3, 10, 13, 0, tzinfo=UTC)
    assert second.sequence == 1
    assert first.is_cancelled and first.sequence == 1


def test_next_session_for_skips_cancelled_and_past(cohort, facilitator, add_people):
    (member,) = add_people(1)
    first, second = services.sessions_schedule(
        cohort=cohort, first_date=dt.date(2026, 3, 2), local_time=SIX_PM, count=2, actor=facilitator
    )
    services.session_cancel(session=first, actor=facilitator)
    found = selectors.next_session_for(user=member.user, now=dt.datetime(2026, 3, 1, tzinfo=UTC))
    assert found.session == second
    assert (
        selectors.next_session_for(user=member.user, now=dt.datetime(2027, 1, 1, tzinfo=UTC))
        is None
    )


def test_next_session_for_runs_a_fixed_number_of_queries(
    cohort, facilitator, add_people, django_assert_max_num_queries
):
    (member,) = add_people(1)
    services.sessions_schedule(
        cohort=cohort, first_date=dt.date(2026, 3, 2), local_time=SIX_PM, count=8, actor=facilitator
    )
    with django_assert_max_num_queries(3):
        selectors.next_session_for(user=member.user, now=dt.datetime(2026, 3, 1, tzinfo=UTC))


# -- reminders --------------------------------------------------------------------------------


@pytest.fixture
def soon(cohort, facilitator, add_people):
    members = add_people(3)
    start = timezone.now() + dt.timedelta(hours=20)
    local = start.astimezone(cohort.zone)
    (session,) = services.sessions_schedule(
        cohort=cohort,
        first_date=local.date(),
        local_time=local.time().replace(microsecond=0),
        count=1,
        actor=facilitator,
    )
    return session, members


def test_a_reminder_goes_to_each_person_once_even_when_the_task_runs_again(soon):
    session, members = soon
    args = {"session_id": session.pk, "kind": "24h", "starts_at": session.starts_at.isoformat()}
    assert services.session_reminders_send(**args) == 3
    # A restarted worker runs the same task again: the markers stop a second email.
    assert services.session_reminders_send(**args) == 0
    assert len(mail.outbox) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.user.email for m in members)
    assert ReminderSent.objects.filter(session=session, kind="24h").count() == 3


def test_the_sweep_and_the_task_never_both_send(soon):
    session, _ = soon
    assert services.reminders_sweep() == 3  # the 24-hour reminder is due
    assert (
        services.session_reminders_send(
            session_id=session.pk, kind="24h", starts_at=session.starts_at.isoformat()
        )
        == 0
    )
    assert len(mail.outbox) == 3


def test_a_moved_session_gets_fresh_reminders_and_the_old_task_does_nothing(soon, facilitator):
    session, _ = soon
    old_start = session.starts_at.isoformat()
    services.session_reminders_send(session_id=session.pk, kind="24h", starts_at=old_start)
    later = session.starts_at.astimezone(session.cohort.zone) + dt.timedelta(hours=2)
    services.session_move(
        session=session, local_date=later.date(), local_time=later.time(), actor=facilitator
    )
    assert (
        services.session_reminders_send(session_id=session.pk, kind="24h", starts_at=old_start) == 0
    )
    session.refresh_from_db()
    assert (
        services.session_reminders_send(
            session_id=session.pk, kind="24h", starts_at=session.starts_at.isoformat()
        )
        == 3
    )
    assert len(mail.outbox) == 6


def test_cancelled_sessions_send_no_reminder(soon, facilitator):
    session, _ = soon
    services.session_cancel(session=session, actor=facilitator)
    assert (
        services.session_reminders_send(
            session_id=session.pk, kind="1h", starts_at=session.starts_at.isoformat()
        )
        == 0
    )


def test_a_failed_email_is_retried_for_that_person_and_everyone_not_reached_yet(soon, settings):
    session, members = soon
    server = use_flaky_backend(settings)
    server.during_send = lambda: setattr(server, "failures", 1)  # down after the first email
    args = {"session_id": session.pk, "kind": "24h", "starts_at": session.starts_at.isoformat()}
    with pytest.raises(ConnectionError):
        services.session_reminders_send(**args)
    # The first person was sent and marked; the failed one was given back, and the third was
    # not claimed (before, all three were marked up front and the third never got one).
    assert ReminderSent.objects.filter(session=session).count() == 1
    assert services.session_reminders_send(**args) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.user.email for m in members)


def test_a_second_worker_running_meanwhile_sends_each_person_one_reminder(soon, settings):
    session, members = soon
    server = use_flaky_backend(settings)
    args = {"session_id": session.pk, "kind": "24h", "starts_at": session.starts_at.isoformat()}
    second = []
    server.during_send = lambda: second.append(services.session_reminders_send(**args))
    assert services.session_reminders_send(**args) + second[0] == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.user.email for m in members)


def test_scheduling_enqueues_both_reminders_and_the_worker_sends_them_once(
    cohort, facilitator, add_people, run_worker, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    add_people(3)
    local = (timezone.now() + dt.timedelta(hours=20)).astimezone(cohort.zone)
    with django_capture_on_commit_callbacks(execute=True):
        (session,) = services.sessions_schedule(
            cohort=cohort,
            first_date=local.date(),
            local_time=local.time().replace(microsecond=0),
            count=1,
            actor=facilitator,
        )
    queued = DBTaskResult.objects.filter(task_path="steadfast.cohorts.tasks.session_reminders")
    assert queued.count() == 2
    # Run the worker, then again as if it restarted: the 24-hour reminder (already due)
    # goes once to each person; the 1-hour one waits until its time.
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()
        run_worker()
    assert len(mail.outbox) == 3
    # Even if the 24-hour task were queued a second time, nobody hears twice.
    services.session_reminders_send(
        session_id=session.pk, kind="24h", starts_at=session.starts_at.isoformat()
    )
    assert len(mail.outbox) == 3
    assert ReminderSent.objects.filter(session=session).count() == 3


# -- calendar ---------------------------------------------------------------------------------


def test_the_calendar_feed_is_valid_icalendar(cohort, facilitator, add_people):
    add_people(1)
    first, second = services.sessions_schedule(
        cohort=cohort, first_date=dt.date(2026, 3, 2), local_time=SIX_PM, count=2, actor=facilitator
    )
    services.session_cancel(session=first, actor=facilitator)
    first.refresh_from_db()
    body = feed_ics([first, second], now=dt.datetime(2026, 2, 1, tzinfo=UTC))
    calendar = icalendar.Calendar.from_ical(body)
    events = calendar.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [
        f"session-{first.pk}@steadfast.sessions",
        f"session-{second.pk}@steadfast.sessions",
    ]
    assert all("DTSTAMP" in e for e in events)
    assert events[0]["STATUS"] == "CANCELLED" and events[0]["SEQUENCE"] == 1
    start = events[1].decoded("DTSTART")
    assert str(start.tzinfo) == "America/New_York" and start.hour == 18
    assert events[1]["DTSTART"].params["TZID"] == "America/New_York"
    assert [str(t["TZID"]) for t in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    assert b"\r\n" in body and body.startswith(b"BEGIN:VCALENDAR")

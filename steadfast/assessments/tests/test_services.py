"""Schedules, reminders, drafts and submission."""

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from steadfast.accounts.selectors import person_zone
from steadfast.assessments import services
from steadfast.assessments.models import DueAssessment, DueStatus, Response
from steadfast.assessments.selectors import due_for, progress_for

pytestmark = pytest.mark.django_db

PLAN = {
    "baseline": ["phq9", "who5"],
    "post": ["phq9"],
    "follow_ups": [
        {"after_months": 3, "instruments": ["phq9"]},
        {"after_months": 6, "instruments": ["who5"]},
    ],
    "recurring": [{"instrument": "checkin", "every_days": 7}],
}


def schedule(user, **kwargs):
    defaults = {
        "plan": PLAN,
        "starts_on": date(2026, 3, 2),
        "ends_on": date(2026, 4, 20),
        "source": "test:1",
    }
    return services.schedule_plan(user=user, **(defaults | kwargs))


def test_a_plan_creates_each_wave_once(participant):
    created = schedule(participant)
    waves = sorted((d.wave, d.instrument, d.label) for d in created if d.wave != "checkin")
    assert waves == [
        ("baseline", "phq9", "Start of program"),
        ("baseline", "who5", "Start of program"),
        ("follow_up", "phq9", "3-month follow-up"),
        ("follow_up", "who5", "6-month follow-up"),
        ("post", "phq9", "End of program"),
    ]
    checkins = [d for d in created if d.wave == "checkin"]
    assert len(checkins) == 8  # 2 Mar .. 20 Apr every 7 days
    assert schedule(participant) == []  # idempotent
    assert DueAssessment.objects.filter(user=participant).count() == 13


def test_windows_open_at_nine_local_across_daylight_saving(participant):
    participant.time_zone = "America/Chicago"
    participant.save()
    schedule(
        participant,
        plan={"recurring": [{"instrument": "checkin", "every_days": 7}]},
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 16),
    )
    opens = [
        d.opens_at for d in DueAssessment.objects.filter(user=participant).order_by("opens_at")
    ]
    local = [o.astimezone(ZoneInfo("America/Chicago")) for o in opens]
    assert [lt.hour for lt in local] == [9, 9, 9]
    # US clocks went forward on 8 March 2026: the same local hour is an hour earlier in UTC.
    assert [o.astimezone(UTC).hour for o in opens] == [15, 14, 14]


def test_follow_up_months_clamp_to_the_end_of_short_months(participant):
    schedule(
        participant,
        plan={"follow_ups": [{"after_months": 1, "instruments": ["who5"]}]},
        ends_on=date(2026, 1, 31),
    )
    due = DueAssessment.objects.get(user=participant)
    assert due.opens_at.astimezone(person_zone(participant)).date() == date(2026, 2, 28)


def test_unknown_instruments_in_a_plan_are_refused(participant):
    with pytest.raises(services.AssessmentError, match="unknown instruments in the plan: nope"):
        schedule(participant, plan={"baseline": ["nope"]})
    assert not DueAssessment.objects.exists()


def test_status_moves_from_upcoming_to_missed(participant):
    schedule(participant, plan={"baseline": ["phq9"]})
    due = DueAssessment.objects.get()
    assert due.status(due.opens_at - timedelta(seconds=1)) == DueStatus.UPCOMING
    assert due.status(due.opens_at) == DueStatus.DUE
    assert due.status(due.due_at) == DueStatus.OVERDUE
    assert due.status(due.closes_at) == DueStatus.MISSED


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (datetime(2026, 5, 4, 6, 30), datetime(2026, 5, 4, 9, 0)),
        (datetime(2026, 5, 4, 13, 0), datetime(2026, 5, 4, 13, 0)),
        (datetime(2026, 5, 4, 19, 59), datetime(2026, 5, 4, 19, 59)),
        (datetime(2026, 5, 4, 20, 0), datetime(2026, 5, 5, 9, 0)),
        (datetime(2026, 5, 4, 23, 45), datetime(2026, 5, 5, 9, 0)),
    ],
)
def test_reminders_never_go_out_at_night(local, expected):
    zone = ZoneInfo("Europe/Dublin")
    got = services.reminder_time(local.replace(tzinfo=zone).astimezone(UTC), zone)
    assert got.astimezone(zone).replace(tzinfo=None) == expected


def test_reminders_go_out_once_through_the_real_worker(
    participant, run_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        schedule(
            participant,
            plan={"baseline": ["phq9"]},
            starts_on=timezone.localdate() - timedelta(days=1),
            ends_on=timezone.localdate() + timedelta(days=30),
        )
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()
    assert len(mail.outbox) == 1
    assert "questionnaire is ready" in mail.outbox[0].subject
    assert "phq" not in mail.outbox[0].body.lower()  # nothing about which screen it is
    due = DueAssessment.objects.get()
    assert due.reminder_sent_at is not None
    # A worker that restarts and runs the task again sends nothing more.
    assert services.due_reminder_send(due_id=due.pk) is False
    assert len(mail.outbox) == 1


def test_no_reminder_for_a_completed_questionnaire(participant):
    schedule(participant, plan={"baseline": ["phq9"]})
    due = DueAssessment.objects.get()
    due.completed_at = timezone.now()
    due.save()
    assert services.due_reminder_send(due_id=due.pk) is False
    assert mail.outbox == []


def answer_all(user, code, values, due=None):
    draft = services.draft_start(user=user, instrument=code, due=due)
    for position, value in enumerate(values, start=1):
        services.draft_answer(draft=draft, position=position, value=value)
    return draft


def test_submitting_twice_stores_one_response(participant):
    schedule(participant, plan={"baseline": ["phq9"]})
    due = DueAssessment.objects.get()
    draft = answer_all(participant, "phq9", [1, 2, 3, 0, 1, 2, 0, 1, 1], due=due)
    first = services.response_submit(user=participant, token=draft.token)
    second = services.response_submit(user=participant, token=draft.token)
    assert first.pk == second.pk
    assert Response.objects.count() == 1
    assert (first.total, first.band, first.flags, first.wave) == (
        11,
        "moderate",
        ["self_harm", "screen_positive"],
        "baseline",
    )
    due.refresh_from_db()
    assert due.completed_at is not None
    assert due_for(user=participant) == []


def test_answers_are_encrypted_at_rest(participant):
    draft = answer_all(participant, "gad7", [1, 1, 1, 1, 1, 1, 1])
    response = services.response_submit(user=participant, token=draft.token)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT answers FROM assessments_response WHERE id = %s", [response.pk])
        stored = cursor.fetchone()[0]
    assert "[1.0" not in stored
    assert json.loads(Response.objects.get().answers) == [1.0] * 7


def test_a_draft_resumes_where_it_stopped_and_refuses_off_scale_values(participant):
    draft = answer_all(participant, "phq9", [1, 2, 3])
    again = services.draft_start(user=participant, instrument="phq9")
    assert again.pk == draft.pk
    assert again.position == 4
    with pytest.raises(services.AssessmentError):
        services.draft_answer(draft=again, position=4, value=7)
    with pytest.raises(
        services.AssessmentError, match="please answer question 4, 5, 6, 7, 8, 9 first"
    ):
        services.response_submit(user=participant, token=draft.token)


def test_another_persons_draft_cannot_be_submitted(participant, facilitator):
    draft = answer_all(participant, "gad2", [1, 1])
    with pytest.raises(services.AssessmentError):
        services.response_submit(user=facilitator, token=draft.token)
    with pytest.raises(services.AssessmentError):
        services.response_submit(user=participant, token=uuid.uuid4())


def test_progress_marks_reliable_change(participant):
    for values in (
        [3, 3, 3, 2, 2, 2, 1, 1, 0],
        [1, 1, 1, 1, 1, 1, 0, 0, 0],
        [1, 1, 1, 1, 1, 1, 1, 0, 0],
    ):
        draft = answer_all(participant, "phq9", values)
        services.response_submit(user=participant, token=draft.token)
    points = progress_for(user=participant, instrument="phq9")
    assert [p.response.total for p in points] == [17, 6, 7]
    assert points[0].change_from_previous is None
    assert points[1].change_from_previous.change == "improved"
    assert points[2].change_from_previous.change == "unchanged"
    assert points[2].change_from_first.change == "improved"


def test_an_administrator_import_adds_licensed_items(participant):
    from steadfast.assessments.fhir import Instrument, questionnaire_write
    from steadfast.assessments.scoring.keys import shipped_key
    from steadfast.assessments.selectors import instrument_definition, takeable

    assert not takeable(instrument_definition("brs"))
    texts = {str(i): f"Placeholder statement {i}" for i in range(1, 7)}
    data = questionnaire_write(Instrument(key=shipped_key("brs"), texts=texts))
    _row, _ = services.instrument_import(data=data, source="brs.json")
    assert takeable(instrument_definition("brs"))
    draft = answer_all(participant, "brs", [5, 1, 5, 1, 5, 1])
    assert services.response_submit(user=participant, token=draft.token).total == 5


def test_response_record_completes_the_open_check_in_once(participant):
    schedule(
        participant,
        plan={"recurring": [{"instrument": "checkin", "every_days": 7}]},
        starts_on=timezone.localdate() - timedelta(days=1),
        ends_on=timezone.localdate() + timedelta(days=20),
    )
    token = uuid.uuid4()
    first = services.response_record(
        user=participant, instrument="checkin", answers=[6, 4, 5, 7], token=token
    )
    again = services.response_record(
        user=participant, instrument="checkin", answers=[6, 4, 5, 7], token=token
    )
    assert first.pk == again.pk
    assert first.wave == "checkin"
    assert first.subscales == {"mood": 6, "stress": 4, "energy": 5, "sleep": 7}
    second = services.response_record(user=participant, instrument="checkin", answers=[5, 5, 5, 5])
    assert second.due is None and second.wave == "self"
    with pytest.raises(services.AssessmentError, match="item 2"):
        services.response_record(user=participant, instrument="checkin", answers=[5, 11, 5, 5])

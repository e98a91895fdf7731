"""Screening answers and writing, raising alerts with consent, and escalation through the real
task worker."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from steadfast.accounts.models import ConsentPurpose
from steadfast.accounts.services import consent_decide
from steadfast.assessments import services as assessments
from steadfast.core.models import AuditEvent
from steadfast.safety import services
from steadfast.safety.models import Alert, AlertRule, AlertState, SafetySetup
from steadfast.safety.selectors import advice_for
from steadfast.safety.tests.conftest import agree, phq9, stored

pytestmark = pytest.mark.django_db


def submit_phq9(user, item9=0, total=None):
    return assessments.response_record(
        user=user,
        instrument="phq9",
        answers=phq9(total=item9 if total is None else total, item9=item9),
    )


def test_item_nine_raises_an_alert_with_a_one_hour_deadline_when_consented(
    consented, named, facilitator, org
):
    response = submit_phq9(consented, item9=1)
    alert = Alert.objects.get()
    assert (alert.person, alert.organisation, alert.rule) == (consented, org, AlertRule.SELF_HARM)
    assert alert.state == AlertState.OPEN
    assert alert.assigned_to == facilitator
    assert alert.deadline_at - alert.raised_at == timedelta(hours=1)
    assert alert.raised_at == response.submitted_at
    assert alert.rules_version == "2026.1"


def test_item_nine_at_zero_raises_nothing(consented, named):
    submit_phq9(consented, item9=0, total=5)
    assert not Alert.objects.exists()


def test_no_consent_no_alert_but_the_rules_still_ask_for_crisis_help(participant, named):
    response = submit_phq9(participant, item9=2)
    assert not Alert.objects.exists()
    findings = services.response_screen(response=response)
    assert [(f.rule, f.help) for f in findings] == [("self_harm", "crisis_first")]


def test_withdrawn_consent_stops_alerts(consented, named, org):
    consent_decide(
        user=consented, organisation=org, purpose=ConsentPurpose.SAFETY_ALERTS, given=False
    )
    submit_phq9(consented, item9=1)
    assert not Alert.objects.exists()


def test_no_responder_named_means_no_alert(consented):
    submit_phq9(consented, item9=1)
    assert not Alert.objects.exists()


def test_a_severe_score_raises_a_24_hour_alert(consented, named):
    submit_phq9(consented, total=20)
    alert = Alert.objects.get()
    assert (alert.rule, alert.instrument) == (AlertRule.SEVERE, "phq9")
    assert alert.deadline_at - alert.raised_at == timedelta(hours=24)


def test_a_score_just_below_severe_raises_nothing(consented, named):
    submit_phq9(consented, total=19)
    assert not Alert.objects.exists()


def test_a_tightened_policy_lowers_the_severe_threshold_and_the_deadline(consented, named):
    named.policy = {"severe.phq9": 18, "severe_deadline_hours": 4}
    named.save()
    submit_phq9(consented, total=18)
    alert = Alert.objects.get()
    assert alert.rule == AlertRule.SEVERE
    assert alert.deadline_at - alert.raised_at == timedelta(hours=4)


def test_one_open_alert_per_person_and_rule(consented, named):
    submit_phq9(consented, item9=1)
    submit_phq9(consented, item9=3)
    assert Alert.objects.filter(rule=AlertRule.SELF_HARM).count() == 1
    alert = Alert.objects.get()
    services.alert_resolve(alert=alert, by=named.responder, note="Called; seeing their GP.")
    submit_phq9(consented, item9=1)
    assert Alert.objects.filter(rule=AlertRule.SELF_HARM).count() == 2
    assert Alert.objects.unresolved().count() == 1


def test_the_alert_holds_no_answers_and_the_audit_no_content(consented, named):
    submit_phq9(consented, item9=2)
    assert Alert.objects.count() == 1
    stored_fields = {f.name for f in Alert._meta.concrete_fields}
    assert not {"answers", "total", "score", "text"} & stored_fields
    event = AuditEvent.objects.get(object_type="safety.alert", action="create")
    assert event.detail == "rule self_harm"


def test_alert_goes_to_the_responder_by_email_without_details(
    consented, named, facilitator, run_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit_phq9(consented, item9=1)
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()
    assert [m.to for m in mail.outbox] == [[facilitator.email]]
    body = mail.outbox[0].body.lower()
    assert consented.full_name.lower() not in body
    assert consented.email not in body
    assert "phq" not in body and "harm" not in body
    assert "/o/northside/safety/alerts/" in body
    # The escalation task waits for the deadline: nothing happened yet.
    alert = Alert.objects.get()
    assert alert.escalated_at is None
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def raise_overdue(person, org, hours_ago=2):
    return services.alert_raise(
        person=person,
        organisation=org,
        rule=AlertRule.SELF_HARM,
        deadline_hours=1,
        rules_version="2026.1",
        instrument="phq9",
        now=timezone.now() - timedelta(hours=hours_ago),
    )


def test_a_missed_deadline_escalates_to_the_backup_through_the_real_worker(
    consented,
    org,
    named,
    facilitator,
    administrator,
    run_worker,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        raise_overdue(consented, org)
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()
    alert = Alert.objects.get()
    assert alert.escalated_at is not None
    assert alert.assigned_to == administrator
    assert alert.state == AlertState.OPEN
    escalation = "A safety alert was not acknowledged in time"
    # The backup hears once, that the alert is now theirs; the first responder hears too.
    assert [m.subject for m in mail.outbox if administrator.email in m.to] == [escalation]
    assert escalation in [m.subject for m in mail.outbox if facilitator.email in m.to]
    assert all(consented.email not in m.body for m in mail.outbox)
    assert AuditEvent.objects.filter(detail="escalated: deadline missed").count() == 1


def test_an_acknowledged_alert_does_not_escalate(
    consented, org, named, facilitator, run_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        alert = raise_overdue(consented, org)
    services.alert_acknowledge(alert=alert, by=facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()
    alert.refresh_from_db()
    assert alert.escalated_at is None
    assert alert.assigned_to == facilitator


def test_a_worker_restart_neither_loses_nor_duplicates(
    consented, org, named, administrator, run_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        alert = raise_overdue(consented, org)
        # The same rule fires again before anyone acts (another answer, a retried request).
        again = raise_overdue(consented, org, hours_ago=1)
    assert again == alert
    assert Alert.objects.count() == 1
    # A restarted worker re-runs the same tasks: the second pass changes nothing.
    from steadfast.safety import tasks

    with django_capture_on_commit_callbacks(execute=True):
        run_worker()
        tasks.alert_escalate.enqueue(alert.pk)
        tasks.alert_notify.enqueue(alert.pk)
        run_worker()
    assert Alert.objects.count() == 1
    sent = [(m.subject, tuple(m.to)) for m in mail.outbox]
    assert len(sent) == len(set(sent))  # no email twice
    assert len([m for m in mail.outbox if administrator.email in m.to]) == 1
    assert services.alerts_escalate_overdue() == 0


def test_the_sweep_escalates_an_alert_whose_task_was_lost(consented, org, named, administrator):
    alert = raise_overdue(consented, org)  # on_commit never runs here: the tasks are "lost"
    assert services.alerts_escalate_overdue() == 1
    alert.refresh_from_db()
    assert alert.assigned_to == administrator and alert.escalated_at is not None


def test_resolving_needs_a_note_and_stores_it_encrypted(consented, org, named, facilitator):
    alert = raise_overdue(consented, org)
    with pytest.raises(services.SafetyError):
        services.alert_resolve(alert=alert, by=facilitator, note="  ")
    services.alert_resolve(alert=alert, by=facilitator, note="Spoke by phone.")
    alert.refresh_from_db()
    assert alert.state == AlertState.RESOLVED
    assert alert.acknowledged_by == facilitator
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT resolution_note FROM safety_alert WHERE id = %s", [alert.pk])
        raw = cursor.fetchone()[0]
    assert "Spoke" not in raw


# Rule 4: words of danger ------------------------------------------------------------------


def test_words_show_help_and_raise_an_alert_only_with_consent(participant, org, named):
    assert services.text_check(user=participant, text="I want to end it all", source="journal")
    assert not Alert.objects.exists()  # no safety_words consent
    agree(participant, org, ConsentPurpose.SAFETY_WORDS)
    assert services.text_check(user=participant, text="I want to end it all", source="journal")
    alert = Alert.objects.get()
    assert (alert.rule, alert.instrument) == (AlertRule.WORDS, "journal")
    assert alert.deadline_at - alert.raised_at == timedelta(hours=24)


def test_safety_alerts_consent_alone_does_not_cover_words(participant, org, named):
    agree(participant, org, ConsentPurpose.SAFETY_ALERTS)
    assert services.text_check(user=participant, text="thinking about suicide", source="practice")
    assert not Alert.objects.exists()


def test_calm_writing_is_left_alone_and_nothing_is_stored(consented, named):
    before = AuditEvent.objects.count()
    assert not services.text_check(user=consented, text="A long shift, but okay.", source="journal")
    assert not Alert.objects.exists()
    assert AuditEvent.objects.count() == before


def test_words_never_reach_logs_or_the_alert(consented, named, caplog):
    secret = "I will kill myself tonight near the bridge"
    caplog.set_level("DEBUG")
    services.text_check(user=consented, text=secret, source="journal")
    assert "bridge" not in caplog.text
    alert = Alert.objects.get()
    assert all("bridge" not in str(getattr(alert, f.attname)) for f in Alert._meta.concrete_fields)


def test_open_program_people_get_help_and_no_alert(db):
    from steadfast.accounts.tests.factories import UserFactory

    loner = UserFactory()
    assert services.text_check(user=loner, text="I want to die", source="journal")
    assert not Alert.objects.exists()


# Rule 3: persistent distress, advice and time zones ---------------------------------------


def checkin(user, stress, at):
    return stored(user, "checkin", [5, stress, 5, 5], at=at)


def test_two_weeks_of_high_stress_brings_kind_advice(participant):
    now = timezone.now()
    for days in range(13):
        checkin(participant, 8, now - timedelta(days=days))
    assert advice_for(participant, now=now) is None
    checkin(participant, 8, now - timedelta(days=13))
    advice = advice_for(participant, now=now)
    assert advice is not None and advice.reason == "checkin_stress"


def test_days_are_the_persons_own_local_days(participant):
    """A morning and an evening check-in in Chicago are one local day, but two UTC days (the
    evening one is past midnight UTC). Six such local days are not "most of 14"; counted in
    UTC they would be twelve."""
    zone = ZoneInfo("America/Chicago")
    now = datetime(2026, 11, 20, 12, 0, tzinfo=zone)
    checkin(participant, 1, now - timedelta(days=20))  # checking in for weeks
    for days in (1, 3, 5, 7, 9, 11):
        day = (now - timedelta(days=days)).date()
        for hour in (8, 19):
            checkin(participant, 9, datetime.combine(day, time(hour), tzinfo=zone))
    participant.time_zone = "America/Chicago"
    participant.save()
    assert advice_for(participant, now=now) is None
    participant.time_zone = "UTC"
    participant.save()
    assert advice_for(participant, now=now) is not None


def test_persistent_distress_alerts_only_when_the_policy_says_so(consented, org, named):
    now = timezone.now()
    for days in range(1, 14):
        checkin(consented, 9, now - timedelta(days=days))
    assessments.response_record(user=consented, instrument="checkin", answers=[5, 9, 5, 5])
    assert not Alert.objects.exists()  # default policy: advice only
    named.policy = {"persistent_alert": True}
    named.save()
    assessments.response_record(user=consented, instrument="checkin", answers=[5, 9, 5, 5])
    alert = Alert.objects.get()
    assert alert.rule == AlertRule.PERSISTENT
    # Resolved, it does not fire again at the very next check-in.
    services.alert_resolve(alert=alert, by=named.responder, note="Talked; they have support.")
    assessments.response_record(user=consented, instrument="checkin", answers=[5, 9, 5, 5])
    assert Alert.objects.count() == 1


def test_a_reliable_worsening_brings_advice(participant):
    now = timezone.now()
    stored(participant, "phq9", phq9(total=2), at=now - timedelta(days=30))
    stored(participant, "phq9", phq9(total=9), at=now - timedelta(days=1))
    advice = advice_for(participant, now=now)
    assert advice is not None and (advice.reason, advice.instrument) == ("worsening", "phq9")


def test_no_history_no_advice(participant):
    assert advice_for(participant) is None


# Setup ----------------------------------------------------------------------------------------


def test_setup_names_only_people_who_may_respond(org, facilitator, lead, administrator, outsider):
    with pytest.raises(services.SafetyError) as caught:
        services.setup_save(
            organisation=org,
            data=services.SetupInput(lead.pk, outsider.pk, "", {}),
            by=administrator,
        )
    assert caught.value.messages == [
        "The responder must be a facilitator or administrator here.",
        "The backup must be a facilitator or administrator here.",
    ]
    with pytest.raises(services.SafetyError):
        services.setup_save(
            organisation=org,
            data=services.SetupInput(facilitator.pk, facilitator.pk, "", {}),
            by=administrator,
        )
    setup = services.setup_save(
        organisation=org,
        data=services.SetupInput(facilitator.pk, administrator.pk, "weekdays", {"severe.phq9": 18}),
        by=administrator,
    )
    assert SafetySetup.objects.get() == setup
    assert setup.policy == {"severe.phq9": 18}


def test_setup_refuses_a_looser_policy_with_a_clear_message(org, facilitator, administrator):
    with pytest.raises(services.SafetyError) as caught:
        services.setup_save(
            organisation=org,
            data=services.SetupInput(facilitator.pk, None, "", {"severe.gad7": 17}),
            by=administrator,
        )
    assert "can be 15 or lower, not 17" in str(caught.value)
    assert not SafetySetup.objects.exists()


def test_the_sweep_command_escalates_and_is_safe_to_repeat(consented, org, named, administrator):
    from io import StringIO

    from django.core.management import call_command

    raise_overdue(consented, org)
    out = StringIO()
    call_command("safety_escalate_overdue", stdout=out)
    call_command("safety_escalate_overdue", stdout=out)
    assert out.getvalue().splitlines() == [
        "Escalated 1 overdue alert(s).",
        "Escalated 0 overdue alert(s).",
    ]
    assert Alert.objects.get().assigned_to == administrator


def test_advice_runs_a_fixed_number_of_queries(participant, django_assert_max_num_queries):
    now = timezone.now()
    for days in range(40):
        checkin(participant, 8, now - timedelta(days=days))
        stored(participant, "phq9", phq9(total=12), at=now - timedelta(days=days, hours=1))
    # organisation, the person's zone (theirs or their organisation's), rules, responses
    with django_assert_max_num_queries(5):
        assert advice_for(participant, now=now) is not None


class MailServerDown(ConnectionError):
    pass


def fail_sends(monkeypatch, times):
    """The outside mail server refuses the next `times` sends (it cannot run here)."""
    real = services.send_mail
    left = {"n": times}

    def send_mail(*args, **kwargs):
        if left["n"]:
            left["n"] -= 1
            raise MailServerDown("connection refused")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "send_mail", send_mail)


def test_a_failed_notice_is_given_back_and_sent_once_by_the_retry(
    consented, org, named, facilitator, monkeypatch
):
    alert = raise_overdue(consented, org)
    fail_sends(monkeypatch, 1)
    with pytest.raises(MailServerDown):
        services.alert_notify(alert_id=alert.pk)
    alert.refresh_from_db()
    assert alert.notified_at is None  # the claim was given back
    assert services.alert_notify(alert_id=alert.pk) is True
    assert services.alert_notify(alert_id=alert.pk) is False
    assert [m.to for m in mail.outbox] == [[facilitator.email]]


def test_a_failed_escalation_email_keeps_the_hand_over_and_the_retry_tells_both_once(
    consented, org, named, facilitator, administrator, monkeypatch
):
    alert = raise_overdue(consented, org)
    fail_sends(monkeypatch, 1)
    with pytest.raises(MailServerDown):
        services.alert_escalate(alert_id=alert.pk)
    alert.refresh_from_db()
    # The hand-over stands (the backup has the alert now); only the emails wait.
    assert alert.assigned_to == administrator and alert.escalated_at is not None
    assert alert.escalation_sent_at is None and mail.outbox == []
    # The sweep (or the task's retry) sends them, once, to both responders.
    assert services.alerts_escalate_overdue() == 1
    assert services.alerts_escalate_overdue() == 0
    assert services.alert_escalate(alert_id=alert.pk) is False
    assert sorted(m.to[0] for m in mail.outbox) == sorted([administrator.email, facilitator.email])
    assert AuditEvent.objects.filter(detail="escalated: deadline missed").count() == 1

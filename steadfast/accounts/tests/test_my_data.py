"""A person downloads or erases everything they wrote and answered."""

import pytest
from django.urls import reverse

from steadfast.assessments import services as assessments
from steadfast.assessments.models import Response
from steadfast.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_page_links_every_export(client, participant):
    client.force_login(participant)
    html = client.get(reverse("my_data")).content.decode()
    for name in (
        "my_data_export",
        "journal:export_json",
        "journal:export_html",
        "practice:export_json",
        "practice:export_html",
        "assessments:export",
    ):
        assert reverse(name) in html


def test_erasing_needs_the_word_and_removes_only_my_data(client, participant, facilitator):
    assessments.response_record(user=participant, instrument="gad2", answers=[1, 1])
    assessments.response_record(user=facilitator, instrument="gad2", answers=[2, 2])
    client.force_login(participant)
    refused = client.post(reverse("my_data"), {"confirm": "yes"})
    assert refused.status_code == 400
    assert Response.objects.filter(user=participant).count() == 1
    done = client.post(reverse("my_data"), {"confirm": " Delete "}, follow=True)
    assert "Deleted for good" in done.content.decode()
    assert not Response.objects.filter(user=participant).exists()
    assert Response.objects.filter(user=facilitator).count() == 1
    assert AuditEvent.objects.filter(
        object_type="accounts.personal_data", actor=participant
    ).exists()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    assert client.get(reverse("my_data")).status_code == 302
    assert client.get(reverse("my_data_export")).status_code == 302


def test_one_download_holds_every_app_s_export_and_is_audited(client, participant, facilitator):
    assessments.response_record(user=participant, instrument="gad2", answers=[1, 2])
    assessments.response_record(user=facilitator, instrument="gad2", answers=[3, 3])
    client.force_login(participant)
    response = client.get(reverse("my_data_export"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = response.json()
    assert {"journal", "practice", "assessments", "cohorts", "exported_at"} <= set(data)
    assert [r["answers"] for r in data["assessments"]["responses"]] == [[1, 2]]
    assert AuditEvent.objects.filter(
        object_type="accounts.personal_data", action="export", actor=participant
    ).exists()


def test_erasing_everything_removes_my_cohort_intake_and_maintenance_plan(client, org, facilitator):

    from steadfast.cohorts import services as cohorts
    from steadfast.cohorts.models import Intake, MaintenancePlan
    from steadfast.cohorts.tests.factories import night_shift_cohort
    from steadfast.organisations.models import Role
    from steadfast.organisations.tests.factories import MembershipFactory
    from steadfast.programs.tests.factories import load_valid

    load_valid()
    cohort = night_shift_cohort(organisation=org, facilitator=facilitator)
    person = MembershipFactory(organisation=org, role=Role.PARTICIPANT).user
    place = cohorts.member_enrol(
        cohort=cohort, email=person.email, name=person.full_name, actor=facilitator
    )
    cohorts.intake_save(
        member=place, challenges=[], availability=[], not_with=[], goals="sleep better"
    )
    cohorts.maintenance_plan_save(member=place, body="walk daily", goals_met="")
    client.force_login(person)
    client.post(reverse("my_data"), {"confirm": "delete"})
    assert not Intake.objects.filter(member=place).exists()
    assert not MaintenancePlan.objects.filter(member=place).exists()

"""People read a questionnaire's name, never its code."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from steadfast.assessments.models import DueAssessment, Wave
from steadfast.assessments.templatetags.assessment_tags import instrument_title

pytestmark = pytest.mark.django_db


def test_a_shipped_instrument_is_named_and_an_unknown_one_keeps_its_code():
    assert instrument_title("who5") == "WHO-5 Well-Being Index"
    assert instrument_title("checkin") == "Daily check-in"
    assert instrument_title("ours") == "OURS"


def test_the_filter_in_a_template():
    html = Template("{% load assessment_tags %}{{ code|instrument_title }}").render(
        Context({"code": "phq9"})
    )
    assert html == "Patient Health Questionnaire-9"


def test_a_due_check_in_on_the_participant_home_and_list_is_named_not_coded(
    client, participant, org
):
    from django.utils import timezone

    now = timezone.now()
    DueAssessment.objects.create(
        user=participant,
        organisation=org,
        instrument="checkin",
        wave=Wave.SELF,
        label="Today",
        opens_at=now,
        due_at=now,
        closes_at=now + timezone.timedelta(days=1),
    )
    client.force_login(participant)
    for url in (reverse("organisation_home", kwargs={"slug": org.slug}), "/assessments/"):
        page = client.get(url).content.decode()
        assert "Daily check-in" in page, url
        assert "CHECKIN" not in page, url

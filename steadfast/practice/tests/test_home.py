"""The participant's home: what is next, recent practice, the check-in and help; no guilt."""

import uuid

import pytest
from django.urls import reverse

from steadfast.programs.models import Enrolment, ProgramVersion
from steadfast.programs.services import enrolment_create

pytestmark = pytest.mark.django_db


def home(client, org):
    return client.get(reverse("organisation_home", kwargs={"slug": org.slug}))


def test_home_shows_next_step_recent_practice_checkin_and_help(client, participant, org, enrolment):
    client.force_login(participant)
    client.post(
        reverse("practice:new", kwargs={"code": "abc"}),
        {"token": str(uuid.uuid4()), "adversity": "late bus"},
    )
    html = home(client, org).content.decode()
    assert "Noticing stress early" in html  # the next item on the path
    assert "ABC: adversity, beliefs, consequences" in html  # recent practice
    assert reverse("practice:checkin") in html
    assert reverse("crisis") in html
    assert "Your choices about your data" in html
    for guilt in ("streak", "you missed", "missed", "behind"):
        assert guilt not in html.lower()


def test_an_exercise_next_opens_in_practice_with_its_item(client, participant, org, enrolment):
    from steadfast.programs.models import Item, ItemProgress

    lesson = Item.objects.get(version=enrolment.version, slug="noticing-stress")
    ItemProgress.objects.create(enrolment=enrolment, item=lesson, status="done")
    breathing = Item.objects.get(version=enrolment.version, slug="first-breathing")
    client.force_login(participant)
    html = home(client, org).content.decode()
    assert f"/practice/breathing/new/?item={breathing.pk}" in html


def test_home_query_count_does_not_grow_with_programs_or_practice(
    client, participant, org, enrolment, django_assert_max_num_queries
):
    client.force_login(participant)
    home(client, org)
    for n in range(8):
        client.post(
            reverse("practice:new", kwargs={"code": "abc"}),
            {"token": str(uuid.uuid4()), "adversity": f"day {n}"},
        )
    version = enrolment.version
    for number in (2, 3, 4, 5):
        copy = ProgramVersion.objects.create(program=version.program, number=number)
        enrolment_create(
            user=participant, version=copy, organisation=org, source=Enrolment.Source.DIRECT
        )
    # session, user, membership, consent (2), safety advice and the person's time zone, then
    # at most three paths.
    with django_assert_max_num_queries(33):
        assert home(client, org).status_code == 200

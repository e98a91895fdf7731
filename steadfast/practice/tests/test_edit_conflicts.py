"""Two tabs changing one goal: the later save is refused with both versions shown, nothing is
written, and saving again from the conflict page works (core.versioning)."""

import re
import uuid

import pytest
from django.urls import reverse

from steadfast.practice import services
from steadfast.practice.models import Goal
from tests.conflicts import assert_conflict, loaded_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal(participant):
    goal = services.goal_save(
        user=participant, what="Walk after shifts", steps=["Shoes by the door"], token=uuid.uuid4()
    ).record
    return goal


def change(client, goal, version, what, steps="Shoes by the door"):
    return client.post(
        reverse("practice:goal_edit", args=[goal.pk]),
        {"token": str(goal.token), "what": what, "steps": steps, "row_version": version},
    )


def test_a_save_from_an_older_tab_is_refused_with_both_versions(client, participant, goal):
    client.force_login(participant)
    url = reverse("practice:goal_edit", args=[goal.pk])
    first_tab, second_tab = loaded_version(client.get(url)), loaded_version(client.get(url))

    assert change(client, goal, first_tab, "Walk twice a week").status_code == 302
    response = change(client, goal, second_tab, "Walk by the river", steps="Ask Kim to come")

    page = assert_conflict(
        response,
        saved=["Walk twice a week", "Shoes by the door"],
        typed=["Walk by the river", "Ask Kim to come"],
    )
    assert re.search(r'name="what" value="Walk by the river"', page)
    assert "This goal changed while you were editing" in page
    goal.refresh_from_db()
    assert goal.title == "Walk twice a week" and goal.steps == ["Shoes by the door"]
    assert goal.row_version == 2

    again = change(client, goal, loaded_version(response), "Walk by the river twice a week")
    assert again.status_code == 302
    goal.refresh_from_db()
    assert goal.title == "Walk by the river twice a week" and goal.row_version == 3


def test_a_draft_typed_on_an_older_version_is_checked_against_it(client, participant, goal):
    client.force_login(participant)
    url = reverse("practice:goal_edit", args=[goal.pk])
    loaded = loaded_version(client.get(url))
    typed = {"draft_key": f"goal:{goal.pk}", "what": "Walk at lunch", "row_version": loaded}
    services.goal_save(user=participant, goal=goal, what="Saved elsewhere", row_version=loaded)
    assert client.post(reverse("practice:draft_save"), typed).json()["saved"]

    reopened = client.get(url)  # the old tab's words come back, with the version they had
    assert loaded_version(reopened) == loaded
    assert 'value="Walk at lunch"' in reopened.content.decode()
    response = change(client, goal, loaded_version(reopened), "Walk at lunch", steps="")
    assert_conflict(response, saved=["Saved elsewhere"], typed=["Walk at lunch"])
    assert Goal.objects.get().title == "Saved elsewhere"


def test_progress_and_a_partner_answer_raise_the_version(participant, goal, enrolment, peer):
    services.goal_progress_add(user=participant, goal=goal, percent=None, steps_done=[0])
    services.goal_save(
        user=participant,
        goal=goal,
        what=goal.title,
        steps=goal.steps,
        partner_id=peer.pk,
        row_version=goal.row_version,
    )
    services.goal_partner_respond(partner=peer, goal_id=goal.pk, accept=True)
    assert Goal.objects.get().row_version == 4


def test_a_review_never_undoes_a_change_saved_meanwhile(participant, goal):
    opened = Goal.objects.get(pk=goal.pk)  # the goal page, loaded before the change
    services.goal_save(user=participant, goal=goal, what="Changed meanwhile", row_version=1)
    services.goal_review(user=participant, goal=opened, status="active", learned="Mornings")
    saved = Goal.objects.get()
    assert saved.title == "Changed meanwhile" and saved.data["reviews"][0]["learned"] == "Mornings"
    assert saved.row_version == 3

"""Goals: what, why, steps, by when, how I'll know; progress, review and deletion."""

import uuid

import pytest
from django.urls import reverse

from steadfast.practice.models import Goal, GoalUpdate

pytestmark = pytest.mark.django_db


def create(client, **extra):
    data = {
        "token": str(uuid.uuid4()),
        "what": "Debrief after hard calls",
        "why": "So the day does not come home with me",
        "steps": "Ask Sam\n- Pick a place\nDo it twice",
        "by_when": "2026-06-30",
        "how_i_know": "Two debriefs done",
    }
    data.update(extra)
    return client.post(reverse("practice:goal_new"), data)


def test_creating_a_goal_once(client, participant):
    client.force_login(participant)
    token = str(uuid.uuid4())
    first = create(client, token=token)
    second = create(client, token=token)
    goal = Goal.objects.get()
    assert first["Location"] == second["Location"] == reverse("practice:goal", args=[goal.pk])
    assert goal.steps == ["Ask Sam", "Pick a place", "Do it twice"]
    assert goal.step_count == 3 and str(goal.by_when) == "2026-06-30"
    html = client.get(first["Location"]).content.decode()
    assert "Debrief after hard calls" in html and "Two debriefs done" in html


def test_a_goal_needs_a_what(client, participant):
    client.force_login(participant)
    assert create(client, what="").status_code == 400
    assert not Goal.objects.exists()


def test_progress_from_steps_and_a_note(client, participant):
    client.force_login(participant)
    create(client)
    goal = Goal.objects.get()
    url = reverse("practice:goal_progress", args=[goal.pk])
    client.post(url, {"steps_done": ["0", "2"], "note": "Sam said yes"})
    goal.refresh_from_db()
    assert goal.steps_done == [0, 2] and goal.percent == 67
    assert GoalUpdate.objects.get().data == {"note": "Sam said yes"}
    html = client.get(reverse("practice:goal", args=[goal.pk])).content.decode()
    assert "67% done" in html and "Sam said yes" in html


def test_progress_as_a_percent_without_steps(client, participant):
    client.force_login(participant)
    create(client, steps="")
    goal = Goal.objects.get()
    client.post(reverse("practice:goal_progress", args=[goal.pk]), {"percent": "40"})
    goal.refresh_from_db()
    assert goal.percent == 40
    client.post(reverse("practice:goal_progress", args=[goal.pk]), {"percent": "140"})
    goal.refresh_from_db()
    assert goal.percent == 40


def test_review_and_done(client, participant):
    client.force_login(participant)
    create(client)
    goal = Goal.objects.get()
    client.post(
        reverse("practice:goal_review", args=[goal.pk]),
        {"status": "done", "learned": "Small steps worked"},
    )
    goal.refresh_from_db()
    assert goal.status == "done" and goal.percent == 100 and goal.reviewed_at
    assert goal.data["reviews"][0]["learned"] == "Small steps worked"


def test_editing_keeps_progress_of_remaining_steps(client, participant):
    client.force_login(participant)
    create(client)
    goal = Goal.objects.get()
    client.post(reverse("practice:goal_progress", args=[goal.pk]), {"steps_done": ["0", "2"]})
    goal.refresh_from_db()
    client.post(
        reverse("practice:goal_edit", args=[goal.pk]),
        {
            "token": str(goal.token),
            "what": "Debrief weekly",
            "steps": "Ask Sam\nPick a place",
            "row_version": goal.row_version,
        },
    )
    goal.refresh_from_db()
    assert goal.title == "Debrief weekly" and goal.steps_done == [0]


def test_deleting_a_goal(client, participant):
    client.force_login(participant)
    create(client)
    goal = Goal.objects.get()
    url = reverse("practice:goal_delete", args=[goal.pk])
    assert client.get(url).status_code == 200
    client.post(url)
    assert not Goal.objects.exists() and not GoalUpdate.objects.exists()


def test_a_program_goal_item_shows_its_prompts(client, participant, enrolment, tiny):
    from steadfast.programs.models import Item

    # The tiny program has no goal item: turn its support-map exercise into one.
    item = Item.objects.get(version=tiny, slug="support-map")
    item.exercise_code = "goal"
    item.prompts = {"what": "Which skill will you keep using?"}
    item.save()
    client.force_login(participant)
    html = client.get(reverse("practice:goal_new") + f"?item={item.pk}").content.decode()
    assert "Which skill will you keep using?" in html


def test_goals_list_is_a_fixed_number_of_queries(
    client, participant, django_assert_max_num_queries
):
    client.force_login(participant)
    for n in range(6):
        create(client, what=f"Goal {n}")
    with django_assert_max_num_queries(8):
        html = client.get(reverse("practice:goals")).content.decode()
    assert "Goal 5" in html

"""The result page's message fits the finding: crisis help for an answer about self-harm, a
referral for a severe score or a positive trauma screen, the full questionnaire offered after
a positive short screen, and SCS-SF subscales as published."""

import pytest
from django.urls import reverse

from steadfast.assessments import services
from steadfast.assessments.models import Draft

pytestmark = pytest.mark.django_db

CRISIS = "have to carry this alone"
SELF_HARM = "thoughts of hurting yourself"
REFERRAL = "It may help to talk to a professional soon"


def result_page(client, user, instrument, answers):
    response = services.response_record(user=user, instrument=instrument, answers=answers)
    client.force_login(user)
    page = client.get(reverse("assessments:result", kwargs={"pk": response.pk}))
    assert page.status_code == 200
    return page.content.decode()


@pytest.mark.parametrize(
    ("instrument", "answers"),
    [
        ("gad7", [3, 3, 3, 2, 2, 2, 0]),  # 15: severe anxiety
        ("pcl5", [2] * 16 + [1] + [0] * 3),  # 33: at the trauma screen's cut-off
        ("phq9", [3, 3, 3, 3, 3, 3, 2, 0, 0]),  # 20 with item 9 at 0: severe depression
    ],
)
def test_a_severe_score_or_positive_trauma_screen_gets_a_referral_not_the_self_harm_text(
    client, participant, instrument, answers
):
    html = result_page(client, participant, instrument, answers)
    assert REFERRAL in html
    assert html.index(REFERRAL) < html.index("result</h2>")
    assert CRISIS not in html and SELF_HARM not in html
    assert reverse("crisis") in html  # still one step away


def test_item_nine_still_brings_crisis_help_first(client, participant):
    html = result_page(client, participant, "phq9", [3, 3, 3, 3, 3, 3, 2, 0, 1])
    assert html.index(CRISIS) < html.index("result</h2>")
    assert REFERRAL not in html


def test_a_trauma_screen_reads_as_a_cut_off_never_as_severe(client, participant):
    html = result_page(client, participant, "pcl5", [2] * 20)
    assert "at or above the screening cut-off" in html
    assert "severe" not in html.lower()


def test_below_the_cut_offs_there_is_no_help_box(client, participant):
    html = result_page(client, participant, "gad7", [1, 1, 1, 1, 1, 1, 1])
    assert REFERRAL not in html and CRISIS not in html


@pytest.mark.parametrize(
    ("short", "full", "title"), [("phq2", "phq9", "PHQ-9"), ("gad2", "gad7", "GAD-7")]
)
def test_a_positive_short_screen_offers_the_full_questionnaire_at_once(
    client, participant, short, full, title
):
    html = result_page(client, participant, short, [2, 1])  # 3: positive
    start = reverse("assessments:start", kwargs={"code": full})
    assert f'action="{start}"' in html
    client.post(start)
    assert Draft.objects.filter(user=participant, instrument=full).exists()
    negative = result_page(client, participant, short, [1, 1])
    assert f'action="{start}"' not in negative


def test_scssf_negative_subscales_say_which_way_they_run(client, participant):
    html = result_page(client, participant, "scssf", [5, 2, 2, 4, 2, 2, 2, 4, 5, 2, 4, 4])
    assert (
        'Self-judgment: <strong>4</strong> <span class="muted">(a higher score means more of this)'
        in html
    )
    assert "Self-kindness: <strong>2</strong></li>" in html

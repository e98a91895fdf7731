"""Every program page against the right role, the wrong role and outsiders."""

import pytest
from django.urls import reverse

from steadfast.accounts.tests.factories import UserFactory
from steadfast.core.models import AuditEvent
from steadfast.programs.models import Enrolment, ItemProgress, KnowledgeCheckAnswer

pytestmark = pytest.mark.django_db

ROLES = ["participant", "facilitator", "lead", "administrator", "outsider", "stranger"]


@pytest.fixture
def stranger(db):
    """Signed in, but a member of no organisation."""
    return UserFactory(full_name="Sol Stranger")


def path_url(name, enrolment, item=None):
    kwargs = {"pk": enrolment.pk}
    if item:
        kwargs["item"] = item
    return reverse(f"programs:{name}", kwargs=kwargs)


# page, method, data, expected status for each of ROLES
LIBRARY_MATRIX = [
    ("library", [403, 200, 200, 200, 200, 403]),
    ("preview", [403, 200, 200, 200, 200, 403]),
]
# Only the participant owns the enrolment; everyone else gets a 404.
PATH_MATRIX = [
    ("path", "get", None, None, 200),
    ("item", "get", "who-helps", None, 200),
    ("item_progress", "post", "who-helps", {"status": "done"}, 302),
    ("item_check", "post", "noticing-stress", {"q0": "0", "q1": "1"}, 302),
]


@pytest.mark.parametrize(("name", "expected"), LIBRARY_MATRIX)
@pytest.mark.parametrize("role_index", range(len(ROLES)))
def test_library_role_matrix(client, request, programs, name, expected, role_index):
    client.force_login(request.getfixturevalue(ROLES[role_index]))
    url = reverse(f"programs:{name}", kwargs={"slug": "tiny"} if name == "preview" else {})
    assert client.get(url).status_code == expected[role_index], ROLES[role_index]


@pytest.mark.parametrize(("name", "method", "item", "data", "owner_status"), PATH_MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_path_role_matrix(client, request, enrolment, name, method, item, data, owner_status, role):
    client.force_login(request.getfixturevalue(role))
    response = getattr(client, method)(path_url(name, enrolment, item), data)
    assert response.status_code == (owner_status if role == "participant" else 404), role


@pytest.mark.parametrize(("name", "method", "item", "data", "owner_status"), PATH_MATRIX)
def test_signed_out_visitors_are_sent_to_sign_in(
    client, enrolment, name, method, item, data, owner_status
):
    response = getattr(client, method)(path_url(name, enrolment, item), data)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")


def test_nobody_else_can_write_to_an_enrolment(client, enrolment, facilitator):
    client.force_login(facilitator)
    client.post(path_url("item_progress", enrolment, "who-helps"), {"status": "done"})
    client.post(path_url("item_check", enrolment, "noticing-stress"), {"q0": "0", "q1": "1"})
    assert not ItemProgress.objects.exists() and not KnowledgeCheckAnswer.objects.exists()


def test_a_participant_denied_the_library_is_audited(client, participant, programs):
    client.force_login(participant)
    client.get(reverse("programs:library"))
    assert AuditEvent.objects.filter(action="denied", object_id="browse_library").exists()


# -- library and preview -----------------------------------------------------------------------


def test_the_library_lists_loaded_programs(client, facilitator, programs):
    client.force_login(facilitator)
    response = client.get(reverse("programs:library"))
    assert b"Tiny test program" in response.content
    assert b"Tiny open program" in response.content


def test_the_preview_shows_sessions_with_step_minutes_and_guides(client, facilitator, programs):
    client.force_login(facilitator)
    html = client.get(reverse("programs:preview", kwargs={"slug": "tiny"})).content.decode()
    assert "Meeting the group" in html
    assert "Agree together on how the group will keep things private." in html
    assert "<td>25</td>" in html
    assert "forming the group" in html  # the arc stage, in words
    assert "Short check-ins with your team" in html  # the guide for leaders
    assert "(right answer)" in html


def test_the_role_switcher_shows_the_variants_changes_in_place(client, facilitator, programs):
    client.force_login(facilitator)
    url = reverse("programs:preview", kwargs={"slug": "tiny"})
    plain = client.get(url).content.decode()
    assert "on patrol" not in plain
    officer = client.get(url + "?role=officer").content.decode()
    assert "Noticing stress early on patrol" in officer
    assert "Say hello and ask each officer which shift they work." in officer
    assert "Key for this role" in officer
    assert 'aria-current="page">For police officers' in officer
    assert client.get(url + "?role=pilot").status_code == 404


def test_leads_see_only_the_guide_for_leaders(client, lead, programs):
    client.force_login(lead)
    html = client.get(reverse("programs:preview", kwargs={"slug": "tiny"})).content.decode()
    assert "Short check-ins with your team" in html
    assert "Meeting the group" not in html
    assert "Noticing stress early" not in html


def test_an_unknown_program_is_a_404(client, facilitator, programs):
    client.force_login(facilitator)
    assert client.get(reverse("programs:preview", kwargs={"slug": "nope"})).status_code == 404


# -- the participant's path --------------------------------------------------------------------


def test_the_path_shows_next_due_and_suggestions(client, participant, enrolment):
    client.force_login(participant)
    html = client.get(path_url("path", enrolment)).content.decode()
    assert "0 of 4 lessons and exercises done" in html
    assert path_url("item", enrolment, "noticing-stress") in html
    assert "Due this week" in html
    assert "No self-check yet" in html
    assert "Short check-ins with your team" not in html  # leaders only


def test_my_programs_lists_only_my_enrolments(client, participant, enrolment, facilitator):
    client.force_login(participant)
    assert path_url("path", enrolment) in client.get(reverse("programs:mine")).content.decode()
    client.force_login(facilitator)
    assert path_url("path", enrolment) not in client.get(reverse("programs:mine")).content.decode()


def test_a_content_note_comes_first_with_continue_and_skip(client, participant, enrolment):
    client.force_login(participant)
    url = path_url("item", enrolment, "noticing-stress")
    note = client.get(url).content.decode()
    assert "mentions hard days at work" in note
    assert "Signs to watch for" not in note
    assert 'href="?note=read"' in note and "Skip for now" in note
    lesson = client.get(url + "?note=read").content.decode()
    assert "<h3>Signs to watch for</h3>" in lesson
    response = client.post(
        path_url("item_progress", enrolment, "noticing-stress"), {"status": "skipped"}
    )
    assert response.headers["Location"] == path_url("path", enrolment)
    assert ItemProgress.objects.get(enrolment=enrolment).status == "skipped"


def test_marking_done_moves_the_path_on_and_can_be_undone(client, participant, enrolment):
    client.force_login(participant)
    client.post(path_url("item_progress", enrolment, "noticing-stress"), {"status": "done"})
    html = client.get(path_url("path", enrolment)).content.decode()
    assert "1 of 4 lessons and exercises done" in html
    next_link = path_url("item", enrolment, "first-breathing")
    assert f'class="button" href="{next_link}"' in html
    response = client.post(
        path_url("item_progress", enrolment, "noticing-stress"), {"status": "started"}
    )
    assert response.headers["Location"].startswith(path_url("item", enrolment, "noticing-stress"))
    assert ItemProgress.objects.get(enrolment=enrolment).status == "started"


def test_an_unknown_status_or_a_session_cannot_be_marked(client, participant, enrolment):
    client.force_login(participant)
    assert (
        client.post(
            path_url("item_progress", enrolment, "who-helps"), {"status": "finished"}
        ).status_code
        == 400
    )
    assert (
        client.post(
            path_url("item_progress", enrolment, "week-1-session"), {"status": "done"}
        ).status_code
        == 400
    )
    assert not ItemProgress.objects.exists()


def test_the_knowledge_check_keeps_answers_and_explains_the_right_one(
    client, participant, enrolment
):
    client.force_login(participant)
    response = client.post(
        path_url("item_check", enrolment, "noticing-stress"), {"q0": "0", "q1": "0"}
    )
    assert response.headers["Location"].endswith("?note=read#check")
    html = client.get(response.headers["Location"].split("#")[0]).content.decode()
    assert "Right" in html and "Not quite" in html
    assert "The answer: Take one slow breath and name it." in html
    assert "Naming the sign and slowing down gives you a moment to choose." in html
    answers = KnowledgeCheckAnswer.objects.filter(enrolment=enrolment).order_by("question")
    assert [(a.choice, a.correct, a.occasion) for a in answers] == [
        (0, True, "lesson"),
        (0, False, "lesson"),
    ]


def test_an_incomplete_knowledge_check_is_sent_back(client, participant, enrolment):
    client.force_login(participant)
    response = client.post(path_url("item_check", enrolment, "noticing-stress"), {"q0": "0"})
    assert response.status_code == 400
    assert b"Please choose an answer." in response.content
    assert not KnowledgeCheckAnswer.objects.exists()


def test_an_exercise_shows_its_prompts_and_links_to_the_practice_tool(
    client, participant, enrolment
):
    client.force_login(participant)
    html = client.get(path_url("item", enrolment, "support-map")).content.decode()
    assert "Name two people you could call after a hard day." in html
    item = enrolment.version.modules.get(items__slug="support-map").items.get(slug="support-map")
    assert f'href="/practice/support_map/new/?item={item.pk}"' in html
    assert "Support map" in html  # the exercise type's title


def test_a_session_shows_what_it_covers_but_not_the_facilitators_guide(
    client, participant, enrolment
):
    client.force_login(participant)
    html = client.get(path_url("item", enrolment, "week-1-session")).content.decode()
    assert "Group agreements" in html and "<td>25</td>" in html
    assert "Agree together on how the group" not in html
    assert "Mark as done" not in html


def test_the_guide_for_leaders_is_a_404_for_participants(client, participant, enrolment):
    client.force_login(participant)
    assert client.get(path_url("item", enrolment, "leader-check-ins")).status_code == 404


# -- open enrolment ----------------------------------------------------------------------------


def join_url(slug):
    return reverse("programs:join", kwargs={"slug": slug})


def join_data(**extra):
    data = {
        "email": "river@example.org",
        "full_name": "River Stone",
        "password1": "quiet harbour morning light",
        "password2": "quiet harbour morning light",
        "consent": "on",
    }
    data.update(extra)
    return data


def test_someone_outside_any_organisation_joins_an_open_program(client, programs):
    page = client.get(join_url("tiny-open"))
    assert page.status_code == 200
    assert b"Taking part in the program" in page.content
    response = client.post(join_url("tiny-open"), join_data())
    enrolment = Enrolment.objects.get(user__email="river@example.org")
    assert response.headers["Location"] == path_url("path", enrolment)
    assert enrolment.organisation is None and enrolment.consent_text is not None
    # Signed in as the new person: their path opens.
    assert client.get(path_url("path", enrolment)).status_code == 200


def test_a_closed_program_cannot_be_joined(client, programs):
    assert client.get(join_url("tiny")).status_code == 404
    assert client.post(join_url("tiny"), join_data()).status_code == 404
    assert client.get(join_url("missing")).status_code == 404


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"password1": "short", "password2": "short"}, b"too short"),
        ({"password2": "something else entirely"}, b"The two passwords differ."),
        ({"consent": ""}, b"Please agree to take part"),
        ({"email": "not-an-address"}, b"valid email"),
    ],
)
def test_joining_checks_the_form(client, programs, change, message):
    response = client.post(join_url("tiny-open"), join_data(**change))
    assert response.status_code == 400
    assert message in response.content
    assert not Enrolment.objects.exists()


def test_an_address_with_an_account_must_sign_in_first(client, programs, participant):
    response = client.post(join_url("tiny-open"), join_data(email=participant.email))
    assert response.status_code == 400
    assert b"Sign in first" in response.content


def test_a_signed_in_person_joins_with_consent_only(client, programs, stranger):
    client.force_login(stranger)
    assert b"Your email address" not in client.get(join_url("tiny-open")).content
    assert client.post(join_url("tiny-open"), {}).status_code == 400
    response = client.post(join_url("tiny-open"), {"consent": "on"})
    assert response.status_code == 302
    assert Enrolment.objects.get(user=stranger).source == "open"


def test_lesson_markdown_is_sanitised():
    from steadfast.programs.templatetags.programs_text import markdown

    html = markdown("# Title\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))")
    assert "<h2>Title</h2>" in html
    assert "<script" not in html and "javascript:" not in html


def test_joining_is_rate_limited_per_ip(client, programs):
    url = join_url("tiny-open")
    codes = [client.post(url, {"email": f"p{i}@example.org"}).status_code for i in range(12)]
    assert 429 in codes
    assert codes.index(429) == 10  # the eleventh attempt within the hour is refused


def test_the_preview_offers_to_start_a_cohort_where_the_person_runs_them(
    client, facilitator, lead, org, tiny
):
    client.force_login(facilitator)
    html = client.get(reverse("programs:preview", kwargs={"slug": "tiny"})).content.decode()
    assert f"/o/{org.slug}/cohorts/new/?version=" in html
    form = client.get(f"/o/{org.slug}/cohorts/new/?version={tiny.pk}").content.decode()
    assert f'<option value="{tiny.pk}" selected>' in form
    client.force_login(lead)
    assert (
        "/cohorts/new/"
        not in client.get(reverse("programs:preview", kwargs={"slug": "tiny"})).content.decode()
    )

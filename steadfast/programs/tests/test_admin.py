"""The content library in the admin: versions with enrolments are read-only; copying makes an
editable version."""

import pytest
from django.urls import reverse

from steadfast.accounts.tests.factories import UserFactory
from steadfast.programs.models import Item, Module, Program, ProgramVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


def change_url(obj):
    return reverse(f"admin:programs_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize("model", ["program", "programversion", "module", "item", "variant"])
def test_every_admin_list_opens(client, staff, programs, model):
    client.force_login(staff)
    assert client.get(reverse(f"admin:programs_{model}_changelist")).status_code == 200


def test_an_unused_version_can_be_edited(client, staff, tiny):
    client.force_login(staff)
    lesson = Item.objects.get(version=tiny, slug="who-helps")
    html = client.get(change_url(lesson)).content.decode()
    assert 'name="title"' in html


def test_a_version_people_are_enrolled_on_is_read_only(client, staff, enrolment, tiny):
    client.force_login(staff)
    lesson = Item.objects.get(version=tiny, slug="who-helps")
    html = client.get(change_url(lesson)).content.decode()
    assert 'name="title"' not in html
    client.post(change_url(lesson), {"title": "Changed", "minutes": 3})
    lesson.refresh_from_db()
    assert lesson.title == "Who helps you?"
    version_html = client.get(change_url(tiny)).content.decode()
    assert 'name="weeks"' not in version_html
    # Nothing of it can be deleted either.
    delete = reverse("admin:programs_item_delete", args=[lesson.pk])
    assert client.get(delete).status_code == 403


def test_nothing_can_be_added_to_a_locked_version(client, staff, enrolment, tiny):
    client.force_login(staff)
    response = client.post(
        reverse("admin:programs_module_add"),
        {
            "version": tiny.pk,
            "slug": "extra",
            "title": "Extra",
            "theme": "mind",
            "order": 9,
            "audience": "participants",
            "wheel_areas": "[]",
        },
    )
    assert response.status_code == 200  # the form comes back with the error
    assert "People are enrolled on this version" in response.content.decode()
    assert not Module.objects.filter(slug="extra").exists()


def test_the_copy_action_makes_an_editable_version(client, staff, enrolment, tiny):
    client.force_login(staff)
    response = client.post(
        reverse("admin:programs_programversion_changelist"),
        {"action": "copy_to_new_version", "_selected_action": [tiny.pk]},
    )
    assert response.status_code == 302
    copy = ProgramVersion.objects.get(program=tiny.program, number=2)
    assert copy.copied_from == tiny and copy.source == "copied"
    lesson = Item.objects.get(version=copy, slug="who-helps")
    assert 'name="title"' in client.get(change_url(lesson)).content.decode()
    data = {
        "module": lesson.module_id,
        "kind": "lesson",
        "slug": "who-helps",
        "title": "Edited",
        "minutes": 3,
        "body": lesson.body,
        "content_note": "",
        "checks": "[]",
        "exercise_code": "",
        "intro": "",
        "prompts": "{}",
        "settings": "{}",
        "steps": "[]",
        "order": lesson.order,
        "row_version": lesson.row_version,
    }
    assert client.post(change_url(lesson), data).status_code == 302
    lesson.refresh_from_db()
    assert lesson.title == "Edited" and lesson.version == copy
    assert Item.objects.get(version=tiny, slug="who-helps").title == "Who helps you?"


def test_versions_are_not_added_by_hand(client, staff, programs):
    client.force_login(staff)
    assert client.get(reverse("admin:programs_programversion_add")).status_code == 403


def test_programs_come_from_the_content_loader_not_the_admin(client, staff, programs):
    client.force_login(staff)
    assert client.get(reverse("admin:programs_program_add")).status_code == 403


def test_only_a_self_paced_program_can_be_opened_to_everyone(client, staff, programs):
    client.force_login(staff)
    grouped = Program.objects.get(slug="tiny")
    url = change_url(grouped)
    response = client.post(url, {"title": grouped.title, "summary": "", "open_enrolment": "on"})
    assert response.status_code == 200
    assert "Only a self-paced program can be open to everyone" in response.text
    grouped.refresh_from_db()
    assert not grouped.open_enrolment

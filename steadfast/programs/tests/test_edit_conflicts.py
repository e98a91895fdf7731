"""Program content is edited only in the admin: two people changing the same item, module or
version there keep both versions. The later save is refused (409) with what is saved now
shown and what was typed kept in the form; saving again works (core.versioning)."""

import html

import pytest
from django.urls import reverse

from steadfast.accounts.tests.factories import UserFactory
from steadfast.programs.models import Item, Module, ProgramVersion, Variant

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def other_staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


def change_url(obj):
    return reverse(f"admin:programs_{obj._meta.model_name}_change", args=[obj.pk])


def posted(response):
    """What the browser would send back from this change page, untouched."""
    context = response.context
    forms = [context["adminform"].form]
    data = {}
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        forms.extend(formset.forms)
        data.update({bf.html_name: bf.value() for bf in formset.management_form})
    for form in forms:
        for bf in form:
            value = bf.value()
            if isinstance(value, bool):
                if value:
                    data[bf.html_name] = "on"
            else:
                data[bf.html_name] = "" if value is None else str(value)
    return data


def test_an_item_changed_by_two_people_keeps_both_versions(client, staff, other_staff, tiny):
    lesson = Item.objects.get(version=tiny, slug="who-helps")
    url = change_url(lesson)
    client.force_login(staff)
    mine = posted(client.get(url))
    client.force_login(other_staff)
    theirs = posted(client.get(url))
    assert client.post(url, {**theirs, "title": "Who helps, at work"}).status_code == 302

    client.force_login(staff)
    response = client.post(url, {**mine, "title": "Who helps you at home?"})
    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert "Someone else saved this item after you opened it" in page
    assert "Saved now" in page and "Who helps, at work" in page
    assert 'value="Who helps you at home?"' in page  # what was typed, still in the form
    lesson.refresh_from_db()
    assert lesson.title == "Who helps, at work" and lesson.row_version == 2

    again = posted(response)
    assert again["row_version"] == "2" and again["title"] == "Who helps you at home?"
    assert client.post(url, again).status_code == 302
    lesson.refresh_from_db()
    assert lesson.title == "Who helps you at home?" and lesson.row_version == 3


@pytest.mark.parametrize("model", [Module, Variant, ProgramVersion])
def test_every_editable_part_of_a_version_refuses_a_stale_save(
    client, staff, other_staff, tiny, model
):
    obj = tiny if model is ProgramVersion else model.objects.filter(version=tiny).first()
    url = change_url(obj)
    field = {Module: "title", Variant: "title", ProgramVersion: "weeks"}[model]
    client.force_login(staff)
    mine = posted(client.get(url))
    client.force_login(other_staff)
    theirs = posted(client.get(url))
    assert (
        client.post(url, {**theirs, field: "7" if field == "weeks" else "Theirs"}).status_code
        == 302
    )

    client.force_login(staff)
    response = client.post(url, {**mine, field: "9" if field == "weeks" else "Mine"})
    assert response.status_code == 409
    obj.refresh_from_db()
    assert str(getattr(obj, field)) == ("7" if field == "weeks" else "Theirs")


def test_a_module_changed_in_the_versions_own_page_is_checked_too(client, staff, other_staff, tiny):
    module = Module.objects.filter(version=tiny).order_by("order").first()
    url = change_url(tiny)
    client.force_login(staff)
    mine = posted(client.get(url))
    row = next(
        k[: -len("-id")] for k, v in mine.items() if k.endswith("-id") and v == str(module.pk)
    )
    client.force_login(other_staff)
    assert (
        client.post(
            change_url(module), {**posted(client.get(change_url(module))), "title": "Theirs"}
        ).status_code
        == 302
    )

    client.force_login(staff)
    response = client.post(url, {**mine, f"{row}-title": "Mine"})
    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert "Someone else saved this module after you opened it" in page
    assert "Saved now: Title: “Theirs”" in page and 'value="Mine"' in page
    assert Module.objects.get(pk=module.pk).title == "Theirs"
    assert client.post(url, posted(response)).status_code == 302
    assert Module.objects.get(pk=module.pk).title == "Mine"

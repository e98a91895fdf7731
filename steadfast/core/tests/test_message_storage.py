"""Messages ("Successfully signed in as …", "Welcome to …") are kept in the session on the
server, never in a cookie: after such a step no Set-Cookie header carries a name, an address
or any message text, even once decoded, and the message is still shown on the next page."""

import zlib

import pytest
from django.core import signing
from django.urls import reverse

from steadfast.accounts.tests.factories import UserFactory
from steadfast.organisations import services

PASSWORD = "a sturdy pass phrase 2026"


def readable(value):
    """A cookie's value and, when it is a signed value (as Django's message cookie is), its
    decoded payload."""
    texts = [value]
    payload = value.split(":")[0]
    try:
        data = signing.b64_decode(payload.removeprefix(".").encode())
        texts.append((zlib.decompress(data) if payload.startswith(".") else data).decode())
    except (ValueError, zlib.error, UnicodeDecodeError):
        pass
    return "\n".join(texts)


def assert_no_cookie_carries(response, *texts):
    assert "messages" not in response.cookies
    for morsel in response.cookies.values():
        cookie = readable(morsel.value)
        for text in texts:
            assert text not in cookie, f"{morsel.key} carries {text!r}"


@pytest.mark.django_db
def test_signing_in_puts_no_name_or_message_in_a_cookie(client):
    person = UserFactory(full_name="Zelda Quinlan", email="zelda.quinlan@example.org")
    person.set_password(PASSWORD)
    person.save()

    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})

    assert response.status_code == 302
    assert set(response.cookies) <= {"sessionid", "csrftoken"}
    assert_no_cookie_carries(response, "Zelda", "zelda.quinlan", "signed in")
    page = client.get(response["Location"], follow=True)
    assert "signed in" in page.content.decode()  # the message still reaches the person
    assert_no_cookie_carries(page, "Zelda", "zelda.quinlan", "signed in")


@pytest.mark.django_db
def test_joining_through_an_invitation_puts_no_name_or_message_in_a_cookie(client, org, lead):
    invitation = services.invitation_create(
        organisation=org, email="yusuf.brandt@example.org", role="participant", invited_by=lead
    )
    path = reverse("invitation_accept", kwargs={"token": services.invitation_token(invitation)})

    response = client.post(
        path, {"full_name": "Yusuf Brandt", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 302
    assert_no_cookie_carries(response, "Yusuf", "yusuf.brandt", "Welcome", org.name)
    page = client.get(response["Location"])
    assert f"Welcome to {org.name}." in page.content.decode()
    assert_no_cookie_carries(page, "Yusuf", "Welcome", org.name)

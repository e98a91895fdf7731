import pytest

pytestmark = pytest.mark.django_db


def test_me_lists_my_roles(client, participant, org):
    client.force_login(participant)
    body = client.get("/api/v1/me/").json()
    assert body["email"] == participant.email
    assert body["memberships"] == [
        {
            "organisation": org.slug,
            "organisation_name": org.name,
            "role": "participant",
            "team": None,
        }
    ]


def test_me_needs_sign_in(client):
    assert client.get("/api/v1/me/").status_code == 403


def test_openapi_schema_is_served(client, participant):
    client.force_login(participant)
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/me/" in response.content

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from steadfast.core import crypto
from steadfast.organisations.models import Invitation
from steadfast.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def raw_email(invitation_id):
    with connection.cursor() as cursor:
        cursor.execute("SELECT email FROM organisations_invitation WHERE id = %s", [invitation_id])
        return cursor.fetchone()[0]


def make_invitation(email="nurse.kim@example.org"):
    return Invitation.objects.create(
        organisation=OrganisationFactory(),
        email=email,
        email_index=crypto.blind_index(email, purpose="test"),
        role="participant",
    )


def test_database_row_holds_ciphertext_not_the_text():
    invitation = make_invitation("nurse.kim@example.org")
    stored = raw_email(invitation.pk)
    assert stored.startswith("gAAAAA")
    assert "nurse" not in stored
    assert Invitation.objects.get(pk=invitation.pk).email == "nurse.kim@example.org"


def test_same_text_encrypts_differently_each_time():
    first, second = make_invitation("a@example.org"), make_invitation("a2@example.org")
    first.email = second.email = "same@example.org"
    first.save()
    second.save()
    assert raw_email(first.pk) != raw_email(second.pk)


@pytest.mark.parametrize("text", ["Ωμέγα ☕ 👩‍⚕️", "مرحبا", "e\u0301", "x" * 20000, ""])
def test_unicode_and_long_text_round_trip(text):
    invitation = make_invitation()
    invitation.email = text
    invitation.save()
    assert Invitation.objects.get(pk=invitation.pk).email == text


def test_filtering_on_encrypted_field_is_refused_not_silently_empty():
    make_invitation("x@example.org")
    with pytest.raises(FieldError, match="encrypted"):
        list(Invitation.objects.filter(email="x@example.org"))
    with pytest.raises(FieldError, match="encrypted"):
        list(Invitation.objects.filter(email__icontains="x"))
    assert Invitation.objects.filter(email__isnull=False).count() == 1


def test_blind_index_finds_rows_and_normalises_case_and_spacing():
    assert crypto.blind_index(" Kim@Example.ORG ", purpose="p") == crypto.blind_index(
        "kim@example.org", purpose="p"
    )
    assert crypto.blind_index("kim@example.org", purpose="p") != crypto.blind_index(
        "kim@example.org", purpose="q"
    )


def test_rotation_keeps_data_readable_and_moves_it_to_the_new_key(settings):
    old_key = settings.STEADFAST_ENCRYPTION_KEYS[0]
    invitation = make_invitation("rotate.me@example.org")
    before = raw_email(invitation.pk)

    new_key = Fernet.generate_key().decode()
    settings.STEADFAST_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_keys", batch_size=1)
    after = raw_email(invitation.pk)
    assert after != before
    assert Fernet(new_key.encode()).decrypt(after.encode()) == b"rotate.me@example.org"

    settings.STEADFAST_ENCRYPTION_KEYS = [new_key]  # the old key can now be dropped
    assert Invitation.objects.get(pk=invitation.pk).email == "rotate.me@example.org"


def test_unknown_key_is_an_error_not_a_leak(settings):
    invitation = make_invitation("secret@example.org")
    settings.STEADFAST_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ValueError, match="cannot decrypt") as error:
        Invitation.objects.get(pk=invitation.pk)
    assert "secret" not in str(error.value)
    assert "gAAAAA" not in str(error.value)


def test_query_guard_catches_ordering_on_ciphertext():
    # The suite-wide guard (conftest) fails any query that orders or filters on ciphertext.
    make_invitation()
    with pytest.raises(AssertionError, match="encrypted column"):
        list(Invitation.objects.order_by("email"))

"""The one check behind every edit page: the version is compared in the UPDATE itself."""

import uuid

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from steadfast.core.versioning import (
    RowVersionField,
    StaleEdit,
    rebased,
    update_bumping,
    update_if_version,
)
from steadfast.journal import services
from steadfast.journal.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(participant):
    return services.entry_create(user=participant, token=uuid.uuid4(), title="", body="one").entry


def test_the_version_is_checked_in_the_same_update_that_writes(entry):
    entry.body = "two"
    with CaptureQueriesContext(connection) as queries:
        update_if_version(entry, expected=1, fields=["body"])
    (update,) = [q["sql"] for q in queries.captured_queries]
    where = update.split("WHERE", 1)[1]
    assert update.startswith("UPDATE") and '"row_version"' in where and '"id"' in where
    assert '"body"' not in where  # encrypted text is written, never compared
    stored = Entry.objects.get()
    assert (stored.body, stored.row_version, entry.row_version) == ("two", 2, 2)


def test_an_update_from_an_older_version_writes_nothing(entry):
    update_bumping(entry, fields=[])
    entry.body = "stale"
    with pytest.raises(StaleEdit) as raised:
        update_if_version(entry, expected=1, fields=["body"])
    assert raised.value.expected == 1 and raised.value.model is Entry
    stored = Entry.objects.get()
    assert (stored.body, stored.row_version) == ("one", 2)


def test_a_row_deleted_meanwhile_is_a_stale_edit_too(entry):
    Entry.objects.all().delete()
    with pytest.raises(StaleEdit):
        update_if_version(entry, expected=1, fields=["body"])


def test_only_real_columns_can_be_written(entry):
    with pytest.raises(ValueError, match="not columns"):
        update_if_version(entry, expected=1, fields=["bodyy"])
    assert Entry.objects.get().row_version == 1


def test_a_form_without_a_version_counts_as_the_oldest():
    field = RowVersionField()
    assert field.clean("") == 0 and field.clean("7") == 7


def test_rebased_keeps_every_value_and_sets_the_version():
    posted = QueryDict("steps=1&steps=2&row_version=1&body=words")
    copy = rebased(posted, version=5)
    assert copy.getlist("steps") == ["1", "2"] and copy["body"] == "words"
    assert copy["row_version"] == "5" and posted["row_version"] == "1"
    assert rebased({"form-row_version": 1}, version=3, prefix="form")["form-row_version"] == "3"

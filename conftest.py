"""Fixtures shared by every test: people in every role, two organisations, and a guard that
fails any test whose queries filter or order on an encrypted column."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from steadfast.accounts.tests.factories import UserFactory
from steadfast.organisations.models import Role
from steadfast.organisations.tests.factories import MembershipFactory, OrganisationFactory
from tests.support import every_connection_wrapped


def _encrypted_column_patterns() -> list[re.Pattern[str]]:
    from steadfast.core.services import encrypted_models

    patterns = []
    for model, names in encrypted_models():
        for name in names:
            column = model._meta.get_field(name).column  # type: ignore[union-attr]
            ref = rf'"{model._meta.db_table}"\."{column}"'
            # A reference after WHERE or ORDER BY, other than an IS NULL test, is a lookup
            # on ciphertext: it can never match what the author meant.
            patterns.append(re.compile(rf"(WHERE|ORDER BY).*{ref}(?! IS (NOT )?NULL)", re.S))
    return patterns


@pytest.fixture(autouse=True)
def _no_queries_on_ciphertext(request: pytest.FixtureRequest) -> Iterator[None]:
    if "django_db_setup" not in request.fixturenames and not request.node.get_closest_marker(
        "django_db"
    ):
        yield
        return
    patterns = _encrypted_column_patterns()

    def guard(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        for pattern in patterns:
            if pattern.search(sql):
                raise AssertionError(f"query filters or orders on an encrypted column: {sql}")
        return execute(sql, params, many, context)

    with every_connection_wrapped(guard):
        yield


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Northside Hospital", slug="northside")


@pytest.fixture
def other_org(db):
    return OrganisationFactory(name="Eastport Police", slug="eastport")


def _member(org, role, name):
    user = UserFactory(full_name=name)
    MembershipFactory(user=user, organisation=org, role=role)
    return user


@pytest.fixture
def participant(org):
    return _member(org, Role.PARTICIPANT, "Bob Participant")


@pytest.fixture
def facilitator(org):
    return _member(org, Role.FACILITATOR, "Fay Facilitator")


@pytest.fixture
def lead(org):
    return _member(org, Role.LEAD, "Alice Lead")


@pytest.fixture
def administrator(org):
    return _member(org, Role.ADMINISTRATOR, "Ada Administrator")


@pytest.fixture
def outsider(other_org):
    """Charlie: a lead, but of another organisation."""
    return _member(other_org, Role.LEAD, "Charlie Outsider")


@pytest.fixture
def run_worker(monkeypatch):
    """Run the real database task worker in-process until the queue is empty.

    The worker recycles database connections between tasks; inside a test's transaction that
    would close the test's own connection (PostgreSQL), so recycling is turned off here.
    """
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        call_command(
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--queue-name",
            "*",
            "--no-reload",
            verbosity=0,
        )

    return run


@pytest.fixture(scope="session")
def _pristine_database(django_db_setup, django_db_blocker, tmp_path_factory):
    from tests.concurrency import pristine_database

    with django_db_blocker.unblock(), pristine_database(tmp_path_factory.mktemp("db")) as found:
        yield found


@pytest.fixture
def database_copy(_pristine_database, db, django_db_blocker, tmp_path):
    """A private copy of the migrated test database, for requests sent at the same moment from
    several threads (tests/concurrency.py says why not `transactional_db`)."""
    from tests.concurrency import database_copy as copy_of

    with django_db_blocker.unblock(), copy_of(_pristine_database, tmp_path) as copy:
        yield copy

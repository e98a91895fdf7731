"""Factories and helpers for program tests. Most tests load the small fixture program
(tests/fixtures/valid) through the real loader rather than building rows by hand."""

from __future__ import annotations

from pathlib import Path

import factory

from steadfast.accounts.tests.factories import UserFactory
from steadfast.programs.models import Enrolment, Program, ProgramVersion
from steadfast.programs.services import content_load

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid"


def load_valid() -> dict[str, Program]:
    result = content_load(root=VALID, seeds_dir=None)
    assert result.report.ok, result.report.errors
    return {p.slug: p for p in Program.objects.all()}


def latest(slug: str) -> ProgramVersion:
    return ProgramVersion.objects.filter(program__slug=slug).order_by("-number").first()


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    user = factory.SubFactory(UserFactory)
    source = Enrolment.Source.DIRECT

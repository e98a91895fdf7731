"""My data covers what a person wrote in a cohort: intake answers and the maintenance plan."""

import pytest

from steadfast.cohorts import services
from steadfast.cohorts.models import Intake, MaintenancePlan
from steadfast.core import personal_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def written(add_people):
    me, other = add_people(2)
    for place in (me, other):
        services.intake_save(
            member=place,
            challenges=[],
            availability=[],
            not_with=[],
            goals=f"sleep better {place.pk}",
            challenges_other="night shifts",
        )
        services.maintenance_plan_save(member=place, body=f"walk daily {place.pk}", goals_met="")
    return me, other


def test_export_includes_the_intake_free_text_and_the_maintenance_plan(written):
    me, _ = written
    places = personal_data.export_all(user=me.user)["cohorts"]["places"]
    assert places[0]["intake"]["goals"] == f"sleep better {me.pk}"
    assert places[0]["intake"]["challenges_other"] == "night shifts"
    assert places[0]["maintenance_plan"]["body"] == f"walk daily {me.pk}"


def test_erase_removes_my_intake_and_plan_and_nobody_elses(written):
    me, other = written
    counts = personal_data.erase_all(user=me.user)
    assert counts["cohorts"] == 2
    assert not Intake.objects.filter(member=me).exists()
    assert not MaintenancePlan.objects.filter(member=me).exists()
    assert Intake.objects.filter(member=other).exists()
    assert MaintenancePlan.objects.filter(member=other).exists()

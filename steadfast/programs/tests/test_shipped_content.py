"""The programs we ship under content/ pass every check (reading level, references, the seed
pages) and load. Runs over whatever programs are present."""

import pytest
from django.conf import settings

from steadfast.programs.content import read_content
from steadfast.programs.models import Program
from steadfast.programs.services import content_load

CONTENT = settings.BASE_DIR / "content"
SEEDS = settings.BASE_DIR.parent / "shared" / "seeds"
BUILT_IN = {"resilience-group", "first-responder-workshop", "emotional-labour", "deployment"}


@pytest.fixture(scope="module")
def report():
    return read_content(CONTENT, seeds_dir=SEEDS)


def test_the_shipped_content_passes_load_content_check(report):
    assert report.errors == [], "\n".join(str(e) for e in report.errors)


def test_the_four_built_in_programs_are_present(report):
    present = {p["slug"] for p in report.programs} | {
        path.name for path in (CONTENT / "programs").iterdir() if path.is_dir()
    }
    assert present >= BUILT_IN, f"missing: {sorted(BUILT_IN - present)}"


@pytest.mark.django_db
def test_the_shipped_programs_load(report):
    result = content_load(root=CONTENT, seeds_dir=SEEDS)
    assert result.report.ok
    loaded = set(Program.objects.values_list("slug", flat=True))
    assert loaded == {p["slug"] for p in report.programs}
    assert loaded >= BUILT_IN

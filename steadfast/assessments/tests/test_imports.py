"""Importing FHIR answers: each response is recognised and stored through the pages' own path
(response_record), so a self-harm answer raises one alert; a file is all or nothing, says which
rule recognised each response, and never stores what it cannot recognise or read."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from steadfast.accounts.models import ConsentPurpose
from steadfast.accounts.services import consent_decide
from steadfast.assessments.fhir import NOT_RECOGNISED
from steadfast.assessments.imports import import_token, responses_import
from steadfast.assessments.models import Instrument, Response
from steadfast.core.models import AuditEvent
from steadfast.safety.models import Alert, AlertRule, SafetySetup
from steadfast.safety.services import ScreeningUnavailable

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
SDC = "http://hl7.org/fhir/uv/sdc/Questionnaire/questionnaire-sdc-profile-example-PHQ9"


@pytest.fixture
def watched(participant, org, facilitator, administrator):
    """Bob agreed that a named responder (Fay) is told when his answers need it."""
    SafetySetup.objects.create(
        organisation=org, responder=facilitator, backup=administrator, hours="weekdays 8 to 6"
    )
    consent_decide(
        user=participant, organisation=org, purpose=ConsentPurpose.SAFETY_ALERTS, given=True
    )
    return participant


def fixture(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def run(name, *args, path=None):
    out = StringIO()
    call_command("fhir_import", str(path or FIXTURES / name), *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "code", "rule", "total", "band", "alerts"),
    [
        ("phq9-panel-loinc-answers.json", "phq9", "LOINC panel code 44249-1", 8, "mild", 1),
        (
            "phq9-groups-item-codes.json",
            "phq9",
            "LOINC item codes (9 of 9 items)",
            16,
            "moderately severe",
            1,
        ),
        (
            "phq9-wording-only.json",
            "phq9",
            "published item wording (9 of 9 items)",
            6,
            "mild",
            0,
        ),
        ("phq9-ordinal-extensions.json", "phq9", f"known canonical URL {SDC}", 10, "moderate", 1),
        (
            "gad7-total-score-item.json",
            "gad7",
            "LOINC total-score item 70274-6",
            11,
            "moderate",
            0,
        ),
    ],
)
def test_each_shape_is_stored_scored_and_screened(watched, name, code, rule, total, band, alerts):
    out = run(name, "--for", watched.email)
    (response,) = Response.objects.filter(user=watched)
    assert (response.instrument, response.total, response.band) == (code, total, band)
    assert f"recognised by {rule}" in out
    assert f"total {total}, band {band}" in out
    assert f"safety alerts raised by it: {alerts} (open for this person: {alerts})" in out
    raised = Alert.objects.filter(person=watched)
    assert raised.count() == alerts
    if alerts:
        (alert,) = raised
        assert (alert.rule, alert.source_token) == (AlertRule.SELF_HARM, response.token)
        assert alert.assigned_to.full_name == "Fay Facilitator"


def test_importing_the_same_file_again_adds_no_response_and_no_alert(watched):
    run("phq9-panel-loinc-answers.json", "--for", watched.email)
    out = run("phq9-panel-loinc-answers.json", "--for", watched.email.upper())
    assert "already imported as response" in out
    assert "Imported 0 of 1 responses" in out
    assert Response.objects.filter(user=watched).count() == 1
    assert Alert.objects.filter(person=watched).count() == 1
    assert AuditEvent.objects.filter(object_type="assessments.responses").count() == 1


def test_the_same_response_for_another_person_is_theirs(watched, facilitator):
    run("phq9-wording-only.json", "--for", watched.email)
    run("phq9-wording-only.json", "--for", facilitator.email)
    assert import_token(user=watched, identifier="x") != import_token(
        user=facilitator, identifier="x"
    )
    assert Response.objects.filter(user=facilitator).count() == 1
    assert Response.objects.filter(user=watched).count() == 1


def test_an_unknown_questionnaire_is_refused_and_nothing_is_stored(watched):
    with pytest.raises(CommandError) as refused:
        run("unknown-questionnaire.json", "--for", watched.email)
    message = str(refused.value)
    assert NOT_RECOGNISED in message
    assert "--as CODE" in message and "known: brs" in message
    assert message.endswith("nothing was imported")
    assert not Response.objects.exists()


def test_an_unreadable_self_harm_answer_is_refused_with_the_reason_and_nothing_stored(watched):
    with pytest.raises(
        CommandError,
        match=r"PHQ-9 item 9 \(linkId /44260-8\), the question about self-harm, cannot be read",
    ):
        run("phq9-item9-unreadable.json", "--for", watched.email)
    assert not Response.objects.exists()
    assert not Alert.objects.exists()


def test_a_file_is_all_or_nothing(watched, tmp_path):
    good = fixture("phq9-panel-loinc-answers.json")
    bad = fixture("phq9-item9-unreadable.json")
    good["entry"].append({"resource": bad})
    path = tmp_path / "both.json"
    path.write_text(json.dumps(good))
    with pytest.raises(CommandError, match="g-shifted: PHQ-9 item 9"):
        run("", "--for", watched.email, path=path)
    assert not Response.objects.exists()
    assert not Alert.objects.exists()


def test_as_imports_what_nothing_else_recognises_and_says_how(watched):
    with pytest.raises(CommandError, match=NOT_RECOGNISED):
        run("phq9-nothing-says-so.json", "--for", watched.email)
    out = run("phq9-nothing-says-so.json", "--for", watched.email, "--as", "phq9")
    assert "recognised by explicit mapping (--as phq9)" in out
    assert "questions matched to phq9 items by position" in out
    (response,) = Response.objects.all()
    assert (response.total, response.band) == (9, "mild")
    assert Alert.objects.filter(person=watched, rule=AlertRule.SELF_HARM).count() == 1


def test_as_cannot_relabel_a_recognised_file(watched):
    with pytest.raises(CommandError, match=r"--as gad7: the file is PHQ-9"):
        run("phq9-panel-loinc-answers.json", "--for", watched.email, "--as", "gad7")
    assert not Response.objects.exists()


def test_a_file_of_answers_needs_a_person(watched):
    with pytest.raises(CommandError, match="needs --for EMAIL"):
        run("phq9-wording-only.json")
    with pytest.raises(CommandError, match="no account uses that address"):
        run("phq9-wording-only.json", "--for", "nobody@example.org")
    assert not Response.objects.exists()


def test_nothing_is_stored_when_screening_cannot_run(watched, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("rules could not be read")

    monkeypatch.setattr("steadfast.safety.services.rules_engine.response_findings", broken)
    with pytest.raises(CommandError, match="safety screening could not run"):
        run("phq9-panel-loinc-answers.json", "--for", watched.email)
    assert not Response.objects.exists()
    with pytest.raises(ScreeningUnavailable):
        responses_import(user=watched, data=fixture("phq9-wording-only.json"))
    assert not Response.objects.exists()


def test_a_questionnaire_import_says_which_rule_recognised_it(tmp_path):
    definition = fixture("phq9-groups-item-codes.json")["entry"][0]["resource"]
    path = tmp_path / "q.json"
    path.write_text(json.dumps(definition))
    out = run("", path=path)
    assert "note: recognised as PHQ-9 by LOINC item codes (9 of 9 items)" in out
    assert "as 'phq9'" in out


def test_an_unknown_questionnaire_is_imported_marked_and_its_answers_only_with_as(
    watched, tmp_path
):
    definition = fixture("unknown-questionnaire.json")["contained"][0]
    path = tmp_path / "q.json"
    path.write_text(json.dumps(definition))
    out = run("", path=path)
    assert f"note: {NOT_RECOGNISED}" in out
    row = Instrument.objects.get(code="teampulse")
    assert row.title == f"Team pulse ({NOT_RECOGNISED})"
    assert NOT_RECOGNISED in row.key["unverified"]
    with pytest.raises(CommandError, match=NOT_RECOGNISED):
        run("unknown-questionnaire.json", "--for", watched.email)
    out = run("unknown-questionnaire.json", "--for", watched.email, "--as", "teampulse")
    assert f"explicit mapping (--as teampulse); {NOT_RECOGNISED}" in out
    (response,) = Response.objects.all()
    assert (response.instrument, response.total, response.band, response.provisional) == (
        "teampulse",
        12,
        "",
        True,
    )


def test_a_second_self_harm_answer_joins_the_open_alert_as_on_the_pages(watched, tmp_path):
    both = fixture("phq9-panel-loinc-answers.json")
    both["entry"] += fixture("phq9-groups-item-codes.json")["entry"]
    path = tmp_path / "both.json"
    path.write_text(json.dumps(both))
    out = run("", "--for", watched.email, path=path)
    assert "safety alerts raised by it: 1 (open for this person: 1)" in out
    assert "safety alerts raised by it: 0 (open for this person: 1)" in out
    assert Response.objects.filter(user=watched).count() == 2
    assert Alert.objects.filter(person=watched).count() == 1

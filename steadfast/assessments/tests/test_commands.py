"""The score, fhir_import and fhir_export commands as people and checks use them."""

import json
from pathlib import Path

import pytest

from steadfast.assessments.models import Instrument
from steadfast.assessments.tests.support import fhir_file
from tests.support import process_env, run_manage


def score(*args, tmp_path=None):
    return run_manage(process_env(), "score", *args)


def test_score_prints_one_json_object():
    result = score("phq9", "--answers", "[1,2,3,0,1,2,0,1,1]")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "instrument": "phq9",
        "total": 11,
        "subscales": {},
        "band": "moderate",
        "flags": ["self_harm", "screen_positive"],
        "valid": True,
        "missing": [],
    }


def test_score_reports_missing_items_as_null():
    out = json.loads(score("brs", "--answers", "[4,2,4,2,4,null]").stdout)
    assert (out["total"], out["valid"], out["missing"]) == (4, True, [6])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "--answers", "[]"], "unknown instrument 'nope'"),
        (["gad7", "--answers", "[1,2]"], "gad7 has 7 items; got 2 answers"),
        (["phq9", "--answers", "[0,0,0,0,0,0,0,0,4]"], "item 9: 4 is not one of 0, 1, 2, 3"),
        (["phq9", "--answers", "[0,0,"], "--answers is not valid JSON"),
        (["phq9"], "give an instrument code and --answers"),
    ],
)
def test_score_refuses_bad_input_naming_the_problem(args, message):
    result = score(*args)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_score_a_real_fhir_response_recomputing_the_total(tmp_path):
    response = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "item": [
            {"linkId": f"/{code}", "answer": [{"valueCoding": {"code": "LA6570-1"}}]}
            for code in [
                "44250-9",
                "44255-8",
                "44259-0",
                "44254-1",
                "44251-7",
                "44258-2",
                "44252-5",
                "44253-3",
                "44260-8",
            ]
        ]
        + [{"linkId": "/44261-6", "answer": [{"valueDecimal": 3}]}],
    }
    path = tmp_path / "r.json"
    path.write_text(json.dumps(response))
    result = score(
        "--fhir-questionnaire",
        str(fhir_file("lhcforms-Questionnaire-PHQ9.json")),
        "--fhir-response",
        str(path),
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert (out["total"], out["band"], "self_harm" in out["flags"]) == (
        18,
        "moderately severe",
        True,
    )


def test_score_prints_the_rule_that_recognised_a_fhir_file():
    fixtures = Path(__file__).parent / "fixtures"
    result = score("--fhir-response", str(fixtures / "phq9-groups-item-codes.json"))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert (out["rule"], out["instrument"], out["total"], out["band"]) == (
        "LOINC item codes (9 of 9 items)",
        "phq9",
        16,
        "moderately severe",
    )
    assert "self_harm" in out["flags"]
    result = score("--fhir-response", str(fixtures / "unknown-questionnaire.json"))
    out = json.loads(result.stdout)
    assert (out["rule"], out["band"], out["flags"]) == (
        "not recognised: no ranges and no safety rules apply",
        None,
        [],
    )
    result = score("--fhir-response", str(fixtures / "phq9-nothing-says-so.json"), "--as", "phq9")
    assert json.loads(result.stdout)["rule"] == "explicit mapping (--as phq9)"


@pytest.mark.django_db
def test_fhir_import_export_round_trip_on_the_shared_files(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    for name, code in (
        ("lhcforms-Questionnaire-PHQ9.json", "phq9"),
        ("researchkitonfhir-Questionnaire-GAD7.json", "gad7"),
    ):
        out = StringIO()
        call_command("fhir_import", str(fhir_file(name)), stdout=out)
        assert f"as '{code}'" in out.getvalue()
    first = StringIO()
    call_command("fhir_export", "gad7", stdout=first)
    exported = tmp_path / "gad7.json"
    exported.write_text(first.getvalue())
    call_command("fhir_import", str(exported), stdout=StringIO())
    second = StringIO()
    call_command("fhir_export", "gad7", stdout=second)
    assert json.loads(first.getvalue()) == json.loads(second.getvalue())
    # The licensed Pfizer wording is kept, not the file's defective item 7.
    items = json.loads(second.getvalue())["item"][0]["item"]
    assert items[6]["text"] == "Feeling afraid, as if something awful might happen"


@pytest.mark.django_db
def test_fhir_import_refuses_a_broken_file_and_imports_nothing(tmp_path):
    from django.core.management import CommandError, call_command

    data = json.loads(fhir_file("researchkitonfhir-Questionnaire-GAD7.json").read_text())
    data["item"][0]["item"][1]["type"] = 17
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError, match=r"item\[0\]\.item\[1\]\.type.*nothing was imported"):
        call_command("fhir_import", str(path))
    assert not Instrument.objects.exists()
    (tmp_path / "nojson.json").write_text("{")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("fhir_import", str(tmp_path / "nojson.json"))


@pytest.mark.django_db
def test_fhir_export_of_a_persons_responses_is_a_valid_bundle_and_audited(participant):
    from io import StringIO

    from django.core.management import call_command
    from fhir.resources.R4B.bundle import Bundle

    from steadfast.assessments import services
    from steadfast.core.models import AuditEvent

    services.response_record(
        user=participant, instrument="phq9", answers=[1, 2, 3, 0, 1, 2, 0, 1, 1]
    )
    out = StringIO()
    call_command("fhir_export", "phq9", "--responses-of", participant.email.upper(), stdout=out)
    data = json.loads(out.getvalue())
    Bundle.model_validate(data)
    kinds = [e["resource"]["resourceType"] for e in data["entry"]]
    assert kinds == ["QuestionnaireResponse", "Observation"]
    assert data["entry"][1]["resource"]["valueQuantity"]["value"] == 11
    assert AuditEvent.objects.filter(action="export", object_id=str(participant.pk)).exists()

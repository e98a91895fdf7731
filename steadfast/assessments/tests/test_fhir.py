"""FHIR: the shared real-world files import (defects repaired or refused clearly), responses are
scored from their answers, and export -> import -> export round-trips."""

import copy
import json
from datetime import UTC, datetime

import pytest

from steadfast.assessments.fhir import (
    NOT_RECOGNISED,
    FhirError,
    observation_write,
    questionnaire_read,
    questionnaire_write,
    response_score,
    response_write,
)
from steadfast.assessments.scoring.keys import shipped_codes
from steadfast.assessments.tests.support import fhir_file
from tests.support import ROOT


def load(name):
    return json.loads(fhir_file(name).read_text())


def shipped(code):
    return json.loads((ROOT / "instruments" / code / "questionnaire.json").read_text())


def phq9_response(codes, total=None):
    link_ids = [
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
    items = [
        {"linkId": f"/{link}", "answer": [{"valueCoding": {"code": code}}]}
        for link, code in zip(link_ids, codes, strict=True)
    ]
    if total is not None:
        items.append({"linkId": "/44261-6", "answer": [{"valueDecimal": total}]})
    return {"resourceType": "QuestionnaireResponse", "status": "completed", "item": items}


def test_lhc_phq9_imports_with_its_known_defects_repaired():
    instrument = questionnaire_read(load("lhcforms-Questionnaire-PHQ9.json"))
    assert instrument.key.code == "phq9"
    assert any("optionPrefix" in note for note in instrument.notes)
    assert any("expression name" in note for note in instrument.notes)
    assert any("69722-7" in note for note in instrument.notes)  # difficulty item is not scored
    assert instrument.link_ids["/44260-8"] == "9"


def test_a_stored_total_is_never_trusted():
    instrument = questionnaire_read(load("lhcforms-Questionnaire-PHQ9.json"))
    codes = [
        "LA6569-3",
        "LA6570-1",
        "LA6571-9",
        "LA6568-5",
        "LA6569-3",
        "LA6569-3",
        "LA6569-3",
        "LA6568-5",
        "LA6569-3",
    ]
    r = response_score(instrument, phq9_response(codes, total=2))
    assert (r.total, r.band, r.flags) == (10, "moderate", ["self_harm", "screen_positive"])


def test_stanford_gad7_is_recognised_by_its_url_and_mapped_by_wording_then_position():
    data = load("researchkitonfhir-Questionnaire-GAD7.json")
    instrument = questionnaire_read(data)
    assert instrument.key.code == "gad7"
    assert (
        instrument.rule
        == "known canonical URL http://biodesign.stanford.edu/fhir/questionnaire/GAD-7"
    )
    # Items whose wording is the published one match by wording; the real file's two reworded
    # items (5 and 7) are left, and a Questionnaire's own order is its definition.
    assert list(instrument.link_ids.values()) == [str(i) for i in range(1, 8)]
    links = list(instrument.link_ids)
    by_value = {2: "More than half the days", 3: "Nearly every day"}
    answers = [
        {"linkId": link, "answer": [{"valueCoding": {"code": by_value[3 if i < 2 else 2]}}]}
        for i, link in enumerate(links)
    ]
    group = {"linkId": "g", "item": answers}
    r = response_score(
        instrument,
        {"resourceType": "QuestionnaireResponse", "status": "completed", "item": [group]},
    )
    assert r.total == 2 * 3 + 5 * 2


def test_gad7_item_2_accepts_both_loinc_codes_for_value_2():
    instrument = questionnaire_read(shipped("gad7"))
    items = [
        {"linkId": str(i), "answer": [{"valueCoding": {"code": "LA6568-5"}}]} for i in range(1, 8)
    ]
    items[1]["answer"][0]["valueCoding"]["code"] = "LA18938-3"
    r = response_score(
        instrument, {"resourceType": "QuestionnaireResponse", "status": "completed", "item": items}
    )
    assert r.total == 2


def unknown_scale(data):
    """The GAD-7 file's structure with a URL and wording that are none of ours."""
    data["url"] = "http://example.org/fhir/Questionnaire/my-scale"
    data["title"] = "My scale"
    for n, item in enumerate(data["item"][0]["item"], start=1):
        item["text"] = f"How often did thing {n} happen?"
    return data


def test_a_gad7_under_another_url_is_recognised_by_its_published_wording():
    data = copy.deepcopy(load("researchkitonfhir-Questionnaire-GAD7.json"))
    data["url"] = "http://example.org/fhir/Questionnaire/my-scale"
    instrument = questionnaire_read(data)
    assert instrument.key.code == "gad7"
    assert instrument.rule.startswith("published item wording (")


def test_an_unknown_questionnaire_is_scored_from_its_own_ordinal_values_and_marked():
    instrument = questionnaire_read(
        unknown_scale(copy.deepcopy(load("researchkitonfhir-Questionnaire-GAD7.json")))
    )
    assert instrument.key.code not in shipped_codes()
    assert instrument.key.validated is False
    assert instrument.rule == NOT_RECOGNISED
    assert instrument.title == f"My scale ({NOT_RECOGNISED})"
    assert instrument.key.provisional and not instrument.key.bands and not instrument.key.flags
    links = list(instrument.link_ids)
    items = [
        {"linkId": link, "answer": [{"valueCoding": {"code": "Several-days"}}]} for link in links
    ]
    r = response_score(
        instrument, {"resourceType": "QuestionnaireResponse", "status": "completed", "item": items}
    )
    assert r.total == 7


def test_a_malformed_file_is_refused_naming_the_json_path():
    data = load("researchkitonfhir-Questionnaire-GAD7.json")
    data["item"][0]["item"][2]["required"] = "perhaps"
    with pytest.raises(FhirError, match=r"item\[0\]\.item\[2\]\.required"):
        questionnaire_read(data)
    with pytest.raises(FhirError, match="expected a Questionnaire"):
        questionnaire_read({"resourceType": "Patient"})


def test_an_unknown_file_without_weights_is_refused():
    data = unknown_scale(load("researchkitonfhir-Questionnaire-GAD7.json"))
    data["contained"] = []
    with pytest.raises(FhirError, match="cannot be scored"):
        questionnaire_read(data)


def test_weights_that_disagree_with_the_key_are_refused():
    data = copy.deepcopy(load("lhcforms-Questionnaire-PHQ9.json"))
    data["item"][0]["answerOption"][1]["extension"][1]["valueDecimal"] = 5
    with pytest.raises(FhirError, match="item 1: answer LA6569-3 is weighted 5"):
        questionnaire_read(data)


def test_answer_codes_that_are_not_options_are_refused():
    instrument = questionnaire_read(shipped("phq9"))
    response = phq9_response(["LA6568-5"] * 8 + ["LA9999-9"])
    response["item"] = [dict(i, linkId=str(n)) for n, i in enumerate(response["item"], start=1)]
    with pytest.raises(FhirError, match="answer code 'LA9999-9' is not an option"):
        response_score(instrument, response)


@pytest.mark.parametrize("code", shipped_codes())
def test_export_import_export_round_trips(code):
    from steadfast.assessments.fhir import Instrument
    from steadfast.assessments.scoring.keys import shipped_key

    first = questionnaire_write(Instrument(key=shipped_key(code), texts={"1": "x"}, stem="Stem"))
    again = questionnaire_write(questionnaire_read(first))
    assert again == first


def test_shipped_questionnaires_are_valid_and_carry_their_licence():
    for code in ("phq9", "gad7", "who5", "checkin", "wheel"):
        instrument = questionnaire_read(shipped(code))
        assert len(instrument.texts) == instrument.key.n_items
        assert instrument.stem
    assert "Pfizer" in shipped("phq9")["copyright"]
    assert shipped("phq9")["item"][0]["item"][8]["text"].startswith("Thoughts that you would be")


def test_response_and_observation_export_validate_and_rescore():
    instrument = questionnaire_read(shipped("phq9"))
    answers = [1, 2, 3, 0, 1, 2, 0, 1, 1]
    when = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    qr = response_write(instrument, answers, authored=when, subject="Patient/p1", identifier="r1")
    assert response_score(instrument, qr).total == 11
    obs = observation_write(
        instrument.key,
        response_score(instrument, qr),
        effective=when,
        subject="Patient/p1",
        identifier="o1",
        response="QuestionnaireResponse/r1",
    )
    assert obs["valueQuantity"]["value"] == 11
    assert obs["code"]["coding"][0]["code"] == "44261-6"

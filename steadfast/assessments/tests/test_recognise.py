"""Recognition: our instruments are known in real-world FHIR shapes (by LOINC code at any level,
a known canonical URL or the published wording), items are matched by code or wording, never
silently by position, and an answer that cannot be read is refused, not guessed."""

import copy
import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steadfast.assessments.fhir import NOT_RECOGNISED, FhirError, responses_read
from steadfast.assessments.recognise import (
    ITEM_WEIGHT,
    ORDINAL,
    answer_value,
    is_loinc,
    normalise,
    recognise,
    shipped_candidates,
)
from steadfast.assessments.scoring.engine import score
from steadfast.assessments.scoring.keys import shipped_key

FIXTURES = Path(__file__).parent / "fixtures"
PHQ9 = shipped_key("phq9")
SDC = "http://hl7.org/fhir/uv/sdc/Questionnaire/questionnaire-sdc-profile-example-PHQ9"


def fixture(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def read_one(name, **kwargs):
    (one,) = responses_read(fixture(name), **kwargs)
    return one, score(one.key, one.answers)


@pytest.mark.parametrize(
    ("name", "code", "rule", "total", "band", "self_harm"),
    [
        (
            "phq9-panel-loinc-answers.json",
            "phq9",
            "LOINC panel code 44249-1",
            8,
            "mild",
            True,
        ),
        (
            "phq9-groups-item-codes.json",
            "phq9",
            "LOINC item codes (9 of 9 items)",
            16,
            "moderately severe",
            True,
        ),
        (
            "phq9-wording-only.json",
            "phq9",
            "published item wording (9 of 9 items)",
            6,
            "mild",
            False,
        ),
        (
            "phq9-ordinal-extensions.json",
            "phq9",
            f"known canonical URL {SDC}",
            10,
            "moderate",
            True,
        ),
        (
            "gad7-total-score-item.json",
            "gad7",
            "LOINC total-score item 70274-6",
            11,
            "moderate",
            False,
        ),
    ],
)
def test_each_real_world_shape_is_recognised_and_scored(name, code, rule, total, band, self_harm):
    one, result = read_one(name)
    assert (one.key.code, one.rule, one.recognised) == (code, rule, True)
    assert (result.total, result.band, result.valid) == (total, band, True)
    assert ("self_harm" in result.flags) is self_harm


def test_a_stored_total_in_the_file_is_ignored():
    _, result = read_one("phq9-ordinal-extensions.json")  # the file says 13
    assert result.total == 10
    _, result = read_one("gad7-total-score-item.json")  # the file says 99
    assert result.total == 11


def test_items_are_matched_by_code_not_by_position():
    """Fixture (b) lists item 9 first; its answer (2) still lands on item 9."""
    one, _ = read_one("phq9-groups-item-codes.json")
    assert one.answers == [2, 2, 1, 2, 1, 2, 2, 2, 2]
    data = fixture("phq9-groups-item-codes.json")
    group = data["entry"][1]["resource"]["item"][0]["item"][0]
    group["item"][0]["answer"][0]["valueCoding"].update(code="LA6568-5", display="Not at all")
    (one,) = responses_read(data)
    assert one.answers[8] == 0 and one.answers[0] == 2


def test_the_sdc_files_reworded_items_8_and_9_are_matched_by_its_known_linkids():
    one, _ = read_one("phq9-ordinal-extensions.json")
    assert one.answers == [2, 1, 1, 2, 1, 0, 1, 1, 1]


def test_the_difficulty_item_and_the_total_are_not_scored():
    one, _ = read_one("phq9-panel-loinc-answers.json")
    assert any("/69722-7" in note and "/44261-6" in note for note in one.notes)


def test_an_unknown_questionnaire_is_refused_saying_so():
    with pytest.raises(FhirError, match=f"f-pulse-1: {NOT_RECOGNISED}.*--as CODE"):
        responses_read(fixture("unknown-questionnaire.json"))


def test_an_unknown_questionnaire_is_scored_for_score_only_marked_not_recognised():
    one, result = read_one("unknown-questionnaire.json", score_unrecognised=True)
    assert (one.rule, one.recognised) == (NOT_RECOGNISED, False)
    assert (result.total, result.band, result.flags) == (12, None, [])
    assert NOT_RECOGNISED in one.key.title


def test_an_unreadable_self_harm_answer_refuses_the_file_with_the_reason():
    with pytest.raises(
        FhirError,
        match=r"PHQ-9 item 9 \(linkId /44260-8\), the question about self-harm, cannot be read: "
        r"answer 'LA6573-5' is not one of the PHQ-9 answers",
    ):
        responses_read(fixture("phq9-item9-unreadable.json"))


def test_as_maps_a_file_that_nothing_else_recognises_by_position_and_says_so():
    with pytest.raises(FhirError, match=NOT_RECOGNISED):
        responses_read(fixture("phq9-nothing-says-so.json"))
    one, result = read_one("phq9-nothing-says-so.json", as_code="phq9")
    assert one.rule == "explicit mapping (--as phq9)"
    assert "questions matched to phq9 items by position" in one.notes
    assert (result.total, result.band, "self_harm" in result.flags) == (9, "mild", True)


def test_as_cannot_relabel_a_file_that_says_what_it_is():
    with pytest.raises(
        FhirError, match=r"--as gad7: the file is PHQ-9 \(recognised by LOINC panel"
    ):
        responses_read(fixture("phq9-panel-loinc-answers.json"), as_code="gad7")
    with pytest.raises(FhirError, match="--as nope: not an instrument here"):
        responses_read(fixture("phq9-nothing-says-so.json"), as_code="nope")
    one, _ = read_one("phq9-panel-loinc-answers.json", as_code="phq9")
    assert one.rule == "explicit mapping (--as phq9)"


def test_questions_left_over_are_refused_rather_than_guessed():
    data = fixture("phq9-wording-only.json")
    for item in data["item"][0]["item"][6:8]:
        item["text"] = "Something else entirely"
    with pytest.raises(FhirError, match=r"mood-7, mood-8 could not be matched to the phq9 items"):
        responses_read(data)
    (one,) = responses_read(data, as_code="phq9")
    assert one.answers == [1, 1, 1, 1, 1, 1, 0, 0, 0]
    assert "questions matched to phq9 items by position" in one.notes


def test_one_question_left_is_matched_by_elimination():
    data = fixture("phq9-wording-only.json")
    data["item"][0]["item"][8]["text"] = "Thoughts of hurting yourself"
    (one,) = responses_read(data)
    assert any("mood-9 matched to phq9 item 9 by elimination" in n for n in one.notes)


def test_a_phq2_file_is_phq2_and_a_phq9_file_sharing_its_items_is_phq9():
    response = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "item": [
            {"linkId": "/44250-9", "answer": [{"valueCoding": {"code": "LA6570-1"}}]},
            {"linkId": "/44255-8", "answer": [{"valueCoding": {"code": "LA6569-3"}}]},
        ],
    }
    found = recognise(response, candidates=shipped_candidates())
    assert (found.code, found.rule) == ("phq2", "LOINC item codes (2 of 2 items)")
    found = recognise(fixture("phq9-item9-unreadable.json"), candidates=shipped_candidates())
    assert found.code == "phq9"


def test_answers_nested_under_answers_are_walked():
    data = fixture("phq9-wording-only.json")
    first, *rest = data["item"][0]["item"]
    first["answer"][0]["item"] = rest
    data["item"][0]["item"] = [first]
    (one,) = responses_read(data)
    assert one.answers == [1, 1, 1, 1, 1, 1, 0, 0, 0]


@pytest.mark.parametrize(
    ("answer", "value"),
    [
        ({"valueCoding": {"system": "http://loinc.org", "code": "LA6571-9"}}, 3),
        ({"valueCoding": {"code": "LA18938-3"}}, 2),
        ({"valueCoding": {"display": "several DAYS"}}, 1),
        ({"valueCoding": {"code": "Not-at-all", "display": "Not at all"}}, 0),
        ({"valueCoding": {"code": "x", "extension": [{"url": ORDINAL, "valueDecimal": 2}]}}, 2),
        ({"valueCoding": {"code": "x", "extension": [{"url": ITEM_WEIGHT, "valueInteger": 1}]}}, 1),
        ({"valueInteger": 3}, 3),
        ({"valueDecimal": 0.0}, 0),
        ({"valueString": "Nearly every day"}, 3),
    ],
)
def test_answer_values_are_read_in_every_shape(answer, value):
    assert answer_value(answer, key=PHQ9, weights={}) == value


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ({"valueCoding": {"code": "LA6569-3", "display": "Nearly every day"}}, "reads two ways"),
        (
            {
                "valueCoding": {
                    "code": "LA6569-3",
                    "extension": [{"url": ORDINAL, "valueDecimal": 2}],
                }
            },
            "reads two ways",
        ),
        ({"valueCoding": {"code": "3"}}, "not one of the PHQ-9 answers"),
        ({"valueInteger": 4}, "4 is not one of 0, 1, 2, 3"),
        ({"valueBoolean": True}, "answer is valueBoolean, not a coding or a number"),
        ({"valueString": "sometimes"}, "not one of the PHQ-9 answers"),
    ],
)
def test_answers_that_cannot_be_read_say_why(answer, reason):
    with pytest.raises(ValueError, match=reason):
        answer_value(answer, key=PHQ9, weights={})


def test_the_questionnaires_weight_counts_and_must_agree():
    coding = {"valueCoding": {"system": "urn:x", "code": "a2"}}
    assert answer_value(coding, key=PHQ9, weights={"a2": 2.0}) == 2
    with pytest.raises(ValueError, match="reads two ways"):
        answer_value(
            {"valueCoding": {"code": "a2", "display": "Several days"}},
            key=PHQ9,
            weights={"a2": 2.0},
        )


def test_loinc_codes_carry_their_check_digit():
    assert is_loinc("68509-9") and is_loinc("44261-6") and is_loinc("70274-6")
    assert not is_loinc("68509-8") and not is_loinc("Q9") and not is_loinc("H1")


def test_wording_is_compared_without_case_punctuation_spacing_or_numbering():
    assert normalise("3.  TROUBLE falling -- or staying asleep?") == normalise(
        "Trouble falling or staying asleep"
    )


@settings(max_examples=30, deadline=None)
@given(st.randoms(use_true_random=False))
def test_shuffling_a_coded_response_changes_nothing(rng: random.Random):
    data = fixture("phq9-groups-item-codes.json")
    expected = responses_read(copy.deepcopy(data))[0].answers
    group = data["entry"][1]["resource"]["item"][0]["item"][0]
    rng.shuffle(group["item"])
    assert responses_read(data)[0].answers == expected


def test_a_question_whose_code_and_wording_disagree_is_refused():
    data = fixture("phq9-panel-loinc-answers.json")
    items = data["entry"][0]["resource"]["item"]
    items[2]["text"], items[8]["text"] = items[8]["text"], items[2]["text"]
    with pytest.raises(FhirError, match=r"item /44259-0: it is phq9 item 3 by its code .* item 9"):
        responses_read(data)

"""Screening of free text on the labelled texts, the cases an outside review reported, the
safety_screen command, and crisis help instead of thinking-trap chips for a risky thought."""

import io
import json
import logging
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from steadfast.safety.language import FAMILIES, has_danger, screen
from steadfast.safety.models import Alert
from steadfast.safety.screening import HELDOUT, SPLITS, evaluate, load
from steadfast.safety.services import text_is_risky

RECALL_TARGET = 0.95
FALSE_ALARM_TARGET = 0.05
# What the held-out splits measured last (see docs/benchmarks.md): floors, so that a change
# which makes the screen worse on unseen text fails here. Recall, then the false-alarm rate.
HELDOUT_FLOORS = {"heldout": (0.77, 0.02), "heldout2": (0.63, 0.04)}


def test_labelled_texts_are_well_formed_and_large_enough():
    sizes = {}
    for split in SPLITS:
        examples = load(split)
        assert all(e.text.strip() and e.kind for e in examples)
        assert len({e.text for e in examples}) == len(examples), f"duplicate text in {split}"
        sizes[split] = examples
    assert len(sizes["train"]) >= 300
    for split in HELDOUT:
        heldout = sizes[split]
        assert len(heldout) >= 120
        assert 0.4 <= sum(e.risk for e in heldout) / len(heldout) <= 0.6
        # Held-out texts are their own: none appears in any other split.
        seen = {e.text for other in SPLITS if other != split for e in sizes[other]}
        assert not seen & {e.text for e in heldout}


def test_the_phrases_do_what_they_were_built_for_on_the_training_texts():
    figures, _ = evaluate(load("train"))
    assert figures.recall >= RECALL_TARGET
    assert figures.false_alarm_rate <= FALSE_ALARM_TARGET
    # train2 is in harder voices; what it measured when the phrases were last changed.
    figures, _ = evaluate(load("train2"))
    assert figures.recall >= 0.89
    assert figures.false_alarm_rate <= 0.01


@pytest.mark.parametrize("split", HELDOUT)
def test_heldout_figures_do_not_fall_below_what_was_measured(split):
    figures, _ = evaluate(load(split))
    recall_floor, false_alarm_ceiling = HELDOUT_FLOORS[split]
    assert figures.recall >= recall_floor
    assert figures.false_alarm_rate <= false_alarm_ceiling


@pytest.mark.parametrize(
    "text",
    [
        "I'm going to end it tonight",
        "looking up how many pills",
        "I've been looking up how many pills it would take",
        "I've started cutting again",
    ],
)
def test_the_reported_misses_are_caught(text):
    assert has_danger(text), text


def test_the_reported_false_alarm_is_gone():
    assert not has_danger("We attended a suicide on the rail line")


def test_reasons_are_families_and_phrase_keys_never_text():
    result = screen("Everyone would be better off without me. I've started cutting again.")
    assert result.flagged
    assert result.reasons == ("burden", "self_harm")
    assert set(result.reasons) <= set(FAMILIES)
    assert "better_off_dead" in result.phrases
    assert not screen("This traffic is killing me").reasons


def test_the_suggester_path_screens_without_raising_an_alert(participant):
    assert text_is_risky("i wanna kms")
    assert not text_is_risky("Everyone thinks I am useless")
    assert not Alert.objects.exists()


# -- the command ------------------------------------------------------------------------------

RISKY = "I'm going to end it tonight"
BENIGN = "This traffic is killing me"


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("safety_screen", *args, stdout=out, stderr=err)
    except CommandError as error:
        code = error.returncode
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    return code, lines, out.getvalue()


def test_command_prints_one_object_per_line(tmp_path, caplog):
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"text": RISKY}) + "\n" + json.dumps({"text": BENIGN, "id": 7}) + "\n",
        encoding="utf-8",
    )
    with caplog.at_level(logging.DEBUG):
        code, lines, raw = _run("--jsonl", str(path))
    assert code == 0
    assert lines[0]["flagged"] is True and lines[0]["reasons"] == ["suicidal_intent"]
    assert lines[1] == {"line": 2, "flagged": False, "reasons": [], "phrases": []}
    # The text is neither printed nor logged.
    assert "tonight" not in raw and "traffic" not in raw
    assert "tonight" not in caplog.text and "traffic" not in caplog.text


def test_command_reports_bad_lines_goes_on_and_fails_at_the_end(tmp_path, monkeypatch):
    lines_in = [
        "this is not json",
        json.dumps({"txt": RISKY}),
        json.dumps({"text": 42}),
        json.dumps(["a list"]),
        "",
        json.dumps({"text": RISKY}),
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines_in) + "\n"))
    code, lines, raw = _run("--jsonl", "-")
    assert code == 1
    assert [line["line"] for line in lines] == [1, 2, 3, 4, 6]
    assert lines[0]["error"] == "not valid JSON"
    assert lines[1]["error"] == 'the object has no "text"'
    assert lines[2]["error"] == '"text" must be a string'
    assert lines[3]["error"] == "each line must be a JSON object"
    assert lines[4]["flagged"] is True  # the good line after the bad ones is still screened
    assert "tonight" not in raw


def test_command_reads_standard_input(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({"text": BENIGN}) + "\n"))
    code, lines, _ = _run("--jsonl", "-")
    assert code == 0 and lines == [{"line": 1, "flagged": False, "reasons": [], "phrases": []}]


def test_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("safety_screen", "--jsonl", str(tmp_path / "missing.jsonl"))


# -- no trap chips for a risky thought ----------------------------------------------------------

THOUGHT = "Everyone would be better off without me, I want to end it"


def test_suggest_endpoint_gives_crisis_help_not_chips(client, participant):
    client.force_login(participant)
    response = client.post(reverse("practice:suggest_traps"), {"thought": THOUGHT})
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("crisis") in html
    assert "This fits" not in html and 'name="suggestion_' not in html
    assert not Alert.objects.exists()  # nothing was written down, so no alert
    # An ordinary thought still gets chips.
    html = client.post(
        reverse("practice:suggest_traps"), {"thought": "Everyone thinks I am useless"}
    ).content.decode()
    assert "This fits" in html and reverse("crisis") not in html


def test_suggest_without_javascript_gives_crisis_help_not_chips(client, participant):
    client.force_login(participant)
    url = reverse("practice:new", kwargs={"code": "thought_record"})
    page = client.post(url, {"token": str(uuid.uuid4()), "thought": THOUGHT, "do": "suggest"})
    html = page.content.decode()
    assert page.status_code == 200
    assert reverse("crisis") in html
    assert 'name="suggestion_' not in html and "This fits" not in html
    assert THOUGHT.split(",")[0] in html  # nothing typed is lost
    assert html.count('name="traps"') == 13  # the traps can still be chosen by hand
    assert not Alert.objects.exists()

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from steadfast.reframing.management.commands.traps import Command
from steadfast.reframing.taxonomy import TRAP_CODES, TRAPS_BY_CODE

METRIC_KEYS = {"top1_hit_rate", "top3_hit_rate", "macro_f1", "micro_f1", "per_trap"}


def traps(*args):
    out = StringIO()
    call_command("traps", *args, stdout=out)
    return json.loads(out.getvalue())


def run_from_command_line(capsys, *args):
    """As `manage.py traps ...` runs it: errors become a message and an exit status."""
    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["manage.py", "traps", *args])
    return exit_.value.code, capsys.readouterr().err


def test_suggest_prints_up_to_three_traps_with_explanations_and_questions():
    result = traps("suggest", "I messed up one report, so I always get everything wrong.")
    assert set(result) == {"text_length", "truncated", "suggestions", "none_clearly"}
    assert result["none_clearly"] is False
    assert result["truncated"] is False
    assert 1 <= len(result["suggestions"]) <= 3
    probabilities = [s["probability"] for s in result["suggestions"]]
    assert probabilities == sorted(probabilities, reverse=True)
    for suggestion in result["suggestions"]:
        assert set(suggestion) == {
            "trap",
            "name",
            "probability",
            "likely",
            "explanation",
            "questions",
        }
        trap = TRAPS_BY_CODE[suggestion["trap"]]
        assert suggestion["name"] == trap.name
        assert suggestion["explanation"] == trap.explanation
        assert suggestion["questions"] == list(trap.questions)
        assert 0.0 <= suggestion["probability"] <= 1.0
    assert result["suggestions"][0]["likely"] is True
    assert "overgeneralizing" in [s["trap"] for s in result["suggestions"]]


def test_suggest_says_none_clearly_when_nothing_stands_out():
    result = traps("suggest", "今日は雨が降っています。")
    assert result["none_clearly"] is True
    assert result["suggestions"] == []
    assert "Nothing stands out clearly" in result["message"]


def test_suggest_handles_other_languages():
    for text in ["Je pense que personne ne m'écoute jamais.", "Ich bin heute müde."]:
        result = traps("suggest", text)
        assert result["text_length"] == len(text)
        assert len(result["suggestions"]) <= 3
        assert result["none_clearly"] is (result["suggestions"] == [])


def test_suggest_reads_ten_thousand_characters_and_says_it_cut_them():
    text = ("I should have known better and now everything is ruined. " * 200)[:10_000]
    result = traps("suggest", text)
    assert result["text_length"] == 10_000
    assert result["truncated"] is True
    assert "first 1000 characters" in result["note"]
    assert result["suggestions"]


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_suggest_refuses_empty_text(text):
    with pytest.raises(CommandError, match="the thought is empty"):
        traps("suggest", text)


def test_empty_text_on_the_command_line_is_a_message_not_a_traceback(capsys):
    status, stderr = run_from_command_line(capsys, "suggest", "  ")
    assert status != 0
    assert "the thought is empty" in stderr
    assert "Traceback" not in stderr


def write_lines(path, *lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_eval_prints_the_model_and_both_baselines(tmp_path):
    file = write_lines(
        tmp_path / "set.jsonl",
        '{"text": "I always fail every single test.", "traps": ["Overgeneralization"]}',
        '{"text": "She thinks I am lazy, I can tell.", "traps": ["Mind Reading"]}',
        '{"text": "I should never make mistakes.", "traps": ["should statements"]}',
        '{"text": "I had a long day and I am going to rest.", "traps": []}',
    )
    result = traps("eval", file)
    assert set(result) == {"model", "baselines", "n"}
    assert result["n"] == 4
    assert set(result["baselines"]) == {"label_frequency", "tfidf_logreg"}
    for report in (result["model"], *result["baselines"].values()):
        assert set(report) == METRIC_KEYS
        assert list(report["per_trap"]) == list(TRAP_CODES)
        for trap in report["per_trap"].values():
            assert set(trap) == {"precision", "recall", "f1", "support"}
        assert 0.0 <= report["top3_hit_rate"] <= 1.0
    assert result["model"]["per_trap"]["mind_reading"]["support"] == 1


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "ok", "traps": [', "line 2: not valid JSON"),
        ('{"text": "ok", "traps": ["Wishful thinking"]}', "line 2: unknown thinking trap"),
        ('{"text": "", "traps": []}', "line 2: 'text' must be a non-empty string"),
        ('{"text": "ok"}', "line 2: 'traps' must be a list"),
    ],
)
def test_eval_names_the_bad_line(tmp_path, line, message):
    file = write_lines(tmp_path / "bad.jsonl", '{"text": "fine", "traps": []}', line)
    with pytest.raises(CommandError, match=message):
        traps("eval", file)


def test_eval_errors_for_a_missing_or_empty_file(tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        traps("eval", str(tmp_path / "nope.jsonl"))
    with pytest.raises(CommandError, match="no lines"):
        traps("eval", write_lines(tmp_path / "empty.jsonl", ""))


def test_a_bad_eval_file_on_the_command_line_exits_non_zero_without_a_traceback(tmp_path, capsys):
    file = write_lines(tmp_path / "bad.jsonl", '{"text": "x", "traps": ["labeling"]}', "oops")
    status, stderr = run_from_command_line(capsys, "eval", file)
    assert status != 0
    assert "bad.jsonl line 2: not valid JSON" in stderr
    assert "Traceback" not in stderr


def test_train_prints_a_summary_and_is_reproducible_to_the_byte(small_data_dir, tmp_path):
    first = traps("train", "--data-dir", str(small_data_dir), "--out", str(tmp_path / "one"))
    traps("train", "--data-dir", str(small_data_dir), "--out", str(tmp_path / "two"))
    assert first["examples"] == 300
    assert len(first["training_sha256"]) == 64
    assert first["features"] > 1000
    for name in ("model.json", "vocabulary.json", "weights.npz"):
        one = (tmp_path / "one" / name).read_bytes()
        assert one == (tmp_path / "two" / name).read_bytes(), name


def test_train_without_training_files_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="no training files"):
        traps("train", "--data-dir", str(tmp_path), "--out", str(tmp_path / "out"))

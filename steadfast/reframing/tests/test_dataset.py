import pytest

from steadfast.reframing.dataset import DatasetError, files_sha256, label_matrix, parse_lines


def parse(*lines):
    return parse_lines(lines, source="t.jsonl")


def test_names_in_any_case_become_codes_and_blank_lines_are_skipped():
    examples = parse(
        '{"text": "I always fail.", "traps": ["Overgeneralization", "LABELING"]}',
        "",
        '{"text": "A fair thought.", "traps": [], "voice": "nurse"}',
        '{"text": "Fine.", "traps": ["Not distorted"]}',
    )
    assert [sorted(example.traps) for example in examples] == [
        ["labeling", "overgeneralizing"],
        [],
        [],
    ]
    matrix = label_matrix(examples)
    assert matrix.shape == (3, 13)
    assert matrix.sum() == 2


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{not json", "not valid JSON"),
        ('["a list"]', "JSON object"),
        ('{"traps": []}', "'text' must be a non-empty string"),
        ('{"text": "  ", "traps": []}', "'text' must be a non-empty string"),
        ('{"text": "hi", "traps": "labeling"}', "'traps' must be a list"),
        ('{"text": "hi"}', "'traps' must be a list"),
        ('{"text": "hi", "traps": [3]}', "'traps' must be a list"),
        ('{"text": "hi", "traps": ["wishful thinking"]}', "unknown thinking trap 'wishful"),
        ('{"text": "hi", "traps": ["not distorted", "blaming"]}', "cannot be listed with"),
    ],
)
def test_a_bad_line_names_its_line_number_and_problem(line, problem):
    good = '{"text": "ok", "traps": []}'
    with pytest.raises(DatasetError, match=r"t\.jsonl line 3") as error:
        parse(good, good, line)
    assert problem in str(error.value)


def test_hashes_change_when_a_file_changes(tmp_path):
    a, b = tmp_path / "train_a.jsonl", tmp_path / "train_b.jsonl"
    a.write_text("one\n")
    b.write_text("two\n")
    before = files_sha256([a, b])
    assert set(before) == {"train_a.jsonl", "train_b.jsonl", "all"}
    assert files_sha256([b, a]) == before
    b.write_text("two!\n")
    after = files_sha256([a, b])
    assert after["train_a.jsonl"] == before["train_a.jsonl"]
    assert after["all"] != before["all"]

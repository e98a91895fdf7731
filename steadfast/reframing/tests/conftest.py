from pathlib import Path

import pytest

DATA_DIR = Path(__file__).resolve().parents[3] / "data" / "thinking_traps"


@pytest.fixture(scope="session")
def small_data_dir(tmp_path_factory):
    """The first 150 lines of each training file: enough to train on in about a second."""
    directory = tmp_path_factory.mktemp("small_traps")
    for path in sorted(DATA_DIR.glob("train_*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)[:150]
        (directory / path.name).write_text("".join(lines), encoding="utf-8")
    return directory

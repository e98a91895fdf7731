import json

import numpy as np

from steadfast.reframing.dataset import files_sha256, read_examples, read_training, training_paths
from steadfast.reframing.evaluate import evaluate
from steadfast.reframing.model import (
    DEFAULT_ARTEFACT_DIR,
    MAX_CHARS,
    Settings,
    load,
    load_default,
    save,
    train,
)
from steadfast.reframing.taxonomy import TRAP_CODES

from .conftest import DATA_DIR


def test_the_committed_artefact_was_trained_on_the_current_training_files():
    meta = json.loads((DEFAULT_ARTEFACT_DIR / "model.json").read_text())
    current = files_sha256(training_paths(DATA_DIR))
    assert meta["training"]["sha256"] == current, "stale artefact: run `manage.py traps train`"
    assert meta["training"]["examples"] == len(read_training(DATA_DIR))


def test_the_committed_artefact_records_versions_and_settings():
    import sklearn

    meta = load_default().metadata
    assert meta["sklearn_version"] == sklearn.__version__
    assert Settings.from_dict(meta["settings"]) == Settings()
    assert meta["labels"] == list(TRAP_CODES)


def test_the_artefact_is_small_and_holds_only_plain_arrays():
    sizes = {path.name: path.stat().st_size for path in DEFAULT_ARTEFACT_DIR.iterdir()}
    assert set(sizes) == {"model.json", "vocabulary.json", "weights.npz"}
    assert sum(sizes.values()) < 3_000_000
    with np.load(DEFAULT_ARTEFACT_DIR / "weights.npz", allow_pickle=False) as arrays:
        assert all(arrays[name].dtype.kind in "fiu" for name in arrays.files)


def test_a_saved_model_loads_back_with_the_same_probabilities(small_data_dir, tmp_path):
    examples = read_training(small_data_dir)
    model = train(examples, Settings())
    save(model, tmp_path)
    loaded = load(tmp_path)
    texts = ["I always ruin everything", "They must think I'm useless", "Fine day."]
    assert np.allclose(model.predict_proba(texts), loaded.predict_proba(texts))
    assert np.array_equal(model.thresholds, loaded.thresholds)


def test_text_with_no_known_ngram_gets_no_probability():
    probabilities = load_default().predict_proba(["ЖЖЖЖ 漢字漢字", "I always fail at everything"])
    assert (probabilities[0] == 0).all()
    assert probabilities[1].max() > 0.5


def test_long_text_is_cut_before_scoring():
    model = load_default()
    thought = "Nobody ever listens to me. "
    long_text = thought * 40
    assert len(long_text) > MAX_CHARS
    assert np.allclose(
        model.predict_proba([long_text]), model.predict_proba([long_text[:MAX_CHARS]])
    )


def test_held_out_quality_floor():
    """Far above the label-frequency baseline; would fail for a broken or mislabelled model."""
    report = evaluate(
        load_default(), read_training(DATA_DIR), read_examples(DATA_DIR / "heldout.jsonl")
    )
    model, frequency = report["model"], report["baselines"]["label_frequency"]
    assert report["n"] >= 100
    assert model["top3_hit_rate"] >= 0.75
    assert model["top3_hit_rate"] >= frequency["top3_hit_rate"] + 0.3
    assert model["macro_f1"] >= 0.45
    assert all(trap["support"] > 0 for trap in model["per_trap"].values())


def test_the_default_settings_are_the_ones_selection_kept():
    from steadfast.reframing.selection import CANDIDATES, CHOSEN

    assert CANDIDATES[CHOSEN] == Settings()


def test_writer_splits_hold_out_each_training_file_in_turn():
    from steadfast.reframing.selection import writer_splits

    (train_1, test_1), (train_2, test_2) = writer_splits([3, 2])
    assert test_1.tolist() == [0, 1, 2]
    assert train_1.tolist() == [3, 4]
    assert test_2.tolist() == [3, 4]
    assert train_2.tolist() == [0, 1, 2]

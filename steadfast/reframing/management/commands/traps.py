from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from steadfast.practice.models import SuggestionChoice
from steadfast.reframing import model as trap_model
from steadfast.reframing.dataset import (
    DatasetError,
    files_sha256,
    read_examples,
    read_training,
    training_paths,
)
from steadfast.reframing.evaluate import evaluate
from steadfast.reframing.suggest import EmptyThoughtError, suggest


def _data_dir() -> Path:
    return Path(settings.BASE_DIR) / "data" / "thinking_traps"


class Command(BaseCommand):
    help = "Thinking traps: train the model, suggest traps for a thought, or evaluate on a file."
    # Uses no database and no other app: the project's system checks add only start-up time.
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser("train", help="Train on data/thinking_traps/train_*.jsonl.")
        train.add_argument("--data-dir", type=Path, default=None)
        train.add_argument("--out", type=Path, default=None, help="Artefact directory.")
        suggest_ = sub.add_parser("suggest", help="Up to three likely traps for one thought.")
        suggest_.add_argument("text")
        suggest_.add_argument("--artefact", type=Path, default=None)
        eval_ = sub.add_parser("eval", help='Measure on a JSON-lines file of {"text", "traps"}.')
        eval_.add_argument("file", type=Path)
        eval_.add_argument("--data-dir", type=Path, default=None)
        eval_.add_argument("--artefact", type=Path, default=None)
        sub.add_parser(
            "usefulness",
            help="How often people accepted or dismissed each suggestion (research consent only).",
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            result = getattr(self, f"_{action}")(**options)
        except (DatasetError, EmptyThoughtError, trap_model.ArtefactError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))

    def _model(self, artefact: Path | None) -> trap_model.TrapModel:
        return trap_model.load(artefact) if artefact else trap_model.load_default()

    def _train(self, data_dir: Path | None, out: Path | None, **_: Any) -> dict[str, Any]:
        paths = training_paths(data_dir or _data_dir())
        examples = [example for path in paths for example in read_examples(path)]
        started = time.perf_counter()
        model = trap_model.train(examples, trap_model.Settings(), files_sha256(paths))
        written = trap_model.save(model, out or trap_model.DEFAULT_ARTEFACT_DIR)
        trap_model.load_default.cache_clear()
        return {
            "examples": len(examples),
            "features": model.featuriser.size,
            "training_sha256": model.metadata["training"]["sha256"]["all"],
            "seconds": round(time.perf_counter() - started, 2),
            "files": {str(path): path.stat().st_size for path in written},
        }

    def _suggest(self, text: str, artefact: Path | None, **_: Any) -> dict[str, Any]:
        if not text.strip():  # before loading the model: the answer does not depend on it
            raise EmptyThoughtError("the thought is empty: write a few words to get suggestions")
        return suggest(text, self._model(artefact))

    def _usefulness(self, **_: Any) -> dict[str, Any]:
        from django.db.models import Count, Q

        rows = (
            SuggestionChoice.objects.values("model", "trap")
            .annotate(
                accepted=Count("pk", filter=Q(decision="accepted")),
                dismissed=Count("pk", filter=Q(decision="dismissed")),
            )
            .order_by("model", "trap")
        )
        models: dict[str, dict[str, Any]] = {}
        for row in rows:
            shown = row["accepted"] + row["dismissed"]
            models.setdefault(row["model"], {})[row["trap"]] = {
                "accepted": row["accepted"],
                "dismissed": row["dismissed"],
                "acceptance_rate": round(row["accepted"] / shown, 3),
            }
        return {
            "models": models,
            "n": sum(v["accepted"] + v["dismissed"] for m in models.values() for v in m.values()),
        }

    def _eval(
        self, file: Path, data_dir: Path | None, artefact: Path | None, **_: Any
    ) -> dict[str, Any]:
        examples = read_examples(file)
        if not examples:
            raise DatasetError(f"{file.name}: no lines to evaluate")
        training = read_training(data_dir or _data_dir())
        return evaluate(self._model(artefact), training, examples)

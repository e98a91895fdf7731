"""Labelled thoughts: reading JSON-lines files, checking them line by line, hashing them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .taxonomy import TRAP_CODES, UnknownTrapError, normalise_trap_name


@dataclass(frozen=True)
class Example:
    text: str
    traps: frozenset[str]  # trap codes; empty when the thought shows no trap


class DatasetError(ValueError):
    """A line that is not a labelled thought; the message names the file and line."""


def _parse_line(raw: str, where: str) -> Example:
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as error:
        raise DatasetError(f"{where}: not valid JSON ({error.msg})") from error
    if not isinstance(record, dict):
        raise DatasetError(f"{where}: expected a JSON object with 'text' and 'traps'")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise DatasetError(f"{where}: 'text' must be a non-empty string")
    names = record.get("traps")
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise DatasetError(f"{where}: 'traps' must be a list of trap names (empty for none)")
    try:
        codes = {normalise_trap_name(name) for name in names}
    except UnknownTrapError as error:
        raise DatasetError(f"{where}: {error}") from error
    if "not_distorted" in codes:
        if len(codes) > 1:
            raise DatasetError(f"{where}: 'not distorted' cannot be listed with other traps")
        codes = set()
    return Example(text=text, traps=frozenset(codes))


def parse_lines(lines: Iterable[str], *, source: str) -> list[Example]:
    """Examples from JSON lines; blank lines are skipped, anything else wrong is an error."""
    examples = []
    for number, raw in enumerate(lines, start=1):
        if raw.strip():
            examples.append(_parse_line(raw, f"{source} line {number}"))
    return examples


def read_examples(path: Path) -> list[Example]:
    try:
        with path.open(encoding="utf-8-sig") as lines:  # a leading BOM is not an error
            return parse_lines(lines, source=path.name)
    except UnicodeDecodeError as error:
        raise DatasetError(f"{path.name}: not UTF-8 text") from error
    except OSError as error:
        raise DatasetError(f"{path}: cannot be read ({error.strerror})") from error


def training_paths(data_dir: Path) -> list[Path]:
    """The training files (train_*.jsonl) in a stable order; the held-out file is never one."""
    paths = sorted(data_dir.glob("train_*.jsonl"))
    if not paths:
        raise DatasetError(f"no training files (train_*.jsonl) in {data_dir}")
    return paths


def read_training(data_dir: Path) -> list[Example]:
    return [example for path in training_paths(data_dir) for example in read_examples(path)]


def files_sha256(paths: Sequence[Path]) -> dict[str, str]:
    """SHA-256 of each file by name, and of all of them together (names and bytes) as 'all'."""
    combined = hashlib.sha256()
    digests = {}
    for path in sorted(paths, key=lambda p: p.name):
        content = path.read_bytes()
        digests[path.name] = hashlib.sha256(content).hexdigest()
        combined.update(path.name.encode() + b"\0" + content + b"\0")
    digests["all"] = combined.hexdigest()
    return digests


def label_matrix(examples: Sequence[Example]) -> npt.NDArray[np.bool_]:
    """One row per example, one column per trap in TRAP_CODES order."""
    matrix = np.zeros((len(examples), len(TRAP_CODES)), dtype=bool)
    for row, example in enumerate(examples):
        for column, code in enumerate(TRAP_CODES):
            matrix[row, column] = code in example.traps
    return matrix

"""The labelled screening benchmark: short texts, each marked risky or not, with a kind.

`train.jsonl` was written first and used to build the phrase list in `language.py`;
`train2.jsonl` was written later to widen it, in many voices. The others were written in rounds:
`dev.jsonl` to `dev5.jsonl` were held out when written, measured once, then read and used to
change the phrases; `heldout.jsonl` and `heldout2.jsonl` are only ever measured, never used to
choose or change a phrase. How the ambiguous cases are labelled is in README.md beside the data.

Pure Python: no Django, nothing stored or logged.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from steadfast.safety.language import screen

DATA_DIR = Path(__file__).resolve().parent
SPLITS = ("train", "train2", "dev", "dev2", "dev3", "dev4", "dev5", "heldout", "heldout2")
HELDOUT = ("heldout", "heldout2")


@dataclass(frozen=True)
class Example:
    text: str
    risk: bool
    kind: str


@dataclass
class Figures:
    """Counts and rates of one split. A false alarm is a flag on a text labelled not risky."""

    risky: int = 0
    safe: int = 0
    caught: int = 0
    false_alarms: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind: [count, flagged]

    @property
    def recall(self) -> float:
        return self.caught / self.risky if self.risky else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.safe if self.safe else 0.0

    @property
    def precision(self) -> float:
        flagged = self.caught + self.false_alarms
        return self.caught / flagged if flagged else 1.0


def load(split: str) -> list[Example]:
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}")
    path = DATA_DIR / f"{split}.jsonl"
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            examples.append(Example(str(row["text"]), bool(row["risk"]), str(row["kind"])))
    return examples


def evaluate(examples: list[Example]) -> tuple[Figures, list[Example]]:
    """The figures for these examples, and the examples the screen got wrong."""
    figures = Figures()
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    wrong = []
    for example in examples:
        flagged = screen(example.text).flagged
        kinds[example.kind][0] += 1
        kinds[example.kind][1] += int(flagged)
        if example.risk:
            figures.risky += 1
            figures.caught += int(flagged)
        else:
            figures.safe += 1
            figures.false_alarms += int(flagged)
        if flagged != example.risk:
            wrong.append(example)
    figures.by_kind = dict(kinds)
    return figures, wrong

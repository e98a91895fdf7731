"""Benchmark the screening of free text (steadfast.safety.language) on the labelled texts.

For each split in steadfast/safety/screening/ it prints recall (risky texts flagged), the
false-alarm rate (texts labelled not risky that were flagged), precision, and per kind the
count and how many were flagged. Targets on the held-out split: recall at least 0.95, false
alarms at most 0.05. Nothing is asserted here (the tests do that).

- train, train2: written to build the phrases on (train2 in many voices, longer and messier).
- dev to dev5: earlier held-out rounds. Each was measured once, fresh, then looked at and used
  to change the phrases, so they no longer measure anything unseen.
- heldout, heldout2: never used to change the phrases (heldout2 was committed, and measured,
  before the changes that followed it).

Figures are appended to the "## Screening of free text" section of docs/benchmarks.md with
--record. --show-wrong lists the texts the screen gets wrong, for the train and dev splits only:
looking at held-out mistakes would turn it into another dev split. Time per text is printed too:
the journal and practice saves call the screen.
Run: .venv/bin/python bench/screening.py [--record]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from steadfast.safety.screening import HELDOUT, SPLITS, Figures, evaluate, load  # noqa: E402

RECORD_PATH = ROOT / "docs" / "benchmarks.md"
SECTION = "## Screening of free text"
TARGETS = {"recall": 0.95, "false_alarm_rate": 0.05}
SECTION_INTRO = """\
`.venv/bin/python bench/screening.py --record` (or `make bench-screening`) measures the phrase
screen behind `safety.services.text_check` (`steadfast/safety/language.py`) on the labelled
texts in `steadfast/safety/screening/` and adds a dated entry below. Recall is the share of
risky texts flagged; the false-alarm rate is the share of texts labelled not risky that were
flagged. Targets on the held-out split: recall at least 0.95, false alarms at most 0.05. How the
texts were written and labelled is in `steadfast/safety/screening/README.md`. All of them were
written by one person for this project, so even the held-out figures are likely kinder than
real writing will be.
"""


def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def measure() -> dict[str, Figures]:
    return {split: evaluate(load(split))[0] for split in SPLITS}


def time_per_text() -> float:
    """Milliseconds to screen one text, averaged over every labelled text."""
    examples = [example for split in SPLITS for example in load(split)]
    start = time.perf_counter()
    evaluate(examples)
    return (time.perf_counter() - start) / len(examples) * 1000


def entry(results: dict[str, Figures]) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"### {now}",
        "",
        f"- Commit: {git_commit()} (the working tree, which may hold uncommitted changes)",
        "- Command: `.venv/bin/python bench/screening.py --record`",
        "",
        "| split | texts | risky | recall | false alarms | false-alarm rate | precision |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for split, f in results.items():
        lines.append(
            f"| {split} | {f.risky + f.safe} | {f.risky} | {f.recall:.3f} | "
            f"{f.false_alarms} of {f.safe} | {f.false_alarm_rate:.3f} | {f.precision:.3f} |"
        )
    met = all(
        results[split].recall >= TARGETS["recall"]
        and results[split].false_alarm_rate <= TARGETS["false_alarm_rate"]
        for split in HELDOUT
    )
    lines += [
        "",
        f"Held-out targets on {' and '.join(HELDOUT)} (recall ≥ {TARGETS['recall']}, false "
        f"alarms ≤ {TARGETS['false_alarm_rate']}): {'met' if met else 'NOT met'}.",
        "",
        f"Time: {time_per_text():.2f} ms per text on this machine.",
        "",
        "Per kind (texts, flagged), kinds labelled risky first:",
        "",
        "| kind | " + " | ".join(results) + " |",
        "|---|" + "---:|" * len(results),
    ]
    kinds: dict[str, bool] = {}
    for split in results:
        for example in load(split):
            kinds.setdefault(example.kind, example.risk)
    for kind in sorted(kinds, key=lambda k: (not kinds[k], k)):
        cells = []
        for f in results.values():
            count, flagged = f.by_kind.get(kind, [0, 0])
            cells.append(f"{flagged}/{count}" if count else "")
        lines.append(
            f"| {kind} ({'risky' if kinds[kind] else 'not risky'}) | " + " | ".join(cells) + " |"
        )
    return "\n".join(lines) + "\n"


def record(text: str) -> None:
    """Add the entry at the end of the screening section, creating it if needed."""
    document = RECORD_PATH.read_text(encoding="utf-8") if RECORD_PATH.exists() else ""
    lines = document.splitlines()
    if SECTION not in lines:
        document = document.rstrip("\n") + f"\n\n{SECTION}\n\n{SECTION_INTRO}\n{text}"
        RECORD_PATH.write_text(document, encoding="utf-8")
        return
    start = lines.index(SECTION)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    updated = [*lines[:end], "", *text.rstrip("\n").splitlines(), "", *lines[end:]]
    RECORD_PATH.write_text("\n".join(updated).rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--record", action="store_true", help="Append to docs/benchmarks.md.")
    parser.add_argument(
        "--show-wrong",
        choices=[s for s in SPLITS if s not in HELDOUT],
        help="List the texts the screen gets wrong in this split (never the held-out one).",
    )
    args = parser.parse_args()
    if args.show_wrong:
        for example in evaluate(load(args.show_wrong))[1]:
            label = "missed" if example.risk else "false alarm"
            print(f"{label:11} {example.kind:20} {example.text}")
        return
    text = entry(measure())
    print(text)
    if args.record:
        record(text)
        print(f"Recorded in {RECORD_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

"""Score 1,000,000 PHQ-9 responses in one batch; compare with a plain numpy row-sum (the floor).

Run: .venv/bin/python bench/scoring.py [--rows N] [--record]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from steadfast.assessments.scoring.engine import score_matrix  # noqa: E402
from steadfast.assessments.scoring.keys import shipped_key  # noqa: E402


def best_of(fn: Callable[[], object], repeats: int = 5) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--record", action="store_true", help="append the result to docs/benchmarks.md"
    )
    args = parser.parse_args()
    key = shipped_key("phq9")
    rng = np.random.default_rng(2026)
    matrix = rng.integers(0, 4, size=(args.rows, 9)).astype(np.float64)
    floor_best, _floor_median = best_of(lambda: matrix.sum(axis=1))
    engine_best, engine_median = best_of(lambda: score_matrix(key, matrix))
    checked = score_matrix(key, matrix)
    if not np.array_equal(checked.total, matrix.sum(axis=1)):
        raise SystemExit("the engine's totals differ from the row-sum")
    rate = args.rows / engine_best
    ratio = engine_best / floor_best
    line = (
        f"| {date.today()} | {platform.machine()}, {len(os.sched_getaffinity(0))} cores | "
        f"{args.rows:,} | {rate:,.0f} responses/s | {engine_best * 1000:.0f} ms "
        f"(median {engine_median * 1000:.0f}) | {floor_best * 1000:.1f} ms | {ratio:.1f}x |"
    )
    print(line)
    if args.record:
        path = ROOT / "docs" / "benchmarks.md"
        text = path.read_text()
        header = "## Scoring engine: PHQ-9 batch"
        if header not in text:
            text += (
                f"\n{header}\n\n`bench/scoring.py`: one batch through the engine (validation, "
                "missing-item rule, bands, flags) against a plain numpy row-sum of the same matrix "
                "(the floor), best of 5 runs each, same process.\n\n"
                "| date | machine | responses | engine rate | engine time | row-sum time | "
                "ratio to floor |\n|---|---|---|---|---|---|---|\n"
            )
            text = text.rstrip("\n") + "\n"
        # The row goes at the end of this section's table, before any later section.
        start = text.index(header)
        nxt = text.find("\n## ", start + len(header))
        end = len(text) if nxt == -1 else nxt + 1
        section = text[start:end].rstrip("\n") + "\n" + line + "\n"
        path.write_text(text[:start] + section + ("\n" + text[end:] if nxt != -1 else ""))


if __name__ == "__main__":
    main()

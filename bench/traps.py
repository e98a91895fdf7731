"""Benchmark the thinking-trap suggester: quality on the held-out split, speed and memory.

- Quality: `evaluate` on data/thinking_traps/heldout.jsonl (written apart from the training
  data, never used to choose the model): top-3 hit rate and macro-F1 of the committed model
  and of the two baselines trained in the same run.
- Speed: latency of `suggest` for one thought at a time, on one core (process pinned to one CPU,
  one BLAS/OpenMP thread), after warm-up; p50 and p95 over several passes of the held-out texts.
- Memory: peak resident memory (ru_maxrss) of a fresh process that only loads the model and
  suggests for the held-out texts, so the baselines' training does not count.

Figures are printed and appended to the "## Thinking traps" section of docs/benchmarks.md
(--no-record skips that). Nothing is asserted: targets are shown beside what was measured.
Run: .venv/bin/python bench/traps.py
"""

from __future__ import annotations

import os

# Before numpy is imported anywhere: one thread, as on one core.
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"

import argparse  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, cast  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA_DIR = ROOT / "data" / "thinking_traps"
RECORD_PATH = ROOT / "docs" / "benchmarks.md"
SECTION = "## Thinking traps"
PASSES = 3
WARMUP = 50
TARGETS = {"top3": 0.75, "macro_f1": 0.45, "p95_ms": 25.0, "rss_mb": 200.0}

SECTION_INTRO = """\
`.venv/bin/python bench/traps.py` measures the thinking-trap suggester and adds a dated entry
below. Quality is measured on the held-out split (`data/thinking_traps/heldout.jsonl`), which a
different writer wrote apart from the training data and which is never used to choose the
model. Latency is the time of one `suggest` call for one thought (featurising, scoring, building
the answer) in a process pinned to one CPU with one BLAS thread, after a warm-up. Memory is the
peak resident memory of a fresh process that loads the model and suggests for every held-out
thought. Targets: top-3 hit rate at least 0.75, macro-F1 at least 0.45, p95 under 25 ms,
memory under 200 MB. The held-out lines were written for this project, so these figures are
likely kinder than an outside expert-labelled set will be.
"""


def pin_to_one_cpu() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity here)"


def percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(percent / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def memory_probe() -> None:
    """Child process: load the model, suggest for every held-out thought, print peak RSS."""
    from steadfast.reframing.dataset import read_examples
    from steadfast.reframing.suggest import suggest

    for example in read_examples(DATA_DIR / "heldout.jsonl"):
        suggest(example.text)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # KiB on Linux


def peak_rss_mb() -> float:
    output = subprocess.run(
        [sys.executable, __file__, "--memory-probe"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ).stdout
    return int(output.strip().splitlines()[-1]) / 1024


def cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def git_commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return result.stdout.strip() or "unknown"


def measure() -> dict[str, object]:
    pinning = pin_to_one_cpu()
    import numpy as np

    from steadfast.reframing.dataset import read_examples, read_training
    from steadfast.reframing.evaluate import evaluate
    from steadfast.reframing.model import load_default
    from steadfast.reframing.suggest import suggest

    started = time.perf_counter()
    model = load_default()
    load_ms = (time.perf_counter() - started) * 1000
    heldout = read_examples(DATA_DIR / "heldout.jsonl")
    training = read_training(DATA_DIR)
    report = evaluate(model, training, heldout)

    texts = [example.text for example in heldout]
    said_none = ~model.predict(model.predict_proba(texts)).any(axis=1)
    has_trap = np.array([bool(example.traps) for example in heldout])
    for text in texts[:WARMUP]:
        suggest(text, model)
    latencies = []
    for _ in range(PASSES):
        for text in texts:
            started = time.perf_counter()
            suggest(text, model)
            latencies.append((time.perf_counter() - started) * 1000)
    return {
        "report": report,
        "load_ms": load_ms,
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "timed": len(latencies),
        "rss_mb": peak_rss_mb(),
        "pinning": pinning,
        "training_lines": len(training),
        "none_on_no_trap": float(said_none[~has_trap].mean()),
        "none_on_trap": float(said_none[has_trap].mean()),
        "no_trap_lines": int((~has_trap).sum()),
    }


def entry(result: dict[str, object]) -> str:
    import numpy
    import sklearn

    report = cast(dict[str, Any], result["report"])
    model, baselines = report["model"], report["baselines"]
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")

    def row(name: str, metrics: dict[str, Any]) -> str:
        return (
            f"| {name} | {metrics['top1_hit_rate']:.3f} | {metrics['top3_hit_rate']:.3f} | "
            f"{metrics['macro_f1']:.3f} | {metrics['micro_f1']:.3f} |"
        )

    lines = [
        f"### {now}",
        "",
        f"- Commit: {git_commit()}",
        f"- Machine: {os.cpu_count()} CPUs, {cpu_model()}, {platform.system()} "
        f"{platform.machine()}; timing process {result['pinning']}, 1 BLAS thread",
        f"- Software: Python {platform.python_version()}, scikit-learn {sklearn.__version__}, "
        f"numpy {numpy.__version__}",
        f"- Data: {result['training_lines']} training lines, {report['n']} held-out lines",
        "",
        "| held-out | top-1 | top-3 | macro-F1 | micro-F1 |",
        "|---|---:|---:|---:|---:|",
        row("model", model),
        row("baseline: label_frequency", baselines["label_frequency"]),
        row("baseline: tfidf_logreg", baselines["tfidf_logreg"]),
        "",
        "| measure | measured | target |",
        "|---|---:|---:|",
        f"| top-3 hit rate | {model['top3_hit_rate']:.3f} | ≥ {TARGETS['top3']} |",
        f"| macro-F1 | {model['macro_f1']:.3f} | ≥ {TARGETS['macro_f1']} |",
        f"| suggest p50, one thought, one core | {result['p50_ms']:.2f} ms | |",
        f"| suggest p95, one thought, one core | {result['p95_ms']:.2f} ms "
        f"| < {TARGETS['p95_ms']:.0f} ms |",
        f"| peak memory, load + suggest | {result['rss_mb']:.0f} MB "
        f"| < {TARGETS['rss_mb']:.0f} MB |",
        f"| first load of the model (cold, includes importing scikit-learn) "
        f"| {result['load_ms']:.0f} ms | |",
        "",
        f'"None clearly" was the answer for {result["none_on_no_trap"]:.0%} of the '
        f"{result['no_trap_lines']} held-out thoughts labelled with no trap, and for "
        f"{result['none_on_trap']:.0%} of those labelled with one or more. "
        f"Latency from {result['timed']} timed calls ({PASSES} passes over the held-out "
        f"thoughts, after {WARMUP} warm-up calls).",
        "",
    ]
    return "\n".join(lines)


def record(text: str) -> None:
    """Add the entry at the end of the Thinking traps section, creating it if needed."""
    document = RECORD_PATH.read_text(encoding="utf-8") if RECORD_PATH.exists() else ""
    lines = document.splitlines()
    if SECTION not in lines:
        document = document.rstrip("\n") + f"\n\n{SECTION}\n\n{SECTION_INTRO}\n{text}"
        RECORD_PATH.write_text(document, encoding="utf-8")
        return
    start = lines.index(SECTION)
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")),
        len(lines),
    )
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    updated = [*lines[:end], "", *text.rstrip("\n").splitlines(), "", *lines[end:]]
    RECORD_PATH.write_text("\n".join(updated).rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-record", action="store_true", help="Print only.")
    parser.add_argument("--memory-probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_probe:
        memory_probe()
        return
    result = measure()
    text = entry(result)
    print(text)
    if not args.no_record:
        record(text)
        print(f"Recorded in {RECORD_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

"""Benchmark the evaluation report and the insights dashboard on SQLite and PostgreSQL.

For each database: migrate a fresh database, seed a synthetic organisation (seed_synthetic:
N participants x 4 waves x 3 instruments, plus weekly check-ins), then time, interleaved and
repeated, (a) the JSON evaluation report, (b) the dashboard data, and (c) one hand-written SQL
query computing the same per-team aggregates (people with both scores, sum of change and sum of
squared change of PHQ-9 from baseline to end of program). (a) and (b) are reported as ratios to
(c) measured in the same run on the same database, since absolute times on a shared 2-core
machine move a lot between runs.

Usage: .venv/bin/python bench/insights.py --participants 100000 [--backends sqlite postgres]
PostgreSQL: 127.0.0.1:5432, user postgres, trust auth; the database steadfast_bench_insights is
created and dropped by this script. Results are appended to docs/benchmarks.md unless
--no-record.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from statistics import median
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RECORD_PATH = ROOT / "docs" / "benchmarks.md"
PG_DB = "steadfast_bench_insights"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
SQLITE_PATH = ROOT / "var" / "bench-insights.sqlite3"

HAND_SQL = """
SELECT m.team_id, COUNT(*), SUM(p.post - p.pre), SUM((p.post - p.pre) * (p.post - p.pre))
FROM (
  SELECT user_id,
         MAX(CASE WHEN wave = 'baseline' THEN total END) AS pre,
         MAX(CASE WHEN wave = 'post' THEN total END) AS post
  FROM assessments_response
  WHERE organisation_id = %s AND instrument = 'phq9' AND valid = %s
    AND wave IN ('baseline', 'post')
  GROUP BY user_id
) p
JOIN organisations_membership m
  ON m.user_id = p.user_id AND m.organisation_id = %s AND m.role = 'participant'
 AND m.is_active = %s
WHERE p.pre IS NOT NULL AND p.post IS NOT NULL
GROUP BY m.team_id
"""


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(sql)


def child(backend: str, participants: int, rounds: int) -> dict[str, Any]:
    """Runs in its own process with DATABASE_URL set for one backend."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from steadfast.insights import reports
    from steadfast.insights.synthetic import synthetic_organisation_seed

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seeded = synthetic_organisation_seed(
        slug="bench", participants=participants, effect=-2.0, small_teams=5, seed=1
    )
    seed_seconds = time.perf_counter() - started
    org = seeded.organisation
    if backend == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def hand() -> None:
        with connection.cursor() as cursor:
            cursor.execute(HAND_SQL, [org.pk, True, org.pk, True])
            cursor.fetchall()

    def report() -> None:
        reports.evaluation_report(organisation=org)

    def dashboard() -> None:
        reports.dashboard(organisation=org)

    targets = {"hand_sql": hand, "report_json": report, "dashboard": dashboard}
    for fn in targets.values():  # warm caches once, uncounted
        fn()
    times: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(rounds):
        for name, fn in targets.items():
            t = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t)
    phq = next(
        o
        for o in reports.evaluation_report(organisation=org)["outcomes"]
        if o["instrument"] == "phq9" and o["to"] == "post"
    )
    return {
        "backend": backend,
        "participants": seeded.participants,
        "teams": seeded.teams,
        "responses": seeded.responses,
        "checkins": seeded.checkins,
        "seed_seconds": seed_seconds,
        "times": times,
        "phq9_post": {k: phq.get(k) for k in ("n", "mean_change", "ci_low", "ci_high")},
    }


def run_backend(backend: str, participants: int, rounds: int) -> dict[str, Any]:
    env = dict(os.environ)
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    else:
        _pg_admin(f"DROP DATABASE IF EXISTS {PG_DB}")
        _pg_admin(f"CREATE DATABASE {PG_DB}")
        env["DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{PG_DB}"
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child", backend, "--participants", str(participants),
             "--rounds", str(rounds)],
            env=env, cwd=ROOT, check=True, capture_output=True, text=True,
        )  # fmt: skip
        return dict(json.loads(out.stdout.strip().splitlines()[-1]))
    finally:
        if backend == "postgres":
            _pg_admin(f"DROP DATABASE IF EXISTS {PG_DB}")
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)


def current_commit() -> str:
    return subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()


def record(text: str) -> None:
    """Put the entry at the end of the "## Insights" section (before the next "## ")."""
    doc = RECORD_PATH.read_text(encoding="utf-8")
    start = doc.index("## Insights")
    following = doc.find("\n## ", start + 1)
    at = len(doc) if following == -1 else following + 1
    RECORD_PATH.write_text(doc[:at].rstrip("\n") + "\n\n" + text + "\n" + doc[at:], "utf-8")


def markdown(results: list[dict[str, Any]], rounds: int, commit: str) -> str:
    lines = [
        f"### {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {results[0]['participants']} participants",
        "",
        f"- Commit: {commit}; Python {platform.python_version()}; {os.cpu_count()} CPUs, "
        f"{platform.machine()}",
        f"- Medians of {rounds} interleaved rounds after one warm-up; ratio = time / hand-written "
        "SQL time in the same run on the same database.",
        "",
        "| database | people | teams | responses | check-ins | seed s | hand SQL ms | "
        "report s | report ratio | dashboard s | dashboard ratio | PHQ-9 change (95% CI) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        hand = median(r["times"]["hand_sql"])
        rep = median(r["times"]["report_json"])
        dash = median(r["times"]["dashboard"])
        phq = r["phq9_post"]
        lines.append(
            f"| {r['backend']} | {r['participants']} | {r['teams']} | {r['responses']} | "
            f"{r['checkins']} | {r['seed_seconds']:.0f} | {hand * 1000:.0f} | {rep:.2f} | "
            f"{rep / hand:.0f} | {dash:.2f} | {dash / hand:.0f} | {phq['mean_change']} "
            f"({phq['ci_low']} to {phq['ci_high']}) |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--no-record", action="store_true")
    parser.add_argument("--child", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(child(args.child, args.participants, args.rounds)))
        return 0
    commit = current_commit()
    results = []
    for backend in args.backends:
        results.append(run_backend(backend, args.participants, args.rounds))
        print(json.dumps(results[-1]), flush=True)
    text = markdown(results, args.rounds, commit)
    print(text)
    if not args.no_record:
        record(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark Steadfast as it is served: gunicorn, 2 sync workers, DEBUG off, on loopback.

What is measured: throughput (requests per second) and latency (p50, p95, p99) of three
pages, each driven by a bounded load generator: a fixed number of requests over a fixed
number of concurrent connections, after an uncounted warm-up.

- /_bench/hello: returns "hello" through the full middleware stack and does nothing else.
  This is the ceiling: no page served by the same server can be faster.
- /healthz: the health check (two small queries).
- /o/harbor-city/: the demo participant's signed-in home (session, membership, consent).

Why ratios: this runs on small shared machines (a noisy 2-core box), where two identical
rounds can differ by 2x. Absolute figures therefore say little from one run to the next, so
each target is also reported as a ratio to the hello ceiling measured in the same round,
with targets interleaved (hello, healthz, home, hello, ...).

Numbers are recorded, not asserted. The script exits 0 unless the server failed to start or
a target answered with errors. Results are printed and appended to docs/benchmarks.md
(--no-record skips that). Run it with `make bench`, which runs `make setup` first.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import importlib.metadata
import math
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from statistics import median
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var"
RECORD_PATH = ROOT / "docs" / "benchmarks.md"
HOST = "127.0.0.1"
WORKERS = 2
WARMUP_REQUESTS = 100
SERVER_CPU, LOAD_CPU = 0, 1
STARTUP_TIMEOUT = 30.0
REQUEST_TIMEOUT = 30.0
PARTICIPANT_EMAIL = "participant@demo.steadfast.local"


class BenchError(Exception):
    """The benchmark cannot run (missing setup, server did not start, ...)."""


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    expect: bytes  # every counted response body must contain this
    signed_in: bool = False


CEILING = Target("hello", "/_bench/hello", b"hello")
TARGETS = (
    CEILING,
    Target("healthz", "/healthz", b'"status": "ok"'),
    # The participant home greets them ("Hello, Sam"): proof we are not timing a redirect.
    Target("home", "/o/harbor-city/", b"Hello", signed_in=True),
)


# Measurements ------------------------------------------------------------------------------


@dataclass
class Result:
    """One measured run of one target."""

    target: Target
    seconds: float
    latencies: list[float]  # seconds, sorted, one per request
    errors: Counter[str]

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds

    def percentile_ms(self, percent: float) -> float:
        """Nearest-rank percentile, in milliseconds."""
        rank = max(1, math.ceil(percent / 100 * self.requests))
        return self.latencies[rank - 1] * 1000


@dataclass
class Round:
    results: list[Result]

    @property
    def ceiling(self) -> Result:
        return next(result for result in self.results if result.target == CEILING)

    def throughput_ratio(self, result: Result) -> float:
        return result.throughput / self.ceiling.throughput

    def latency_ratio(self, result: Result, percent: float) -> float:
        return result.percentile_ms(percent) / self.ceiling.percentile_ms(percent)


# Load generator ------------------------------------------------------------------------------


class Budget:
    """Hands out a fixed number of requests to the connection threads."""

    def __init__(self, total: int) -> None:
        self._left = total
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            if self._left <= 0:
                return False
            self._left -= 1
            return True


@dataclass
class Samples:
    """What one connection thread saw; merged once all threads are done."""

    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)


def connect(host: str, port: int) -> http.client.HTTPConnection:
    if host != HOST:
        raise BenchError(f"refusing to load {host}: the benchmark only targets {HOST}")
    return http.client.HTTPConnection(host, port, timeout=REQUEST_TIMEOUT)


def send(
    conn: http.client.HTTPConnection, path: str, headers: dict[str, str]
) -> http.client.HTTPResponse:
    conn.request("GET", path, headers=headers)
    return conn.getresponse()


def fetch(
    conn: http.client.HTTPConnection, path: str, headers: dict[str, str]
) -> tuple[int, bytes]:
    response = send(conn, path, headers)
    return response.status, response.read()


def problem_with(target: Target, status: int, body: bytes) -> str | None:
    """None for a good response, otherwise a short description of what is wrong."""
    if not 200 <= status < 300:
        return f"HTTP {status}"
    if target.expect not in body:
        return "unexpected body"
    return None


def connection_loop(
    port: int, target: Target, headers: dict[str, str], budget: Budget, samples: Samples
) -> None:
    """Send requests on one connection until the budget is spent. Gunicorn's sync workers
    close the connection after each response; http.client then reconnects, and that
    connect is part of the measured latency."""
    conn = connect(HOST, port)
    try:
        while budget.take():
            started = time.perf_counter()
            try:
                status, body = fetch(conn, target.path, headers)
                problem = problem_with(target, status, body)
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                problem = type(error).__name__
            samples.latencies.append(time.perf_counter() - started)
            if problem:
                samples.errors[problem] += 1
    finally:
        conn.close()


def measure(port: int, target: Target, requests: int, connections: int, cookie: str) -> Result:
    headers = {"Cookie": cookie} if target.signed_in else {}
    budget = Budget(requests)
    samples = [Samples() for _ in range(connections)]
    threads = [
        threading.Thread(
            target=connection_loop, args=(port, target, headers, budget, own), daemon=True
        )
        for own in samples
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    latencies = sorted(latency for own in samples for latency in own.latencies)
    errors: Counter[str] = Counter()
    for own in samples:
        errors.update(own.errors)
    return Result(target, seconds, latencies, errors)


def preflight(port: int, cookie: str) -> None:
    """Each target answers correctly once before anything is timed."""
    for target in TARGETS:
        conn = connect(HOST, port)
        try:
            response = send(conn, target.path, {"Cookie": cookie} if target.signed_in else {})
            body = response.read()
        finally:
            conn.close()
        if problem := problem_with(target, response.status, body):
            where = response.getheader("Location")
            seen = f"redirect to {where}" if where else repr(body[:300].decode(errors="replace"))
            raise BenchError(f"{target.path} is not benchmarkable ({problem}): {seen}")


def run_round(port: int, cookie: str, requests: int, connections: int, number: int) -> Round:
    results = []
    for target in TARGETS:
        measure(port, target, WARMUP_REQUESTS, connections, cookie)
        result = measure(port, target, requests, connections, cookie)
        flag = f"  ERRORS: {result.error_count}" if result.error_count else ""
        print(f"  round {number} {target.name:<8} {result.throughput:8.0f} req/s{flag}")
        results.append(result)
    return Round(results)


# Server --------------------------------------------------------------------------------------


def read_secret(name: str) -> str:
    path = VAR_DIR / "secrets" / name
    if not path.exists():
        raise BenchError(f"{path} is missing; run `make setup` first")
    return path.read_text().strip()


def server_env() -> dict[str, str]:
    """Production-like settings, with the dev secrets so the dev database stays readable."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        STEADFAST_VAR_DIR=str(VAR_DIR),
        DEBUG="false",
        SECRET_KEY=read_secret("secret_key"),
        STEADFAST_ENCRYPTION_KEYS=read_secret("steadfast_encryption_keys"),
        STEADFAST_BLIND_INDEX_KEY=read_secret("steadfast_blind_index_key"),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        STEADFAST_BENCH_VIEWS="true",
        STEADFAST_REQUIRE_STAFF_MFA="false",
    )
    return env


def collect_static(env: dict[str, str]) -> None:
    """With DEBUG off, pages name static files through WhiteNoise's manifest: build it, as
    a deployment does, or every templated page fails."""
    command = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    if subprocess.run(command, cwd=ROOT, env=env, check=False).returncode != 0:
        raise BenchError("collectstatic failed")


def can_pin() -> bool:
    if shutil.which("taskset") is None or not hasattr(os, "sched_getaffinity"):
        return False
    return {SERVER_CPU, LOAD_CPU} <= os.sched_getaffinity(0)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def server_command(port: int, pin: bool) -> list[str]:
    gunicorn = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    command = [*gunicorn, "-w", str(WORKERS), "-b", f"{HOST}:{port}"]
    return ["taskset", "-c", str(SERVER_CPU), *command] if pin else command


def healthz_status(port: int) -> int | None:
    conn = connect(HOST, port)
    try:
        status, _ = fetch(conn, "/healthz", {})
        return status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        conn.close()


def wait_until_healthy(process: subprocess.Popen[bytes], port: int, log: IO[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    status = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with code {process.returncode}:\n{tail(log)}")
        if (status := healthz_status(port)) == 200:
            return
        time.sleep(0.2)
    raise BenchError(f"/healthz did not answer 200 (last: {status}):\n{tail(log)}")


def tail(log: IO[bytes], lines: int = 30) -> str:
    log.seek(0)
    return "\n".join(log.read().decode(errors="replace").splitlines()[-lines:])


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM lets gunicorn stop its workers; its process group is killed if it lingers."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except (subprocess.TimeoutExpired, KeyboardInterrupt):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextlib.contextmanager
def running_server(env: dict[str, str], port: int, pin: bool) -> Iterator[None]:
    """Gunicorn on loopback, in its own session so Ctrl-C reaches only this script, which
    then stops it: the server never outlives the benchmark."""
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            server_command(port, pin),
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_healthy(process, port, log)
            yield
        finally:
            stop_server(process)


# The signed-in participant -------------------------------------------------------------------


def start_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def sign_in_participant() -> tuple[str, str]:
    """Create the demo participant's session directly, as a sign-in would (no Argon2 hash
    per request). Returns the Cookie header value and the session key."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connections

    from steadfast.accounts.models import User

    user = User.objects.filter(email=PARTICIPANT_EMAIL).first()
    if user is None:
        raise BenchError(f"{PARTICIPANT_EMAIL} does not exist; run `make setup` first")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]  # as login() picks it
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    connections.close_all()
    key = session.session_key
    assert key is not None  # noqa: S101 (save() always sets one)
    return f"{settings.SESSION_COOKIE_NAME}={key}", key


def sign_out(session_key: str) -> None:
    """Remove the benchmark session from the dev database."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connections

    SessionStore(session_key=session_key).delete()
    connections.close_all()


# Report --------------------------------------------------------------------------------------

HEADERS = [
    "target",
    "req/s",
    "ratio to ceiling",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "p50 ratio",
    "p95 ratio",
    "errors",
]


def describe_errors(result: Result) -> str:
    if not result.error_count:
        return "0"
    detail = ", ".join(f"{problem} x{count}" for problem, count in result.errors.most_common())
    return f"{result.error_count} ({detail})"


def round_rows(round_: Round) -> list[list[str]]:
    return [
        [
            result.target.name,
            f"{result.throughput:.0f}",
            f"{round_.throughput_ratio(result):.2f}",
            f"{result.percentile_ms(50):.1f}",
            f"{result.percentile_ms(95):.1f}",
            f"{result.percentile_ms(99):.1f}",
            f"{round_.latency_ratio(result, 50):.2f}",
            f"{round_.latency_ratio(result, 95):.2f}",
            describe_errors(result),
        ]
        for result in round_.results
    ]


SUMMARY_HEADERS = ["target", "ratio to ceiling (median)", "range", "p95 ratio (median)"]


def summary_rows(rounds: list[Round]) -> list[list[str]]:
    rows = []
    for index, target in enumerate(TARGETS):
        ratios = [r.throughput_ratio(r.results[index]) for r in rounds]
        p95s = [r.latency_ratio(r.results[index], 95) for r in rounds]
        spread = f"{min(ratios):.2f} to {max(ratios):.2f}"
        rows.append([target.name, f"{median(ratios):.2f}", spread, f"{median(p95s):.2f}"])
    return rows


def text_table(headers: Sequence[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [list(headers), *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        return "  ".join([first, *(c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))])

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def markdown_table(headers: Sequence[str], rows: list[list[str]]) -> str:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    rule = "|" + "|".join(["---", *["---:"] * (len(headers) - 1)]) + "|"
    return "\n".join([line(headers), rule, *map(line, rows)])


def error_lines(rounds: list[Round]) -> list[str]:
    return [
        f"round {number} {result.target.name}: {describe_errors(result)}"
        for number, round_ in enumerate(rounds, 1)
        for result in round_.results
        if result.error_count
    ]


# Context of a run ----------------------------------------------------------------------------


def git_commit() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True)
        return done.stdout.strip()

    try:
        commit = git("rev-parse", "--short", "HEAD")
        dirty = git("--no-optional-locks", "status", "--porcelain")
    except (OSError, subprocess.CalledProcessError):
        return "uncommitted"
    return f"{commit} (plus uncommitted changes)" if dirty else commit


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def context_lines(args: argparse.Namespace, pin: bool) -> list[str]:
    import django

    pinning = (
        f"server pinned to CPU {SERVER_CPU}, load generator to CPU {LOAD_CPU}"
        if pin
        else "no CPU pinning (taskset or a second CPU unavailable)"
    )
    return [
        f"Commit: {git_commit()}",
        f"Machine: {os.cpu_count()} CPUs, {cpu_model()}, {platform.system()} {platform.machine()}",
        f"Software: Python {platform.python_version()}, Django {django.get_version()}, "
        f"gunicorn {importlib.metadata.version('gunicorn')}",
        f"Server: gunicorn, {WORKERS} sync workers, DEBUG off, SQLite var/steadfast.sqlite3, "
        f"on {HOST}; {pinning}",
        f"Load: {args.requests} requests per target over {args.connections} connections "
        f"(Python http.client threads), each after {WARMUP_REQUESTS} uncounted warm-up "
        f"requests; {args.rounds} rounds, targets interleaved",
    ]


def markdown_section(when: datetime, context: list[str], rounds: list[Round]) -> str:
    parts = [f"## {when:%Y-%m-%d %H:%M} UTC", "\n".join(f"- {line}" for line in context)]
    if errors := error_lines(rounds):
        warning = "> **This run had errors; its figures are not valid.**"
        parts.append("\n".join([warning, ">", *(f"> - {line}" for line in errors)]))
    for number, round_ in enumerate(rounds, 1):
        parts += [f"Round {number}:", markdown_table(HEADERS, round_rows(round_))]
    if len(rounds) > 1:
        parts += ["Across rounds:", markdown_table(SUMMARY_HEADERS, summary_rows(rounds))]
    return "\n\n".join(parts) + "\n"


def record(section: str) -> None:
    RECORD_PATH.parent.mkdir(parents=True, exist_ok=True)
    existing = RECORD_PATH.read_text() if RECORD_PATH.exists() else "# Benchmarks\n"
    RECORD_PATH.write_text(existing.rstrip("\n") + "\n\n" + section)


def print_report(context: list[str], rounds: list[Round]) -> None:
    print()
    print("\n".join(context))
    for number, round_ in enumerate(rounds, 1):
        print(f"\nRound {number}\n{text_table(HEADERS, round_rows(round_))}")
    if len(rounds) > 1:
        print(f"\nAcross rounds\n{text_table(SUMMARY_HEADERS, summary_rows(rounds))}")
    if errors := error_lines(rounds):
        bar = "!" * 78
        print(f"\n{bar}\nERRORS: these figures are not valid.", file=sys.stderr)
        print("\n".join(errors) + f"\n{bar}", file=sys.stderr)


# Main ----------------------------------------------------------------------------------------


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=positive, default=2000, help="per target and round")
    parser.add_argument("--connections", type=positive, default=8, help="concurrent connections")
    parser.add_argument("--rounds", type=positive, default=2, help="rounds of all targets")
    parser.add_argument(
        "--no-record", action="store_true", help=f"do not append to {RECORD_PATH.name}"
    )
    return parser.parse_args(argv)


def measure_all(args: argparse.Namespace, env: dict[str, str], pin: bool) -> list[Round]:
    cookie, session_key = sign_in_participant()
    try:
        port = free_port()
        with running_server(env, port, pin):
            if pin:
                os.sched_setaffinity(0, {LOAD_CPU})  # threads started from now on inherit it
            preflight(port, cookie)
            print(f"gunicorn is up on {HOST}:{port}; measuring")
            return [
                run_round(port, cookie, args.requests, args.connections, number)
                for number in range(1, args.rounds + 1)
            ]
    finally:
        sign_out(session_key)


def run(args: argparse.Namespace) -> int:
    env = server_env()
    collect_static(env)
    start_django(env)
    pin = can_pin()
    started = datetime.now(UTC)
    rounds = measure_all(args, env, pin)
    context = context_lines(args, pin)
    print_report(context, rounds)
    if not args.no_record:
        record(markdown_section(started, context, rounds))
        print(f"\nRecorded in {RECORD_PATH.relative_to(ROOT)}")
    return 1 if error_lines(rounds) else 0


def interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, interrupt)  # a kill stops the server too, like Ctrl-C
    try:
        return run(args)
    except KeyboardInterrupt:
        print("\nInterrupted; the server was stopped, nothing was recorded.", file=sys.stderr)
        return 130
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

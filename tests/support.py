"""Helpers for tests that run Steadfast as real processes (manage.py commands, servers),
and for guards that watch every query."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def process_env(*remove: str, **extra: str) -> dict[str, str]:
    """This process's environment without `remove`, plus `extra`."""
    env = {key: value for key, value in os.environ.items() if key not in remove}
    env.update(extra)
    return env


def run_manage(
    env: dict[str, str], *args: str, check: bool = False, timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def every_connection_wrapped(guard: Callable[..., Any]) -> Iterator[None]:
    """Run `guard` around every query on every database connection while inside."""
    from django.db import connections

    with ExitStack() as stack:
        for connection in connections.all():
            stack.enter_context(connection.execute_wrapper(guard))
        yield

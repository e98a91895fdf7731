"""Helpers for tests that run Steadfast as real processes (manage.py commands, servers)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

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

"""Browser fixtures: a real Steadfast server in a subprocess and Debian's chromium.

pytest-django's live_server is not used: the audit table's triggers forbid DELETE, so the
transactional flush it relies on fails on SQLite. Each server here instead runs against its
own fresh SQLite database in a temporary directory, loaded with the demo organisation.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support import ROOT, free_port, run_manage

REPO_ROOT = ROOT
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
START_TIMEOUT_SECONDS = 60
COMMAND_TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class Server:
    url: str
    var_dir: Path
    log_path: Path

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])


def _child_env(var_dir: Path, extra: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    # Always SQLite, even when CI points DATABASE_URL at PostgreSQL.
    env.pop("DATABASE_URL", None)
    env["STEADFAST_VAR_DIR"] = str(var_dir)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env["PYTHONUNBUFFERED"] = "1"
    # Every browser test signs in demo users from 127.0.0.1: more than a person ever would.
    env["STEADFAST_LOGIN_RATE"] = "1000/m/ip"
    env.update(extra)
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    result = run_manage(env, *args, timeout=COMMAND_TIMEOUT_SECONDS)
    if result.returncode != 0:
        pytest.fail(
            f"manage.py {' '.join(args)} exited {result.returncode}\n"
            f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}",
            pytrace=False,
        )


def _wait_until_healthy(server: Server, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    last_error = "no answer yet"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"runserver exited with {process.returncode} before answering /healthz:\n"
                f"{server.log_tail()}",
                pytrace=False,
            )
        try:
            with urllib.request.urlopen(f"{server.url}/healthz", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
                last_error = f"status {response.status}"
        except urllib.error.HTTPError as error:
            last_error = f"status {error.code}"
        except (urllib.error.URLError, OSError) as error:
            last_error = str(error)
        time.sleep(0.2)
    pytest.fail(
        f"{server.url}/healthz did not return 200 within {START_TIMEOUT_SECONDS}s "
        f"({last_error}):\n{server.log_tail()}",
        pytrace=False,
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _run_server(var_dir: Path, extra_env: dict[str, str]) -> Iterator[Server]:
    env = _child_env(var_dir, extra_env)
    _manage(env, "migrate", "--noinput")
    _manage(env, "createcachetable")
    # As `make run` does: the programs first, so the demo participant has a program and a
    # group run by the demo facilitator.
    _manage(env, "load_content")
    _manage(env, "load_demo")

    port = free_port()
    log_path = var_dir / "runserver.log"
    server = Server(url=f"http://127.0.0.1:{port}", var_dir=var_dir, log_path=log_path)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_healthy(server, process)
            yield server
        finally:
            _stop(process)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The demo organisation served with default development settings."""
    yield from _run_server(tmp_path_factory.mktemp("steadfast-server"), {})


@pytest.fixture(scope="session")
def mfa_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The demo organisation served with staff MFA required, as in production."""
    yield from _run_server(
        tmp_path_factory.mktemp("steadfast-mfa-server"), {"STEADFAST_REQUIRE_STAFF_MFA": "true"}
    )


def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail(
            "Debian's chromium is not installed (looked on PATH and at /usr/bin/chromium). "
            "Run `make browser` to install it; Playwright never downloads a browser here.",
            pytrace=False,
        )
    return path


class Chromium:
    """One chromium for the session, launched when a test first asks for it, so that a
    missing chromium fails the test itself rather than erroring in setup."""

    def __init__(self, playwright: Any) -> None:
        self._playwright = playwright
        self._browser: Any = None

    def get(self) -> Any:
        if self._browser is None:
            self._browser = self._playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS
            )
        return self._browser

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Chromium]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = Chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def new_page(chromium: Chromium) -> Iterator[Callable[..., Any]]:
    """new_page(**context_options) opens a page in a fresh browser context (its own cookies);
    every context is closed after the test."""
    contexts: list[Any] = []

    def open_page(**context_options: Any) -> Any:
        context = chromium.get().new_context(**context_options)
        contexts.append(context)
        context.set_default_timeout(15_000)
        return context.new_page()

    try:
        yield open_page
    finally:
        for context in contexts:
            context.close()

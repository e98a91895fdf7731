from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Development: run the web server and one task worker together. Ctrl-C (or SIGTERM) "
        "stops both; if either stops, the other is stopped too."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args: Any, port: int, host: str, **options: Any) -> None:
        manage = [sys.executable, "manage.py"]
        commands = [
            [*manage, "db_worker", "--queue-name", "*", "--no-reload"],
            [*manage, "runserver", f"{host}:{port}", "--noreload"],
        ]
        children = [subprocess.Popen(command) for command in commands]  # noqa: S603
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            for child in children:
                if child.poll() is None:
                    child.terminate()
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
        stopped_cleanly = (0, -signal.SIGTERM, -signal.SIGINT)
        failed = [
            command[2]
            for command, child in zip(commands, children, strict=True)
            if child.returncode not in stopped_cleanly
        ]
        if failed:
            self.stderr.write(f"Stopped because {', '.join(failed)} exited with an error.")
            sys.exit(1)

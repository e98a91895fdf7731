"""`make run` serves through `manage.py serve`: the web server and a task worker together,
both stopped by one Ctrl-C."""

import os
import signal
import subprocess
import sys
import time
import urllib.request

from tests import support

ROOT = support.ROOT
ENQUEUE = """
from steadfast.accounts.models import User
from steadfast.home.demo import demo_load
from steadfast.organisations.services import invitation_create
from django.db import transaction
organisation = demo_load()
admin = User.objects.get(email="admin@demo.steadfast.local")
with transaction.atomic():
    invitation_create(organisation=organisation, email="serve.test@example.org",
                      role="participant", invited_by=admin)
"""
TASK_STATUS = """
from django_tasks_db.models import DBTaskResult
tasks = DBTaskResult.objects.filter(task_path__endswith=".invitation_send")
print(",".join(tasks.values_list("status", flat=True)))
"""


def manage(env, *args):
    return support.run_manage(env, *args, check=True).stdout.strip()


def wait_for(check, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.3)
    return False


def healthy(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def test_serve_runs_web_and_worker_and_ctrl_c_stops_both(tmp_path):
    env = support.process_env("DATABASE_URL", STEADFAST_VAR_DIR=str(tmp_path), DEBUG="true")
    manage(env, "migrate", "-v0")
    manage(env, "createcachetable")
    port = support.free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(lambda: healthy(port), 60), "the web server never answered /healthz"
        manage(env, "shell", "-v0", "-c", ENQUEUE)
        assert wait_for(
            lambda: manage(env, "shell", "-v0", "-c", TASK_STATUS) == "SUCCESSFUL", 30
        ), "the worker did not run the invitation email task"

        os.killpg(server.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        server.wait(timeout=20)
        assert wait_for(lambda: not healthy(port), 10)
        leftover = subprocess.run(
            ["pgrep", "-s", str(server.pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        assert leftover == [], f"processes still running after Ctrl-C: {leftover}"
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)

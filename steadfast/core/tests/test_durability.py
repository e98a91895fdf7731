"""Killing a process in the middle of writes leaves the SQLite database consistent: every
change has its audit row (or neither exists) and the file passes integrity_check."""

import random
import signal
import sqlite3
import subprocess
import sys
import time

from tests import support

ROOT = support.ROOT
WRITER = """
from steadfast.accounts.models import User
from steadfast.accounts.services import consent_decide
from steadfast.home.demo import demo_load
organisation = demo_load()
user = User.objects.get(email="participant@demo.steadfast.local")
n = 0
while True:
    consent_decide(user=user, organisation=organisation, purpose="research", given=n % 2 == 0)
    n += 1
    print(n, flush=True)
"""


def test_kill_9_during_writes_leaves_changes_and_audit_rows_together(tmp_path):
    env = support.process_env("DATABASE_URL", STEADFAST_VAR_DIR=str(tmp_path), DEBUG="true")
    support.run_manage(env, "migrate", "-v0", check=True)
    rng = random.Random(7)
    for _ in range(5):
        writer = subprocess.Popen(
            [sys.executable, "manage.py", "shell", "-v0", "-c", WRITER],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert writer.stdout.readline().strip() == "1"  # writing has started
        time.sleep(rng.uniform(0.05, 0.4))
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)

    database = sqlite3.connect(tmp_path / "steadfast.sqlite3")
    assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    records = database.execute("SELECT id FROM accounts_consentrecord").fetchall()
    audited = database.execute(
        "SELECT object_id FROM core_auditevent WHERE object_type = 'accounts.consentrecord'"
    ).fetchall()
    assert len(records) > 5
    assert sorted(str(r[0]) for r in records) == sorted(a[0] for a in audited)

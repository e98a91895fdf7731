"""The servers' own access logs never show a secret token: `manage.py serve` (what `make run`
uses: runserver's access log on stderr) and gunicorn with its access log turned on (the path
and the Referer header). Each line keeps the page, with the token shown as [hidden]."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests import support

ROOT = support.ROOT
LINKS = """
import json
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.db import transaction
from django.urls import reverse
from steadfast.accounts.models import User
from steadfast.cohorts.services import calendar_feed_for
from steadfast.home.demo import demo_load
from steadfast.organisations.services import invitation_create, invitation_token
organisation = demo_load()
admin = User.objects.get(email="admin@demo.steadfast.local")
person = User.objects.get(email="participant@demo.steadfast.local")
with transaction.atomic():
    invitation = invitation_create(organisation=organisation, email="logs.test@example.org",
                                   role="participant", invited_by=admin)
invitation_key = invitation_token(invitation)
feed_key = calendar_feed_for(user=person).token
reset_key = default_token_generator.make_token(person)
uidb36 = user_pk_to_url_str(person)
print(json.dumps({
    invitation_key: reverse("invitation_accept", kwargs={"token": invitation_key}),
    feed_key: reverse("cohorts:calendar", kwargs={"token": feed_key}),
    reset_key: reverse("account_reset_password_from_key",
                       kwargs={"uidb36": uidb36, "key": reset_key}),
    "MQ:1vBogus:confirmKey": reverse("account_confirm_email",
                                     kwargs={"key": "MQ:1vBogus:confirmKey"}),
}))
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated SQLite database with the demo, and the secret links into it."""
    var_dir = tmp_path_factory.mktemp("var")
    env = support.process_env("DATABASE_URL", STEADFAST_VAR_DIR=str(var_dir), DEBUG="true")
    support.run_manage(env, "migrate", "-v0", check=True, timeout=300)
    support.run_manage(env, "createcachetable", check=True)
    links = json.loads(support.run_manage(env, "shell", "-v0", "-c", LINKS, check=True).stdout)
    return env, links


def answer(port, path, headers=None):
    try:
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (http only)
            response.read()
    except urllib.error.HTTPError as error:
        error.read()  # a 4xx is logged too


def wait_until_up(port, process, log):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the server stopped:\n{log.read_text()}"
        try:
            answer(port, "/healthz")
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"the server never answered:\n{log.read_text()}")


def serve(command, env, log):
    with log.open("wb") as out:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, start_new_session=True, stdout=out, stderr=out
        )


def stop(process, signum=signal.SIGINT):
    if process.poll() is None:
        os.killpg(process.pid, signum)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def assert_hidden(logged, links):
    for secret, path in links.items():
        assert secret not in logged, f"{path} is in the log"
    for prefix in (
        "GET /invitations/[hidden]/ ",
        "GET /cohorts/calendar/[hidden].ics ",
        "GET /accounts/password/reset/key/[hidden]/ ",
        "GET /accounts/confirm-email/[hidden]/ ",
    ):
        assert prefix in logged, f"no line for {prefix!r} in:\n{logged}"


def test_the_development_server_log_hides_tokens(site, tmp_path):
    env, links = site
    port = support.free_port()
    log = tmp_path / "serve.log"
    process = serve(
        [sys.executable, "manage.py", "serve", "--port", str(port)],
        {**env, "PYTHONUNBUFFERED": "1"},
        log,
    )
    try:
        wait_until_up(port, process, log)
        for path in links.values():
            answer(port, path)
        wait_for_line(log, "GET /accounts/confirm-email/")
    finally:
        stop(process)
    assert_hidden(log.read_text(), links)


def wait_for_line(log, text, seconds=10):
    """The development server writes its access line once the response has gone out, so on a
    busy machine the last line can land after the client has read the response: wait for it
    rather than stopping the server first."""
    deadline = time.monotonic() + seconds
    while text not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)


def test_gunicorns_access_log_hides_tokens_in_the_path_and_the_referer(site, tmp_path):
    env, links = site
    port = support.free_port()
    log = tmp_path / "gunicorn.log"
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "-w", "1"]
    command += ["-b", f"127.0.0.1:{port}", "--access-logfile", "-", "--error-logfile", "-"]
    command += ["--no-control-socket"]
    process = serve(command, {**env, "PYTHONUNBUFFERED": "1"}, log)
    try:
        wait_until_up(port, process, log)
        for path in links.values():
            answer(port, path)
        invitation = next(iter(links.values()))
        answer(port, "/crisis/", {"Referer": f"http://127.0.0.1:{port}{invitation}"})
    finally:
        stop(process, signal.SIGTERM)  # gunicorn's graceful stop
    logged = log.read_text()
    assert_hidden(logged, links)
    assert f'"http://127.0.0.1:{port}/invitations/[hidden]/"' in logged  # the Referer

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection

from tests import support

ROOT = Path(__file__).resolve().parents[3]


def run_manage(*args, env_extra=None, remove=()):
    return support.run_manage(support.process_env(*remove, **(env_extra or {})), *args)


def test_new_password_hashes_are_argon2id():
    assert make_password("a long enough passphrase").startswith("argon2$argon2id$")


@pytest.mark.django_db
def test_database_connection_settings_fit_the_engine():
    config = settings.DATABASES["default"]
    # WSGI workers keep their connection, checked before reuse.
    assert config["CONN_MAX_AGE"] > 0
    assert config["CONN_HEALTH_CHECKS"] is True
    if connection.vendor == "postgresql":
        return
    assert connection.vendor == "sqlite"
    options = config["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 2  # FULL
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
    assert "journal_mode=WAL" in options["init_command"]


def test_dev_database_file_uses_wal(tmp_path):
    env = {"DEBUG": "true", "STEADFAST_VAR_DIR": str(tmp_path)}
    result = run_manage(
        "shell",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])",
        env_extra=env,
        remove=["DATABASE_URL"],
    )
    assert result.stdout.strip().splitlines()[-1] == "wal", result.stderr


@pytest.mark.parametrize(
    "missing",
    ["SECRET_KEY", "STEADFAST_ENCRYPTION_KEYS", "STEADFAST_BLIND_INDEX_KEY", "ALLOWED_HOSTS"],
)
def test_production_refuses_to_start_without_a_secret_and_names_it(missing, tmp_path):
    env = {
        "DEBUG": "false",
        "STEADFAST_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "x" * 60,
        "STEADFAST_ENCRYPTION_KEYS": "uYkqS0p3mW7c6eV2dA1ZJ8rQh4tXn9LbGfKoPsUvE5w=",
        "STEADFAST_BLIND_INDEX_KEY": "y" * 40,
        "ALLOWED_HOSTS": "steadfast.example.org",
    }
    del env[missing]
    result = run_manage("check", env_extra=env, remove=[missing])
    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr
    assert not (tmp_path / "secrets").exists()


def test_deploy_checks_pass_with_production_settings(tmp_path):
    env = {
        "DEBUG": "false",
        "STEADFAST_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "k8#Qz!" * 10,
        "STEADFAST_ENCRYPTION_KEYS": "uYkqS0p3mW7c6eV2dA1ZJ8rQh4tXn9LbGfKoPsUvE5w=",
        "STEADFAST_BLIND_INDEX_KEY": "y" * 40,
        "ALLOWED_HOSTS": "steadfast.example.org",
    }
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_extra=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_development_generates_secrets_once_into_var(tmp_path):
    env = {"DEBUG": "true", "STEADFAST_VAR_DIR": str(tmp_path)}
    remove = [
        "SECRET_KEY",
        "STEADFAST_ENCRYPTION_KEYS",
        "STEADFAST_BLIND_INDEX_KEY",
        "DATABASE_URL",
    ]
    assert run_manage("check", env_extra=env, remove=remove).returncode == 0
    key_file = tmp_path / "secrets" / "secret_key"
    first = key_file.read_text()
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert run_manage("check", env_extra=env, remove=remove).returncode == 0
    assert key_file.read_text() == first


def test_session_limits_are_an_hour_idle_and_twelve_hours_in_all():
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    assert settings.STEADFAST_SESSION_MAX_SECONDS <= 12 * 60 * 60


def test_env_example_documents_every_variable_settings_read():
    import re

    source = (ROOT / "config" / "settings.py").read_text()
    read = set(
        re.findall(r'(?:envbool|envint|envlist|dev_secret|environ\.get)\(\s*"([A-Z_]+)"', source)
    )
    read |= set(
        re.findall(r"key in \{([^}]*)\}", source)[0].replace('"', "").replace(" ", "").split(",")
    )
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "the pattern found no variables"
    assert read - documented == set()

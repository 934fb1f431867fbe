"""Safe by default (issue 16 item 5): a deployment that forgets MOTCUA_ENV runs as production.

Before, a forgotten MOTCUA_ENV meant development: debug pages on, and the payment sandbox on with a secret published
in the source, with which a forged IPN marked a payment paid. Now production is the default: no debug pages, no
sandbox (so no published secret), a secret key, allowed hosts and a delivering SMS gateway are required; the places
that run development (`make run`, `make test`, pytest, CI) say so (docs/security.md, "Defaults")."""

import json
import os
import re
import secrets
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOW_SETTINGS = (
    "import json, motcua.settings as s; print(json.dumps({name: getattr(s, name) for name in ("
    "'PRODUCTION', 'DEBUG', 'PAYMENT_SANDBOX', 'PAYMENT_VNPAY_HASH_SECRET', 'SESSION_COOKIE_SECURE', "
    "'SECURE_SSL_REDIRECT', 'LOG_FORMAT')}))"
)


def run(args: list[str], env: dict[str, str], cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture
def forgotten_env(tmp_path):
    """The caller's environment without any MOTCUA_* variable: MOTCUA_ENV is not set."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("MOTCUA_", "DJANGO_"))}
    env["MOTCUA_VAR_DIR"] = str(tmp_path)
    return env


@pytest.fixture
def configured(forgotten_env):
    """What a deployment must give, MOTCUA_ENV still unset."""
    return {
        **forgotten_env,
        "MOTCUA_SECRET_KEY": secrets.token_urlsafe(50),
        "MOTCUA_ALLOWED_HOSTS": "motcua.example.gov.vn",
        "MOTCUA_SMS_BACKEND": "motcua.notify.channels.NoSMS",
    }


def test_with_motcua_env_unset_the_settings_are_productions(configured, tmp_path):
    result = run(["-c", SHOW_SETTINGS], configured, tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "PRODUCTION": True,
        "DEBUG": False,
        "PAYMENT_SANDBOX": False,
        "PAYMENT_VNPAY_HASH_SECRET": "",  # the sandbox's published secret is not there to forge IPNs with
        "SESSION_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "LOG_FORMAT": "json",  # one object a line, for the log shipper (docs/observability.md)
    }


def test_with_motcua_env_unset_a_missing_secret_key_stops_the_start(forgotten_env, tmp_path):
    result = run(["-m", "motcua", "check"], forgotten_env, tmp_path)
    assert result.returncode != 0
    assert "MOTCUA_SECRET_KEY is required when MOTCUA_ENV=production." in result.stderr
    assert "set MOTCUA_ENV=development" in result.stderr  # what a developer should do instead


def test_the_payment_sandbox_cannot_be_turned_on_without_saying_development(configured, tmp_path):
    result = run(["-c", SHOW_SETTINGS], {**configured, "MOTCUA_PAYMENT_SANDBOX": "true"}, tmp_path)
    assert result.returncode != 0
    assert "MOTCUA_PAYMENT_SANDBOX must be off when MOTCUA_ENV=production." in result.stderr


@pytest.mark.parametrize("gateway", [None, "motcua.notify.channels.LoggingSMS"])
def test_production_refuses_to_start_with_the_log_only_sms_gateway(configured, tmp_path, gateway):
    env = {**configured, "MOTCUA_SMS_BACKEND": gateway} if gateway else configured
    if gateway is None:
        del env["MOTCUA_SMS_BACKEND"]  # the default, development's log gateway
    result = run(["-m", "motcua", "check"], env, tmp_path)
    assert result.returncode != 0
    assert "does not deliver texts and is refused when MOTCUA_ENV=production" in result.stderr


def test_production_starts_with_a_gateway_or_none(configured, tmp_path):
    result = run(["-m", "motcua", "check"], configured, tmp_path)
    assert result.returncode == 0, result.stderr


def test_development_is_said_explicitly_wherever_it_runs():
    assert os.environ.get("MOTCUA_ENV") == "development"  # this very run: pyproject's pytest env
    pytest_options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert "MOTCUA_ENV=development" in pytest_options["env"]
    assert re.search(r"^run test: export MOTCUA_ENV := development$", (ROOT / "Makefile").read_text(), re.M)
    assert re.search(r"^export MOTCUA_ENV=development$", (ROOT / ".ci" / "run").read_text(), re.M)
    for bench in ("scratch_db.py", "bench_reports.py", "bench_dashboards.py", "bench_catalog_import.py"):
        assert 'os.environ.setdefault("MOTCUA_ENV", "development")' in (ROOT / "benchmarks" / bench).read_text()

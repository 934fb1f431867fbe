"""Production settings pass `motcua check --deploy` and refuse to start half-configured."""

import os
import secrets
import subprocess
import sys

import pytest


def run_motcua(*args: str, env: dict[str, str], cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "motcua", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def production_env(tmp_path):
    """A clean environment: none of the caller's MOTCUA_* variables leak into the production run."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("MOTCUA_", "DJANGO_"))}
    env.update(
        MOTCUA_ENV="production",
        MOTCUA_SECRET_KEY=secrets.token_urlsafe(50),
        MOTCUA_ALLOWED_HOSTS="example.gov.vn",
        MOTCUA_VAR_DIR=str(tmp_path),
        # Production refuses a gateway that delivers nothing (the development log one): here, none at all.
        MOTCUA_SMS_BACKEND="motcua.notify.channels.NoSMS",
    )
    return env


def test_deploy_check_is_clean_in_production(production_env, tmp_path):
    result = run_motcua("check", "--deploy", "--fail-level", "WARNING", env=production_env, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_secret_key_fails_clearly(production_env, tmp_path):
    del production_env["MOTCUA_SECRET_KEY"]
    result = run_motcua("check", env=production_env, cwd=tmp_path)
    assert result.returncode != 0
    assert "MOTCUA_SECRET_KEY is required when MOTCUA_ENV=production." in result.stderr


def test_production_without_allowed_hosts_fails_clearly(production_env, tmp_path):
    del production_env["MOTCUA_ALLOWED_HOSTS"]
    result = run_motcua("check", env=production_env, cwd=tmp_path)
    assert result.returncode != 0
    assert "MOTCUA_ALLOWED_HOSTS is required when MOTCUA_ENV=production." in result.stderr

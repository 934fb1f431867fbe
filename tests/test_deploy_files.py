"""The production server configuration in deploy/ (issue 18 item 4) is real: gunicorn loads its configuration and
the application with it, every command the systemd units and the compose file start exists, the nginx example
matches the settings it must agree with, and the image installs what the PDF forms need and runs as non-root.
(No image is built here: there is no container engine on the test machines.)"""

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from local_ports import free_port

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent


def unit_lines(path: Path, key: str) -> list[str]:
    return [line.split("=", 1)[1] for line in path.read_text().splitlines() if line.startswith(f"{key}=")]


def motcua_commands() -> set[str]:
    """The `motcua <command>` every systemd unit and compose service runs."""
    argvs = [
        shlex.split(line) for unit in (DEPLOY / "systemd").glob("*.service") for line in unit_lines(unit, "ExecStart")
    ]
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    for service in compose["services"].values():
        command = service.get("command") or []
        # A shell loop: its words without the shell's punctuation (";", "&&").
        argvs.append(
            list(shlex.shlex(command[-1], posix=True, punctuation_chars=True))
            if command[:2] == ["sh", "-c"]
            else command
        )
    return {argv[argv.index(word) + 1] for argv in argvs for word in argv if Path(word).name == "motcua"}


def test_gunicorn_loads_its_configuration_and_the_application(tmp_path):
    env = {name: value for name, value in os.environ.items() if not name.startswith("MOTCUA_")}
    env.update(MOTCUA_ENV="development", MOTCUA_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [BIN / "gunicorn", "--check-config", "--config", DEPLOY / "gunicorn.conf.py", "motcua.wsgi"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def test_gunicorn_serves_with_its_configuration_and_replaces_its_workers(tmp_path):
    """--check-config does not set up logging: a logconfig_dict that gunicorn cannot apply (it once lacked a root
    logger) passed the check above and stopped every real start with "Unable to configure root logger". And the
    master must outlive its workers: replacing one after max_requests runs the child_exit hook in the master, which
    once imported Django models there and died (the app server gone after ~1000 requests)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("MOTCUA_")}
    metrics = tmp_path / "metrics"
    metrics.mkdir()
    env.update(MOTCUA_ENV="development", MOTCUA_VAR_DIR=str(tmp_path), PROMETHEUS_MULTIPROC_DIR=str(metrics))
    port = free_port()
    # Each worker replaced after 3 requests (the configuration's jitter adds at most 100: no jitter here).
    server = subprocess.Popen(
        [BIN / "gunicorn", "--config", DEPLOY / "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--max-requests", "3", "--max-requests-jitter", "0",
         "--control-socket", tmp_path / "gunicorn.ctl", "motcua.wsgi"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not _healthy(f"http://127.0.0.1:{port}/healthz"):
            assert server.poll() is None, server.communicate()[1]
            assert time.monotonic() < deadline, "gunicorn did not answer /healthz within 60 s"
            time.sleep(0.2)  # polling for readiness, not timing anything
        answered = 0
        deadline = time.monotonic() + 120
        while answered < 10:  # three workers replaced on the way; a refused connection while one starts is retried
            assert server.poll() is None, f"the gunicorn master died: {server.communicate()[1][-3000:]}"
            assert time.monotonic() < deadline, "gunicorn stopped answering after replacing a worker"
            answered += _healthy(f"http://127.0.0.1:{port}/healthz")
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_gunicorn_settings_fit_the_application():
    config: dict = {}
    exec(compile((DEPLOY / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), config)
    assert config["workers"] == int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() * 2 + 1)
    assert config["timeout"] == 60 and config["graceful_timeout"] < config["timeout"]
    # Never the request line or the query string in the access log.
    assert not re.search(r"%\((r|q|\{referer\}i|f)\)s", config["access_log_format"])
    assert "%(U)s" in config["access_log_format"]
    stop = unit_lines(DEPLOY / "systemd" / "motcua-web.service", "TimeoutStopSec")
    assert int(stop[0]) > config["graceful_timeout"]


def test_every_command_the_units_and_compose_run_exists(tmp_path):
    commands = sorted(motcua_commands())
    assert {"db_worker", "run_periodic", "migrate"} <= set(commands)
    env = {name: value for name, value in os.environ.items() if not name.startswith("MOTCUA_")}
    env.update(MOTCUA_ENV="development", MOTCUA_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="motcua.settings")
    # `motcua help <command>` for each, in one process (Django starts once): an unknown command exits with 1.
    script = (
        "import sys; from django.core.management import ManagementUtility\n"
        "for command in sys.argv[1:]:\n"
        "    ManagementUtility(['motcua', 'help', command]).execute()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *commands], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("usage: motcua ") == len(commands)


def test_every_unit_runs_a_program_of_the_installation_as_the_motcua_user():
    for unit in (DEPLOY / "systemd").glob("*.service"):
        (start,) = unit_lines(unit, "ExecStart")
        assert shlex.split(start)[0].startswith("/opt/motcua/venv/bin/"), unit.name
        assert unit_lines(unit, "User") == ["motcua"], unit.name
    timer = (DEPLOY / "systemd" / "motcua-periodic.timer").read_text()
    assert "OnCalendar=*:0/15" in timer and "Unit=motcua-periodic.service" in timer


def nginx_directives(name: str) -> list[str]:
    text = (DEPLOY / "nginx" / "motcua.conf").read_text()
    return re.findall(rf"^\s*{re.escape(name)}\s+([^;]+);", text, re.MULTILINE)


def haproxy_lines(section: str) -> list[str]:
    text = (DEPLOY / "haproxy" / "motcua.cfg").read_text()
    body = re.split(rf"(?m)^{re.escape(section)}\b.*$", text)[1]
    body = re.split(r"(?m)^\S", body)[0]  # up to the next section
    return [line.strip() for line in body.splitlines() if line.strip() and not line.strip().startswith("#")]


@pytest.mark.skipif(not shutil.which("haproxy"), reason="Debian's haproxy is not installed (.ci/run installs it)")
def test_haproxy_is_valid_and_never_queues_requests_in_gunicorn():
    checked = subprocess.run(["haproxy", "-c", "-f", DEPLOY / "haproxy" / "motcua.cfg"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    backend = haproxy_lines("backend app")
    (defaults,) = [line.split() for line in backend if line.startswith("default-server")]
    # No more requests at a time than a server's gunicorn workers on the reference 2-core node.
    assert int(defaults[defaults.index("maxconn") + 1]) == 2 * 2 + 1
    assert "observe" in defaults and "mark-down" in defaults
    assert "http-check send meth GET uri /readyz ver HTTP/1.1 hdr Host motcua.example.gov.vn" in backend
    everything = haproxy_lines("defaults") + haproxy_lines("frontend motcua") + backend
    assert not [line for line in everything if line.startswith("option forwardfor")]  # nginx's header stands
    assert "option redispatch 1" in everything


def test_nginx_sets_the_headers_the_app_trusts_and_fits_the_upload_limit():
    headers = dict(value.split(None, 1) for value in nginx_directives("proxy_set_header"))
    # MOTCUA_BEHIND_PROXY: the scheme and the client's address, always overwritten by nginx.
    assert headers["X-Forwarded-Proto"] == "$scheme" and headers["X-Forwarded-For"] == "$remote_addr"
    (body,) = nginx_directives("client_max_body_size")
    assert int(body.rstrip("m")) >= settings.UPLOAD_MAX_MB
    (read_timeout,) = nginx_directives("proxy_read_timeout")
    assert int(read_timeout.rstrip("s")) > 60  # longer than gunicorn's timeout
    assert "return 404" in (DEPLOY / "nginx" / "motcua.conf").read_text().split("location /media/")[1].split("}")[0]
    assert not nginx_directives("proxy_cache")  # personal pages are never stored by the proxy


def test_the_image_has_the_pdf_packages_and_runs_as_non_root():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.\d+-slim-\w+", dockerfile, re.MULTILINE)
    for package in ("fonts-liberation2", "libpango-1.0-0", "libpangoft2-1.0-0"):
        assert package in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    assert "MOTCUA_SECRET_KEY" not in "".join(re.findall(r"^ENV .*(?:\\\n.*)*", dockerfile, re.MULTILINE))


@pytest.mark.parametrize("service", ["web", "worker", "cron", "db", "redis"])
def test_compose_runs_every_part(service):
    assert service in yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]

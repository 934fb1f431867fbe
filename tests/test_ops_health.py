"""/healthz and /readyz (motcua.ops.probes, motcua.ops.checks): what a load balancer asks each app server."""

import json

import pytest
from django.core.management import call_command
from django.db import connection

from local_ports import free_port
from motcua.core.tasks import purge_idempotency_keys
from motcua.ops import checks
from motcua.ops.models import WorkerHeartbeat
from ops_process import answers, start


def closed_port() -> int:
    """A local TCP port nobody listens on (bound, then released)."""
    return free_port()


def test_healthz_answers_ok_without_touching_the_database(client):
    # No django_db mark: any query would raise here.
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_reports_every_check_with_its_duration(client):
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert response["Cache-Control"] == "no-store"
    assert list(body["checks"]) == ["database", "cache", "storage", "worker"]
    for name in ("database", "cache", "storage"):
        assert body["checks"][name]["status"] == "ok"
        assert body["checks"][name]["duration_ms"] >= 0
    # No worker ever ran here: shown, but the workers are shared by all nodes and do not fail readiness by default.
    assert body["checks"]["worker"] == {
        "status": "fail",
        "duration_ms": body["checks"]["worker"]["duration_ms"],
        "code": "never_seen",
    }


@pytest.mark.django_db
def test_the_probes_answer_a_load_balancer_that_uses_the_servers_address_over_http(client, settings):
    settings.ALLOWED_HOSTS = ["motcua.example.gov.vn"]
    settings.SECURE_SSL_REDIRECT = True
    for path in ("/healthz", "/readyz"):
        assert client.get(path, HTTP_HOST="10.0.0.7:8000").status_code == 200
    # Any other page still refuses the unknown host.
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400


@pytest.mark.django_db
def test_readyz_fails_when_the_upload_storage_cannot_be_written(client, settings, tmp_path):
    # Below a regular file no folder can be made, whoever the process runs as (root ignores read-only modes).
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(blocker / "media")}},
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["storage"]["status"] == "fail" and body["checks"]["storage"]["code"] == "not_writable"
    assert str(tmp_path) not in response.text  # no path, no error text


@pytest.mark.django_db
def test_readyz_leaves_no_probe_file_behind(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert client.get("/readyz").status_code == 200
    assert [path for path in (tmp_path / "media").rglob("*") if path.is_file()] == []


@pytest.mark.django_db
def test_readyz_fails_when_a_configured_cache_does_not_answer(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        },
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == {
        "status": "fail",
        "duration_ms": response.json()["checks"]["cache"]["duration_ms"],
        "code": "ratelimit:unreachable",
    }


# The worker closes the connection after its batch: on PostgreSQL that needs real transactions.
@pytest.mark.django_db(transaction=True)
def test_a_worker_that_ran_a_task_is_seen_and_a_stale_one_fails_when_required(client, settings):
    settings.READY_REQUIRED_CHECKS = ["database", "cache", "storage", "worker"]
    assert client.get("/readyz").status_code == 503

    purge_idempotency_keys.enqueue()
    call_command("db_worker", "--batch", "--no-startup-delay", "--worker-id", "worker-a", verbosity=0)
    assert WorkerHeartbeat.objects.get().worker_id == "worker-a"
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json()["checks"]["worker"]["status"] == "ok"

    settings.READY_WORKER_MAX_AGE_MINUTES = -1  # any heartbeat is now too old
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["checks"]["worker"]["code"] == "stale"


@pytest.mark.django_db
def test_replica_lag_is_read_from_the_database_and_compared_with_the_threshold(settings):
    # The test database is a primary: PostgreSQL says it is not in recovery, so it has no lag; SQLite has none.
    assert checks.replica_lag_seconds(connection.alias) == 0.0
    settings.READY_REPLICA_MAX_LAG_SECONDS = 30
    assert checks.run("replica", lambda: checks.replica(connection.alias)).ok
    settings.READY_REPLICA_MAX_LAG_SECONDS = -1
    outcome = checks.run("replica", lambda: checks.replica(connection.alias))
    assert not outcome.ok and outcome.code == "lagging"


def test_a_node_whose_database_is_down_is_alive_but_not_ready(tmp_path):
    """Real processes whose database cannot be reached, SQLite's and PostgreSQL's: /healthz still answers (a restart
    would not help), /readyz says 503 with the database's short code and nothing of the address or the error."""
    unreachable = {
        "sqlite": f"sqlite:///{tmp_path}/no-such-folder/motcua.sqlite3",
        "postgres": f"postgres://motcua@127.0.0.1:{closed_port()}/motcua",
    }
    processes = {
        engine: start(
            ["/healthz", "/readyz"],
            {"MOTCUA_ENV": "development", "MOTCUA_VAR_DIR": str(tmp_path), "MOTCUA_DATABASE_URL": url},
        )
        for engine, url in unreachable.items()
    }
    for engine, process in processes.items():
        (alive, ready), _log = answers(process)
        assert alive["status"] == 200 and alive["body"] == "ok", engine
        assert ready["status"] == 503, engine
        assert ready["headers"]["Cache-Control"] == "no-store"
        checks_answered = json.loads(ready["body"])["checks"]
        assert checks_answered["database"]["status"] == "fail" and checks_answered["database"]["code"] == "unreachable"
        assert "127.0.0.1" not in ready["body"] and "no-such-folder" not in ready["body"]

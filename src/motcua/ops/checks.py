"""Readiness checks (kiểm tra sẵn sàng) behind /readyz.

Each check answers ok or a short failure code — never the error's text, which may name hosts, users or paths —
and is timed. Which checks make the node "not ready" (HTTP 503, the load balancer stops sending it requests) is
settings.READY_REQUIRED_CHECKS; the others are reported only. By default the replica and the workers are reported
only: they are shared by every app server, so failing readiness on them would take all the servers out of the load
balancer at once, while the app still serves without them (reports fall back to the primary, tasks wait in the
queue). Metrics and alerts watch them instead (docs/observability.md).
"""

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connections

from motcua.ops import heartbeat

REPLICA_ALIAS = "replica"
PROBE_FOLDER = "ops-probe"

# Replica lag in seconds as PostgreSQL's standby sees it: nothing to replay means no lag (the primary may simply be
# idle, when the last replayed transaction is old); a database that is not a standby has no lag either.
_REPLICA_LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""


class CheckFailed(Exception):
    """A check's failure, with a short code fit for an unauthenticated answer."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Outcome:
    name: str
    ok: bool
    seconds: float
    code: str = ""

    def as_json(self) -> dict:
        answer = {"status": "ok" if self.ok else "fail", "duration_ms": round(self.seconds * 1000, 1)}
        if self.code:
            answer["code"] = self.code
        return answer


def database() -> None:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:
        raise CheckFailed("unreachable") from exc


def replica_lag_seconds(alias: str = REPLICA_ALIAS) -> float:
    connection = connections[alias]
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:  # reachable is all that can be asked of another engine
            cursor.execute("SELECT 1")
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute(_REPLICA_LAG_SQL)
        return float(cursor.fetchone()[0] or 0)


def replica(alias: str = REPLICA_ALIAS) -> None:
    try:
        lag = replica_lag_seconds(alias)
    except Exception as exc:
        raise CheckFailed("unreachable") from exc
    if lag > settings.READY_REPLICA_MAX_LAG_SECONDS:
        raise CheckFailed("lagging")


def cache() -> None:
    """Every configured cache answers a write and a read of a random value."""
    for alias in settings.CACHES:
        key, value = f"motcua:readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
        try:
            backend = caches[alias]
            backend.set(key, value, 30)
            answered = backend.get(key)
            backend.delete(key)
        except Exception as exc:
            raise CheckFailed(f"{alias}:unreachable") from exc
        if answered != value:
            raise CheckFailed(f"{alias}:lost")


def storage() -> None:
    """The default file storage (where uploads go) takes a small file and gives it back, then deletes it."""
    files = storages["default"]
    payload = uuid.uuid4().bytes
    try:
        name = files.save(f"{PROBE_FOLDER}/{uuid.uuid4().hex}.probe", ContentFile(payload))
    except Exception as exc:
        raise CheckFailed("not_writable") from exc
    try:
        with files.open(name, "rb") as handle:
            if handle.read() != payload:
                raise CheckFailed("corrupt")
    except CheckFailed:
        raise
    except Exception as exc:
        raise CheckFailed("not_readable") from exc
    finally:
        files.delete(name)


def worker() -> None:
    age = heartbeat.age_seconds()
    if age is None:
        raise CheckFailed("never_seen")
    if age > settings.READY_WORKER_MAX_AGE_MINUTES * 60:
        raise CheckFailed("stale")


def available() -> dict[str, Callable[[], None]]:
    """The checks this deployment has, in the order they are answered."""
    checks = {"database": database}
    if REPLICA_ALIAS in settings.DATABASES:
        checks["replica"] = replica
    checks |= {"cache": cache, "storage": storage, "worker": worker}
    return checks


def run(name: str, check: Callable[[], None]) -> Outcome:
    started = time.perf_counter()
    try:
        check()
    except CheckFailed as failure:
        return Outcome(name, False, time.perf_counter() - started, failure.code)
    except Exception:  # an unforeseen failure is still a failure, reported without its text
        return Outcome(name, False, time.perf_counter() - started, "error")
    return Outcome(name, True, time.perf_counter() - started)


def run_all() -> tuple[bool, list[Outcome]]:
    """Whether the node is ready (every required check passed), and every check's outcome."""
    outcomes = [run(name, check) for name, check in available().items()]
    ready = all(outcome.ok for outcome in outcomes if outcome.name in settings.READY_REQUIRED_CHECKS)
    return ready, outcomes

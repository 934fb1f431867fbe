"""The task workers' heartbeat (nhịp tiến trình nền).

django-tasks-db's `db_worker` keeps no record of its own liveness, so each worker records one: when it starts a task
(the task_started signal, sent in the worker process) it writes the moment into its WorkerHeartbeat row, at most
once every BEAT_EVERY per process so a busy worker adds no write per task. The periodic job worker_heartbeat gives
an idle cluster a task every 15 minutes, so a stale heartbeat means that no worker runs, or that cron does not.
"""

import datetime
import threading

from django.db.models import Max
from django.utils import timezone

from motcua.ops.models import WorkerHeartbeat

BEAT_EVERY = datetime.timedelta(seconds=30)
FORGET_AFTER = datetime.timedelta(days=7)

_last_beat: dict[str, datetime.datetime] = {}
_lock = threading.Lock()


def record(worker_id: str, now: datetime.datetime | None = None) -> None:
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id[:64], defaults={"beat_at": now})


def beat_on_task_start(sender, task_result, **kwargs) -> None:
    worker_ids = getattr(task_result, "worker_ids", None) or ["?"]
    worker_id, now = worker_ids[-1], timezone.now()
    with _lock:
        last = _last_beat.get(worker_id)
        if last is not None and now - last < BEAT_EVERY:
            return
        _last_beat[worker_id] = now
    record(worker_id, now)


def latest() -> datetime.datetime | None:
    return WorkerHeartbeat.objects.aggregate(latest=Max("beat_at"))["latest"]


def age_seconds(now: datetime.datetime | None = None) -> float | None:
    """Seconds since any worker last started a task, None if none ever did."""
    beat = latest()
    return None if beat is None else max(((now or timezone.now()) - beat).total_seconds(), 0.0)


def forget_gone(now: datetime.datetime | None = None) -> int:
    deleted, _ = WorkerHeartbeat.objects.filter(beat_at__lt=(now or timezone.now()) - FORGET_AFTER).delete()
    return deleted

"""Background work of the operations app (run by `motcua db_worker`, scheduled by motcua.core.periodic)."""

from django.tasks import task

from motcua.ops import heartbeat


@task
def worker_heartbeat() -> int:
    """Starting this task is the heartbeat (motcua.ops.heartbeat.beat_on_task_start); running it forgets the
    workers gone for a week. How many rows it deleted."""
    return heartbeat.forget_gone()

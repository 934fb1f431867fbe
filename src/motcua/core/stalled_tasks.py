"""Background tasks a dead worker left running (việc nền bị treo), handed back to the queue.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again: if that worker is killed
(`kill -9`, a node lost, the OOM killer) the task stays RUNNING for ever and its work is never done — an event whose
applicant notice was being made gets none. Every MotCua task is written to be run again safely (notices carry dedupe
keys, a send claims its notice under a lease, periodic jobs recompute from the data, a document is produced again),
so a task RUNNING for longer than settings.TASK_STALLED_MINUTES — far longer than any task takes — is set back to
READY and another worker runs it. If its first worker was only slow, the task runs twice, which is harmless for the
same reason.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def stalled(now: datetime.datetime | None = None):
    """The tasks started more than TASK_STALLED_MINUTES ago and still marked running."""
    cutoff = (now or timezone.now()) - datetime.timedelta(minutes=settings.TASK_STALLED_MINUTES)
    return DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lte=cutoff)


def requeue_stalled(now: datetime.datetime | None = None) -> int:
    """Set the stalled tasks back to READY (their run_after kept: they were due already); how many."""
    with transaction.atomic():
        # Locked, so two nodes sweeping at once hand each task back once; a worker holds no lock on a running row.
        found = list(stalled(now).select_for_update(skip_locked=True).values_list("pk", "task_path"))
        DBTaskResult.objects.filter(pk__in=[pk for pk, _ in found]).update(
            status=TaskResultStatus.READY, started_at=None
        )
    if found:
        # Task paths and ids only: a task's arguments may name a person.
        logger.warning(
            "Requeued %s task(s) left running by a worker that stopped: %s",
            len(found),
            ", ".join(sorted({path.rsplit(".", 1)[-1] for _, path in found})),
        )
    return len(found)

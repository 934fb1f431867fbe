"""What the task worker does first after a dossier action: make the applicant's notices of its events."""

from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from motcua.notify.notices import make_event_notice


def make_notices() -> int:
    """Run the pending make_event_notice tasks as the worker would (their rows then leave the queue); the number run.
    The send tasks they enqueue stay queued."""
    pending = list(DBTaskResult.objects.filter(task_path=make_event_notice.module_path, status=TaskResultStatus.READY))
    for task in pending:
        make_event_notice.call(*task.args_kwargs["args"], **task.args_kwargs["kwargs"])
    DBTaskResult.objects.filter(pk__in=[task.pk for task in pending]).delete()
    return len(pending)
